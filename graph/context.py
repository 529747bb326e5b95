"""What every resolver of one request can see: one content snapshot, its search engine and
the settings it is served with."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graphql import GraphQLError
from strawberry.types import Info as StrawberryInfo

from content.loader import LoadResult
from content.store import Store

from .pagination import PageSizes
from .settings import Settings

if TYPE_CHECKING:
    from search.engine import SearchEngine

    from .live import ChangeFeed


class Deadline:
    """When a request must be finished by (a monotonic clock time)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def check(self) -> None:
        """Stop the request if its time is up."""
        if time.monotonic() > self.at:
            raise GraphQLError(
                f"the request ran past its {self.seconds:g} s budget and was stopped; ask for "
                "fewer or smaller lists", extensions={"code": "REQUEST_TIMEOUT"})


@dataclass(frozen=True, slots=True)
class Context:
    """Captured once per request, so a whole response comes from a single snapshot."""

    store: Store
    settings: Settings
    search: SearchEngine | None = None
    deadline: Deadline | None = None
    loaded: LoadResult | None = None
    root: Path = Path()
    feed: ChangeFeed | None = None

    @property
    def page_sizes(self) -> PageSizes:
        return PageSizes(self.settings.page_size, self.settings.max_page_size)


Info = StrawberryInfo[Context, None]
