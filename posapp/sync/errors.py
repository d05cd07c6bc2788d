"""The one failure that is the till's own: it was never registered.

Everything else that can go wrong talking to the service is in posapp.wire.errors.
"""

from __future__ import annotations

from posapp.wire.errors import ServiceError


class NotRegistered(ServiceError):
    transient = False

    def __init__(self) -> None:
        super().__init__(
            "This till is not registered with a coupon service yet. "
            "Ask a manager to run 'posapp till register'."
        )
