"""The GraphQL IDE: GraphiQL built into `graph/static/ide`, served with no CDN under a strict CSP.

`ide_routes()` mounts the built files; `ide_response(request)` is the page a browser gets
for a GET of the GraphQL path, pointing the IDE at that same path.
"""

from __future__ import annotations

import json
import os
import secrets
from functools import cache
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import Scope

BUILD_DIR = Path(__file__).with_name("static") / "ide"
ASSETS_DIR = BUILD_DIR / "assets"
MANIFEST = BUILD_DIR / "manifest.json"
ENTRY = "src/main.js"
ASSETS_PATH = "/_exgraph/ide"
ASSETS_ROUTE = "exgraph-ide"

NONCE_BYTES = 18


def content_security_policy(nonce: str) -> str:
    """The page's CSP: nothing from elsewhere, no inline or evaluated script.

    Monaco writes `style` attributes through innerHTML, so those are allowed; its `<style>`
    elements need this response's `nonce` (the IDE's script gives it to them).
    """
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        f"style-src-elem 'self' 'nonce-{nonce}'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    ])


PAGE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
# Every file under assets/ has a content hash in its name, so a browser may keep it forever.
ASSET_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>exgraph · GraphiQL</title>
<meta property="csp-nonce" nonce="{nonce}">
<link rel="icon" href="data:,">
{stylesheets}
<script type="module" src="{script}"></script>
</head>
<body>
<div id="graphiql" data-endpoint="{endpoint}">Loading the IDE…</div>
</body>
</html>
"""


class _HashedAssets(StaticFiles):
    """Static files whose names change with their content: cached for a year."""

    def file_response(self, full_path: PathLike, stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers.update(ASSET_HEADERS)
        return response


@cache
def _entry() -> tuple[str, tuple[str, ...]]:
    """The built entry script and its stylesheets, relative to the assets directory."""
    chunk = json.loads(MANIFEST.read_text(encoding="utf-8"))[ENTRY]
    script = chunk["file"].removeprefix("assets/")
    return script, tuple(css.removeprefix("assets/") for css in chunk.get("css", ()))


def ide_routes() -> list[Mount]:
    """The routes serving the IDE's built files; the app must include them."""
    return [Mount(ASSETS_PATH, app=_HashedAssets(directory=ASSETS_DIR), name=ASSETS_ROUTE)]


def ide_response(request: Request) -> Response:
    """The IDE page, querying the path it was requested at."""
    script, stylesheets = _entry()
    nonce = secrets.token_urlsafe(NONCE_BYTES)

    def url(name: str) -> str:
        return escape(request.url_for(ASSETS_ROUTE, path=name).path)

    page = PAGE.format(
        stylesheets="\n".join(f'<link rel="stylesheet" href="{url(css)}">' for css in stylesheets),
        script=url(script),
        endpoint=escape(request.url.path),
        nonce=nonce)
    headers = {**PAGE_HEADERS, "Content-Security-Policy": content_security_policy(nonce)}
    return HTMLResponse(page, headers=headers)

