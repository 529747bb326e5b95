"""Compressed answers: zstd, brotli or gzip, whichever the client accepts (in that order),
for answers above a small size (starlette-compress). Event streams are never compressed: each
event must reach the client as it is sent."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette_compress import CompressMiddleware, add_compress_type, remove_compress_type

from .negotiation import EVENT_STREAM, GRAPHQL_RESPONSE
from .settings import Settings

add_compress_type(GRAPHQL_RESPONSE)
remove_compress_type(EVENT_STREAM)


def add_compression(app: Starlette, settings: Settings) -> None:
    """Compress `app`'s answers as `settings` say."""
    app.add_middleware(CompressMiddleware, minimum_size=settings.compress_min_bytes,
                       gzip_level=settings.gzip_level, brotli_quality=settings.brotli_quality,
                       zstd_level=settings.zstd_level)
