"""Refuse operations whose answer would be huge before running them.

Each operation is measured before it is validated: its nesting depth, its aliases and an
estimate of its cost, where every selected field counts once per object it would be
resolved on. A list counts as many items
as its `first`/`last` asks for, or its default page when it has one; connection edges as
their connection's page; other lists as UNPAGED_LIST_ESTIMATE items; introspection lists as
long as they are on average in this schema. The estimate visits each selection set once per
page size (fragments included), so its cost grows with the document, never with what the
document multiplies out to.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    validate,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef
from strawberry.extensions import SchemaExtension

from .cache import LRUCache

UNPAGED_LIST_ESTIMATE = 20
_META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef,
                "__typename": TypeNameMetaFieldDef}


@dataclass(frozen=True, slots=True)
class ListSizes:
    """How many items lists hold when a request does not say."""

    page: int  # a connection's page
    related: int  # a list taking `first`, such as related exercises


def introspection_lengths(schema: GraphQLSchema) -> dict[tuple[str, str], int]:
    """The average length, rounded up, of each list the introspection types return."""
    types = list(schema.type_map.values())
    fields = [f for t in types if isinstance(t, GraphQLObjectType | GraphQLInterfaceType)
              for f in t.fields.values()]

    def mean(counts: list[int]) -> int:
        return -(-sum(counts) // len(counts)) if counts else 0

    return {
        ("__Schema", "types"): len(types),
        ("__Schema", "directives"): len(schema.directives),
        ("__Type", "fields"): mean([len(t.fields) for t in types
                                    if isinstance(t, GraphQLObjectType | GraphQLInterfaceType)]),
        ("__Type", "inputFields"): mean([len(t.fields) for t in types
                                         if hasattr(t, "fields") and not isinstance(
                                             t, GraphQLObjectType | GraphQLInterfaceType)]),
        ("__Type", "enumValues"): mean([len(getattr(t, "values", {})) for t in types
                                        if hasattr(t, "values")]),
        ("__Type", "interfaces"): mean([len(getattr(t, "interfaces", ())) for t in types]),
        ("__Type", "possibleTypes"): mean([len(schema.get_possible_types(t)) for t in types
                                           if isinstance(t, GraphQLInterfaceType)] or [0]),
        ("__Field", "args"): mean([len(f.args) for f in fields]),
        ("__Directive", "args"): mean([len(d.args) for d in schema.directives]),
        ("__Directive", "locations"): mean([len(d.locations) for d in schema.directives]),
    }


@dataclass(frozen=True, slots=True)
class Measure:
    """What answering a selection would take: fields resolved, nesting and aliases."""

    cost: int = 0
    depth: int = 0  # field levels below the selection's own fields
    aliases: int = 0

    def __add__(self, other: Measure) -> Measure:
        return Measure(self.cost + other.cost, max(self.depth, other.depth),
                       self.aliases + other.aliases)


class Estimate:
    """Measures one operation, visiting each selection set once per page size."""

    def __init__(self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode],
                 variables: Mapping[str, Any], sizes: ListSizes,
                 introspection: Mapping[tuple[str, str], int]) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.sizes = sizes
        self.introspection = introspection
        self._memo: dict[tuple[str, int, int], Measure] = {}
        self._active: set[tuple[str, int, int]] = set()

    def selections(self, parent: GraphQLNamedType, selections: SelectionSetNode,
                   page: int) -> Measure:
        """The measure of `selections` on one `parent` object whose page is `page`."""
        key = (parent.name, id(selections), page)
        if key in self._memo:
            return self._memo[key]
        if key in self._active:  # a fragment cycle: validation refuses it afterwards
            return Measure()
        self._active.add(key)
        total = Measure()
        for kind, node in self._flatten(parent, selections):
            total += self.selections(kind, node, page) if isinstance(node, SelectionSetNode) \
                else self.field(kind, node, page)
        self._active.discard(key)
        self._memo[key] = total
        return total
    def _flatten(self, parent: GraphQLNamedType, selections: SelectionSetNode
                 ) -> Iterator[tuple[GraphQLNamedType, FieldNode | SelectionSetNode]]:
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                yield parent, selection
            elif isinstance(selection, InlineFragmentNode):
                yield self._condition(selection.type_condition, parent), \
                    selection.selection_set
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    yield self._condition(fragment.type_condition, parent), \
                        fragment.selection_set

    def _condition(self, condition: Any, parent: GraphQLNamedType) -> GraphQLNamedType:
        found = self.schema.get_type(condition.name.value) if condition else None
        return found or parent

    def field(self, parent: GraphQLNamedType, node: FieldNode, page: int) -> Measure:
        aliases = 1 if node.alias else 0
        definition = self._definition(parent, node.name.value)
        if definition is None:  # unknown field: validation reports it
            return Measure(1, 0, aliases)
        field_type: GraphQLOutputType = definition.type
        while isinstance(field_type, GraphQLNonNull):
            field_type = field_type.of_type
        requested = self._requested(node)
        times = 1
        if isinstance(field_type, GraphQLList):
            times = self._length(parent, node, definition, requested, page)
        if node.selection_set is None:
            return Measure(times, 0, aliases)
        child_page = requested if requested is not None else self.sizes.page
        inner = self.selections(get_named_type(field_type), node.selection_set, child_page)
        # Introspection nests as deep as type references go; only its cost is limited.
        depth = 0 if node.name.value.startswith("__") else inner.depth + 1
        return Measure(times * (1 + inner.cost), depth, aliases + inner.aliases)

    def _length(self, parent: GraphQLNamedType, node: FieldNode, definition: GraphQLField,
                requested: int | None, page: int) -> int:
        """How many items the list field `node` is counted as."""
        if node.name.value == "edges":
            return page
        if requested is not None:
            return requested
        if "first" in definition.args:
            default = definition.args["first"].default_value
            return default if isinstance(default, int) else self.sizes.related
        return self.introspection.get((parent.name, node.name.value), UNPAGED_LIST_ESTIMATE)

    def _definition(self, parent: GraphQLNamedType, name: str) -> GraphQLField | None:
        if name in _META_FIELDS:
            return _META_FIELDS[name]
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return parent.fields.get(name)
        return None

    def _requested(self, node: FieldNode) -> int | None:
        """The field's `first` or `last`, when the request gives a whole number."""
        for argument in node.arguments or ():
            if argument.name.value not in ("first", "last"):
                continue
            value = argument.value
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, int) and not isinstance(given, bool):
                    return max(given, 0)
            elif isinstance(value, IntValueNode):
                return max(int(value.value), 0)
        return None


