"""The GraphQL endpoint: GraphQL over HTTP (GET, HEAD and POST; batches as JSON arrays;
persisted documents; Server-Sent Events), answering every malformed request with a JSON error
and running operations through the executor."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
import msgspec
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send
from strawberry.types.graphql import OperationType as Allowed

from .context import Context, Deadline
from .execution import Answer, Busy, Executor, NotAllowed, Operation, error_answer, result_json
from .ide import ide_response
from .negotiation import CHARSET, JSON, negotiate, status_for, wants_event_stream
from .persisted import PersistedDocuments, PersistedQueryError
from .schema import Schema

ALLOWED_METHODS = "GET, HEAD, POST"
STREAM_HEADERS = {"cache-control": "no-store", "x-accel-buffering": "no"}
READ_ONLY = frozenset({Allowed.QUERY})  # what GET and HEAD may run
READ_WRITE = frozenset({Allowed.QUERY, Allowed.MUTATION})


class RequestError(Exception):
    """A request that is not a GraphQL request; answered with `status` and the message."""

    def __init__(self, message: str, status: int = 400,
                 headers: dict[str, str] | None = None, code: str = "BAD_REQUEST") -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}
        self.code = code


def error_response(message: str, status: int, headers: dict[str, str] | None = None,
                   code: str | None = None, media: str = JSON) -> Response:
    """An answer that is one error (never cached)."""
    error: dict[str, Any] = {"message": message}
    if code:
        error["extensions"] = {"code": code}
    return Response(msgspec.json.encode({"errors": [error]}), status_code=status,
                    media_type=media + CHARSET,
                    headers={"cache-control": "no-store", **(headers or {})})


def _json_object(value: Any, name: str, encoded: bool) -> dict[str, Any] | None:
    """A request parameter holding a JSON object, or nothing; in a query string (`encoded`)
    the object is JSON text."""
    if encoded and isinstance(value, str) and value:
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            raise RequestError(f"`{name}` is not valid JSON") from None
    if value is not None and not isinstance(value, dict):
        raise RequestError(f"`{name}` must be an object")
    return value


def _parameters(params: Any, encoded: bool) -> tuple[Any, dict[str, Any] | None,
                                                       dict[str, Any] | None, str | None]:
    """The query, variables, extensions and operation name of one request's parameters."""
    if not isinstance(params, dict):
        raise RequestError("the body must be a JSON object with a `query` (or an array "
                           "of them: a batch)")
    query = params.get("query")
    if query is not None and (not isinstance(query, str) or not query.strip()):
        raise RequestError("`query` must be a non-empty string")
    name = params.get("operationName")
    if name is not None and not isinstance(name, str):
        raise RequestError("`operationName` must be a string")
    return (query, _json_object(params.get("variables"), "variables", encoded),
            _json_object(params.get("extensions"), "extensions", encoded), name or None)


async def read_parameters(request: Request) -> tuple[Any, bool]:
    """The parameters of a GET or POST request (an object, or a list for a batch), and
    whether they came in a query string."""
    if request.method in ("GET", "HEAD"):
        return dict(request.query_params), True
    content_type = request.headers.get("content-type")
    if content_type is None:
        raise RequestError("say what the body is: send Content-Type: application/json", 415)
    media_type = content_type.split(";")[0].strip().lower()
    body = await request.body()
    if media_type == "application/graphql":
        return {"query": body.decode("utf-8", "replace")}, False
    if media_type != "application/json":
        raise RequestError(f"unsupported content type {media_type!r}; send application/json",
                           415)
    try:
        return json.loads(body), False
    except (ValueError, RecursionError):
        raise RequestError("the body is not valid JSON") from None


def wants_ide(request: Request) -> bool:
    """A browser opening the endpoint, rather than a client sending a query."""
    return (request.method in ("GET", "HEAD") and "query" not in request.query_params
            and "text/html" in request.headers.get("accept", ""))


