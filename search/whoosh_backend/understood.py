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
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from whoosh.lang.porter2 import stem
from whoosh.query import Term

from content.model import Category, Kind
from content.vocabulary import FocusKind, RelationKind

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
from ..understanding.fit import Fit, preferred
from ..understanding.lexicon import Lexicon
from ..understanding.reading import Reading, read
from ..understanding.snapshot import Understanding
from . import querying
from .analysis import exact_key

if TYPE_CHECKING:
    from .engine import WhooshEngine

WORD = re.compile(r"\w+(?:['’]\w+)*")
# A count of repetitions before an exercise's name ("20 push ups").
COUNT = re.compile(r"^\d+\s+")
READING_CACHE = 4096
CACHE = 512
# With a goal, body part or relation, how much the words left over count next to them.
TEXT_WEIGHT = 0.2
RELATION_WEIGHT = 2.0
NARROWEST = 0.5  # of filters widening each other, what passing the narrowest counts
# The movements that stretch or loosen rather than train (a superman, listed as a stretch,
# trains the back), and what is left of their fit when a query asks to train a body part.
LOOSENING = ("stretch-*", "mobility-*", "self-massage-*")
STRETCH_SHARE = 0.5
# Slang with other words: of this many best matches, those naming every word come first.
COORDINATED = 30
STEM = stem  # the stemming of the index's text fields
STRETCHING = frozenset(stem(word) for phrase in CATEGORY_WORDS[Category.STRETCHING]
                       for word in phrase.split())


@dataclass
class _Plan:
    """What a reading asks of the exercises: the sets every candidate must be in (filters,
    the exercises working a body part, the relatives of a named exercise), those it must not
    be in, the exercises fitting its goals, and fits saying how well each fits."""

    required: list[AbstractSet[str]] = field(default_factory=list)
    excluded: list[AbstractSet[str]] = field(default_factory=list)
    goals: list[AbstractSet[str]] = field(default_factory=list)
    scores: list[tuple[float, Fit]] = field(default_factory=list)
    pooled: bool = False  # a body part restricts the candidates
    demoted: AbstractSet[str] = frozenset()  # stretches, when training is asked for
    focuses: list[UnderstoodFocus] = field(default_factory=list)
    relation: UnderstoodRelation | None = None
    related: AbstractSet[str] | None = None  # the relatives of a named exercise
    kin: AbstractSet[str] = frozenset()  # exercises named by its movement words

    def candidates(self, everything: AbstractSet[str]) -> set[str]:
        """The exercises in every required set (in the goals' when nothing else pools
        them), and in none of the excluded ones. When a goal leaves out every relative of a
        named exercise ("back pain, instead of deadlifts"), those fitting the goal; when
        filters do ("deadlift alternative with dumbbells"), its kin meeting them."""
        found = self._meeting(everything, self.related)
        if not found and self.related is not None:
            found = self._meeting(everything, None) if self.goals else \
                self._meeting(everything, self.kin)
        return found

    def _meeting(self, everything: AbstractSet[str], related: AbstractSet[str] | None
                 ) -> set[str]:
        sets = list(self.required)
        if related is not None:
            sets.append(related)
        elif self.goals and not self.pooled:
            sets.append(set().union(*self.goals))
        sets.sort(key=len)
        found = set(sets[0]) if sets else set(everything)
        for other in sets[1:]:
            found.intersection_update(other)
        for other in self.excluded:
            found.difference_update(other)
        return found

    def priors(self, candidates: AbstractSet[str]) -> dict[str, float]:
        """How well the candidates fitting anything understood fit, all told."""
        found: dict[str, float] = {}
        for weight, fit in self.scores:
            scores = fit.scores
            for slug in candidates & scores.keys():
                found[slug] = found.get(slug, 0.0) + weight * scores[slug]
        for slug in self.demoted & found.keys():
            found[slug] *= STRETCH_SHARE
        return found


