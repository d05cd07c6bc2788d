"""What can go wrong talking to the central service, each in words a cashier can act on."""

from __future__ import annotations

from typing import Any

from posapp.domain.verdicts import Reason, Verdict


class SyncError(Exception):
    """Base of every failure of the HTTP client. str() is the message for the cashier."""

    #: True when trying again later may work (network down, service busy).
    transient = True

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail  # technical detail for the log


class NotRegistered(SyncError):
    transient = False

    def __init__(self) -> None:
        super().__init__(
            "This till is not registered with a coupon service yet. "
            "Ask a manager to run 'posapp till register'."
        )


class Unreachable(SyncError):
    """No answer at all: connection refused, DNS, timeout. The till is offline."""


class ServerFailure(SyncError):
    """Our service answered with a 5xx: it is up but failing."""


class NotOurServer(SyncError):
    """Something answered, but not our coupon service (a login page, a proxy, garbage)."""


class BadResponse(SyncError):
    """Our service's answer was cut off or unreadable."""


class ProblemError(SyncError):
    """An RFC 9457 problem from our service: a refusal with a stable code."""

    transient = False

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        message: str | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.title = title
        self.params = dict(params or {})
        self.body = dict(body or {})
        verdict = self.verdict
        if message is None:
            message = verdict.message() if verdict else (detail or title or f"error {status}")
        super().__init__(message, detail=f"{status} {code}: {detail or title}")

    @property
    def verdict(self) -> Verdict | None:
        """The domain verdict carried by this problem, when its code is a domain reason."""
        try:
            reason = Reason(self.code)
        except ValueError:
            return None
        return Verdict(reason, self.params)


class Unauthorized(ProblemError):
    """The device token was refused (wrong, or revoked by head office)."""

    @property
    def revoked(self) -> bool:
        return self.code == "token_revoked"
