"""What can go wrong calling the central service, each a type with a message people act on.

`message` (also `str(error)`) is for the person at the till or the console; `detail` is
the technical part, for the log. `transient` says whether trying again later may work.
"""

from __future__ import annotations

from typing import Any

from posapp.domain.verdicts import Reason, Verdict


class ServiceError(Exception):
    """Base of every failure of a call to the central service."""

    #: True when trying again later may work (network down, service busy).
    transient = True

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail  # technical detail for the log

    def with_hint(self, hint: str) -> ServiceError:
        """Add what the caller does about it ("The till works offline for now.")."""
        if hint:
            self.message = f"{self.message} {hint}"
            self.args = (self.message,)
        return self


class Unreachable(ServiceError):
    """No answer at all: connection refused, DNS, timeout, deadline. The caller is offline."""


class ServerFailure(ServiceError):
    """Our service answered with a 5xx: it is up but failing."""


class NotOurServer(ServiceError):
    """Something answered, but not our coupon service (a login page, a proxy, garbage)."""


class BadResponse(ServiceError):
    """Our service's answer was cut off, unreadable, or not what it promised."""


class ProblemError(ServiceError):
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
    """The token was refused (wrong, or revoked by head office)."""

    @property
    def revoked(self) -> bool:
        return self.code == "token_revoked"
