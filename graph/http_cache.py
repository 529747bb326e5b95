"""HTTP caching of GraphQL answers to GET: strong ETags, Cache-Control and Vary, and 304 Not
Modified answered before the request is parsed or run.

An answer is determined by the content version, the settings it is served with and the
request (`request_key`, shared with the in-memory response cache), so its ETag is a hash of
those alone, computable before anything runs. It also covers `Accept-Encoding`, so each
encoding of an answer has a tag of its own. Only successful answers get a tag: errors are
sent `Cache-Control: no-store`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from importlib.metadata import version as package_version

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .negotiation import GRAPHQL_RESPONSE, JSON
from .settings import Settings

VARY = ("Accept", "Accept-Encoding")
RequestKey = tuple[str, bytes, str, str, str, bytes]


def request_key(scope: Scope, body: bytes) -> RequestKey:
    """What makes two requests to the GraphQL endpoint the same request: method (HEAD counts
    as GET), query string, content type, accepted media types and encodings, and body. For
    one content version, the same request gets the same answer, byte for byte."""
    headers = Headers(scope=scope)
    method = "GET" if scope["method"] == "HEAD" else scope["method"]
    return (method, scope.get("query_string", b""), headers.get("content-type", ""),
            headers.get("accept", ""), headers.get("accept-encoding", ""), body)


def cache_control(settings: Settings) -> str:
    """The Cache-Control of a successful answer to GET."""
    if not settings.cache_max_age:
        return f"{settings.cache_scope}, no-cache"
    value = f"{settings.cache_scope}, max-age={settings.cache_max_age}"
    if settings.cache_stale_while_revalidate:
        value += f", stale-while-revalidate={settings.cache_stale_while_revalidate}"
    return value


def settings_seed(settings: Settings) -> str:
    """What, besides the content and the request, shapes answers: the code's version and the
    settings (where the files are excepted, so identical replicas agree)."""
    shown = settings.model_dump_json(exclude={"content_dir", "index_dir", "persisted_manifest"})
    return f"{package_version('exgraph')}:{shown}"


def _matches(if_none_match: str | None, tag: str) -> bool:
    """`If-None-Match` names `tag` (compared weakly, as RFC 9110 says for this header)."""
    if not if_none_match:
        return False
    return any(candidate.strip().removeprefix("W/") == tag
               for candidate in if_none_match.split(","))


def _add_vary(headers: MutableHeaders) -> None:
    present = [token.strip() for token in headers.get("vary", "").split(",") if token.strip()]
    known = {token.lower() for token in present}
    headers["vary"] = ", ".join([*present, *(t for t in VARY if t.lower() not in known)])


class HttpCache:
    """ETag, Cache-Control and Vary on answers to GET and HEAD requests for `path`; 304 when
    the client's `If-None-Match` names the answer's ETag, without running anything."""

    def __init__(self, app: ASGIApp, path: str, version: Callable[[], str], seed: str,
                 cache_control: str) -> None:
        self.app = app
        self.path = path
        self.version = version
        self.seed = hashlib.blake2b(seed.encode("utf-8"), digest_size=16).hexdigest()
        self.cache_control = cache_control

    def etag(self, scope: Scope) -> str:
        """The strong ETag of the answer to the GET or HEAD request `scope`."""
        material = repr((self.seed, self.version(), request_key(scope, b"")))
        return '"' + hashlib.blake2b(material.encode("utf-8"), digest_size=16).hexdigest() + '"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path or \
                scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        tag = self.etag(scope)
        if _matches(Headers(scope=scope).get("if-none-match"), tag):
            await send({"type": "http.response.start", "status": 304, "headers": [
                (b"etag", tag.encode()), (b"cache-control", self.cache_control.encode()),
                (b"vary", ", ".join(VARY).encode())]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                media = headers.get("content-type", "").split(";")[0].strip()
                if message["status"] == 200 and media in (JSON, GRAPHQL_RESPONSE) and \
                        "no-store" not in headers.get("cache-control", ""):
                    headers["etag"] = tag
                    headers["cache-control"] = self.cache_control
                _add_vary(headers)
            await send(message)

        await self.app(scope, receive, tagged)
