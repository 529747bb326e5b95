"""What every resolver of one request can see: one content snapshot and the search service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from strawberry.types import Info as StrawberryInfo

from content.store import Store

if TYPE_CHECKING:
    from search.engine import SearchEngine


@dataclass(frozen=True, slots=True)
class Context:
    """Captured once per request, so a whole response comes from a single snapshot."""

    store: Store
    search: SearchEngine | None = None


Info = StrawberryInfo[Context, None]
