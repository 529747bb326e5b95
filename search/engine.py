"""The search interface the rest of exgraph depends on, independent of any engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from content.catalog import ExerciseFilter
from content.model import Kind
from content.vocabulary import FocusKind, RelationKind


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
class UnderstoodFilter:
    """Query words read as a restriction: exercises with one of `values` for `facet` (or,
    when `unlisted`, with no value for it), but those whose names hold an `avoid` word."""

    facet: str
    values: tuple[str, ...]
    label: str
    text: str
    unlisted: bool = False
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnderstoodFocus:
    """Query words read as a goal or condition, or as a body part."""

    kind: FocusKind
    label: str
    text: str
    muscles: tuple[str, ...] = ()
    exercise: str | None = None  # the exercise whose muscles a goal works ("warm up before")


@dataclass(frozen=True, slots=True)
class UnderstoodRelation:
    """Query words asking for exercises related to `exercise` (a slug)."""

    kind: RelationKind
    exercise: str
    text: str


@dataclass(frozen=True, slots=True)
class Expansion:
    """Slang or an abbreviation, and the words searched for it."""

    text: str
    means: str


@dataclass(frozen=True, slots=True)
class Interpretation:
    """What search understood in a query; `terms` are the words it searched as text."""

    filters: tuple[UnderstoodFilter, ...] = ()
    focuses: tuple[UnderstoodFocus, ...] = ()
    relation: UnderstoodRelation | None = None
    expansions: tuple[Expansion, ...] = ()
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of hits; the slugs of every matching exercise (for facets) are listed only
    when asked for. `interpretation` is None when the query was searched as typed."""

    total: int
    hits: tuple[Hit, ...]
    exercise_slugs: Callable[[], tuple[str, ...]] = field(default=tuple, compare=False)
    did_you_mean: str | None = None
    interpretation: Interpretation | None = None


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

