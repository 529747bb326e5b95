"""The explorer: one page, served at `/` and at every deep link its client-side router reads,
showing the library through the public GraphQL API and following live edits.

Its files are plain ES modules under `graph/static/explorer` (no build step), read into memory
once and served under a path holding a digest of them all, so a browser may cache them for
good and still gets new ones when any changes. `explorer_routes(settings)` also serves
exercise images from the configured images folder.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from functools import cache
from html import escape
from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from content.store import Store

from .settings import Settings

STATIC_DIR = Path(__file__).with_name("static") / "explorer"
ENTRY = "app.js"
BOOT = "boot.js"  # run as soon as it arrives: it asks for the first view's data
STYLESHEET = "explorer.css"
ICON = "icon.svg"
ASSETS_PATH = "/_exgraph/explorer"
GRAPHQL_PATH = "/graphql"
IMAGES_PATH = "/images"
# Every path the client-side router knows; each serves the same page.
PAGE_PATHS = ("/", "/exercises/{slug}", "/muscles/{slug}", "/guides/{slug}", "/status")
ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml",
               ".txt": "text/plain; charset=utf-8"}
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
               ".gif": "image/gif", ".webp": "image/webp"}

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "manifest-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    # HTML reaches the DOM only through the page's one policy (for sanitised bodies).
    "require-trusted-types-for 'script'",
    "trusted-types explorer",
])
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-cache",
}
ASSET_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}
# Images change when authors replace them, so they are revalidated; opened on their own, they
# may run nothing.
IMAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>exgraph explorer</title>
<link rel="icon" href="{icon}" type="image/svg+xml">
<link rel="stylesheet" href="{stylesheet}">
<script type="module" async src="{boot}"></script>
{preloads}
<script type="module" src="{script}"></script>
</head>
<body>
<div id="app" data-endpoint="{endpoint}" data-images="{images}">
<p class="boot">Loading the explorer…</p>
<noscript>The explorer needs JavaScript. The API itself is at
<a href="{endpoint}">{endpoint}</a>.</noscript>
</div>
</body>
</html>
"""


@cache
def _assets() -> dict[str, tuple[bytes, str]]:
    """Every file of the explorer (about 100 kB), read once: its bytes and media type."""
    return {path.relative_to(STATIC_DIR).as_posix(): (path.read_bytes(), ASSET_TYPES[path.suffix])
            for path in sorted(STATIC_DIR.rglob("*")) if path.suffix in ASSET_TYPES}


def _modules() -> list[str]:
    """The explorer's scripts: those the boot module imports first (so it can run soonest),
    then the others by name."""
    boot = set(re.findall(r"from '\./([^']+)'", _assets()[BOOT][0].decode()))
    return sorted((name for name in _assets() if name.endswith(".js")),
                  key=lambda name: (name not in boot, name))


@cache
def asset_digest() -> str:
    """A digest of every file of the explorer: part of the path its assets are served at."""
    digest = hashlib.sha256()
    for name, (body, _) in _assets().items():
        digest.update(name.encode() + b"\0" + body + b"\0")
    return digest.hexdigest()[:16]


def images_directory(settings: Settings) -> Path | None:
    """Where exercise images are served from: the setting, else an `images/` folder in the
    content directory; None when there is no such folder."""
    directory = settings.images_dir or settings.content_dir / "images"
    return directory.resolve() if directory.is_dir() else None


def image_file(root: Path, path: str) -> Path | None:
    """The image file `path` names inside `root`, or None: no hidden or parent segments, an
    image suffix and, symbolic links resolved, still inside `root`."""
    parts = PurePosixPath(path).parts
    if not parts or PurePosixPath(path).is_absolute() or "\\" in path or "\0" in path or \
            any(part.startswith(".") for part in parts):
        return None
    candidate = root.joinpath(*parts).resolve()
    if candidate.suffix.lower() not in IMAGE_TYPES or not candidate.is_relative_to(root):
        return None
    try:
        return candidate if candidate.is_file() else None
    except OSError:  # a name too long, say
        return None


def _page(images: bool) -> HTMLResponse:
    digest = asset_digest()

    def url(name: str) -> str:
        return escape(f"{ASSETS_PATH}/{digest}/{name}")

    preloads = "\n".join(f'<link rel="modulepreload" href="{url(name)}">'
                         for name in _modules() if name not in (ENTRY, BOOT))
    page = PAGE.format(icon=url(ICON), stylesheet=url(STYLESHEET), boot=url(BOOT),
                       preloads=preloads, script=url(ENTRY),
                       endpoint=GRAPHQL_PATH, images=f"{IMAGES_PATH}/" if images else "")
    return HTMLResponse(page, headers=PAGE_HEADERS)


def _listed(store: Store, path: str, slug: str) -> bool:
    """Whether the document a deep link names is in `store`."""
    documents: Mapping[str, object] = {"/exercises/": store.exercises,
                                       "/muscles/": store.muscles,
                                       "/guides/": store.guides}[path.removesuffix(slug)]
    return slug in documents


def explorer_routes(settings: Settings, store: Callable[[], Store]) -> list[BaseRoute]:
    """The page at each of its paths (a deep link to a document `store()` does not hold
    answers 404, with the page, which says so), its assets, and the images folder at
    `/images/`."""
    images = images_directory(settings)

    async def page(request: Request) -> Response:
        response = _page(images is not None)
        slug = request.path_params.get("slug")
        if slug is not None and not _listed(store(), request.url.path, slug):
            response.status_code = 404
        return response

    async def asset(request: Request) -> Response:
        found = _assets().get(request.path_params["path"])
        if found is None:
            return PlainTextResponse("no such file", 404)
        body, media_type = found
        return Response(body, media_type=media_type, headers=ASSET_HEADERS)

    async def image(request: Request) -> Response:
        found = image_file(images, request.path_params["path"]) if images else None
        if found is None:
            return PlainTextResponse("no such image", 404, headers={"Cache-Control": "no-store"})
        return FileResponse(found, media_type=IMAGE_TYPES[found.suffix.lower()],
                            headers=IMAGE_HEADERS)

    return [
        *(Route(path, page) for path in PAGE_PATHS),
        Route(f"{ASSETS_PATH}/{asset_digest()}/{{path:path}}", asset),
        Route(IMAGES_PATH + "/{path:path}", image),
    ]
