"""Relay cursor connections over in-memory sequences."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry

from .errors import UserInputError

_PREFIX = "offset:"

M = TypeVar("M")
N = TypeVar("N")


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str, argument: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if text.startswith(_PREFIX) and text[len(_PREFIX):].isdigit():
            return int(text[len(_PREFIX):])
    except (binascii.Error, UnicodeError, ValueError):
        pass
    raise UserInputError(f"`{argument}` is not a cursor this API issued: {cursor[:40]!r}",
                         argument)


def count(value: int, argument: str, maximum: int, hint: str = "") -> int:
    """`value`, a number of items asked for, if it is between 0 and `maximum`."""
    if not 0 <= value <= maximum:
        raise UserInputError(f"`{argument}` must be between 0 and {maximum}, not {value}"
                             + (f"; {hint}" if hint else ""), argument)
    return value


@dataclass(frozen=True, slots=True)
class PageSizes:
    """How many items a page holds when not asked, and at most."""

    default: int
    maximum: int

    def check(self, value: int | None, argument: str) -> int | None:
        if value is None:
            return None
        return count(value, argument, self.maximum,
                     "page through larger sets with `after` and `pageInfo.endCursor`")


@dataclass(frozen=True, slots=True)
class Window:
    """The slice [start, stop) of a sequence that one page covers."""

    start: int
    stop: int
    total: int

    @classmethod
    def of(cls, total: int, sizes: PageSizes, first: int | None = None,
           after: str | None = None, last: int | None = None,
           before: str | None = None) -> Window:
        first = sizes.check(first, "first")
        last = sizes.check(last, "last")
        if first is not None and last is not None:
            raise UserInputError("pass either `first` or `last`, not both", "last")
        start = decode_cursor(after, "after") + 1 if after else 0
        stop = min(decode_cursor(before, "before"), total) if before else total
        start = min(start, stop)
        if last is not None:
            start = max(start, stop - last)
        else:
            stop = min(stop, start + (sizes.default if first is None else first))
        return cls(start, stop, total)


@strawberry.type(description="Where a page sits in the whole result.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type(description="A page of results with Relay cursors.")
class Connection(Generic[N]):
    total_count: int = strawberry.field(description="How many results there are in all.")
    edges: list[Edge[N]]
    page_info: PageInfo


def page(items: Sequence[M], wrap: Callable[[M], N], window: Window) -> tuple[
        list[Edge[N]], PageInfo]:
    """The edges and page info for `window` over `items`."""
    edges = [Edge(cursor=encode_cursor(i), node=wrap(items[i]))
             for i in range(window.start, window.stop)]
    info = PageInfo(
        has_next_page=window.stop < window.total,
        has_previous_page=window.start > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return edges, info


def connection(items: Sequence[M], wrap: Callable[[M], N], sizes: PageSizes,
               first: int | None = None, after: str | None = None, last: int | None = None,
               before: str | None = None) -> Connection[N]:
    """A connection over `items`, wrapping each model into its GraphQL type."""
    edges, info = page(items, wrap, Window.of(len(items), sizes, first, after, last, before))
    return Connection(total_count=len(items), edges=edges, page_info=info)
