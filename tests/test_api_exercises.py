"""The exercises API over the imported Free Exercise DB, checked against exercises.json."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from content.slugs import slugify
from tests.conftest import GraphQLClient

EXERCISES = """
query($filter: ExerciseFilter, $first: Int, $after: String, $sort: ExerciseSort) {
  exercises(filter: $filter, first: $first, after: $after, sort: $sort) {
    totalCount
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    facets {
      level { value count } category { value count } equipment { value count }
      primaryMuscle { value count } force { value count } mechanic { value count }
    }
  }
}"""

FILTERS: list[tuple[str, str, Any]] = [
    ("level", "level", "BEGINNER"),
    ("level", "level", "EXPERT"),
    ("category", "category", "STRETCHING"),
    ("category", "category", "OLYMPIC_WEIGHTLIFTING"),
    ("equipment", "equipment", "foam-roll"),
    ("equipment", "equipment", "e-z-curl-bar"),
    ("force", "force", "STATIC"),
    ("mechanic", "mechanic", "COMPOUND"),
    ("primaryMuscle", "primaryMuscles", "lower-back"),
    ("muscle", "muscles", "glutes"),
]


def upstream_value(record: dict[str, Any], field: str) -> set[str]:
    """The record's values for one filter field, in the API's vocabulary."""
    if field == "muscles":
        return {slugify(m) for m in record["primaryMuscles"] + record["secondaryMuscles"]}
    if field == "primaryMuscles":
        return {slugify(m) for m in record["primaryMuscles"]}
    value = record.get(field)
    if value is None:
        return set()
    return {slugify(value) if field == "equipment" else value.upper().replace(" ", "_")}


def expected_slugs(upstream: list[dict[str, Any]], conditions: dict[str, str]) -> set[str]:
    fields = {api: field for api, field, _ in FILTERS}
    return {slugify(r["name"]) for r in upstream
            if all(value in upstream_value(r, fields[key]) for key, value in conditions.items())}


def all_pages(api: GraphQLClient, **variables: Any) -> list[str]:
    slugs: list[str] = []
    after = None
    while True:
        page = api.data(EXERCISES, first=100, after=after, **variables)["exercises"]
        slugs += [edge["node"]["slug"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return slugs
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize(("key", "field", "value"), FILTERS)
def test_each_filter_matches_independent_count(api: GraphQLClient, upstream, key, field,
                                                value) -> None:
    expected = expected_slugs(upstream, {key: value})
    assert expected, "the filter value should select something"
    result = api.data(EXERCISES, filter={key: value}, first=1)["exercises"]
    assert result["totalCount"] == len(expected)
    assert set(all_pages(api, filter={key: value})) == expected


def test_lower_back_has_27_primary_exercises(api: GraphQLClient) -> None:
    result = api.data(EXERCISES, filter={"primaryMuscle": "lower-back"})["exercises"]
    assert result["totalCount"] == 27


def test_the_issue_example_filter_combines_all_conditions(api: GraphQLClient, upstream) -> None:
    conditions = {"level": "BEGINNER", "category": "STRETCHING", "equipment": "foam-roll",
                  "force": "STATIC", "mechanic": "COMPOUND", "primaryMuscle": "lower-back",
                  "muscle": "lower-back"}
    result = api.data(EXERCISES, filter=conditions, sort="NAME_ASC", first=50)["exercises"]
    assert {e["node"]["slug"] for e in result["edges"]} == expected_slugs(upstream, conditions)


@pytest.mark.parametrize("conditions", [
    {"level": "BEGINNER", "equipment": "body-only"},
    {"category": "STRENGTH", "muscle": "glutes", "force": "PUSH"},
    {"primaryMuscle": "hamstrings", "equipment": "kettlebells", "mechanic": "COMPOUND"},
])
def test_combined_filters(api: GraphQLClient, upstream, conditions) -> None:
    expected = expected_slugs(upstream, conditions)
    assert set(all_pages(api, filter=conditions)) == expected


def test_facets_describe_the_filtered_set(api: GraphQLClient, upstream) -> None:
    facets = api.data(EXERCISES, filter={"muscle": "glutes"}, first=1)["exercises"]["facets"]
    chosen = [r for r in upstream
              if "glutes" in r["primaryMuscles"] + r["secondaryMuscles"]]
    level = Counter(r["level"].upper() for r in chosen)
    assert {f["value"]: f["count"] for f in facets["level"]} == dict(level)
    equipment = Counter(slugify(r["equipment"]) for r in chosen if r["equipment"])
    assert {f["value"]: f["count"] for f in facets["equipment"]} == dict(equipment)
    primary = Counter(slugify(m) for r in chosen for m in r["primaryMuscles"])
    assert {f["value"]: f["count"] for f in facets["primaryMuscle"]} == dict(primary)
    counts = [f["count"] for f in facets["primaryMuscle"]]
    assert counts == sorted(counts, reverse=True)


def test_paging_yields_every_exercise_once(api: GraphQLClient, upstream) -> None:
    slugs = all_pages(api)
    assert len(slugs) == len(set(slugs)) == 873
    assert set(slugs) == {slugify(r["name"]) for r in upstream}
    by_name = all_pages(api, sort="NAME_DESC")
    assert by_name == list(reversed(slugs))


def test_default_page_and_backward_paging(api: GraphQLClient) -> None:
    first = api.data(EXERCISES)["exercises"]
    assert len(first["edges"]) == 20 and first["pageInfo"]["hasNextPage"]
    last = api.data("""{ exercises(last: 3) { edges { node { slug } }
                         pageInfo { hasNextPage hasPreviousPage } } }""")["exercises"]
    assert len(last["edges"]) == 3
    assert last["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True}


def test_page_size_limit_is_an_error_not_a_cut(api: GraphQLClient) -> None:
    message = api.error(EXERCISES, first=101)
    assert message.startswith("`first` must be between 0 and 100, not 101")
    assert "must be between" in api.error(EXERCISES, first=-1)


def test_bad_cursor_is_an_error(api: GraphQLClient) -> None:
    assert "not a cursor this API issued" in api.error(EXERCISES, after="bogus!")


def test_exercise_fields(api: GraphQLClient, upstream) -> None:
    exercise = api.data("""{ exercise(slug: "barbell-deadlift") {
        id slug name level category force mechanic equipment { slug name }
        primaryMuscles { slug name } secondaryMuscles { slug name } instructions aliases images
        bodyHtml guides { slug } } }""")["exercise"]
    assert exercise["name"] == "Barbell Deadlift"
    assert (exercise["level"], exercise["category"], exercise["force"],
            exercise["mechanic"]) == ("INTERMEDIATE", "STRENGTH", "PULL", "COMPOUND")
    assert exercise["equipment"] == {"slug": "barbell", "name": "Barbell"}
    assert exercise["primaryMuscles"] == [{"slug": "lower-back", "name": "Lower Back"}]
    assert len(exercise["secondaryMuscles"]) == 8
    record = next(r for r in upstream if r["id"] == "Barbell_Deadlift")
    assert exercise["instructions"] == record["instructions"]
    assert exercise["bodyHtml"].startswith("<ol>")
    assert exercise["images"] == ["Barbell_Deadlift/0.jpg", "Barbell_Deadlift/1.jpg"]
    node = api.data("query($id: ID!) { node(id: $id) { ... on Exercise { slug } } }",
                    id=exercise["id"])["node"]
    assert node == {"slug": "barbell-deadlift"}


def test_unknown_slug_is_null(api: GraphQLClient) -> None:
    assert api.data('{ exercise(slug: "no-such-thing") { slug } }') == {"exercise": None}


def test_unknown_filter_value_is_a_clear_error(api: GraphQLClient) -> None:
    message = api.error('{ exercises(filter: {level: ROOKIE}) { totalCount } }')
    assert "ROOKIE" in message and "Level" in message


BACKWARDS = """query($last: Int, $before: String) { exercises(last: $last, before: $before) {
  edges { node { slug } } pageInfo { hasPreviousPage startCursor } } }"""


def test_paging_backwards_with_last_and_before(api: GraphQLClient) -> None:
    forward = all_pages(api)
    slugs: list[str] = []
    before = None
    for _ in range(len(forward) // 100 + 1):
        page = api.data(BACKWARDS, last=100, before=before)["exercises"]
        slugs = [edge["node"]["slug"] for edge in page["edges"]] + slugs
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert slugs == forward
