"""The Starlette application: GraphQL endpoint, health check and IDE."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from content.loader import LoadResult, load_library
from content.parse_cache import ParseCache
from search.engine import SearchEngine
from search.service import SearchService, default_index_root

from .cache import LRUCache
from .context import Context, Deadline
from .endpoint import GraphQLEndpoint
from .execution import Executor
from .middleware import BodySizeLimit, CachedResponse, ResponseCache
from .schema import build_schema
from .settings import Settings

logger = logging.getLogger("exgraph")
PARSE_CACHE_FILE = "parsed.sqlite"
CORS_MAX_AGE = 600  # seconds a browser may reuse a preflight answer


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One load of the content and the search engine built from it, always used together."""

    loaded: LoadResult
    search: SearchEngine


class AppState:
    """What the app serves; replaced as a whole snapshot, never edited in place."""

    def __init__(self, loaded: LoadResult, search: SearchService, settings: Settings) -> None:
        self.search = search
        self.settings = settings
        self.snapshot = Snapshot(loaded, search.synchronise(loaded))

    def replace(self, loaded: LoadResult) -> None:
        """Serve `loaded` from now on, once its index is ready (requests in flight keep the
        snapshot they started with)."""
        self.snapshot = Snapshot(loaded, self.search.synchronise(loaded))

    def context(self, deadline: Deadline | None = None) -> Context:
        snapshot = self.snapshot
        return Context(store=snapshot.loaded.store, settings=self.settings,
                       search=snapshot.search, deadline=deadline)


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


def create_app(settings: Settings | None = None) -> Starlette:
    """An app serving `settings.content_dir`, its index cached in `settings.index_dir`."""
    settings = settings or Settings()
    directory = settings.content_dir
    index_root = settings.index_dir or default_index_root(directory)
    loaded = load_content(directory, index_root)
    _report(directory, loaded)
    search = SearchService(index_root)
    state = AppState(loaded, search, settings)
    logger.info("search index %s in %s", search.outcome, search.directory.root)
    schema = build_schema(settings)
    executor = Executor(schema.execute_sync, settings.max_concurrent_requests,
                        settings.request_timeout)
    responses: LRUCache[CachedResponse] = LRUCache(
        settings.response_cache_entries, settings.response_cache_bytes,
        settings.response_cache_item_bytes)
    graphql = ResponseCache(GraphQLEndpoint(executor, state.context),
                            lambda: state.snapshot.loaded.store.version, responses)

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
        Route("/graphql", graphql),
    ])
    app.state.exgraph = state
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    if settings.allow_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.allow_origins),
                           allow_methods=["GET", "POST"], allow_headers=["content-type"],
                           max_age=CORS_MAX_AGE)
    return app
