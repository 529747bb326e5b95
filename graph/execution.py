"""Running GraphQL operations within a budget: off the event loop, a bounded number at a
time, each stopped once it runs past its deadline."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

import anyio
import msgspec
from graphql import GraphQLError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from .context import Context, Deadline
from .limits import one_budget


class BoundedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Checks the request's deadline before completing each list, where answers grow."""

    def complete_list_value(self, *args: Any, **kwargs: Any) -> Any:
        deadline: Deadline | None = getattr(self.context_value, "deadline", None)
        if deadline is not None:
            deadline.check()
        return super().complete_list_value(*args, **kwargs)


@dataclass(frozen=True, slots=True)
class Operation:
    """One GraphQL request as the client sent it."""

    query: str
    variables: dict[str, Any] | None = None
    operation_name: str | None = None


def executed(result: ExecutionResult) -> bool:
    """Whether execution started, so the answer has a `data` entry (null if execution failed
    at the root). Errors raised before execution (parse, validation, variable coercion, the
    request budget) are located nowhere in the response: they have no `path`."""
    return result.data is not None or not result.errors or \
        any(error.path is not None for error in result.errors)


def result_json(result: ExecutionResult) -> bytes:
    """The response body for `result`, as the GraphQL spec lays it out (encoded by msgspec:
    several times faster than `json`, which holds the GIL all the while)."""
    payload: dict[str, Any] = {}
    if result.errors:
        payload["errors"] = [error.formatted for error in result.errors]
    if executed(result):
        payload["data"] = result.data
    if result.extensions:
        payload["extensions"] = result.extensions
    return msgspec.json.encode(payload)


@dataclass(frozen=True, slots=True)
class Answer:
    """One operation's answer: its JSON, and what the HTTP layer needs to know of it."""

    body: bytes
    has_data: bool
    has_errors: bool


def error_answer(message: str, code: str) -> Answer:
    """An answer that is one error and no data."""
    return Answer(msgspec.json.encode({"errors": [{"message": message,
                                                   "extensions": {"code": code}}]}),
                  has_data=False, has_errors=True)


class Busy(Exception):
    """No execution slot came free within the request's budget."""


class NotAllowed(Exception):
    """An operation of a type this request may not run (a mutation over GET, a subscription
    without an event stream)."""

    def __init__(self, operation_type: OperationType) -> None:
        super().__init__(f"{operation_type.value} operations are not allowed here")
        self.operation_type = operation_type


class Executor:
    """Runs operations in worker threads, at most `concurrency` requests at once per process;
    each request (a batch counts as one) within one deadline."""

    def __init__(self, execute: Callable[..., ExecutionResult], concurrency: int,
                 timeout: float) -> None:
        self._execute = execute
        self._slots = anyio.CapacityLimiter(concurrency)
        self.timeout = timeout
        self.executed = 0  # operations run so far

    async def run(self, operations: Sequence[Operation],
                  context: Callable[[Deadline], Context],
                  allowed: Collection[OperationType], batch: bool = False) -> list[Answer]:
        """The answers to `operations`, one after another; raises Busy when no slot came free
        in time. In a `batch` the operations' estimated costs add up against the cost limit,
        and errors (an operation not of an `allowed` type, the deadline passed) are answers;
        otherwise NotAllowed is raised for an operation not of an `allowed` type."""
        deadline = Deadline(self.timeout)
        try:
            self._slots.acquire_nowait()  # the usual case, without a timer
        except anyio.WouldBlock:
            acquired = False
            with anyio.move_on_after(deadline.remaining()):
                await self._slots.acquire()
                acquired = True
            if not acquired:
                raise Busy from None
        try:
            answers = await anyio.to_thread.run_sync(functools.partial(
                self._run_all, operations, context(deadline), deadline, frozenset(allowed),
                batch))
        finally:
            self._slots.release()
        self.executed += len(operations)
        return answers

    def _run_all(self, operations: Sequence[Operation], context: Context, deadline: Deadline,
                 allowed: frozenset[OperationType], batch: bool) -> list[Answer]:
        if not batch:
            return [self._run(operation, context, allowed) for operation in operations]
        answers = []
        with one_budget():
            for operation in operations:
                try:
                    deadline.check()
                    answers.append(self._run(operation, context, allowed))
                except NotAllowed as refused:
                    answers.append(error_answer(f"{refused}: batches run queries and "
                                                "mutations", "BAD_REQUEST"))
                except GraphQLError as error:
                    answers.append(Answer(msgspec.json.encode({"errors": [error.formatted]}),
                                          has_data=False, has_errors=True))
        return answers

    def _run(self, operation: Operation, context: Context,
             allowed: frozenset[OperationType]) -> Answer:
        try:
            result = self._execute(operation.query, variable_values=operation.variables,
                                   context_value=context,
                                   operation_name=operation.operation_name,
                                   allowed_operation_types=allowed)
        except InvalidOperationTypeError as error:
            raise NotAllowed(error.operation_type) from None
        except CannotGetOperationTypeError as error:
            result = ExecutionResult(data=None, errors=[GraphQLError(
                error.as_http_error_reason(), extensions={"code": "BAD_REQUEST"})])
        return Answer(result_json(result), executed(result), bool(result.errors))
