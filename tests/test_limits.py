"""The request budget: exact measures of operations against the real schema, so that every
rule of the estimate (lists, pages, fragments, aliases, nesting, introspection) is pinned."""

from __future__ import annotations

import math
from typing import Any

import pytest
import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    parse,
)

from graph.limits import (
    UNPAGED_LIST_ESTIMATE,
    Budget,
    ListSizes,
    Measure,
    introspection_lengths,
    measure,
)
from graph.schema import build_schema
from graph.settings import Settings

SCHEMA = build_schema(Settings())._schema
SIZES = ListSizes(page=20, related=5)


def measured(query: str, operation: str | None = None, **variables: Any) -> Measure:
    return measure(SCHEMA, parse(query), operation, variables, SIZES,
                   introspection_lengths(SCHEMA))


@pytest.mark.parametrize("query, variables, expected", [
    # a connection's edges count as its page; each object as itself plus its fields
    ("{ exercises(first: 3) { edges { node { slug } } } }", {}, Measure(10, 3, 0)),
    ("query($n: Int) { exercises(first: $n) { edges { node { slug } } } }", {"n": 7},
     Measure(22, 3, 0)),
    # a missing or non-numeric page size: the default page
    ("query($n: Int) { exercises(first: $n) { edges { node { slug } } } }", {},
     Measure(61, 3, 0)),
    ("{ exercises { totalCount edges { node { slug name } } } }", {}, Measure(82, 3, 0)),
    # a list taking `first`: its `first`, or the related default
    ('{ exercise(slug: "x") { related { progressions { reason } } } }', {},
     Measure(12, 3, 0)),
    ('{ exercise(slug: "x") { related { progressions(first: 50) { reason } } } }', {},
     Measure(102, 3, 0)),
    # other lists: an estimate; scalar lists count their items
    ('{ exercise(slug: "x") { guides { slug } } }', {},
     Measure(1 + UNPAGED_LIST_ESTIMATE * 2, 2, 0)),
    ('{ exercise(slug: "x") { instructions } }', {}, Measure(1 + UNPAGED_LIST_ESTIMATE, 1, 0)),
    # fragments, inline fragments on a union, aliases (counted where they expand)
    ('{ ...F ...F } fragment F on Query { a: exercise(slug: "x") { slug } }', {},
     Measure(4, 1, 2)),
    ('{ search(query: "x") { edges { node { ... on Exercise { slug name } } } } }', {},
     Measure(81, 3, 0)),
    # unknown fields count once (validation reports them)
    ("{ nope { deeper } }", {}, Measure(1, 0, 0)),
])
def test_measures(query: str, variables: dict[str, Any], expected: Measure) -> None:
    assert measured(query, **variables) == expected


def test_the_chosen_operation_is_measured() -> None:
    document = ('query Small { muscles { slug } } '
                'query Large { exercises(first: 100) { edges { node { slug } } } }')
    assert measured(document, "Small") == Measure(2 * UNPAGED_LIST_ESTIMATE, 1, 0)
    assert measured(document, "Large").cost == 301
    assert measured(document) == measured(document, "Small")  # the first, as graphql does
    assert measured("fragment F on Query { muscles { slug } }") == Measure()


def mean_up(counts: list[int]) -> int:
    """The mean of `counts`, rounded up."""
    return math.ceil(sum(counts) / len(counts))


