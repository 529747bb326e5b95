"""Searches that understood something: filters, goals, body parts, a relation, slang.

The reading of a query (see `search.understanding`) becomes sets of documents and scores:
filters restrict, body parts restrict to the exercises working them, goals prefer what
fits them, a relation draws on the named exercise's relatives, and the words left over
search text as they always do, ranking and narrowing within that. An understood search
answers with exercises only.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from whoosh.lang.porter2 import stem
from whoosh.query import Term

from content.catalog import FACET
from content.model import Category, Kind
from content.vocabulary import Filter, Focus, FocusKind

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
NAMES_CHECKED = 50  # exercises whose names are compared with a query word for word
# With a goal, body part or relation, how much the words left over count next to them.
TEXT_WEIGHT = 0.2
RELATION_WEIGHT = 2.0
STRETCHING = frozenset(stem(word) for phrase in CATEGORY_WORDS[Category.STRETCHING]
                       for word in phrase.split())


class Understanding:
    """Reads queries with a store's vocabulary and answers those it understands."""

    def __init__(self, engine: WhooshEngine) -> None:
        self.engine = engine
        store = engine.store
        self.lexicon = Lexicon(store, stem)
        self.fitting = Fitting(store, stem)
        self.related = RelatedExercises(store, self.fitting, store.vocabulary.relations)
        self.read = functools.lru_cache(maxsize=READING_CACHE)(self._read)
        self._exercises = frozenset(docnum for (kind, _), docnum in engine._docnums.items()
                                    if kind is Kind.EXERCISE)

    @functools.cached_property
    def _plainness(self) -> list[tuple[int, int]]:
        """How ties rank: the shortest name first (usually the base movement, where longer
        names are its variations), then the store's order."""
        engine = self.engine
        order = []
        for docnum, document in enumerate(engine._documents):
            exercise = engine.store.exercises.get(document[1]) if document and \
                document[0] is Kind.EXERCISE else None
            order.append((len(exercise.name) if exercise else 0, engine._rank[docnum]))
        return order

    def _read(self, text: str) -> Reading:
        return read(text, self.lexicon, self.engine._known)

    def _docnums(self, slugs: Iterable[str]) -> set[int]:
        docnums = self.engine._docnums
        return {docnums[(Kind.EXERCISE, slug)] for slug in slugs
                if (Kind.EXERCISE, slug) in docnums}

    def _resolve(self, words: str) -> str | None:
        """The exercise some words name: the first (by name) whose name or alias they are,
        else the best exercise match of a plain search (which forgives typos)."""
        named = self._exercises & self.engine._postings.matching(
            Term("exact", exact_key(words)))
        if named:
            return self.engine._document(min(named, key=self.engine._rank.__getitem__))[1]
        found = self.engine._search_words(SearchRequest(
            words, kinds=frozenset({Kind.EXERCISE}), limit=1))
        return found.hits[0].slug if found.hits else None

    def search(self, request: SearchRequest) -> SearchResults | None:
        """The answer to an understood query, or None when it is to be searched as typed."""
        reading = self.read(request.text)
        if reading.plain or Kind.EXERCISE not in request.kinds or self._names(request.text) \
                or self._names_body_part(reading):
            return None
        engine = self.engine
        if not (reading.filters or reading.focuses or reading.relation):
            # Only slang: its expansion searched as if typed.
            results = engine._search_words(replace(request, text=reading.text))
            return replace(results, interpretation=Interpretation(
                expansions=_expansions(reading), terms=reading.terms))
        allowed = set(self._exercises)
        for facet, accepted in request.criteria.conditions:
            allowed &= engine._postings.matching(querying.any_of(
                [Term(facet, value) for value in sorted(accepted)]))
        for found in reading.filters:
            allowed &= self._docnums(self.fitting.passes(found.meaning))
        prior: dict[int, float] = {}
        pools: list[set[int]] = []
        anatomy: set[int] = set()
        goals: set[int] = set()
        focuses = []
        stretching = self._asks_stretching(reading)
        goal = any(f.focus.kind is FocusKind.GOAL for f in reading.focuses)
        for read_focus in reading.focuses:
            of = self._resolve(read_focus.exercise) if read_focus.exercise else None
            said = () if read_focus.implicit else read_focus.stems
            fit = self.fitting.fit(read_focus.focus, of,
                                   preferred(read_focus.focus, stretching, goal), said)
            scores = self._scored(fit.scores)
            for docnum, score in scores.items():
                prior[docnum] = prior.get(docnum, 0.0) + score
            allowed -= self._docnums(fit.avoided)
            if read_focus.focus.kind is FocusKind.ANATOMY:
                anatomy.update(scores)
            else:
                goals.update(scores)
            focuses.append(_focus(read_focus.focus, read_focus.text, of))
        if any(f.focus.kind is FocusKind.ANATOMY for f in reading.focuses):
            pools.append(anatomy)
        relation = None
        if reading.relation is not None:
            named = self._resolve(reading.relation.exercise)
            if named is not None:
                asked = reading.relation.relation.kind
                scores = self._scored(self.related.scores(asked, named))
                pools.append(set(scores))
                for docnum, score in scores.items():
                    prior[docnum] = prior.get(docnum, 0.0) + RELATION_WEIGHT * score
                relation = UnderstoodRelation(asked, named, reading.relation.text)
        candidates = set(allowed)
        for pool in pools:
            candidates &= pool
        if goals and not pools:
            candidates &= goals
        parsed, text = self._text(reading, candidates, bool(pools or goals))
        if text is not None:
            matched = set(text) & candidates
            candidates = matched if matched or not (pools or goals) else candidates
        weight = TEXT_WEIGHT if prior else 1.0
        top = max(text.values(), default=0.0) if text else 0.0
        plainness = self._plainness
        scored = sorted(((docnum, weight * (text.get(docnum, 0.0) / top if top and text
                                             else 0.0) + prior.get(docnum, 0.0))
                         for docnum in candidates),
                        key=lambda item: (-round(item[1], 6), plainness[item[0]]))
        terms = parsed.terms() if parsed else frozenset()
        terms |= {word for f in reading.focuses for phrase in f.focus.words
                  for word in self.fitting.phrase(phrase)}
        hits = []
        for docnum, score in scored[request.offset:request.offset + request.limit]:
            kind, slug = engine._document(docnum)
            marks = functools.partial(engine._highlights, kind, slug, frozenset(terms))
            hits.append(Hit(kind, slug, round(score, 4), marks))
        interpretation = Interpretation(
            tuple(item for f in reading.filters for item in _filters(f.meaning, f.text)),
            tuple(focuses), relation,
            _expansions(reading),
            reading.terms)
        return SearchResults(total=len(candidates), hits=tuple(hits),
                             exercise_slugs=functools.partial(engine._exercise_slugs,
                                                              candidates),
                             interpretation=interpretation)

    def _names(self, text: str) -> bool:
        """Whether the whole query is an exercise's name or alias ("butt ups")."""
        return bool(self._exercises & set(self.engine._postings.matching(
            Term("exact", exact_key(text)))))

    def _names_body_part(self, reading: Reading) -> bool:
        """Whether a body part and the words around it are part of an exercise's name
        ("calf stretch", "rear delt fly"): then they are searched as typed."""
        if reading.filters or reading.relation or not reading.terms or not reading.focuses \
                or any(f.focus.kind is FocusKind.GOAL for f in reading.focuses):
            return False
        postings = self.engine._postings
        found = set(self._exercises)
        for stem_ in reading.stems:
            found &= set(postings.matching(querying.any_of(
                [Term("name", stem_), Term("aliases", stem_)])))
            if not found:
                return False
        return any(self.fitting.named(self.engine._document(docnum)[1], [reading.stems])
                   for docnum in sorted(found)[:NAMES_CHECKED])

    def _scored(self, scores: Mapping[str, float]) -> dict[int, float]:
        docnums = self.engine._docnums
        return {docnums[(Kind.EXERCISE, slug)]: score for slug, score in scores.items()
                if (Kind.EXERCISE, slug) in docnums}

    def _asks_stretching(self, reading: Reading) -> bool:
        return any(Category.STRETCHING.value in f.focus.categories for f in reading.focuses) \
            or any(stem(term.lower()) in STRETCHING for term in reading.terms)

    def _text(self, reading: Reading, candidates: set[int], soft: bool) -> tuple[querying.ParsedQuery | None, dict[int, float] | None]:
        """The words left over: the documents they match among the candidates (as few
        words as any candidate matches, when no candidate matches them all), and their
        scores."""
        if not reading.terms:
            return None, None
        engine = self.engine
        parsed = querying.parse(reading.text, engine._known, engine._alternatives,
                                engine._concepts)
        compiled = querying.build(parsed, engine._in_field)
        if compiled is None:
            return parsed, None
        matched, _ = engine._matching(compiled, None)
        matched &= candidates
        while not matched and (relaxed := compiled.relaxed()) is not None:
            compiled = relaxed
            matched = engine._matching(compiled, None)[0] & candidates
        if not matched and soft:
            matched = candidates
        return parsed, engine._postings.scored(compiled.scoring, matched) if matched else {}


def _expansions(reading: Reading) -> tuple[Expansion, ...]:
    return tuple(Expansion(e.text, e.meaning.means[0]) for e in reading.expansions)


def _filters(entry: Filter, text: str) -> tuple[UnderstoodFilter, ...]:
    return tuple(UnderstoodFilter(facet, values, entry.label, text, entry.unlisted)
                 for facet, values in entry.conditions if facet in FACET)


def _focus(focus: Focus, text: str, exercise: str | None) -> UnderstoodFocus:
    return UnderstoodFocus(focus.kind, focus.label, text, focus.muscles, exercise)
