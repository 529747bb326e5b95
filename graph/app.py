"""The Starlette application: GraphQL endpoint, health check and IDE."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from content.loader import BUNDLED_LIBRARY, LoadResult, load_library
from search.service import SearchService, default_index_root

from .context import Context
from .middleware import BodySizeLimit, ResponseCache
from .schema import schema

logger = logging.getLogger("exgraph")
MAX_BODY_BYTES = 64 * 1024
RESPONSE_CACHE_SIZE = 2048


class AppState:
    """The content currently served and its search index; replaced, never edited in place."""

    def __init__(self, content_dir: Path, loaded: LoadResult, search: SearchService) -> None:
        self.content_dir = content_dir
        self.loaded = loaded
        self.search = search

    @property
    def context(self) -> Context:
        return Context(store=self.loaded.store, search=self.search.engine)


class GraphQLEndpoint(GraphQL):
    """Strawberry's ASGI view, giving every request one snapshot of the content."""

    def __init__(self, state: AppState) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True)
        self.state = state

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        return self.state.context


def create_app(content_dir: Path | str = BUNDLED_LIBRARY,
               index_dir: Path | str | None = None,
               cache_size: int = RESPONSE_CACHE_SIZE) -> Starlette:
    """An app serving the library in `content_dir`, its index cached in `index_dir`.

    `cache_size` bounds the number of query results kept per content version (0: none).
    """
    directory = Path(content_dir)
    loaded = load_library(directory)
    for problem in loaded.problems:
        logger.warning("%s", problem)
    search = SearchService(Path(index_dir) if index_dir else default_index_root(directory))
    search.synchronise(loaded)
    logger.info("search index %s", search.outcome)
    state = AppState(directory, loaded, search)
    graphql = ResponseCache(GraphQLEndpoint(state), lambda: state.loaded.store.version,
                            cache_size)

    async def health(request: Request) -> Response:
        store = state.loaded.store
        return JSONResponse({
            "status": "ok",
            "version": store.version,
            "exercises": len(store.exercises),
            "muscles": len(store.muscles),
            "guides": len(store.guides),
            "errors": len(state.loaded.errors),
        })

    async def home(request: Request) -> Response:
        return RedirectResponse("/graphql")

    app = Starlette(routes=[
        Route("/", home),
        Route("/healthz", health),
        Route("/graphql", graphql, methods=["GET", "POST"]),
    ])
    app.state.exgraph = state
    app.add_middleware(BodySizeLimit, limit=MAX_BODY_BYTES)
    return app