def refusal(refused: NotAllowed, media: str) -> Response:
    """The answer to an operation of a type the request may not run."""
    if refused.operation_type is Allowed.MUTATION:
        return error_response("mutations are sent with POST", 405, {"allow": "POST"},
                              "METHOD_NOT_ALLOWED", media)
    return error_response("subscriptions are served as Server-Sent Events: send "
                          "Accept: text/event-stream", 400, None, "BAD_REQUEST", media)


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
                 context: Callable[[Deadline | None], Context], persisted: PersistedDocuments,
                 *, max_streams: int, max_batch: int, ide: bool) -> None:
        self.executor = executor
        self.schema = schema
        self.context = context
        self.persisted = persisted
        self.max_streams = max_streams
        self.max_batch = max_batch
        self.ide = ide
        self.streams = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self.respond(request)
        await response(scope, receive, send)

    def operation(self, params: Any, encoded: bool) -> Operation:
        """The operation one request's parameters describe, persisted documents resolved."""
        query, variables, extensions, name = _parameters(params, encoded)
        query = self.persisted.resolve(query, extensions, params.get("documentId"))
        if query is None:
            raise RequestError("`query` must be a non-empty string (or send the id of "
                               "a persisted document)")
        return Operation(query, variables, name)

    async def respond(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return error_response(f"method {request.method} is not allowed", 405,
                                  {"allow": ALLOWED_METHODS}, "METHOD_NOT_ALLOWED")
        if self.ide and wants_ide(request):
            return ide_response(request)
        accept = request.headers.get("accept", "")
        stream = wants_event_stream(accept)
        media = JSON if stream else negotiate(accept)
        allowed = READ_WRITE if request.method == "POST" else READ_ONLY
        try:
            params, encoded = await read_parameters(request)
            if isinstance(params, list) and all(isinstance(item, dict) for item in params):
                return await self.batch(params, media)
            operation = self.operation(params, encoded)
        except RequestError as error:
            return error_response(str(error), error.status, error.headers, error.code, media)
        except PersistedQueryError as error:
            return error_response(str(error), error.status, None, error.code, media)
        if stream:
            return self.event_stream(operation, allowed)
        try:
            [answer] = await self.executor.run([operation], self.context, allowed)
        except Busy:
            return error_response("the server is busy; try again shortly", 503,
                                  {"retry-after": "1"}, "SERVER_BUSY", media)
        except NotAllowed as refused:
            return refusal(refused, media)
        return Response(answer.body, status_for(media, answer.has_data),
                        {"cache-control": "no-store"} if answer.has_errors else None,
                        media + CHARSET)

    async def batch(self, items: list[Any], media: str) -> Response:
        """A batch: each operation answered in turn, in one execution slot and deadline."""
        if not self.max_batch:
            raise RequestError("batched requests are turned off on this server")
        if not 0 < len(items) <= self.max_batch:
            raise RequestError(f"a batch holds 1 to {self.max_batch} operations; this one "
                               f"holds {len(items)}")
        answers: list[Answer | None] = []
        operations = []
        for item in items:
            try:
                operations.append(self.operation(item, encoded=False))
                answers.append(None)
            except (RequestError, PersistedQueryError) as error:
                answers.append(error_answer(str(error), error.code))
        try:
            ran = iter(await self.executor.run(operations, self.context, READ_WRITE,
                                               batch=True) if operations else [])
        except Busy:
            return error_response("the server is busy; try again shortly", 503,
                                  {"retry-after": "1"}, "SERVER_BUSY", media)
        bodies = [(answer or next(ran)) for answer in answers]
        body = b"[" + b",".join(answer.body for answer in bodies) + b"]"
        errors = any(answer.has_errors for answer in bodies)
        return Response(body, 200, {"cache-control": "no-store"} if errors else None,
                        media + CHARSET)

    def event_stream(self, operation: Operation, allowed: frozenset[Allowed]) -> Response:
        """Server-Sent Events (the GraphQL over SSE "distinct connections" mode): each result
        as an `event: next`, then `event: complete`. Queries and mutations run as usual and
        send one result; subscriptions send one per event until the client goes away."""
        if not _is_subscription(operation):
            async def single() -> AsyncIterator[bytes]:
                try:
                    [answer] = await self.executor.run([operation], self.context, allowed)
                    body = answer.body
                except Busy:
                    body = error_answer("the server is busy; try again shortly",
                                        "SERVER_BUSY").body
                except NotAllowed as refused:
                    body = error_answer(str(refused), "BAD_REQUEST").body
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
