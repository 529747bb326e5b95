"""The Starlette application: GraphQL endpoint, health check, IDE and explorer."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from content.loader import LoadResult, NotContentDirectory, Workspace, is_content_directory
from content.parse_cache import ParseCache
from search.service import SearchService, default_index_root

from .cache import LRUCache
from .compression import add_compression
from .endpoint import GraphQLEndpoint
from .execution import Executor
from .explorer import explorer_routes
from .http_cache import HttpCache, cache_control, settings_seed
from .ide import ide_routes
from .live import ChangeFeed, Watcher
from .middleware import BodySizeLimit, CachedResponse, ResponseCache
from .persisted import PersistedDocuments, load_manifest
from .schema import build_schema
from .settings import Settings
from .state import AppState

logger = logging.getLogger("exgraph")
PARSE_CACHE_FILE = "parsed.sqlite"
SWITCH_INTERVAL = 0.0005  # seconds a thread holds the GIL while another waits (default 0.005)


def workspace(directory: Path, index_root: Path, max_file_bytes: int) -> Workspace:
    """The files of `directory`, reusing those parsed by earlier runs (cached beside the
    index)."""
    return Workspace(directory, ParseCache(index_root / PARSE_CACHE_FILE), max_file_bytes)


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
    if not is_content_directory(directory):
        raise NotContentDirectory(directory)
    search = SearchService(index_root)
    state = AppState(workspace(directory, index_root, settings.max_file_bytes), search,
                     settings)
    _report(directory, state.snapshot.loaded)
    feed = ChangeFeed()
    watcher = Watcher(state, feed, settle_ms=settings.watch_settle_ms,
                      poll_ms=settings.watch_poll_ms)
    logger.info("search index %s in %s", search.outcome, search.directory.root)
    schema = build_schema(settings)
    executor = Executor(schema.execute_sync, settings.max_concurrent_requests,
                        settings.request_timeout)
    responses: LRUCache[CachedResponse] = LRUCache(
        settings.response_cache_entries, settings.response_cache_bytes,
        settings.response_cache_item_bytes)
    persisted = PersistedDocuments(
        LRUCache(settings.apq_entries, settings.apq_bytes, settings.apq_bytes),
        load_manifest(settings.persisted_manifest) if settings.persisted_manifest else None,
        settings.persisted_only)

    def version() -> str:
        return state.snapshot.loaded.store.version

    graphql = GraphQLEndpoint(executor, schema, lambda deadline: state.context(deadline, feed),
                              persisted, max_streams=settings.max_event_streams,
                              max_batch=settings.max_batch_size, ide=settings.ide)

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
            if settings.watch:
                tasks.start_soon(watcher.watch)
                if settings.rescan_interval:
                    tasks.start_soon(watcher.rescan_every, settings.rescan_interval)
            with contextlib.suppress(NotImplementedError, RuntimeError):
                # SIGHUP, the conventional "reload": rescan the directory now.
                asyncio.get_running_loop().add_signal_handler(
                    signal.SIGHUP, lambda: tasks.start_soon(watcher.apply, None))
            yield
            watcher.stopping.set()
            tasks.cancel_scope.cancel()

    app = Starlette(lifespan=lifespan, routes=[
        *(explorer_routes(settings, lambda: state.snapshot.loaded.store)
          if settings.explorer else []),
        Route("/healthz", health),
        Route("/graphql", graphql),
        *(ide_routes() if settings.ide else []),
    ])
    app.state.exgraph = state
    app.state.feed = feed
    app.state.watcher = watcher
    app.state.responses = responses
    app.state.executor = executor
    # Innermost first. Repeated requests are answered from memory with the bytes compression
    # made the first time; bodies are bounded before anything reads them whole; a
    # revalidation is answered before anything else runs.
    if settings.compression:
        add_compression(app, settings)
    app.add_middleware(ResponseCache, path="/graphql", version=version, responses=responses)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    app.add_middleware(HttpCache, path="/graphql", version=version,
                       seed=settings_seed(settings), cache_control=cache_control(settings))
    if settings.allow_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.allow_origins),
                           allow_methods=["GET", "HEAD", "POST"],
                           allow_headers=list(settings.cors_allow_headers),
                           allow_credentials=settings.cors_allow_credentials,
                           expose_headers=list(settings.cors_expose_headers),
                           max_age=settings.cors_max_age)
    return app
