"""The GraphQL endpoint: GraphQL over HTTP (GET and POST), answering every malformed request
with a JSON error and running operations through the executor."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
import msgspec
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from .context import Context, Deadline
from .execution import Busy, Executor, Operation, result_json
from .ide import ide_response
from .schema import Schema

ALLOWED_METHODS = "GET, HEAD, POST"
STREAM_HEADERS = {"cache-control": "no-store", "x-accel-buffering": "no"}


class RequestError(Exception):
    """A request that is not a GraphQL request; answered with `status` and the message."""

    def __init__(self, message: str, status: int = 400,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def error_response(message: str, status: int, headers: dict[str, str] | None = None,
                   code: str | None = None) -> JSONResponse:
    error: dict[str, Any] = {"message": message}
    if code:
        error["extensions"] = {"code": code}
    return JSONResponse({"errors": [error]}, status_code=status,
                        headers={"cache-control": "no-store", **(headers or {})})


def _json_object(text: str, name: str) -> dict[str, Any] | None:
    """A request parameter holding a JSON object (or nothing)."""
    if not text:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise RequestError(f"`{name}` is not valid JSON") from None
    if value is not None and not isinstance(value, dict):
        raise RequestError(f"`{name}` must be a JSON object")
    return value


def operation_of(params: Any) -> Operation:
    """The operation described by request parameters (a JSON body or a query string)."""
    if not isinstance(params, dict):
        raise RequestError("the body must be a JSON object with a `query`")
    query = params.get("query")
    if not isinstance(query, str) or not query.strip():
        raise RequestError("`query` must be a non-empty string")
    variables = params.get("variables")
    if isinstance(variables, str):
        variables = _json_object(variables, "variables")
    if variables is not None and not isinstance(variables, dict):
        raise RequestError("`variables` must be an object")
    name = params.get("operationName")
    if name is not None and not isinstance(name, str):
        raise RequestError("`operationName` must be a string")
    return Operation(query, variables, name or None)


async def read_operation(request: Request) -> Operation:
    """The operation of a GET or POST request; RequestError if there is none."""
    if request.method in ("GET", "HEAD"):
        return operation_of(dict(request.query_params))
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if media_type == "application/graphql":
        return operation_of({"query": body.decode("utf-8", "replace")})
    if media_type not in ("application/json", ""):
        raise RequestError(f"unsupported content type {media_type!r}; send application/json",
                           415)
    try:
        params = json.loads(body)
    except (ValueError, RecursionError):
        raise RequestError("the body is not valid JSON") from None
    return operation_of(params)


def wants_ide(request: Request) -> bool:
    """A browser opening the endpoint, rather than a client sending a query."""
    return (request.method in ("GET", "HEAD") and "query" not in request.query_params
            and "text/html" in request.headers.get("accept", ""))


KEEPALIVE_SECONDS = 15.0  # a comment line this often keeps idle event streams open


async def _with_keepalive(results: AsyncIterator[Any], seconds: float
                          ) -> AsyncIterator[Any | None]:
    """The items of `results`, with a None whenever `seconds` pass without one."""
    send, receive = anyio.create_memory_object_stream[Any](1)

    async def pump() -> None:
        async with send:
            async for item in results:
                await send.send(item)

    async with anyio.create_task_group() as tasks, receive:
        tasks.start_soon(pump)
        while True:
            with anyio.move_on_after(seconds) as waited:
                try:
                    item = await receive.receive()
                except anyio.EndOfStream:
                    return
            yield None if waited.cancel_called else item


def _is_subscription(operation: Operation) -> bool:
    try:
        document = parse(operation.query, max_tokens=20_000)
    except GraphQLError:
        return False
    found = get_operation_ast(document, operation.operation_name)
    return found is not None and found.operation is OperationType.SUBSCRIPTION


class GraphQLEndpoint:
    """The ASGI app answering /graphql."""

    def __init__(self, executor: Executor, schema: Schema,
                 context: Callable[[Deadline | None], Context], max_streams: int) -> None:
        self.executor = executor
        self.schema = schema
        self.context = context
        self.max_streams = max_streams
        self.streams = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self.respond(request)
        await response(scope, receive, send)

    async def respond(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return error_response(f"method {request.method} is not allowed", 405,
                                  {"allow": ALLOWED_METHODS})
        if wants_ide(request):
            return ide_response(request)
        try:
            operation = await read_operation(request)
        except RequestError as error:
            return error_response(str(error), error.status, error.headers, "BAD_REQUEST")
        if "text/event-stream" in request.headers.get("accept", ""):
            return self.event_stream(operation)
        try:
            result, body = await self.executor.run(operation, self.context)
        except Busy:
            return error_response("the server is busy; try again shortly", 503,
                                  {"retry-after": "1"}, "SERVER_BUSY")
        headers = {"cache-control": "no-store"} if result.errors else None
        return Response(body, media_type="application/json", headers=headers)

    def event_stream(self, operation: Operation) -> Response:
        """Server-Sent Events (the GraphQL over SSE "distinct connections" mode): each result
        as an `event: next`, then `event: complete`. Queries and mutations run as usual and
        send one result; subscriptions send one per event until the client goes away."""
        if not _is_subscription(operation):
            async def single() -> AsyncIterator[bytes]:
                try:
                    _, body = await self.executor.run(operation, self.context)
                except Busy:
                    body = msgspec.json.encode({"errors": [{
                        "message": "the server is busy; try again shortly",
                        "extensions": {"code": "SERVER_BUSY"}}]})
                yield b"event: next\ndata: " + body + b"\n\n"
                yield b"event: complete\ndata:\n\n"
            return StreamingResponse(single(), media_type="text/event-stream",
                                     headers=STREAM_HEADERS)
        if self.streams >= self.max_streams:
            return error_response("too many open event streams; try again later", 503,
                                  {"retry-after": "5"}, "SERVER_BUSY")

        async def events() -> AsyncIterator[bytes]:
            self.streams += 1
            try:
                results = await self.schema.subscribe(
                    operation.query, variable_values=operation.variables,
                    context_value=self.context(None), operation_name=operation.operation_name)
                async for result in _with_keepalive(results, KEEPALIVE_SECONDS):
                    yield b": keep-alive\n\n" if result is None else \
                        b"event: next\ndata: " + result_json(result) + b"\n\n"
                yield b"event: complete\ndata:\n\n"
            finally:
                self.streams -= 1

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers=STREAM_HEADERS)
