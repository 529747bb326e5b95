"""Turn what a user typed into a safe Whoosh query: plain words, never query syntax.

A query is split into spans: a phrase naming a concept (a muscle, equipment, level,
category or region, see `search.concepts`) or a single word. Each word may match any text
field and, if it looks misspelt, its likely corrections; adjacent words also match their
joined form (`push up` ↔ `pushup`); a concept span also matches documents having that
property. Most spans must match; exact names and phrases earn a bonus.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from whoosh.query import And, AndMaybe, Or, Query, Term

from ..concepts import Concept
from ..documents import TEXT_FIELDS
from .analysis import terms

MAX_WORDS = 12
MAX_CONCEPT_WORDS = 3
NAME_FIELDS = ("name", "aliases")
NOISE_WORDS = frozenset(("exercis", "workout", "movement", "move", "train"))
CORRECTION_WEIGHT = 0.6
PAIR_WEIGHT = 1.2
CONCEPT_WEIGHT = 16.0
EXACT_BOOST = 40.0
PAIR_BONUS = 6.0
LONG_QUERY = 5  # from this many words on, a query reads like instructions
LONG_QUERY_BODY_WEIGHT = 10.0
BIGRAM_SLOP = 3
PROXIMITY_BOOST = 5.0  # per pair of query words found near each other in the body


@dataclass(frozen=True, slots=True)
class Word:
    """A query word: as typed, its stem, and the indexed terms it may match."""

    surface: str
    stem: str
    alternatives: tuple[str, ...]
    correction_text: str | None = None

    @property
    def correction(self) -> str | None:
        """The likeliest intended term when the word looks misspelt."""
        return next((alt for alt in self.alternatives if alt != self.stem), None)


@dataclass(frozen=True, slots=True)
class Span:
    words: tuple[int, ...]
    concept: Concept | None = None


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    words: tuple[Word, ...]
    pairs: tuple[str | None, ...]  # joined form of words i and i+1, if indexed
    spans: tuple[Span, ...]

    def terms(self) -> frozenset[str]:
        """Every indexed term the query may match, for highlighting."""
        found = {alt for word in self.words for alt in word.alternatives}
        return frozenset(found | {pair for pair in self.pairs if pair})

    def corrected_text(self) -> str | None:
        """The query with misspelt words replaced, or None if nothing was corrected."""
        if not any(w.correction for w in self.words):
            return None
        return " ".join(w.correction_text or w.surface if w.correction else w.surface
                        for w in self.words)


Alternatives = Callable[[str, str], tuple[tuple[str, ...], str | None]]


def parse(text: str, known: Callable[[str], bool], alternatives: Alternatives,
          concepts: Mapping[tuple[str, ...], Concept]) -> ParsedQuery:
    """Analyse `text` into at most MAX_WORDS words, their alternatives and spans."""
    analysed = terms(text[:2000])
    if any(not joined and stem not in NOISE_WORDS for _, stem, joined in analysed):
        analysed = [t for t in analysed if t[1] not in NOISE_WORDS or t[2]]
    words: list[Word] = []
    pairs: list[str | None] = []
    for surface, stem, joined in analysed:
        if joined:
            if pairs:
                pairs[-1] = stem if known(stem) else None
            continue
        if len(words) == MAX_WORDS:
            break
        if words:
            pairs.append(None)
        found, shown = alternatives(surface, stem)
        words.append(Word(surface, stem, found, shown))
    if len(words) >= LONG_QUERY:
        concepts = {}
    return ParsedQuery(tuple(words), tuple(pairs), _spans(words, concepts))


def _spans(words: list[Word], concepts: Mapping[tuple[str, ...], Concept]) -> tuple[Span, ...]:
    spans: list[Span] = []
    index = 0
    while index < len(words):
        for length in range(min(MAX_CONCEPT_WORDS, len(words) - index), 0, -1):
            key = tuple(w.correction or w.stem for w in words[index:index + length])
            if key in concepts:
                spans.append(Span(tuple(range(index, index + length)), concepts[key]))
                index += length
                break
        else:
            spans.append(Span((index,)))
            index += 1
    return tuple(spans)


def any_of(options: list[Query]) -> Query:
    """Whoosh builds a matcher per `Or`, so a single option goes in unwrapped."""
    return options[0] if len(options) == 1 else Or(options)


def required_matches(count: int) -> int:
    """How many of `count` spans a document must match."""
    if count <= 2:
        return count
    if count <= 4:
        return count - 1
    return math.ceil(count * 0.5)


InField = Callable[[str, str], bool]


def _word_options(parsed: ParsedQuery, index: int, fields: tuple[str, ...], has: InField,
                  use_corrections: bool, body_weight: float) -> list[Query]:
    word = parsed.words[index]
    options: list[Query] = []
    for alt in word.alternatives:
        if alt != word.stem and not use_corrections:
            continue
        weight = 1.0 if alt == word.stem else CORRECTION_WEIGHT
        options += [Term(field, alt, boost=weight * (body_weight if field == "body" else 1))
                    for field in fields if has(field, alt)]
    for pair in (parsed.pairs[index - 1] if index else None,
                 parsed.pairs[index] if index < len(parsed.pairs) else None):
        if pair:
            options += [Term(field, pair, boost=PAIR_WEIGHT) for field in NAME_FIELDS
                        if has(field, pair)]
    return options


@dataclass(frozen=True, slots=True)
class Compiled:
    """A query as clauses of which `required` must match, plus bonuses for the best matches.

    When every clause is required the scoring query already matches exactly the right
    documents; otherwise they are counted separately (Whoosh's `Or` has no minimum-match).
    """

    clauses: tuple[Query, ...]
    required: int
    bonus: Query
    # Consecutive query words that earn PROXIMITY_BOOST when close together in the body.
    near_pairs: tuple[tuple[str, str], ...] = ()

    @property
    def exact(self) -> bool:
        return self.required == len(self.clauses)

    @property
    def scoring(self) -> Query:
        """Scores the documents matching the clauses (all of them, if all are required)."""
        if not self.exact:
            core: Query = Or(list(self.clauses))
        else:
            core = self.clauses[0] if len(self.clauses) == 1 else And(list(self.clauses))
        return AndMaybe(core, self.bonus)

    def relaxed(self) -> Compiled | None:
        """The same query needing one clause fewer, or None if it needs only one."""
        return replace(self, required=self.required - 1) if self.required > 1 else None


def build(parsed: ParsedQuery, has: InField, use_corrections: bool = True
          ) -> Compiled | None:
    """The query for `parsed`, or None when nothing can match.

    In queries of one or two words a match in the body alone does not qualify a document
    (it only adds to the score), so `push ups` finds push-ups, not every exercise whose
    instructions say "push" and "up". Long queries read like instructions, so there the
    body counts for more and words near each other in it earn a bonus.
    """
    count = len(parsed.words)
    fields = TEXT_FIELDS if count > 2 else tuple(f for f in TEXT_FIELDS if f != "body")
    body_weight = LONG_QUERY_BODY_WEIGHT if count >= LONG_QUERY else 1.0
    spans = parsed.spans
    clauses: list[Query] = []
    for span in spans:
        per_word = [any_of(word_options) for i in span.words
                    if (word_options := _word_options(parsed, i, fields, has, use_corrections,
                                                      body_weight))]
        span_options: list[Query] = []
        if len(per_word) == len(span.words) and per_word:
            span_options.append(per_word[0] if len(per_word) == 1 else And(per_word))
        if span.concept and (use_corrections or not any(
                parsed.words[i].correction for i in span.words)):
            span_options += [Term(field, value, boost=CONCEPT_WEIGHT)
                             for field, value in span.concept.conditions]
        if span_options:
            clauses.append(any_of(span_options))
    required = required_matches(len(spans))
    if not use_corrections and len(clauses) < required:
        return None
    required = min(required, len(clauses))
    if not clauses:
        return None
    stems = [(word.correction if use_corrections and word.correction else word.stem)
             for word in parsed.words]
    bonus: list[Query] = [Term("exact", " ".join(stems), boost=EXACT_BOOST)]
    if count < LONG_QUERY:
        bonus += [Term(field, pair, boost=PAIR_BONUS) for pair in parsed.pairs if pair
                  for field in NAME_FIELDS if has(field, pair)]
    near_pairs = tuple(itertools.pairwise(stems)) if "body" in fields and \
        count >= LONG_QUERY else ()
    return Compiled(tuple(clauses), required, Or(bonus), near_pairs)


def near(first: Iterable[int], second: list[int]) -> bool:
    """Whether a position in `second` (sorted) follows one in `first` by 1 to BIGRAM_SLOP
    words, as in a Whoosh phrase query with that slop."""
    return any(bisect.bisect_right(second, at + BIGRAM_SLOP) > bisect.bisect_right(second, at)
               for at in first)
