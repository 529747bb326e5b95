"""The Starlette application: GraphQL endpoint, health check and IDE."""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
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
from .ide import ide_routes
from .middleware import BodySizeLimit, CachedResponse, ResponseCache
from .schema import build_schema
from .settings import Settings

logger = logging.getLogger("exgraph")
PARSE_CACHE_FILE = "parsed.sqlite"
CORS_MAX_AGE = 600  # seconds a browser may reuse a preflight answer
SWITCH_INTERVAL = 0.0005  # seconds a thread holds the GIL while another waits (default 0.005)


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
        # A fault found in the index on disk and not yet repaired, and the last one found.
        self.index_fault: str | None = None
        self.last_index_fault: tuple[float, str] | None = None
        if search.problem:
            logger.warning("%s; rebuilt from the content", search.problem)
            self.last_index_fault = (time.time(), search.problem)

    def replace(self, loaded: LoadResult) -> None:
        """Serve `loaded` from now on, once its index is ready (requests in flight keep the
        snapshot they started with)."""
        self.snapshot = Snapshot(loaded, self.search.synchronise(loaded))

    def check_index(self) -> None:
        """Check the index on disk; rebuild it if it is damaged or gone (the engine keeps
        answering from memory meanwhile). Blocking: run it in a worker thread."""
        fault = self.search.check()
        if fault is None:
            return
        logger.error("%s; rebuilding it", fault)
        self.index_fault = fault
        self.last_index_fault = (time.time(), fault)
        self.search.repair(self.snapshot.loaded)
        self.index_fault = None
        logger.info("search index rebuilt in %s", self.search.directory.root)

    def health(self) -> dict[str, Any]:
        """What /healthz reports: `degraded` while content has errors or the index is
        damaged, the service answering all the same."""
        loaded = self.snapshot.loaded
        store = loaded.store
        index: dict[str, Any] = {"status": "damaged" if self.index_fault else "ok"}
        if self.last_index_fault:
            index["lastFault"] = {"at": self.last_index_fault[0],
                                  "problem": self.last_index_fault[1]}
        return {
            "status": "degraded" if loaded.errors or self.index_fault else "ok",
            "version": store.version,
            "exercises": len(store.exercises),
            "muscles": len(store.muscles),
            "guides": len(store.guides),
            "errors": len(loaded.errors),
            "warnings": len(loaded.warnings),
            "stale": len(loaded.stale),
            "index": index,
        }

    def context(self, deadline: Deadline | None = None) -> Context:
        snapshot = self.snapshot
        return Context(store=snapshot.loaded.store, settings=self.settings,
                       search=snapshot.search, deadline=deadline)


def load_content(directory: Path, index_root: Path, max_file_bytes: int) -> LoadResult:
    """Load `directory`, reusing the files parsed by earlier runs, cached beside its index."""
    return load_library(directory, ParseCache(index_root / PARSE_CACHE_FILE), max_file_bytes)


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


async def _every(seconds: float, work: Callable[[], None]) -> None:
    """Run blocking `work` in a worker thread every `seconds`, for as long as the app runs."""
    while True:
        await anyio.sleep(seconds)
        try:
            await anyio.to_thread.run_sync(work)
        except Exception:
            logger.exception("background work failed; it will run again")


def create_app(settings: Settings | None = None) -> Starlette:
    """An app serving `settings.content_dir`, its index cached in `settings.index_dir`."""
    settings = settings or Settings()
    directory = settings.content_dir
    index_root = settings.index_dir or default_index_root(directory)
    search = SearchService(index_root)
    loaded = load_content(directory, index_root, settings.max_file_bytes)
    _report(directory, loaded)
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
        return JSONResponse(state.health(), headers={"cache-control": "no-store"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Operations run in a worker thread; a short GIL switch interval lets the event loop
        # take its turn often, so cheap requests are answered while a heavy one runs.
        sys.setswitchinterval(SWITCH_INTERVAL)
        async with anyio.create_task_group() as tasks:
            if settings.index_check_interval:
                tasks.start_soon(_every, settings.index_check_interval, state.check_index)
            yield
            tasks.cancel_scope.cancel()

    async def home(request: Request) -> Response:
        return RedirectResponse("/graphql")

    app = Starlette(lifespan=lifespan, routes=[
        Route("/", home),
        Route("/healthz", health),
        Route("/graphql", graphql),
        *ide_routes(),
    ])
    app.state.exgraph = state
    app.state.responses = responses
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    if settings.allow_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.allow_origins),
                           allow_methods=["GET", "POST"], allow_headers=["content-type"],
                           max_age=CORS_MAX_AGE)
    return app