def measure(schema: GraphQLSchema, document: Any, operation_name: str | None,
            variables: Mapping[str, Any] | None, sizes: ListSizes,
            introspection: Mapping[tuple[str, str], int]) -> Measure:
    """The estimated fields resolved, nesting and aliases of `operation_name` in `document`."""
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next((o for o in operations if o.name and o.name.value == operation_name),
                  operations[0] if operations else None)
    root = schema.get_root_type(chosen.operation) if chosen else None
    if chosen is None or root is None:
        return Measure()
    estimate = Estimate(schema, fragments, variables or {}, sizes, introspection)
    return estimate.selections(root, chosen.selection_set, sizes.page)


@dataclass(frozen=True, slots=True)
class Budget:
    """What one operation may take."""

    max_cost: int
    max_depth: int
    max_aliases: int
    sizes: ListSizes

    def refusal(self, found: Measure, earlier: int = 0) -> GraphQLError | None:
        """Why an operation measuring `found` is refused, if it is; `earlier` is the cost of
        the operations before it in the same batch."""
        if found.depth > self.max_depth:
            return GraphQLError(f"query too deep: it nests {found.depth} levels below its "
                                f"top fields (the limit is {self.max_depth})",
                                extensions={"code": "QUERY_TOO_DEEP"})
        if found.aliases > self.max_aliases:
            return GraphQLError(f"{found.aliases} aliases found; the limit is "
                                f"{self.max_aliases}", extensions={"code": "TOO_MANY_ALIASES"})
        if earlier and earlier + found.cost > self.max_cost:
            return GraphQLError(
                f"batch too large: with the operations before this one it would resolve about "
                f"{earlier + found.cost:,} fields (the limit for a whole batch is "
                f"{self.max_cost:,})", extensions={"code": "QUERY_TOO_COMPLEX",
                                                   "cost": found.cost})
        if found.cost > self.max_cost:
            return GraphQLError(
                f"query too large: it would resolve about {found.cost:,} fields (the limit "
                f"is {self.max_cost:,}); ask for fewer nested lists or smaller pages",
                extensions={"code": "QUERY_TOO_COMPLEX", "cost": found.cost})
        return None


@dataclass(slots=True)
class _Spent:
    cost: int = 0


_batch: ContextVar[_Spent | None] = ContextVar("exgraph_batch", default=None)


@contextlib.contextmanager
def one_budget() -> Iterator[None]:
    """Operations admitted within this block (in this thread) share one cost budget: a
    batch's estimated costs add up against `max_cost`."""
    token = _batch.set(_Spent())
    try:
        yield
    finally:
        _batch.reset(token)


def admission(budget: Budget, rules: Sequence[type[ASTValidationRule]],
              cache_size: int) -> type[SchemaExtension]:
    """A schema extension that measures each operation against `budget` before anything
    else looks at it (so refusing costs time linear in the document), then validates it
    with `rules`. Verdicts are remembered for the last `cache_size` parsed documents (the
    parser cache hands the same document object back for the same text), by identity."""
    verdicts: LRUCache[tuple[DocumentNode, Measure, list[GraphQLError]]] = LRUCache(
        cache_size, cache_size, 1)

    @functools.cache
    def lengths(schema: GraphQLSchema) -> dict[tuple[str, str], int]:
        return introspection_lengths(schema)

    def verdict(schema: GraphQLSchema, document: DocumentNode, operation: str | None,
                variables: dict[str, Any] | None) -> tuple[Measure, list[GraphQLError]]:
        """The operation's measure and, on its own, why it is refused or invalid."""
        # Only whole-number variables (`first`, `last`) change the measure.
        counts = tuple(sorted((name, value) for name, value in (variables or {}).items()
                              if isinstance(value, int) and not isinstance(value, bool)))
        key = (id(schema), id(document), operation, counts)
        known = verdicts.get(key)
        if known is not None and known[0] is document:
            return known[1], list(known[2])
        try:
            found = measure(schema, document, operation, variables, budget.sizes,
                            lengths(schema))
        except RecursionError:
            found = Measure(budget.max_cost + 1, budget.max_depth + 1)
        refused = budget.refusal(found)
        errors = [refused] if refused else validate(schema, document, rules)
        verdicts.put(key, (document, found, errors), 1)
        return found, list(errors)

    class Admission(SchemaExtension):
        def on_validate(self) -> Iterator[None]:
            context = self.execution_context
            if not context.pre_execution_errors and context.graphql_document is not None:
                found, errors = verdict(context.schema._schema, context.graphql_document,
                                        context.operation_name, context.variables)
                spent = _batch.get()
                if spent is not None and not errors:
                    refused = budget.refusal(found, spent.cost)
                    if refused is None:
                        spent.cost += found.cost
                    else:
                        errors = [refused]
                context.pre_execution_errors = errors
            yield

    return Admission
