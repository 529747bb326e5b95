"""Search and suggestions over HTTP, on the real imported Free Exercise DB."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest

from content.slugs import slugify
from tests.conftest import GraphQLClient

SEARCH = """
query($q: String!, $types: [SearchKind!], $filter: ExerciseFilter, $first: Int, $after: String) {
  search(query: $q, types: $types, filter: $filter, first: $first, after: $after) {
    totalCount didYouMean
    facets { level { value count } equipment { value count } primaryMuscle { value count } }
    edges { cursor score highlights { field snippet }
            node { __typename ... on Exercise { slug name } ... on Muscle { slug name }
                   ... on Guide { slug title } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def slugs(api: GraphQLClient, query: str, **variables) -> list[str]:
    result = api.data(SEARCH, q=query, types=["EXERCISE"], **variables)["search"]
    return [edge["node"]["slug"] for edge in result["edges"]]


def test_issue_contract(api: GraphQLClient) -> None:
    result = api.data(SEARCH, q="romanian deadlift", types=["EXERCISE"],
                      filter={"level": "INTERMEDIATE"}, first=10)["search"]
    assert result["edges"][0]["node"] == {"__typename": "Exercise",
                                          "slug": "romanian-deadlift",
                                          "name": "Romanian Deadlift"}
    assert result["edges"][0]["highlights"][0] == {
        "field": "name", "snippet": "<mark>Romanian</mark> <mark>Deadlift</mark>"}
    assert result["facets"]["level"] == [{"value": "INTERMEDIATE",
                                          "count": result["totalCount"]}]
    suggest = api.data("""{ suggest(prefix: "kettleb", first: 8) {
        text kind node { __typename ... on Exercise { slug } } } }""")["suggest"]
    assert len(suggest) == 8
    assert all(s["text"].lower().startswith("kettleb") for s in suggest)
    assert {s["kind"] for s in suggest} == {"EXERCISE"}


@pytest.mark.parametrize(("query", "expected"), [
    ("romanian deadlift", "romanian-deadlift"),
    ("good morning", "good-morning"),
    ("plank", "plank"),
    ("deadlfit", "barbell-deadlift"),
    ("kettlebel swings", "one-arm-kettlebell-swings"),
    ("dumbell curl", "dumbbell-bicep-curl"),
    ("squatting", "barbell-squat"),
    ("push ups", "pushups"),
    ("pushup", "pushups"),
    ("push-up", "pushups"),
    ("childs pose", "childs-pose"),
    ("child's pose", "childs-pose"),
    ("skull crushers", "ez-bar-skullcrusher"),
    ("skullcrusher", "ez-bar-skullcrusher"),
    ("rdl", "romanian-deadlift"),
    ("lie face down and lift your arms and legs", "superman"),
])
def test_best_hit(api: GraphQLClient, query: str, expected: str) -> None:
    assert slugs(api, query, first=2)[0] == expected


def test_word_forms_meet(api: GraphQLClient) -> None:
    assert slugs(api, "push ups", first=5) == slugs(api, "push-ups", first=5)
    turkish = {"kettlebell-turkish-get-up-squat-style", "kettlebell-turkish-get-up-lunge-style"}
    for spelling in ("get up", "getup", "get-up"):
        assert set(slugs(api, spelling, first=2)) == turkish, spelling


def test_anatomical_names_find_the_muscle_group(api: GraphQLClient, upstream) -> None:
    lower_back = {slugify(r["name"]) for r in upstream if "lower back" in r["primaryMuscles"]}
    found = slugs(api, "erector spinae", first=27)
    assert set(found) == lower_back
    chest = {slugify(r["name"]) for r in upstream if "chest" in r["primaryMuscles"]}
    assert set(slugs(api, "pecs", first=20)) <= chest


def test_name_outweighs_body(api: GraphQLClient) -> None:
    found = slugs(api, "superman", first=10)
    assert found[0] == "superman"
    result = api.data(SEARCH, q="superman", types=["EXERCISE"], first=3)["search"]
    assert result["edges"][0]["score"] > result["edges"][1]["score"]


def test_filters_apply_inside_search_with_facets(api: GraphQLClient, upstream) -> None:
    result = api.data(SEARCH, q="deadlift", types=["EXERCISE"],
                      filter={"equipment": "barbell"}, first=100)["search"]
    found = [edge["node"]["slug"] for edge in result["edges"]]
    by_slug = {slugify(r["name"]): r for r in upstream}
    assert found and all(by_slug[s]["equipment"] == "barbell" for s in found)
    assert result["totalCount"] == len(found)
    levels = Counter(by_slug[s]["level"].upper() for s in found)
    assert {f["value"]: f["count"] for f in result["facets"]["level"]} == dict(levels)
    muscles = Counter(slugify(m) for s in found for m in by_slug[s]["primaryMuscles"])
    assert {f["value"]: f["count"] for f in result["facets"]["primaryMuscle"]} == dict(muscles)


def test_types_select_kinds(api: GraphQLClient) -> None:
    result = api.data(SEARCH, q="lower back", types=["MUSCLE"])["search"]
    assert result["edges"][0]["node"] == {"__typename": "Muscle", "slug": "lower-back",
                                          "name": "Lower Back"}
    assert {e["node"]["__typename"] for e in result["edges"]} == {"Muscle"}


def test_did_you_mean(api: GraphQLClient) -> None:
    result = api.data(SEARCH, q="dumbell curl", types=["EXERCISE"])["search"]
    assert result["didYouMean"] == "dumbbell curl"
    assert api.data(SEARCH, q="dumbbell curl", types=["EXERCISE"])["search"]["didYouMean"] \
        is None


def test_paging_through_search(api: GraphQLClient) -> None:
    first = api.data(SEARCH, q="press", types=["EXERCISE"], first=10)["search"]
    assert first["pageInfo"]["hasNextPage"]
    second = api.data(SEARCH, q="press", types=["EXERCISE"], first=10,
                      after=first["pageInfo"]["endCursor"])["search"]
    one = [e["node"]["slug"] for e in first["edges"]]
    two = [e["node"]["slug"] for e in second["edges"]]
    assert len(two) == 10 and not set(one) & set(two)
    assert "between 0 and 100" in api.error(SEARCH, q="press", first=500)


@pytest.mark.parametrize("query", [
    "", "   ", "!!! ??? ...", "x" * 10_000, "squat " * 2000, "*", "?", "*lift", "dead*",
    "AND", "OR NOT", "name:squat", 'squat "unbalanced', "((curl", "curl)]}", "\\", "\x00",
    "腹筋 トレーニング", "приседания", "💪🏋️", "field:*a*b*c*d*e*", "~2 ^3 [a TO z]",
])
def test_odd_input_never_fails_nor_takes_seconds(api: GraphQLClient, query: str) -> None:
    started = time.perf_counter()
    result = api.data(SEARCH, q=query)["search"]
    assert time.perf_counter() - started < 2.0
    assert result["totalCount"] == len(result["edges"]) or result["pageInfo"]["hasNextPage"]
    assert api.data("query($p: String!) { suggest(prefix: $p) { text } }", p=query[:300])


def test_when_no_document_has_enough_of_the_words_the_closest_ones_come_back(
        api: GraphQLClient) -> None:
    # No exercise is both a superman and a kettlebell movement: rather than nothing, the
    # documents matching one of the words, each kind represented near the top.
    found = slugs(api, "superman kettlebell", first=5)
    assert "superman" in found
    assert any("kettlebell" in slug for slug in found)


def test_empty_query_finds_nothing(api: GraphQLClient) -> None:
    assert api.data(SEARCH, q="   ")["search"]["totalCount"] == 0


@pytest.mark.parametrize("prefix", ["s", "p", "c"])
def test_suggest_ranks_every_match_of_a_short_prefix(api: GraphQLClient, prefix: str,
                                                     upstream: list[dict[str, Any]]) -> None:
    # Exercise names starting with the prefix come first, shortest first.
    names = [r["name"] for r in upstream if r["name"].lower().startswith(prefix)]
    expected = sorted(names, key=lambda name: (len(name), name.casefold()))[:8]
    found = api.data("query($p: String!) { suggest(prefix: $p, first: 8) { text } }",
                     p=prefix)["suggest"]
    assert [s["text"] for s in found] == expected


def test_suggest_matches_word_starts_best_first(api: GraphQLClient) -> None:
    found = api.data('{ suggest(prefix: "deadl", first: 10) { text } }')["suggest"]
    texts = [s["text"] for s in found]
    assert texts and all(any(w.lower().startswith("deadl") for w in t.replace("-", " ").split())
                         for t in texts)
    starts = [t.lower().startswith("deadl") for t in texts]
    assert starts == sorted(starts, reverse=True), "whole-name matches come first"
    muscles = api.data('{ suggest(prefix: "erector") { kind node { ... on Muscle { slug } } } }')
    assert muscles["suggest"][0] == {"kind": "MUSCLE", "node": {"slug": "lower-back"}}
    assert "between 0 and 20" in api.error('{ suggest(prefix: "a", first: 50) { text } }')
