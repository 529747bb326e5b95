"""From typed words to the Whoosh query: the spans, alternatives, weights and bonuses each
query is compiled to, over the index of the bundled library."""

from __future__ import annotations

import pytest
from whoosh.query import And, Or, Term

from content.loader import BUNDLED_LIBRARY, load_library
from search.service import SearchService
from search.whoosh_backend import querying
from search.whoosh_backend.engine import WhooshEngine
from search.whoosh_backend.querying import Compiled, ParsedQuery


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> WhooshEngine:
    index = tmp_path_factory.mktemp("querying") / "index"
    found = SearchService(index).synchronise(load_library(BUNDLED_LIBRARY))
    assert isinstance(found, WhooshEngine)
    return found


def parsed(engine: WhooshEngine, text: str) -> ParsedQuery:
    return querying.parse(text, engine._known, engine._alternatives, engine._concepts)


def compiled(engine: WhooshEngine, text: str, use_corrections: bool = True) -> Compiled | None:
    return querying.build(parsed(engine, text), engine._in_field, use_corrections)


def test_a_concept_matches_its_words_or_documents_having_the_property(
        engine: WhooshEngine) -> None:
    """`lower back`: both words (each also as the joined `lowerback`), or the muscle."""
    def word(stem: str) -> Or:
        return Or([Term("name", stem), Term("aliases", stem), Term("muscles", stem),
                   Term("name", "lowerback", boost=querying.PAIR_WEIGHT),
                   Term("aliases", "lowerback", boost=querying.PAIR_WEIGHT)])

    expected = Compiled(
        clauses=(Or([And([word("lower"), word("back")]),
                     Term("primary_muscle", "lower-back", boost=querying.CONCEPT_WEIGHT)]),),
        required=1,
        bonus=Or([Term("exact", "lower back", boost=querying.EXACT_BOOST),
                  Term("name", "lowerback", boost=querying.PAIR_BONUS),
                  Term("aliases", "lowerback", boost=querying.PAIR_BONUS)]))
    assert compiled(engine, "lower back") == expected
    assert compiled(engine, "lower back", use_corrections=False) == expected


def test_three_words_match_the_body_too_and_two_of_them_suffice(engine: WhooshEngine) -> None:
    found = compiled(engine, "plank side bird")
    assert found is not None
    assert found.clauses == (
        Or([Term("name", "plank"), Term("aliases", "plank"), Term("body", "plank"),
            Term("aliases", "planksid", boost=querying.PAIR_WEIGHT)]),
        Or([Term("name", "side"), Term("aliases", "side"), Term("muscles", "side"),
            Term("body", "side"), Term("aliases", "planksid", boost=querying.PAIR_WEIGHT)]),
        Or([Term("name", "bird"), Term("aliases", "bird"), Term("body", "bird")]))
    assert (found.required, found.exact, found.near_pairs) == (2, False, ())
    # When nothing matches two of the words, one will do; never none.
    relaxed = found.relaxed()
    assert relaxed is not None and relaxed.required == 1 and relaxed.relaxed() is None


def test_a_long_query_reads_like_instructions(engine: WhooshEngine) -> None:
    """Five words or more: the body weighs more, words near each other earn a bonus, and half
    of the words must match."""
    found = compiled(engine, "lie on your back and lift your hips")
    assert found is not None
    body = querying.LONG_QUERY_BODY_WEIGHT
    assert found.clauses[1] == Term("body", "on", boost=body)
    assert found.required == 3 == querying.required_matches(5)
    assert found.near_pairs == (("lie", "on"), ("on", "back"), ("back", "lift"),
                                ("lift", "hip"))
    assert found.bonus == Or([Term("exact", "lie on back lift hip",
                                   boost=querying.EXACT_BOOST)])


def test_misspelt_words_match_their_corrections_at_a_lower_weight(
        engine: WhooshEngine) -> None:
    query = parsed(engine, "supermn")
    assert query.corrected_text() == "superman"
    assert parsed(engine, "superman").corrected_text() is None
    assert compiled(engine, "supermn") == Compiled(
        clauses=(Or([Term("name", "superman", boost=querying.CORRECTION_WEIGHT),
                     Term("aliases", "superman", boost=querying.CORRECTION_WEIGHT)]),),
        required=1, bonus=Or([Term("exact", "superman", boost=querying.EXACT_BOOST)]))
    # As typed, nothing can match: no query (so no did-you-mean against it) ...
    assert compiled(engine, "supermn", use_corrections=False) is None
    # ... nor when fewer words than required would be left.
    assert compiled(engine, "plank supermn", use_corrections=False) is None
    # With corrections, the words that cannot match are left out of what is required.
    unknown = compiled(engine, "plank xqzv")
    assert unknown is not None and (len(unknown.clauses), unknown.required) == (1, 1)


@pytest.mark.parametrize("count, required", [
    (1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (6, 3), (7, 4), (12, 6)])
def test_how_many_spans_must_match(count: int, required: int) -> None:
    assert querying.required_matches(count) == required


def test_at_most_twelve_words_are_read(engine: WhooshEngine) -> None:
    words = [f"word{n}" for n in range(20)]
    assert [w.surface for w in parsed(engine, " ".join(words)).words] == words[:12]


@pytest.mark.parametrize("first, second, expected", [
    ([4], [5], True), ([4], [7], True), ([4], [8], False), ([4], [4], False),
    ([4], [1, 3], False), ([1, 9], [2], True)])
def test_near_means_following_within_the_slop(first: list[int], second: list[int],
                                              expected: bool) -> None:
    assert querying.near(first, second) is expected
