"""GraphQL types and resolvers for full-text search and suggestions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import strawberry

from content import catalog
from content.model import Kind
from content.store import Store
from search import engine as search_engine

from .context import Info
from .errors import UserInputError
from .filters import ExerciseFacets, exercise_facets
from .interpretation_types import Interpretation
from .nodes import Exercise, Guide, Muscle, mapped
from .pagination import PageInfo, count, decode_cursor, encode_cursor

SearchNode = Annotated[Exercise | Muscle | Guide, strawberry.union(
    "SearchNode", description="A document found by search.")]


@strawberry.type(description="A matched field with the matching words wrapped in <mark>.")
class Highlight:
    field: str
    snippet: str = strawberry.field(description="HTML-escaped text; matches in <mark>…</mark>.")


@strawberry.type(description="One search result.")
class SearchEdge:
    cursor: str
    score: float = strawberry.field(description="Relevance; only comparable within one search.")
    node: SearchNode
    hit: strawberry.Private[search_engine.Hit]

    @strawberry.field(description="Snippets of the fields that matched.")
    def highlights(self) -> list[Highlight]:
        return [Highlight(field=h.field, snippet=h.snippet) for h in self.hit.highlight()]


@strawberry.type(description="Search results, best first.")
class SearchConnection:
    total_count: int
    edges: list[SearchEdge]
    page_info: PageInfo
    did_you_mean: str | None = strawberry.field(
        description="A corrected query, when the query looks misspelt and the correction "
        "finds more.")
    interpretation: Interpretation | None = strawberry.field(
        description="What search understood in the query (filters, goals, body parts, a "
        "relation to a named exercise, slang), or null when it searched the words as typed. "
        "An understood query finds exercises only.")
    exercise_slugs: strawberry.Private[Callable[[], tuple[str, ...]]]

    @strawberry.field(description="Counts over every matching exercise, not just this page.")
    def facets(self, info: Info) -> ExerciseFacets:
        store = info.context.store
        exercises = [store.exercises[s] for s in self.exercise_slugs() if s in store.exercises]
        return exercise_facets(store, exercises)


@strawberry.type(description="A completion for search-as-you-type.")
class Suggestion:
    text: str = strawberry.field(description="The name or alias that matched the prefix.")
    kind: Kind
    node: SearchNode


def _node(store: Store, kind: Kind, slug: str) -> Exercise | Muscle | Guide | None:
    table = {Kind.EXERCISE: store.exercises, Kind.MUSCLE: store.muscles,
             Kind.GUIDE: store.guides}[kind]
    return mapped(table.get(slug))


def _engine(info: Info) -> search_engine.SearchEngine:
    found = info.context.search
    if found is None:
        raise UserInputError("search is not available on this server")
    return found


def resolve_search(info: Info, query: str, types: list[Kind] | None,
                         criteria: catalog.ExerciseFilter, first: int | None,
                         after: str | None) -> SearchConnection:
    sizes = info.context.page_sizes
    limit = sizes.default if first is None else count(first, "first", sizes.maximum)
    offset = decode_cursor(after, "after") + 1 if after else 0
    request = search_engine.SearchRequest(
        text=query, kinds=frozenset(types) if types else frozenset(Kind),
        criteria=criteria, offset=offset, limit=limit)
    results = _engine(info).search(request)
    store = info.context.store
    edges = []
    for position, hit in enumerate(results.hits, offset):
        node = _node(store, hit.kind, hit.slug)
        if node is not None:
            edges.append(SearchEdge(cursor=encode_cursor(position), score=hit.score, node=node,
                                    hit=hit))
    page_info = PageInfo(
        has_next_page=offset + len(results.hits) < results.total,
        has_previous_page=offset > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    understood = results.interpretation
    return SearchConnection(total_count=results.total, edges=edges, page_info=page_info,
                            did_you_mean=results.did_you_mean,
                            interpretation=Interpretation.of(store, understood)
                            if understood else None,
                            exercise_slugs=results.exercise_slugs)


def resolve_suggest(info: Info, prefix: str, first: int = 8) -> list[Suggestion]:
    count(first, "first", info.context.settings.max_suggestions)
    store = info.context.store
    found = []
    for suggestion in _engine(info).suggest(prefix[:200], first):
        node = _node(store, suggestion.kind, suggestion.slug)
        if node is not None:
            found.append(Suggestion(text=suggestion.text, kind=suggestion.kind, node=node))
    return found
