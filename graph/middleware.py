"""ASGI middleware: a request body limit and a response cache keyed by content version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .cache import LRUCache
from .http_cache import request_key
from .negotiation import GRAPHQL_RESPONSE, JSON


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """Refuse request bodies larger than `limit` bytes with 413, declared or streamed,
    without reading more than `limit` bytes of them (every handler reads a body whole before
    it answers, so a refusal never follows the start of an answer)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse({"errors": [{
            "message": f"request body larger than {self.limit} bytes",
            "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]}, status_code=413,
            headers={"connection": "close"})
        await response(scope, receive, send)


CachedResponse = tuple[int, list[tuple[bytes, bytes]], bytes]


class ResponseCache:
    """Answers a repeated request to `path` (the same `request_key`) from memory, with the
    bytes (compressed, if they were) sent the first time.

    Keys include the content version, so an answer never outlives the content it came
    from; only successful JSON answers not marked `Cache-Control: no-store` are kept, within
    the cache's bounds.
    """

    def __init__(self, app: ASGIApp, path: str, version: Callable[[], str],
                 responses: LRUCache[CachedResponse]) -> None:
        self.app = app
        self.path = path
        self.version = version
        self.responses = responses
        self._served_version: str | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path or \
                self.responses.entries <= 0:
            await self.app(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)
                return
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        version = self.version()
        if version != self._served_version:
            # Answers of an older version can never be served again: make room at once.
            self.responses.clear()
            self._served_version = version
        key = (version, *request_key(scope, body))
        cached = self.responses.get(key)
        if cached is not None:
            status, response_headers, content = cached
            # A copy: middleware further out (CORS, say) edits the headers it is sent.
            await send({"type": "http.response.start", "status": status,
                        "headers": list(response_headers)})
            await send({"type": "http.response.body", "body": content})
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body}  # no `more_body`: the last
            return await receive()

        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._keep(key, start, b"".join(chunks))
            await send(message)

        await self.app(scope, replay, capture)

    def _keep(self, key: tuple[Any, ...], start: dict[str, Any], content: bytes) -> None:
        """Keep a successful answer, unless its sender marked it `no-store` (errors are)."""
        headers = list(start.get("headers", []))
        kept = Headers(raw=headers)
        media = kept.get("content-type", "").split(";")[0].strip()
        if start.get("status") == 200 and "no-store" not in kept.get("cache-control", "") \
                and media in (JSON, GRAPHQL_RESPONSE):
            self.responses.put(key, (200, headers, content), len(content))
