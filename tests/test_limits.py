"""The request budget: exact measures of operations against the real schema, so that every
rule of the estimate (lists, pages, fragments, aliases, nesting, introspection) is pinned."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse

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


def test_introspection_lists_count_as_long_as_they_are() -> None:
    types = len(SCHEMA.type_map)
    assert measured("{ __schema { types { name } } }") == Measure(1 + types * 2, 0, 0)
    lengths = introspection_lengths(SCHEMA)
    assert lengths[("__Schema", "types")] == types
    fields = [t.fields for t in SCHEMA.type_map.values() if hasattr(t, "interfaces")]
    assert lengths[("__Type", "fields")] == -(-sum(map(len, fields)) // len(fields))


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
