"""RFC 9457 problem documents with a stable machine-readable `code`; never a 500 for bad input."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from posapp.domain.verdicts import Verdict

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:posapp:problem:"

# HTTP errors raised by the framework itself, mapped to our stable codes.
_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


class Problem(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        **extras: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.params = params
        self.headers = headers
        self.extras = extras

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "type": TYPE_PREFIX + self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if self.params is not None:
            doc["params"] = self.params
        doc.update(self.extras)
        return doc

    @classmethod
    def from_verdict(cls, verdict: Verdict, status: int = 422) -> Problem:
        """A refusal for a domain reason: the reason is the code, its facts the params."""
        return cls(status, verdict.reason.value, verdict.message(), params=verdict.params)


def problem_response(problem: Problem) -> JSONResponse:
    return JSONResponse(
        problem.to_dict(),
        status_code=problem.status,
        media_type=MEDIA_TYPE,
        headers=problem.headers,
    )


def not_found(what: str, key: str) -> Problem:
    return Problem(404, "not_found", f"No {what} {key!r}.")


def _clean_errors(errors: Any) -> list[dict[str, Any]]:
    """Keep only JSON-safe facts (where, what); never echo the input, it may hold a PIN."""
    out = []
    for e in errors:
        out.append(
            {
                "loc": [str(x) for x in e.get("loc", ())],
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
        )
    return out


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc)


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _clean_errors(exc.errors())
    if any(e["type"] == "json_invalid" for e in errors):
        detail = "The body is not valid JSON."
    else:
        first = errors[0] if errors else {"loc": [], "msg": "invalid"}
        detail = f"{'.'.join(first['loc'][1:] or first['loc']) or 'request'}: {first['msg']}"
    return problem_response(Problem(422, "validation_error", detail, errors=errors))


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    code = _STATUS_CODES.get(status, "http_error")
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(status).phrase
    if status == 404:
        detail = "No such resource."
    return problem_response(
        Problem(status, code, detail, headers=dict(exc.headers) if exc.headers else None)
    )


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Logged with the path only: bodies can carry PINs and tokens.
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        Problem(500, "internal_error", "The service failed; the request changed nothing.")
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)
