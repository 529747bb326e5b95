"""The Starlette application: GraphQL endpoint, health check and IDE."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

from content.loader import BUNDLED_LIBRARY, LoadResult, load_library
from search.service import SearchService, default_index_root

from .cache import LRUCache
from .context import Context
from .schema import schema

logger = logging.getLogger("exgraph")
MAX_BODY_BYTES = 64 * 1024
RESULT_CACHE_SIZE = 2048


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
    """Strawberry's ASGI view with a per-request snapshot and a result cache.

    Results are keyed by the store version, so a cached response never outlives the content
    it was computed from.
    """

    def __init__(self, state: AppState, cache_size: int) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True)
        self.state = state
        self.results: LRUCache[ExecutionResult] = LRUCache(cache_size)

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        return self.state.context

    async def execute_single(self, request, request_adapter, sub_response, context,  # type: ignore[override]
                             root_value, request_data) -> ExecutionResult:
        key = (context.store.version, request_adapter.method, request_data.query,
               json.dumps(request_data.variables, sort_keys=True, default=str),
               request_data.operation_name)
        cached = self.results.get(key)
        if cached is not None:
            return cached
        result = await super().execute_single(request, request_adapter, sub_response, context,
                                              root_value, request_data)
        if not result.errors:
            self.results.put(key, result)
        return result


class BodySizeLimit:
    """Refuse request bodies larger than `limit` bytes with 413 before reading them."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> dict[str, Any]:
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
        response = JSONResponse({"errors": [{"message": f"request body larger than "
                                             f"{self.limit} bytes"}]}, status_code=413)
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


def create_app(content_dir: Path | str = BUNDLED_LIBRARY,
               index_dir: Path | str | None = None,
               cache_size: int = RESULT_CACHE_SIZE) -> Starlette:
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
    graphql = GraphQLEndpoint(state, cache_size)

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
    app.add_middleware(BodySizeLimit)
    return app
