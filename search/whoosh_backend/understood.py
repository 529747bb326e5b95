"""Searches that understood something: filters, goals, body parts, a relation, slang.

The reading of a query (see `search.understanding`) becomes documents and scores: filters
and the request's own filter restrict, body parts restrict to the exercises working them,
goals prefer what fits them, a relation draws on the named exercise's relatives, and the
words left over search text as they always do, narrowing and ranking within that. Slang
alone is searched as its expansion, as if typed. An understood search finds exercises only.
"""

from __future__ import annotations

import functools
import heapq
import itertools
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from whoosh.lang.porter2 import stem
from whoosh.query import Term

from content.model import Category, Kind
from content.vocabulary import Filter, Focus, FocusKind, RelationKind

from ..concepts import CATEGORY_WORDS
from ..engine import (
    Expansion,
    Hit,
    Interpretation,
    SearchRequest,
    SearchResults,
    UnderstoodFilter,
    UnderstoodFocus,
    UnderstoodRelation,
)
from ..understanding.fit import Fitting, preferred
from ..understanding.lexicon import Lexicon
from ..understanding.reading import Reading, read
from ..understanding.related import RelatedExercises
from . import querying
from .analysis import exact_key

if TYPE_CHECKING:
    from .engine import WhooshEngine

READING_CACHE = 4096
CACHE = 512
NAMES_CHECKED = 50  # exercises whose names are compared with a query word for word
# With a goal, body part or relation, how much the words left over count next to them.
TEXT_WEIGHT = 0.2
RELATION_WEIGHT = 2.0
STRETCHING = frozenset(stem(word) for phrase in CATEGORY_WORDS[Category.STRETCHING]
                       for word in phrase.split())


class _Scores(dict[int, float]):
    """How well documents fit one thing understood; also in best-first order, once asked."""

    def __init__(self, scores: Mapping[int, float]) -> None:
        super().__init__(scores)
        self._order: list[int] | None = None

    def order(self, plainness: list[tuple[int, int]]) -> list[int]:
        if self._order is None:
            self._order = sorted(self, key=lambda d: (-self[d], plainness[d], d))
        return self._order


@dataclass
class _Plan:
    """What a reading asks of the documents: the sets every candidate must be in (filters,
    the exercises working a body part, the relatives of a named exercise), those it must not
    be in, the exercises fitting its goals, and scores for how well each fits."""

    required: list[AbstractSet[int]] = field(default_factory=list)
    excluded: list[AbstractSet[int]] = field(default_factory=list)
    goals: list[AbstractSet[int]] = field(default_factory=list)
    scores: list[tuple[float, _Scores]] = field(default_factory=list)
    pooled: bool = False  # a body part or relation restricts the candidates
    focuses: list[UnderstoodFocus] = field(default_factory=list)
    relation: UnderstoodRelation | None = None

    def candidates(self, everything: AbstractSet[int]) -> set[int]:
        """The documents in every required set (in the goals' when nothing else pools
        them), and in none of the excluded ones."""
        sets = list(self.required)
        if self.goals and not self.pooled:
            sets.append(set().union(*self.goals))
        sets.sort(key=len)
        found = set(sets[0]) if sets else set(everything)
        for other in sets[1:]:
            found.intersection_update(other)
        for other in self.excluded:
            found.difference_update(other)
        return found

    def prior(self, docnum: int) -> float:
        return sum(weight * scores.get(docnum, 0.0) for weight, scores in self.scores)


