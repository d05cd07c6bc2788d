"""Refuse request bodies above the limit with 413, by Content-Length and by bytes actually read."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from posapp.central.problems import MEDIA_TYPE, Problem


class BodyLimit:
    """Pure ASGI middleware: streaming-safe, unlike a BaseHTTPMiddleware."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _problem(self) -> Problem:
        return Problem(
            413,
            "payload_too_large",
            f"The request body is larger than {self.max_bytes} bytes.",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = False
                if too_big:
                    await self._send(send)
                    return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Re-raised by FastAPI's body reader and answered by problems.py.
                    raise HTTPException(413, self._problem().detail)
            return message

        await self.app(scope, counting_receive, send)

    async def _send(self, send: Send) -> None:
        body = json.dumps(self._problem().to_dict()).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", MEDIA_TYPE.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
