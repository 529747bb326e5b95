"""Refuse queries whose answer would be huge before running them.

Depth and alias limits stop the obvious abuse; this adds a cost estimate: every selected
field counts once per object it would be resolved on, lists multiply by their page size
(`first`/`last`, or the default page size) or, for unpaged lists, by a typical length.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension

from .pagination import DEFAULT_PAGE_SIZE

MAX_COST = 60_000
UNPAGED_LIST_LENGTH = 10


class _Estimate:
    def __init__(self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode],
                 variables: Mapping[str, Any]) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def _argument(self, field: FieldNode, names: tuple[str, ...]) -> int | None:
        for argument in field.arguments or ():
            if argument.name.value in names:
                node = argument.value
                value = self.variables.get(node.name.value) if isinstance(node, VariableNode) \
                    else getattr(node, "value", None)
                try:
                    return int(value) if value is not None else None
                except (TypeError, ValueError):
                    return None
        return None

    def _fields(self, selections: SelectionSetNode, seen: frozenset[str]
                ) -> Iterator[tuple[FieldNode, frozenset[str]]]:
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                yield selection, seen
            elif isinstance(selection, InlineFragmentNode):
                yield from self._fields(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    yield from self._fields(fragment.selection_set, seen | {name})

    def cost(self, parent: GraphQLNamedType, selections: SelectionSetNode | None,
             page: int = DEFAULT_PAGE_SIZE, seen: frozenset[str] = frozenset()) -> int:
        """Objects and fields resolved for one `parent` object."""
        if selections is None:
            return 0
        total = 0
        for field, fragments_seen in self._fields(selections, seen):
            total += 1
            definition = (parent.fields.get(field.name.value)
                          if isinstance(parent, GraphQLObjectType) else None)
            if definition is None:
                child_type = self._any_type(field.name.value)
                if child_type is None:
                    continue
                field_type = child_type
            else:
                field_type = definition.type
            while isinstance(field_type, GraphQLNonNull):
                field_type = field_type.of_type
            requested = self._argument(field, ("first", "last"))
            child_page = requested if requested is not None else page
            times = 1
            if isinstance(field_type, GraphQLList):
                times = page if field.name.value == "edges" else UNPAGED_LIST_LENGTH
            named = get_named_type(field_type)
            total += times * self.cost(named, field.selection_set,
                                       child_page if requested is not None
                                       else DEFAULT_PAGE_SIZE, fragments_seen)
        return total

    def _any_type(self, name: str) -> Any:
        """For fields on interfaces and unions: the field's type on any object having it."""
        for graphql_type in self.schema.type_map.values():
            if isinstance(graphql_type, GraphQLObjectType) and name in graphql_type.fields:
                return graphql_type.fields[name].type
        return None


def estimate_cost(schema: GraphQLSchema, document: Any, operation_name: str | None,
                  variables: Mapping[str, Any] | None) -> int:
    """The estimated number of fields resolved to answer `operation_name` of `document`."""
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next((o for o in operations if o.name and o.name.value == operation_name),
                  operations[0] if operations else None)
    if chosen is None or schema.query_type is None:
        return 0
    return _Estimate(schema, fragments, variables or {}).cost(schema.query_type,
                                                              chosen.selection_set)


class QueryCostLimiter(SchemaExtension):
    """Turns away operations estimated to resolve more than MAX_COST fields."""

    def on_validate(self) -> Iterator[None]:
        # Runs before Strawberry's own validation step, after the validation cache (list
        # this extension last): errors set here make Strawberry skip straight to them.
        context = self.execution_context
        if not context.pre_execution_errors and context.graphql_document is not None:
            cost = estimate_cost(context.schema._schema, context.graphql_document,
                                 context.operation_name, context.variables)
            if cost > MAX_COST:
                context.pre_execution_errors = [GraphQLError(
                    f"query too large: it would resolve about {cost:,} fields (the limit "
                    f"is {MAX_COST:,}); ask for fewer nested lists or smaller pages",
                    extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost})]
        yield