class Understanding:
    """Reads queries with a store's vocabulary and answers those it understands."""

    def __init__(self, engine: WhooshEngine) -> None:
        self.engine = engine
        store = engine.store
        self.lexicon = Lexicon(store, stem)
        self.fitting = Fitting(store, stem)
        self.related = RelatedExercises(store, self.fitting, store.vocabulary.relations)
        self.read = functools.lru_cache(maxsize=READING_CACHE)(self._read)
        # The answers of the fitting, as document numbers: computed once per entry.
        self._passes = functools.lru_cache(maxsize=CACHE)(self._passing)
        self._fit = functools.lru_cache(maxsize=CACHE)(self._fitting)
        self._related = functools.lru_cache(maxsize=CACHE)(self._relatives)
        self._exercises = frozenset(docnum for (kind, _), docnum in engine._docnums.items()
                                    if kind is Kind.EXERCISE)

    def _read(self, text: str) -> Reading:
        return read(text, self.lexicon, self.engine._known)

    def search(self, request: SearchRequest) -> SearchResults | None:
        """The answer to an understood query, or None when it is to be searched as typed."""
        reading = self.read(request.text)
        if reading.plain or Kind.EXERCISE not in request.kinds or self._names(request.text) \
                or self._in_a_name(reading):
            return None
        engine = self.engine
        if not (reading.filters or reading.focuses or reading.relation):
            results = engine._search_words(replace(request, text=reading.text))
            return replace(results, interpretation=Interpretation(
                expansions=_expansions(reading), terms=reading.terms))
        plan = self._plan(reading, request)
        candidates = plan.candidates(self._exercises)
        soft = plan.pooled or bool(plan.goals)
        parsed, text = self._text(reading, candidates, soft)
        if text is not None:
            matched = set(text) & candidates
            if matched or not soft:
                candidates = matched
        ranked = self._ranked(candidates, plan, text or {}, request.offset + request.limit)
        terms = parsed.terms() if parsed else frozenset()
        terms |= {word for f in reading.focuses for phrase in f.focus.words
                  for word in self.fitting.phrase(phrase)}
        hits = []
        for docnum, score in ranked[request.offset:]:
            kind, slug = engine._document(docnum)
            marks = functools.partial(engine._highlights, kind, slug, frozenset(terms))
            hits.append(Hit(kind, slug, round(score, 4), marks))
        interpretation = Interpretation(
            tuple(UnderstoodFilter(facet, values, f.meaning.label, f.text, f.meaning.unlisted)
                  for f in reading.filters for facet, values in f.meaning.conditions),
            tuple(plan.focuses), plan.relation, _expansions(reading), reading.terms)
        return SearchResults(total=len(candidates), hits=tuple(hits),
                             exercise_slugs=functools.partial(engine._exercise_slugs,
                                                              candidates),
                             interpretation=interpretation)

    def _plan(self, reading: Reading, request: SearchRequest) -> _Plan:
        postings = self.engine._postings
        plan = _Plan()
        for facet, accepted in request.criteria.conditions:
            plan.required.append(postings.matching(querying.any_of(
                [Term(facet, value) for value in sorted(accepted)])))
        for found in reading.filters:
            plan.required.append(self._passes(found.meaning))
        stretching = any(Category.STRETCHING.value in f.focus.categories
                         for f in reading.focuses) or \
            any(stem(term.lower()) in STRETCHING for term in reading.terms)
        goal = any(f.focus.kind is FocusKind.GOAL for f in reading.focuses)
        body: list[AbstractSet[int]] = []
        for read_focus in reading.focuses:
            focus = read_focus.focus
            of = self._resolve(read_focus.exercise) if read_focus.exercise else None
            scores, avoided = self._fit(focus, of, preferred(focus, stretching, goal),
                                        () if read_focus.implicit else read_focus.stems)
            plan.scores.append((1.0, scores))
            plan.excluded.append(avoided)
            (body if focus.kind is FocusKind.ANATOMY else plan.goals).append(scores.keys())
            plan.focuses.append(UnderstoodFocus(focus.kind, focus.label, read_focus.text,
                                                focus.muscles, of))
        if body:
            plan.required.append(body[0] if len(body) == 1 else set().union(*body))
            plan.pooled = True
        if reading.relation is not None:
            named = self._resolve(reading.relation.exercise)
            if named is not None:
                asked = reading.relation.relation.kind
                scores = self._related(asked, named)
                plan.required.append(scores.keys())
                plan.scores.append((RELATION_WEIGHT, scores))
                plan.pooled = True
                plan.relation = UnderstoodRelation(asked, named, reading.relation.text)
        return plan

    def _ranked(self, candidates: set[int], plan: _Plan, text: Mapping[int, float],
                limit: int) -> list[tuple[int, float]]:
        """The `limit` best candidates by how well they fit, plus their text scores
        (relative to the best, and lighter when something else was understood); ties by
        plainness."""
        weight = (TEXT_WEIGHT if plan.scores else 1.0) / (max(text.values(), default=0.0)
                                                         or 1.0)
        plainness = self._plainness
        if not text and len(plan.scores) == 1:  # the order is known already
            factor, scores = plan.scores[0]
            ordered = (docnum for docnum in scores.order(plainness) if docnum in candidates)
            return [(docnum, factor * scores[docnum])
                    for docnum in itertools.islice(ordered, limit)]
        best = heapq.nsmallest(limit, (
            (-(weight * text.get(docnum, 0.0) + plan.prior(docnum)), plainness[docnum], docnum)
            for docnum in candidates))
        return [(docnum, -score) for score, _, docnum in best]

    @functools.cached_property
    def _plainness(self) -> list[tuple[int, int]]:
        """How ties rank: the shortest name first (usually the base movement, where longer
        names are its variations), then the store's order."""
        engine = self.engine
        order = []
        for docnum, document in enumerate(engine._documents):
            exercise = engine.store.exercises.get(document[1]) \
                if document and document[0] is Kind.EXERCISE else None
            order.append((len(exercise.name) if exercise else 0, engine._rank[docnum]))
        return order

    def _text(self, reading: Reading, candidates: set[int], soft: bool
              ) -> tuple[querying.ParsedQuery | None, dict[int, float] | None]:
        """The words left over and the scores of the candidates they match: as many of
        the words as any candidate matches; with `soft`, every candidate when none does."""
        if not reading.terms:
            return None, None
        engine = self.engine
        parsed = querying.parse(reading.text, engine._known, engine._alternatives,
                                engine._concepts)
        compiled = querying.build(parsed, engine._in_field)
        if compiled is None:
            return parsed, None
        matched = engine._matching(compiled, None)[0] & candidates
        while not matched and (relaxed := compiled.relaxed()) is not None:
            compiled = relaxed
            matched = engine._matching(compiled, None)[0] & candidates
        if not matched and soft:
            matched = candidates
        return parsed, engine._postings.scored(compiled.scoring, matched) if matched else {}

    def _resolve(self, words: str) -> str | None:
        """The exercise some words name: the first (by name) whose name or alias they are,
        else the best exercise match of a plain search (which forgives typos)."""
        named = self._exactly(words)
        if named:
            return self.engine._document(min(named, key=self.engine._rank.__getitem__))[1]
        found = self.engine._search_words(SearchRequest(
            words, kinds=frozenset({Kind.EXERCISE}), limit=1))
        return found.hits[0].slug if found.hits else None

    def _exactly(self, words: str) -> frozenset[int]:
        """The exercises whose name or an alias is `words`."""
        return self._exercises & set(self.engine._postings.matching(
            Term("exact", exact_key(words))))

    def _names(self, text: str) -> bool:
        """Whether the whole query is an exercise's name or alias ("butt ups")."""
        return bool(self._exactly(text))

    def _in_a_name(self, reading: Reading) -> bool:
        """Whether the words of a query with words left over are, in order, part of an
        exercise's name or alias ("calf stretch", "hip lift with band", "dead bugs"):
        then they are searched as typed."""
        if not reading.terms:
            return False
        postings = self.engine._postings
        found = set(self._exercises)
        for word in reading.stems:
            found &= set(postings.matching(querying.any_of(
                [Term("name", word), Term("aliases", word)])))
            if not found:
                return False
        return any(self.fitting.named(self.engine._document(docnum)[1], [reading.stems])
                   for docnum in sorted(found)[:NAMES_CHECKED])

    def _passing(self, entry: Filter) -> frozenset[int]:
        return self._docnums(self.fitting.passes(entry))

    def _fitting(self, focus: Focus, of: str | None, categories: frozenset[str],
                 said: tuple[str, ...]) -> tuple[_Scores, frozenset[int]]:
        fit = self.fitting.fit(focus, of, categories, said)
        return _Scores(self._scored(fit.scores)), self._docnums(fit.avoided)

    def _relatives(self, kind: RelationKind, slug: str) -> _Scores:
        return _Scores(self._scored(self.related.scores(kind, slug)))

    def _docnums(self, slugs: Iterable[str]) -> frozenset[int]:
        return frozenset(self._scored(dict.fromkeys(slugs, 0.0)))

    def _scored(self, scores: Mapping[str, float]) -> dict[int, float]:
        docnums = self.engine._docnums
        return {docnums[(Kind.EXERCISE, slug)]: score for slug, score in scores.items()
                if (Kind.EXERCISE, slug) in docnums}


def _expansions(reading: Reading) -> tuple[Expansion, ...]:
    return tuple(Expansion(e.text, e.meaning.means[0]) for e in reading.expansions)
