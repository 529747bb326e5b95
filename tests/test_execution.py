"""Running operations: compiled query plans answer exactly as graphql-core's executor does,
errors included, over the imported Free Exercise DB; execution slots are bounded."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import anyio
import pytest
import strawberry
from graphql import GraphQLError
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from content.loader import LoadResult, load_library
from graph import compiled as compiled_module
from graph.compiled import CONVERSIONS_KEPT, CompilingExecutionContext, compiling
from graph.context import Context, Deadline
from graph.execution import Busy, Executor, Operation
from graph.schema import Schema, build_schema
from graph.settings import Settings
from search.engine import SearchEngine
from search.service import SearchService

PAGE = """query Page($slug: String!, $first: Int) { exercise(slug: $slug) {
  id slug name level category force mechanic instructions aliases images bodyHtml pattern
  __typename
  equipment { slug name __typename }
  primaryMuscles { slug name region parent { slug } } secondaryMuscles { slug name }
  guides { slug title }
  variationOf { slug }
  related {
    variations { exercise { slug name } reason }
    peers(first: $first) { totalCount edges { cursor node { slug name level } }
                           pageInfo { hasNextPage endCursor } }
    substitutes(first: 5, equipment: ["body-weight", "dumbbell"]) {
      exercise { slug name equipment { slug } } score reason }
    progressions { exercise { slug name level } reason }
    regressions(first: 2) { exercise { slug name level } reason }
  }
  profile {
    summary
    recruitment { muscle { slug name } role share }
    intensity { met zone source estimated calories(bodyMassKg: 70, minutes: 30) }
    commonMistakes whoItIsFor whoShouldAvoid progressionPath safetyNotes disclaimer
    counts { variations peers musclesWorked steps cohort }
    provenance { field source }
  }
} }"""

# Shapes the plans take on (fragments, aliases, lists of objects, arguments from variables
# and literals) and shapes they hand to the executor (directives, interfaces, introspection).
QUERIES: list[tuple[str, dict[str, Any]]] = [
    (PAGE, {"slug": "pushups", "first": 3}),
    (PAGE, {"slug": "barbell-squat", "first": None}),
    (PAGE, {"slug": "no-such-exercise", "first": 1}),
    ("""query($f: ExerciseFilter) { exercises(filter: $f, first: 7, sort: LEVEL_DESC) {
          totalCount edges { node { ...card related { peers(first: 2) { totalCount } } } }
          facets { level { value count } equipment { value count } } } }
        fragment card on Exercise { slug name level equipment { name } }""",
     {"f": {"level": "BEGINNER", "category": "STRENGTH"}}),
    ("""{ a: exercise(slug: "pushups") { name } b: exercise(slug: "pullups") { n: name
          same: name } muscles { slug name exercises(first: 2) { edges { node { slug } } } }
          equipment { slug name aliases } }""", {}),
    ("""{ guides(first: 3) { edges { node { slug title excerpt readingTimeMinutes
          exercises { slug } routine { day items { sets reps exercise { slug } } } } } } }""",
     {}),
    ("""{ search(query: "dumbell press", first: 3) { totalCount edges { node { __typename
          ... on Exercise { slug } ... on Muscle { slug } } } } }""", {}),
    ("""{ search(query: "lower back", first: 8) { totalCount didYouMean edges { cursor score
          highlights { field snippet } node { __typename ... on Exercise { slug level }
          ... on Muscle { slug region } ... on Guide { slug title } } } } }""", {}),
    ("""{ search(query: "easier version of dips without equipment", first: 5) {
          interpretation { terms filters { facet label } relation { kind exercise { slug } }
          bodyParts { label muscles { slug } } } edges { node { ... on Exercise { slug } } } } }""",
     {}),
    ("""query($skip: Boolean!, $more: Boolean = false) { exercise(slug: "pushups") { slug
          name @skip(if: $skip) ...more @include(if: $more) level @include(if: true) } }
        fragment more on Exercise { category related @skip(if: $skip) { peers(first: 2) {
          totalCount } } }""", {"skip": True}),
    ("""query($skip: Boolean!, $more: Boolean = false) { exercise(slug: "pushups") { slug
          name @skip(if: $skip) ...more @include(if: $more) level @include(if: true) } }
        fragment more on Exercise { category related @skip(if: $skip) { peers(first: 2) {
          totalCount } } }""", {"skip": False, "more": True}),
    ("""{ node(id: "RXhlcmNpc2U6cHVzaHVwcw==") { id ... on Exercise { name } } }""", {}),
    ("""{ __schema { queryType { name } } exercise(slug: "pushups") { name } }""", {}),
    ("""{ exercise(slug: "pushups") { profile { intensity {
          calories(bodyMassKg: 10, minutes: 30) } } } }""", {}),
    ("""{ exercise(slug: "pushups") { related { peers(first: 1000) { totalCount } } } }""", {}),
]


class Library(NamedTuple):
    loaded: LoadResult
    search: SearchEngine


@pytest.fixture(scope="module")
def library(imported_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Library:
    loaded = load_library(imported_dir)
    return Library(loaded, SearchService(tmp_path_factory.mktemp("index")).synchronise(loaded))


def answer(schema: Schema, library: Library, query: str, variables: dict[str, Any],
           deadline: Deadline | None = None) -> str:
    """The response as a client gets it: JSON, key order included."""
    context = Context(store=library.loaded.store, settings=Settings(), deadline=deadline,
                      search=library.search)
    result = schema.execute_sync(query, variable_values=variables, context_value=context)
    return json.dumps({"data": result.data,
                       "errors": [error.formatted for error in result.errors or []]})


def test_plans_answer_as_the_executor_does(library: Library) -> None:
    compiled = build_schema(Settings())
    executor = build_schema(Settings(compiled_queries=False))
    assert issubclass(compiled.execution_context_class, CompilingExecutionContext)
    for query, variables in QUERIES:
        expected = answer(executor, library, query, variables)
        for _ in range(2):  # compiled on first use, then run from the cache
            assert answer(compiled, library, query, variables) == expected, query
    plans = compiled.execution_context_class.plans._plans.values()  # type: ignore[attr-defined]
    covered = sum(plan is not None for _, plan, _ in plans)
    # Plans for the page, the list, the aliases, the guides, three searches (a union), two
    # sets of directive values, node (an interface) and the two argument errors; none for
    # introspection.
    assert covered == 12


def test_every_exercise_page_answers_as_the_executor_does(library: Library) -> None:
    compiled = build_schema(Settings())
    executor = build_schema(Settings(compiled_queries=False))
    for slug in list(library.loaded.store.exercises)[::9]:
        variables = {"slug": slug, "first": 4}
        assert answer(compiled, library, PAGE, variables) == \
            answer(executor, library, PAGE, variables), slug


@contextlib.contextmanager
def executor_fields_counted() -> Iterator[list[str]]:
    """Records each object graphql-core's executor works through, compiled plans or not."""
    calls: list[str] = []
    original = StrawberryGraphQLCoreExecutionContext.execute_fields

    def counted(self: Any, parent_type: Any, *args: Any) -> Any:
        calls.append(parent_type.name)
        return original(self, parent_type, *args)

    StrawberryGraphQLCoreExecutionContext.execute_fields = counted  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        StrawberryGraphQLCoreExecutionContext.execute_fields = original  # type: ignore[method-assign]


