"""The GraphQL endpoint: GraphQL over HTTP (GET and POST), answering every malformed request
with a JSON error and running operations through the executor."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from .context import Context, Deadline
from .execution import Busy, Executor, Operation
from .ide import ide_response

JSON_TYPES = ("application/json", "application/graphql-response+json")
ALLOWED_METHODS = "GET, HEAD, POST"


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


class GraphQLEndpoint:
    """The ASGI app answering /graphql."""

    def __init__(self, executor: Executor, context: Callable[[Deadline], Context]) -> None:
        self.executor = executor
        self.context = context

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
        try:
            result, body = await self.executor.run(operation, self.context)
        except Busy:
            return error_response("the server is busy; try again shortly", 503,
                                  {"retry-after": "1"}, "SERVER_BUSY")
        headers = {"cache-control": "no-store"} if result.errors else None
        return Response(body, media_type="application/json", headers=headers)
