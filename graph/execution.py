"""Running GraphQL operations within a budget: off the event loop, a bounded number at a
time, each stopped once it runs past its deadline."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio
import msgspec
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionResult

from .context import Context, Deadline


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


def result_json(result: ExecutionResult) -> bytes:
    """The response body for `result`, as the GraphQL spec lays it out (encoded by msgspec:
    several times faster than `json`, which holds the GIL all the while)."""
    payload: dict[str, Any] = {}
    if result.errors:
        payload["errors"] = [error.formatted for error in result.errors]
    if result.data is not None or not result.errors:
        payload["data"] = result.data
    if result.extensions:
        payload["extensions"] = result.extensions
    return msgspec.json.encode(payload)


class Busy(Exception):
    """No execution slot came free within the request's budget."""


class Executor:
    """Runs operations in worker threads, at most `concurrency` at once per process."""

    def __init__(self, execute: Callable[..., ExecutionResult], concurrency: int,
                 timeout: float) -> None:
        self._execute = execute
        self._slots = anyio.CapacityLimiter(concurrency)
        self.timeout = timeout

    async def run(self, operation: Operation, context: Callable[[Deadline], Context]
                  ) -> tuple[ExecutionResult, bytes]:
        """The result of `operation` and its JSON; raises Busy when no slot came free in
        time."""
        deadline = Deadline(self.timeout)
        acquired = False
        with anyio.move_on_after(deadline.remaining()):
            await self._slots.acquire()
            acquired = True
        if not acquired:
            raise Busy
        try:
            return await anyio.to_thread.run_sync(functools.partial(
                self._run, operation, context(deadline)))
        finally:
            self._slots.release()

    def _run(self, operation: Operation, context: Context) -> tuple[ExecutionResult, bytes]:
        result = self._execute(operation.query, variable_values=operation.variables,
                               context_value=context, operation_name=operation.operation_name)
        return result, result_json(result)
