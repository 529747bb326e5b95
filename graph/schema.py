"""The root Query type and the executable schema."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError, specified_rules
from strawberry import relay
from strawberry.extensions import MaskErrors, MaxTokensLimiter, ParserCache
from strawberry.types import ExecutionContext

from content import catalog
from content.model import Kind

from .compiled import compiling
from .context import Info
from .errors import UserInputError
from .execution import BoundedExecutionContext
from .filters import ExerciseFilter, criteria
from .limits import UNPAGED_LIST_ESTIMATE, Budget, ListSizes, admission
from .nodes import Equipment, Exercise, ExerciseConnection, Guide, Muscle, mapped
from .pagination import Connection, connection
from .profile_types import IntensityScale, intensity_scale
from .search_types import SearchConnection, Suggestion, resolve_search, resolve_suggest
from .settings import Settings
from .status_types import ContentChanged, ContentStatus, content_changes, content_status
from .switches import HideSuggestions, validation_rules

logger = logging.getLogger("exgraph")


NODE_TYPES: dict[str, type[Exercise] | type[Muscle] | type[Guide]] = {
    "Exercise": Exercise, "Muscle": Muscle, "Guide": Guide}


@strawberry.type
class Query:
    @strawberry.field(description="Any object by its global id; null if there is none.")
    def node(self, info: Info, id: relay.GlobalID) -> relay.Node | None:
        kind = NODE_TYPES.get(id.type_name)
        if kind is None:
            raise UserInputError(f"`id` is not an id this API issued: {str(id)[:60]!r}", "id")
        return kind.resolve_nodes(info=info, node_ids=[id.node_id])[0]

    @strawberry.field(description="One exercise by slug; null if there is none.")
    def exercise(self, info: Info, slug: str) -> Exercise | None:
        return mapped(info.context.store.exercises.get(slug))

    @strawberry.field(description="Exercises matching `filter`, paged, with facet counts of "
                      "the filtered set.")
    def exercises(self, info: Info, filter: ExerciseFilter | None = None,
                  sort: catalog.ExerciseSort = catalog.ExerciseSort.NAME_ASC,
                  first: int | None = None, after: str | None = None, last: int | None = None,
                  before: str | None = None) -> ExerciseConnection:
        matches = catalog.select(info.context.store, criteria(filter), sort)
        return ExerciseConnection.of(matches, info, first, after, last, before)

    @strawberry.field(description="One muscle group by slug; null if there is none.")
    def muscle(self, info: Info, slug: str) -> Muscle | None:
        return mapped(info.context.store.muscles.get(slug))

    @strawberry.field(description="Every muscle group, in name order.")
    def muscles(self, info: Info) -> list[Muscle]:
        return [mapped(m) for m in info.context.store.muscles.values()]

    @strawberry.field(description="The equipment vocabulary, in name order.")
    def equipment(self, info: Info) -> list[Equipment]:
        return [mapped(e) for e in info.context.store.equipment.values()]

    @strawberry.field(description="One guide by slug; null if there is none.")
    def guide(self, info: Info, slug: str) -> Guide | None:
        return mapped(info.context.store.guides.get(slug))

    @strawberry.field(description="Full-text search over exercises, muscles and guides: "
                      "typos forgiven, gym slang and anatomical names understood. `filter` "
                      "restricts exercise results.")
    def search(self, info: Info, query: str, types: list[Kind] | None = None,
                     filter: ExerciseFilter | None = None, first: int | None = None,
                     after: str | None = None) -> SearchConnection:
        return resolve_search(info, query, types, criteria(filter), first, after)

    @strawberry.field(description="Names and aliases starting with `prefix` (or with a word "
                      "starting with it), best first; cheap enough for every keystroke.")
    def suggest(self, info: Info, prefix: str, first: int = 8) -> list[Suggestion]:
        return resolve_suggest(info, prefix, first)

    @strawberry.field(description="The zones and everyday activities (2011 Compendium of "
                      "Physical Activities) an exercise's intensity is read against.")
    def intensity_scale(self) -> IntensityScale:
        return intensity_scale()

    @strawberry.field(description="The content being served and everything wrong with its "
                      "files, as `exgraph check` would report it now.")
    def content_status(self, info: Info) -> ContentStatus:
        return content_status(info)

    @strawberry.field(description="Guides in title order, paged.")
    def guides(self, info: Info, tag: str | None = None, first: int | None = None,
               after: str | None = None, last: int | None = None,
               before: str | None = None) -> Connection[Guide]:
        guides = [g for g in info.context.store.guides.values() if tag is None or tag in g.tags]
        return connection(guides, mapped, info.context.page_sizes, first, after, last, before)


@strawberry.type
class Subscription:
    @strawberry.subscription(description="Each new version of the content, as it starts being "
                             "served (files edited, added or removed while serving). Over "
                             "Server-Sent Events: GET or POST /graphql with "
                             "`Accept: text/event-stream`.")
    async def content_changed(self, info: Info) -> AsyncGenerator[ContentChanged, None]:
        async for change in content_changes(info):
            yield change


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

    def as_str(self) -> str:
        """The SDL, opening with the schema's description (its request budget)."""
        description = self._schema.description
        if not description:
            return super().as_str()
        roots = "".join(f"  {operation}: {root.name}\n" for operation, root in (
            ("query", self._schema.query_type), ("mutation", self._schema.mutation_type),
            ("subscription", self._schema.subscription_type)) if root is not None)
        return f'"""\n{description}\n"""\nschema {{\n{roots}}}\n\n' + super().as_str()


def describe_budget(settings: Settings) -> str:
    """The per-request limits, as the schema describes them."""
    return (
        f"exgraph: exercises, muscles and guides, with search. Every request is bounded: at "
        f"most {settings.max_depth} levels deep, {settings.max_aliases} aliases and "
        f"{settings.max_tokens:,} tokens, and estimated to resolve at most "
        f"{settings.max_cost:,} fields, counting each list as its `first`/`last` (connections: "
        f"{settings.page_size} items unless asked, at most {settings.max_page_size}; related "
        f"exercises: {settings.related_size}, at most {settings.max_related}) and other lists "
        f"as {UNPAGED_LIST_ESTIMATE} items.")


PARSED_DOCUMENTS_KEPT = 512
PLANS_KEPT = PARSED_DOCUMENTS_KEPT  # a plan is found by its parsed document


def build_schema(settings: Settings) -> Schema:
    """The executable schema, its limits taken from `settings`."""
    budget = Budget(settings.max_cost, settings.max_depth, settings.max_aliases,
                    ListSizes(page=settings.page_size, related=settings.related_size))
    built = Schema(
        query=Query,
        subscription=Subscription,
        execution_context_class=compiling(PLANS_KEPT) if settings.compiled_queries
        else BoundedExecutionContext,
        extensions=[
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            lambda: ParserCache(maxsize=PARSED_DOCUMENTS_KEPT),
            admission(budget, validation_rules(settings, specified_rules), cache_size=512),
            lambda: MaskErrors(should_mask_error=_unexpected,
                               error_message="Unexpected error; it has been logged."),
            *([] if settings.field_suggestions else [HideSuggestions]),
        ],
    )
    built._schema.description = describe_budget(settings)
    return built
