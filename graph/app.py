"""The Starlette application: GraphQL endpoint, health check and IDE."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from content.loader import BUNDLED_LIBRARY, LoadResult, load_library
from content.parse_cache import ParseCache
from search.engine import SearchEngine
from search.service import SearchService, default_index_root

from .context import Context
from .ide import ide_response, ide_routes
from .middleware import BodySizeLimit, ResponseCache
from .schema import schema

logger = logging.getLogger("exgraph")
MAX_BODY_BYTES = 64 * 1024
RESPONSE_CACHE_SIZE = 2048
PARSE_CACHE_FILE = "parsed.sqlite"
CORS_MAX_AGE = 600  # seconds a browser may reuse a preflight answer


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One load of the content and the search engine built from it, always used together."""

    loaded: LoadResult
    search: SearchEngine


class AppState:
    """What the app serves; replaced as a whole snapshot, never edited in place."""

    def __init__(self, loaded: LoadResult, search: SearchService) -> None:
        self.search = search
        self.snapshot = Snapshot(loaded, search.synchronise(loaded))

    def replace(self, loaded: LoadResult) -> None:
        """Serve `loaded` from now on, once its index is ready (requests in flight keep the
        snapshot they started with)."""
        self.snapshot = Snapshot(loaded, self.search.synchronise(loaded))

    @property
    def context(self) -> Context:
        snapshot = self.snapshot
        return Context(store=snapshot.loaded.store, search=snapshot.search)


class GraphQLEndpoint(GraphQL):
    """Strawberry's ASGI view, giving every request one snapshot of the content."""

    def __init__(self, state: AppState) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True)
        self.state = state

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        return self.state.context

    async def render_graphql_ide(self, request: Request) -> Response:
        return ide_response(request)


def load_content(directory: Path, index_root: Path) -> LoadResult:
    """Load `directory`, reusing the files parsed by earlier runs, cached beside its index."""
    return load_library(directory, ParseCache(index_root / PARSE_CACHE_FILE))


def _report(directory: Path, loaded: LoadResult) -> None:
    """Log what was loaded: each error (its file is not served) and a count of warnings."""
    store = loaded.store
    logger.info("loaded %d exercises, %d muscles, %d guides from %s", len(store.exercises),
                len(store.muscles), len(store.guides), directory)
    for error in loaded.errors:
        logger.error("%s", error)
    if loaded.warnings:
        logger.warning("content warnings: %d (`exgraph check %s` lists them)",
                       len(loaded.warnings), directory)


def create_app(content_dir: Path | str = BUNDLED_LIBRARY,
               index_dir: Path | str | None = None,
               cache_size: int = RESPONSE_CACHE_SIZE,
               allow_origins: Sequence[str] = ()) -> Starlette:
    """An app serving the library in `content_dir`, its index cached in `index_dir`.

    `cache_size` bounds the number of query results kept per content version (0: none).
    Browser pages from `allow_origins` (CORS; "*" for any) may call the API.
    """
    directory = Path(content_dir)
    index_root = Path(index_dir) if index_dir else default_index_root(directory)
    loaded = load_content(directory, index_root)
    _report(directory, loaded)
    search = SearchService(index_root)
    state = AppState(loaded, search)
    logger.info("search index %s in %s", search.outcome, search.directory.root)
    graphql = ResponseCache(GraphQLEndpoint(state),
                            lambda: state.snapshot.loaded.store.version, cache_size)

    async def health(request: Request) -> Response:
        loaded = state.snapshot.loaded
        return JSONResponse({
            "status": "ok",
            "version": loaded.store.version,
            "exercises": len(loaded.store.exercises),
            "muscles": len(loaded.store.muscles),
            "guides": len(loaded.store.guides),
            "errors": len(loaded.errors),
        })

    async def home(request: Request) -> Response:
        return RedirectResponse("/graphql")

    app = Starlette(routes=[
        Route("/", home),
        Route("/healthz", health),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        *ide_routes(),
    ])
    app.state.exgraph = state
    app.add_middleware(BodySizeLimit, limit=MAX_BODY_BYTES)
    if allow_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(allow_origins),
                           allow_methods=["GET", "POST"], allow_headers=["content-type"],
                           max_age=CORS_MAX_AGE)
    return app