class UnderstoodSearch:
    """Reads queries with a store's vocabulary and answers those it understands."""

    def __init__(self, engine: WhooshEngine, understanding: Understanding) -> None:
        self.engine = engine
        self.understanding = understanding
        self.read = functools.lru_cache(maxsize=READING_CACHE)(self._read)
        self._resolved = functools.lru_cache(maxsize=CACHE)(self._resolve)
        self._related = functools.lru_cache(maxsize=CACHE)(self._relatives)

    @property
    def lexicon(self) -> Lexicon:
        return self.understanding.lexicon

    def _read(self, text: str) -> Reading:
        return read(text, self.lexicon, self.engine._common)

    def search(self, request: SearchRequest) -> SearchResults | None:
        """The answer to an understood query, or None when it is to be searched as typed."""
        reading = self.read(request.text)
        if reading.plain or Kind.EXERCISE not in request.kinds or self._names(request.text) \
                or (not reading.slang and reading.terms and self._in_a_name(reading.stems)):
            return None
        engine = self.engine
        reading = self._answerable(reading)
        if reading.expansions and reading.relation is None and self._in_a_name(
                tuple(STEM(word.lower()) for term in reading.named for word in term.split())):
            # Slang expanded, every word is part of a name ("straight arm pd"): a body part
            # or filter named in it is a word of the name.
            reading = replace(reading, filters=(), focuses=(), terms=reading.named)
        if not (reading.filters or reading.focuses or reading.relation):
            results = self._coordinated(reading, request)
            return replace(results, interpretation=Interpretation(
                expansions=_expansions(reading), terms=reading.terms))
        plan = self._plan(reading, request)
        candidates = plan.candidates(self.understanding.store.exercises.keys())
        soft = plan.pooled or plan.related is not None or bool(plan.goals)
        if soft:
            reading = self._naming(reading)
        parsed, text = self._text(reading, candidates, soft)
        if text is not None and (text or not soft):
            candidates = set(text)
        if not candidates and text is not None:  # rather than nothing, as typed
            return None
        ranked = self._ranked(candidates, plan, text or {}, request.offset + request.limit)
        terms = parsed.terms() if parsed else frozenset()
        phrase = self.understanding.words.phrase
        terms |= {word for f in reading.focuses for words in f.focus.words
                  for word in phrase(words)}
        hits = []
        for slug, score in ranked[request.offset:]:
            marks = functools.partial(engine._highlights, Kind.EXERCISE, slug, frozenset(terms))
            hits.append(Hit(Kind.EXERCISE, slug, round(score, 4), marks))
        interpretation = Interpretation(
            tuple(UnderstoodFilter(facet, values, f.meaning.label, f.text, f.meaning.unlisted,
                                   f.meaning.avoid)
                  for f in reading.filters for facet, values in f.meaning.conditions),
            tuple(plan.focuses), plan.relation, _expansions(reading), reading.terms)
        return SearchResults(total=len(candidates), hits=tuple(hits),
                             exercise_slugs=functools.partial(tuple, candidates),
                             did_you_mean=self._did_you_mean(request.text, reading, parsed,
                                                             candidates),
                             interpretation=interpretation)

    def _coordinated(self, reading: Reading, request: SearchRequest) -> SearchResults:
        """Slang with other words searched as text, the exercises whose names hold every
        one of them (slang by what it stands for) first: "sm squat" finds Smith-machine
        squats before other Smith-machine lifts."""
        if len(reading.terms) < 2:
            return self.engine._search_words(replace(request, text=reading.text))
        wanted = request.offset + request.limit
        results = self.engine._search_words(replace(
            request, text=reading.text, offset=0, limit=max(wanted, COORDINATED)))
        phrase, index = self.understanding.words.phrase, self.understanding.index
        concepts = [found for term in reading.terms if (found := phrase(term))]
        named = [hit for hit in results.hits if hit.kind is Kind.EXERCISE
                 and all(index.holds(hit.slug, concept) for concept in concepts)]
        if not named:
            return replace(results, hits=results.hits[request.offset:wanted])
        least = named[-1].score
        hits = [*named, *(replace(hit, score=min(hit.score, least)) for hit in results.hits
                          if hit not in named)]
        return replace(results, hits=tuple(hits[request.offset:wanted]))

    def _answerable(self, reading: Reading) -> Reading:
        """The reading, with a relation to an exercise the library does not have turned back
        into the words naming it, searched as text ("easier version of dips" without dips),
        unless the words before the relation name one."""
        relation = reading.relation
        if relation is None or self._resolved(relation.exercise) is not None:
            return reading
        before = relation.before
        if before and reading.terms[:len(before)] == before \
                and self._resolved(" ".join(before)) is not None:
            return replace(reading, relation=replace(relation, exercise=" ".join(before)),
                           terms=(*reading.terms[len(before):], *relation.exercise.split()))
        return replace(reading, relation=None,
                       terms=(*reading.terms, *relation.exercise.split()))

    def _naming(self, reading: Reading) -> Reading:
        """The reading without the words left over that match (as typed or corrected) no
        word of an exercise's name nor a concept (a category, equipment): next to a body
        part, goal or relation they say nothing of which exercises are wanted ("hips feel
        tight from sitting")."""
        index, engine = self.understanding.index, self.engine
        concepts = {word for key in engine._concepts for word in key}

        def naming(term: str) -> bool:
            return any(stem in concepts or index.named_slugs((stem,))
                       for word in term.split() for stem in (
                           STEM(word.lower()),
                           *engine._alternatives(word, STEM(word.lower()))[0]))

        terms = tuple(term for term in reading.terms if naming(term))
        return reading if terms == reading.terms else replace(reading, terms=terms)

    def _did_you_mean(self, text: str, reading: Reading, parsed: querying.ParsedQuery | None,
                      found: set[str]) -> str | None:
        """The query with its typing slips corrected, when it had any: vocabulary words
        read as the word they are a slip from, and words searched as text by their
        corrections, when these find more than the words as typed (of the `found`)."""
        fixes = {typed.casefold(): meant for typed, meant in reading.mended}
        if parsed is not None and parsed.corrected_text():
            engine = self.engine
            literal = querying.build(parsed, engine._in_field, use_corrections=False)
            if literal is None or len(found) > len(
                    self._within(engine._matching(literal, None)[0], found)):
                fixes.update((word.surface.casefold(), word.correction_text)
                             for word in parsed.words
                             if word.correction and word.correction_text)
        if not fixes:
            return None
        return WORD.sub(lambda match: fixes.get(match.group().casefold(), match.group()), text)

    def _plan(self, reading: Reading, request: SearchRequest) -> _Plan:
        fitting = self.understanding.fitting
        plan = _Plan()
        if request.criteria.conditions:
            plan.required.append(fitting.index.meeting(request.criteria.conditions))
        # Filters on the same facets widen each other ("at home with dumbbells"), the
        # exercises passing the narrowest of them first.
        widened: dict[tuple[str, ...], list[AbstractSet[str]]] = {}
        for found in reading.filters:
            facets = tuple(facet for facet, _ in found.meaning.conditions)
            widened.setdefault(facets, []).append(fitting.passes(found.meaning))
        for passing in widened.values():
            plan.required.append(set().union(*passing))
            if len(passing) > 1:
                narrowest = min(passing, key=len)
                plan.scores.append((NARROWEST, Fit(dict.fromkeys(narrowest, 1.0), frozenset())))
        # What a filter leaves out by name stays out when another widens it ("dumbbell
        # exercises without a bench").
        plan.excluded += [fitting.left_out(found.meaning) for found in reading.filters
                          if found.meaning.avoid]
        # Stretching is asked for by its words or a goal; a body part both stretched and
        # trained is stretched unless strength is asked for ("hip flexor strengthening").
        stretching = any(stem(term.lower()) in STRETCHING for term in reading.terms) or any(
            Category.STRETCHING.value in f.focus.categories for f in reading.focuses
            if f.focus.kind is FocusKind.GOAL or not reading.strengthening)
        goal = any(f.focus.kind is FocusKind.GOAL for f in reading.focuses)
        # A body part named with a goal about an exercise is what the goal works, rather than
        # the exercise's muscles ("wrist warm up before push ups").
        part = any(f.focus.kind is FocusKind.ANATOMY for f in reading.focuses)
        body: list[AbstractSet[str]] = []
        for read_focus in reading.focuses:
            focus = read_focus.focus
            of = self._resolved(read_focus.exercise) if read_focus.exercise else None
            fit = fitting.fit(focus, None if part else of, preferred(focus, stretching, goal),
                              () if read_focus.implicit else read_focus.stems)
            plan.scores.append((1.0, fit))
            plan.excluded.append(fit.avoided)
            (body if focus.kind is FocusKind.ANATOMY else plan.goals).append(fit.scores.keys())
            plan.focuses.append(UnderstoodFocus(focus.kind, focus.label, read_focus.text,
                                                focus.muscles, of))
        if body:
            plan.required.append(body[0] if len(body) == 1 else set().union(*body))
            plan.pooled = True
            if reading.training and not stretching and not _loosening(reading):
                plan.demoted = fitting.index.patterned_slugs(LOOSENING)
        if reading.relation is not None:
            named = self._resolved(reading.relation.exercise)
            if named is not None:
                asked = reading.relation.relation.kind
                related = self._related(asked, named)
                plan.related = related.scores.keys()
                plan.kin = self.understanding.related.kin(named)
                plan.scores.append((RELATION_WEIGHT, related))
                plan.relation = UnderstoodRelation(asked, named, reading.relation.text)
        return plan

    def _ranked(self, candidates: set[str], plan: _Plan, text: Mapping[str, float],
                limit: int) -> list[tuple[str, float]]:
        """The `limit` best candidates by how well they fit, plus their text scores
        (relative to the best, and lighter when something else was understood); ties
        plainest first."""
        index = self.understanding.index
        if not text and len(plan.scores) == 1 and not plan.demoted:  # the order is known
            factor, fit = plan.scores[0]
            ordered = (rank[2] for _, rank in fit.order(index) if rank[2] in candidates)
            ranked = [(slug, factor * fit.scores[slug])
                      for slug in itertools.islice(ordered, limit)]
        else:
            weight = (TEXT_WEIGHT if plan.scores else 1.0) / (max(text.values(), default=0.0)
                                                             or 1.0)
            priors = plan.priors(candidates)
            scored = {slug: weight * text.get(slug, 0.0) + priors.get(slug, 0.0)
                      for slug in itertools.chain(text, priors)}
            # The `limit` best scores, then every exercise scoring that much (ties are
            # ranked by plainness, so only they need it).
            least = min(heapq.nlargest(limit, scored.values()), default=0.0)
            best = sorted((-score, index.rank(slug)) for slug, score in scored.items()
                          if score >= least and score > 0)[:limit]
            ranked = [(rank[2], -score) for score, rank in best]
        if len(ranked) < limit:  # then those fitting nothing, plainest first
            rest = candidates.difference(slug for slug, _ in ranked)
            ranked += [(slug, 0.0) for slug in index.plainest(rest, limit - len(ranked))]
        return ranked

    def _text(self, reading: Reading, candidates: set[str], soft: bool
              ) -> tuple[querying.ParsedQuery | None, dict[str, float] | None]:
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
        matched = self._within(engine._matching(compiled, None)[0], candidates)
        while not matched and (relaxed := compiled.relaxed()) is not None:
            compiled = relaxed
            matched = self._within(engine._matching(compiled, None)[0], candidates)
        if not matched and soft:
            matched = self._within(None, candidates)
        if not matched:
            return parsed, {}
        documents = engine._documents
        return parsed, {documents[docnum][1]: score  # type: ignore[index]
                        for docnum, score in engine._postings.scored(compiled.scoring,
                                                                     matched).items()}

    def _within(self, docnums: AbstractSet[int] | None, slugs: AbstractSet[str]) -> set[int]:
        """The documents of `docnums` (None: of every document) that are exercises of
        `slugs`, going through the smaller of the two."""
        engine = self.engine
        if docnums is not None and len(docnums) < len(slugs):
            documents = engine._documents
            return {docnum for docnum in docnums
                    if (document := documents[docnum]) is not None
                    and document[0] is Kind.EXERCISE and document[1] in slugs}
        numbers = engine._docnums
        found = {numbers[(Kind.EXERCISE, slug)] for slug in slugs}
        return found if docnums is None else {docnum for docnum in found if docnum in docnums}

    def _resolve(self, words: str) -> str | None:
        """The exercise some words name: the first (by name) whose name or alias they are
        (after a count: "20 push ups"), else the best exercise match of a plain search
        (which forgives typos)."""
        named = self._exactly(words) or self._exactly(COUNT.sub("", words))
        if named:
            return min(named, key=lambda slug: self.understanding.index.rank(slug)[1:])
        found = self.engine._search_words(SearchRequest(
            words, kinds=frozenset({Kind.EXERCISE}), limit=1))
        return found.hits[0].slug if found.hits else None

    def _exactly(self, words: str) -> set[str]:
        """The exercises whose name or an alias is `words`."""
        return self._exercises(self.engine._postings.matching(
            Term("exact", exact_key(words))))

    def _exercises(self, docnums: AbstractSet[int]) -> set[str]:
        documents = self.engine._documents
        return {document[1] for docnum in docnums
                if (document := documents[docnum]) is not None and document[0] is Kind.EXERCISE}

    def _names(self, text: str) -> bool:
        """Whether the whole query is an exercise's name or alias ("butt ups")."""
        return bool(self._exactly(text))

    def _in_a_name(self, stems: tuple[str, ...]) -> bool:
        """Whether the stems of a query's words are, in order, part of an exercise's name or
        alias ("calf stretch", "hip lift with band", "dead bugs"): a query with words left
        over is then searched as typed. Slang alone is searched as what it stands for,
        though names may hold it too ("dl" in "Sumo DL")."""
        named = self.understanding.index.named_slugs(stems)
        if not named:
            return False
        postings = self.engine._postings
        found = set(named)
        for word in stems:
            found &= self._exercises(postings.matching(querying.any_of(
                [Term("name", word), Term("aliases", word)])))
        return bool(found)

    def _relatives(self, kind: RelationKind, slug: str) -> Fit:
        return Fit(self.understanding.related.scores(kind, slug), frozenset())


def _loosening(reading: Reading) -> bool:
    """Whether a goal of the reading fits stretching or loosening movements (a back-friendly
    routine holds stretches of the lower back)."""
    return any(pattern.startswith(loosening[:-1]) for f in reading.focuses
               if f.focus.kind is FocusKind.GOAL for pattern in f.focus.patterns
               for loosening in LOOSENING)


def _expansions(reading: Reading) -> tuple[Expansion, ...]:
    return tuple(Expansion(e.text, e.meaning.means[0]) for e in reading.expansions)
