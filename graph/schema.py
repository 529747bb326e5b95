"""The root Query type and the executable schema."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from content import catalog

from .context import Info
from .enums import Category, ExerciseSort, Force, Level, Mechanic
from .limits import QueryCostLimiter
from .nodes import Equipment, Exercise, ExerciseConnection, Guide, Muscle
from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Connection, connection
from .search_types import SearchConnection, SearchKind, Suggestion, resolve_search, resolve_suggest

logger = logging.getLogger("exgraph")
MAX_DEPTH = 10
MAX_TOKENS = 4000
MAX_ALIASES = 40


@strawberry.input(description="Conditions on exercises; every field is optional and they "
                  "combine with AND.")
class ExerciseFilter:
    level: Level | None = None
    category: Category | None = None
    equipment: str | None = strawberry.field(default=None, description="Equipment slug.")
    force: Force | None = None
    mechanic: Mechanic | None = None
    primary_muscle: str | None = strawberry.field(default=None, description="Muscle slug that "
                                                  "must be a primary mover.")
    muscle: str | None = strawberry.field(default=None, description="Muscle slug worked as "
                                          "primary or secondary.")

    def to_criteria(self) -> catalog.ExerciseFilter:
        return catalog.ExerciseFilter(
            level=self.level, category=self.category, equipment=self.equipment,
            force=self.force, mechanic=self.mechanic, primary_muscle=self.primary_muscle,
            muscle=self.muscle)


@strawberry.type
class Query:
    node: relay.Node | None = relay.node(description="Any object by its global id.")

    @strawberry.field(description="One exercise by slug; null if there is none.")
    def exercise(self, info: Info, slug: str) -> Exercise | None:
        found = info.context.store.exercises.get(slug)
        return Exercise.of(found) if found else None

    @strawberry.field(description=f"Exercises matching `filter`, paged ({DEFAULT_PAGE_SIZE} by "
                      f"default, at most {MAX_PAGE_SIZE} per page), with facet counts of the "
                      "filtered set.")
    def exercises(self, info: Info, filter: ExerciseFilter | None = None,
                  sort: ExerciseSort = ExerciseSort.NAME_ASC, first: int | None = None,
                  after: str | None = None, last: int | None = None,
                  before: str | None = None) -> ExerciseConnection:
        criteria = filter.to_criteria() if filter else catalog.ExerciseFilter()
        matches = catalog.select(info.context.store, criteria, sort)
        return ExerciseConnection.of(matches, first, after, last, before)

    @strawberry.field(description="One muscle group by slug; null if there is none.")
    def muscle(self, info: Info, slug: str) -> Muscle | None:
        found = info.context.store.muscles.get(slug)
        return Muscle.of(found) if found else None

    @strawberry.field(description="Every muscle group, in name order.")
    def muscles(self, info: Info) -> list[Muscle]:
        return [Muscle.of(m) for m in info.context.store.muscles.values()]

    @strawberry.field(description="The equipment vocabulary, in name order.")
    def equipment(self, info: Info) -> list[Equipment]:
        return [Equipment.of(e) for e in info.context.store.equipment.values()]

    @strawberry.field(description="One guide by slug; null if there is none.")
    def guide(self, info: Info, slug: str) -> Guide | None:
        found = info.context.store.guides.get(slug)
        return Guide.of(found) if found else None

    @strawberry.field(description="Full-text search over exercises, muscles and guides: "
                      "typos forgiven, gym slang and anatomical names understood. `filter` "
                      "restricts exercise results; `first` is at most 100.")
    async def search(self, info: Info, query: str, types: list[SearchKind] | None = None,
                     filter: ExerciseFilter | None = None, first: int | None = None,
                     after: str | None = None) -> SearchConnection:
        return await resolve_search(info, query, types, filter.to_criteria() if filter else None,
                                    first, after)

    @strawberry.field(description="Names and aliases starting with `prefix` (or with a word "
                      "starting with it), best first; cheap enough for every keystroke.")
    def suggest(self, info: Info, prefix: str, first: int = 8) -> list[Suggestion]:
        return resolve_suggest(info, prefix, first)

    @strawberry.field(description="Guides in title order, paged.")
    def guides(self, info: Info, tag: str | None = None, first: int | None = None,
               after: str | None = None, last: int | None = None,
               before: str | None = None) -> Connection[Guide]:
        guides = [g for g in info.context.store.guides.values() if tag is None or tag in g.tags]
        return connection(guides, Guide.of, first, after, last, before)


# Built once so the rule classes stay the same objects across requests: the validation cache
# is keyed by them, and fresh limiter instances per request would defeat it.
LIMIT_RULES = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)

def _unexpected(error: GraphQLError) -> bool:
    """An error not raised on purpose for the client: its details stay in the server log."""
    return error.original_error is not None and \
        not isinstance(error.original_error, GraphQLError)


class Schema(strawberry.Schema):
    """Logs client mistakes briefly and unexpected failures with their traceback."""

    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            if _unexpected(error):
                logger.error("unexpected error at %s", error.path, exc_info=error.original_error)
            else:
                logger.info("request error: %s", error.message)


schema = Schema(
    query=Query,
    extensions=[
        lambda: AddValidationRules(list(LIMIT_RULES)),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        QueryCostLimiter,
        lambda: MaskErrors(should_mask_error=_unexpected,
                           error_message="Unexpected error; it has been logged."),
    ],
)