def test_a_plan_runs_without_the_executor(library: Library) -> None:
    """The plan, not the executor, answers a supported query: the executor's per-field
    work never starts."""
    compiled = build_schema(Settings())
    answer(compiled, library, PAGE, {"slug": "pushups", "first": 3})
    [search] = [query for query, _ in QUERIES if "lower back" in query]  # a union
    answer(compiled, library, search, {})
    with executor_fields_counted() as calls:
        answer(compiled, library, PAGE, {"slug": "pullups", "first": 3})
        answer(compiled, library, search, {})
        assert calls == []
        answer(compiled, library, "{ __schema { queryType { name } } }", {})  # the executor
        assert calls


def test_a_plan_stops_at_the_deadline(library: Library) -> None:
    compiled = build_schema(Settings())
    passed = Deadline(0.001)
    time.sleep(0.01)
    body = json.loads(answer(compiled, library, PAGE, {"slug": "pushups", "first": 3}, passed))
    assert body["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT"


def test_plans_and_conversions_are_bounded(library: Library) -> None:
    schema = build_schema(Settings())
    plans = schema.execution_context_class.plans  # type: ignore[attr-defined]
    for n in range(plans.size + 20):
        answer(schema, library, f'{{ exercise(slug: "pushups") {{ a{n}: name }} }}', {})
    assert len(plans._plans) == plans.size
    query = 'query($kg: Float!) { exercise(slug: "pushups") { profile { intensity { ' \
            'calories(bodyMassKg: $kg, minutes: 10) } } } }'
    calories = [json.loads(answer(schema, library, query, {"kg": kg}))["data"]["exercise"][
        "profile"]["intensity"]["calories"] for kg in range(20, 20 + 2 * CONVERSIONS_KEPT)]
    assert calories == sorted(set(calories)) and len(calories) == 2 * CONVERSIONS_KEPT


def test_plans_run_in_many_threads_at_once(library: Library) -> None:
    schema = build_schema(Settings())
    slugs = list(library.loaded.store.exercises)[:40]
    expected = {slug: answer(schema, library, PAGE, {"slug": slug, "first": 2})
                for slug in slugs}
    mismatches: list[str] = []

    def work() -> None:
        for slug in slugs:
            if answer(schema, library, PAGE, {"slug": slug, "first": 2}) != expected[slug]:
                mismatches.append(slug)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not mismatches


def test_a_request_waits_for_a_slot_within_its_deadline() -> None:
    """One slot: a second request waits while the first runs, and is refused (Busy) once its
    own deadline passes first; a slot that comes free in time is taken."""
    def slow(query: str, **_: Any) -> Any:
        time.sleep(float(query))
        raise GraphQLError("done")  # an answer of sorts: the executor reports it

    executor = Executor(slow, concurrency=1, timeout=0.3)

    async def scenario() -> list[str]:
        outcomes: list[str] = []

        async def request(seconds: float, delay: float) -> None:
            await anyio.sleep(delay)
            try:
                await executor.run([Operation(str(seconds))], lambda deadline: None,  # type: ignore[arg-type,return-value]
                                   frozenset(), batch=True)
                outcomes.append(f"ran {seconds}")
            except Busy:
                outcomes.append(f"busy {seconds}")

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(request, 0.5, 0)
            tasks.start_soon(request, 0.01, 0.05)  # waits 0.45 s > its 0.3 s: refused
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(request, 0.1, 0)
            tasks.start_soon(request, 0.02, 0.02)  # waits 0.08 s: runs
        return outcomes

    assert anyio.run(scenario) == ["busy 0.01", "ran 0.5", "ran 0.1", "ran 0.02"]



@strawberry.type
class Item:
    n: int

    @strawberry.field
    def where(self, info: strawberry.Info) -> str:
        return f"{info.path.as_list()} {info.field_name} {info.context['who']}"


@strawberry.type
class ItemQuery:
    @strawberry.field
    def items(self) -> list[Item]:
        return [Item(n=1), Item(n=2)]


def test_a_resolver_reading_its_info_gets_what_the_executor_gives() -> None:
    """Resolvers mostly read `info.context`; one reading anything else (its path, its field
    name) gets the executor's own resolve info, built on demand."""
    query = "{ items { n where } again: items { where } }"
    executor = strawberry.Schema(query=ItemQuery)
    expected = json.dumps(executor.execute_sync(query, context_value={"who": "me"}).data)
    assert "['again', 1, 'where'] where me" in expected
    compiled = strawberry.Schema(query=ItemQuery, execution_context_class=compiling(4))
    with executor_fields_counted() as calls:
        result = compiled.execute_sync(query, context_value={"who": "me"})
    assert json.dumps(result.data) == expected and calls == [], "the plan answered alone"


def test_plans_are_bounded_by_the_fields_they_hold(library: Library,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A document with too many fields to plan runs on the executor, and the kept plans hold
    a bounded number of fields, however many large documents arrive."""
    monkeypatch.setattr(compiled_module, "MAX_PLAN_FIELDS", 40)
    monkeypatch.setattr(compiled_module, "PLANNED_FIELDS_KEPT", 100)
    schema = build_schema(Settings())
    executor = build_schema(Settings(compiled_queries=False))
    plans = schema.execution_context_class.plans  # type: ignore[attr-defined]
    assert answer(schema, library, PAGE, {"slug": "pushups", "first": 2}) == \
        answer(executor, library, PAGE, {"slug": "pushups", "first": 2})
    assert [plan for _, plan, _ in plans._plans.values()] == [None]  # too many fields
    for n in range(30):
        fields = " ".join(f"a{n}x{i}: name" for i in range(30))
        answer(schema, library, f'{{ exercise(slug: "pushups") {{ {fields} }} }}', {})
    assert 0 < plans._planned <= 100
    assert plans._planned == sum(size for _, _, size in plans._plans.values())
    kept = list(plans._plans.values())
    assert all(plan is not None and size == 31 for _, plan, size in kept[-3:])
