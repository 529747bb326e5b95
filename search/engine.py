"""The search interface the rest of exgraph depends on, independent of any engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from content.catalog import ExerciseFilter
from content.model import Kind


@dataclass(frozen=True, slots=True)
class SearchRequest:
    text: str
    kinds: frozenset[Kind] = frozenset(Kind)
    criteria: ExerciseFilter = field(default_factory=ExerciseFilter)
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True, slots=True)
class Highlight:
    """A matched field's text, HTML-escaped, with the matches in <mark>…</mark>."""

    field: str
    snippet: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked result; its highlights are computed only when asked for."""

    kind: Kind
    slug: str
    score: float
    highlight: Callable[[], tuple[Highlight, ...]] = field(default=tuple, compare=False)


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of hits; the slugs of every matching exercise (for facets) are listed only
    when asked for."""

    total: int
    hits: tuple[Hit, ...]
    exercise_slugs: Callable[[], tuple[str, ...]] = field(default=tuple, compare=False)
    did_you_mean: str | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    kind: Kind
    slug: str


class SearchEngine(Protocol):
    """What an index over one content snapshot can answer."""

    version: str

    def search(self, request: SearchRequest) -> SearchResults:
        """Ranked hits for the request, plus the slugs of every matching exercise."""
        ...

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        """Names and aliases starting with `prefix` (or with a word starting with it)."""
        ...