def test_introspection_lists_count_as_long_as_they_are() -> None:
    types = list(SCHEMA.type_map.values())
    assert measured("{ __schema { types { name } } }") == Measure(1 + len(types) * 2, 0, 0)
    with_fields = [t for t in types if isinstance(t, GraphQLObjectType | GraphQLInterfaceType)]
    interfaces = [t for t in types if isinstance(t, GraphQLInterfaceType)]
    directives = SCHEMA.directives
    assert introspection_lengths(SCHEMA) == {
        ("__Schema", "types"): len(types),
        ("__Schema", "directives"): len(directives),
        ("__Type", "fields"): mean_up([len(t.fields) for t in with_fields]),
        ("__Type", "inputFields"): mean_up(
            [len(t.fields) for t in types if isinstance(t, GraphQLInputObjectType)]),
        ("__Type", "enumValues"): mean_up(
            [len(t.values) for t in types if isinstance(t, GraphQLEnumType)]),
        ("__Type", "interfaces"): mean_up([len(t.interfaces) for t in with_fields] +
                                          [0] * (len(types) - len(with_fields))),
        ("__Type", "possibleTypes"): mean_up(
            [len(SCHEMA.get_possible_types(t)) for t in interfaces]),
        ("__Field", "args"): mean_up([len(f.args) for t in with_fields
                                      for f in t.fields.values()]),
        ("__Directive", "args"): mean_up([len(d.args) for d in directives]),
        ("__Directive", "locations"): mean_up([len(d.locations) for d in directives]),
    }
    # Every list is counted at its length, not at the estimate for lists of unknown length.
    assert measured("{ __schema { directives { locations } } }") == Measure(
        1 + len(directives) * (1 + mean_up([len(d.locations) for d in directives])), 0, 0)


def test_fragment_cycles_and_chains_cost_the_document_not_its_expansion() -> None:
    cycle = measured("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
    assert cycle == Measure()
    chain = "{ ...F1 } " + " ".join(
        f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(1, 60)) + \
        " fragment F60 on Query { __typename }"
    assert measured(chain).cost == 2 ** 59


@pytest.mark.parametrize("found, code", [
    (Measure(10, 11, 0), "QUERY_TOO_DEEP"),
    (Measure(10, 10, 41), "TOO_MANY_ALIASES"),
    (Measure(60_001, 10, 40), "QUERY_TOO_COMPLEX"),
])
def test_the_budget_refuses_what_exceeds_it(found: Measure, code: str) -> None:
    budget = Budget(max_cost=60_000, max_depth=10, max_aliases=40, sizes=SIZES)
    assert budget.refusal(Measure(60_000, 10, 40)) is None
    refused = budget.refusal(found)
    assert refused is not None and refused.extensions["code"] == code


def test_refusals_say_what_was_found_and_the_limit() -> None:
    budget = Budget(max_cost=60_000, max_depth=10, max_aliases=40, sizes=SIZES)
    refusals = {
        "deep": budget.refusal(Measure(10, 11, 0)),
        "aliases": budget.refusal(Measure(10, 10, 41)),
        "large": budget.refusal(Measure(60_001, 10, 40)),
        "batch": budget.refusal(Measure(101, 10, 40), earlier=59_900),
    }
    assert {name: (e.message, e.extensions) for name, e in refusals.items() if e} == {
        "deep": ("query too deep: it nests 11 levels below its top fields (the limit is 10)",
                 {"code": "QUERY_TOO_DEEP"}),
        "aliases": ("41 aliases found; the limit is 40", {"code": "TOO_MANY_ALIASES"}),
        "large": ("query too large: it would resolve about 60,001 fields (the limit is 60,000);"
                  " ask for fewer nested lists or smaller pages",
                  {"code": "QUERY_TOO_COMPLEX", "cost": 60_001}),
        "batch": ("batch too large: with the operations before this one it would resolve about "
                  "60,001 fields (the limit for a whole batch is 60,000)",
                  {"code": "QUERY_TOO_COMPLEX", "cost": 101}),
    }
    # A batch may use the whole budget, and what came before does not count against the limits
    # of depth and aliases.
    assert budget.refusal(Measure(100, 10, 40), earlier=59_900) is None


@strawberry.type
class Item:
    n: int


@strawberry.type
class Listing:
    @strawberry.field
    def items(self, first: int = 7) -> list[Item]:
        return [Item(n=n) for n in range(first)]


def test_rules_the_exgraph_schema_does_not_use() -> None:
    """A list declaring a default `first` counts as that default, and a schema without input
    types counts `inputFields` as empty."""
    schema = strawberry.Schema(query=Listing)._schema
    lengths = introspection_lengths(schema)
    found = measure(schema, parse("{ items { n } }"), None, None, SIZES, lengths)
    assert found == Measure(7 * 2, 1, 0)
    assert lengths[("__Type", "inputFields")] == 0
