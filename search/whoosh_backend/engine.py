"""exgraph's search interface implemented on a Whoosh index."""

from __future__ import annotations

import contextlib
import functools
import heapq
import itertools
import queue
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from whoosh.query import And, Query, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from content.catalog import ExerciseFilter
from content.model import Kind
from content.patterns_names import likeness
from content.related import relations
from content.store import Changes, Store

from ..concepts import Concept, concept_table
from ..documents import exercise_document, guide_document, muscle_document
from ..engine import Highlight, Hit, SearchRequest, SearchResults, Suggestion
from ..suggest import Suggester
from ..understanding.snapshot import Understanding
from . import querying
from .analysis import terms
from .highlighting import highlights
from .postings import Postings
from .segments import SEGMENTS, SegmentFacts
from .spelling import Spellings
from .storage import Generation
from .understood import STEM, UnderstoodSearch

MAX_CORRECTIONS = 3
# Terms whose postings (document numbers with their BM25F scores) are kept in memory for
# matching, counting and scoring.
POSTINGS_CACHE = 2048
# Queries matching more documents than this score only those matching the most words.
MAX_SCORED = 2000
# How many of the best matches get the costly proximity bonus of long queries.
RERANK_DEPTH = 100
# Words seen in fewer documents than this may be typos and get corrections too.
RARE = 3
# Searches with fewer matches than this are topped up with close relatives.
EXPAND_BELOW = 10
# The head of a ranking that relevance feedback may reorder.
FEEDBACK_WINDOW = 30
# A best hit this many times ahead of the next is taken as what the user meant.
DECISIVE_RATIO = 1.5
RELATIVE_WEIGHT = 2.0
MIN_RELATIVE_SIMILARITY = 0.5
# How much the words a relative's name shares with the best hit's add to its likeness.
NAME_WEIGHT = 0.3
WORD = re.compile(r"[^\W_]+")
CORRECTION_CACHE = 4096
# Indexed texts of recently returned documents, kept for highlighting.
TEXTS_CACHE = 2048


def _filter_query(criteria: ExerciseFilter, kinds: frozenset[Kind]) -> Query | None:
    conditions: list[Query] = []
    if kinds != frozenset(Kind):
        conditions.append(querying.any_of([Term("kind", kind.value) for kind in sorted(kinds)]))
    for facet, accepted in criteria.conditions:
        conditions.append(querying.any_of([Term(facet, value) for value in sorted(accepted)]))
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else And(conditions)


class WhooshEngine:
    """Answers searches and suggestions for one content snapshot from its index."""

    def __init__(self, store: Store, generation: Generation,
                 previous: WhooshEngine | None = None) -> None:
        """An engine over `generation`, the index of `store`. With the `previous` engine
        (of an earlier version of the same library), what did not change is reused."""
        self.version = store.version
        self.store = store
        self.generation = generation
        self._index = generation.index
        self._searchers: queue.SimpleQueue[Searcher] = queue.SimpleQueue()
        self._postings = Postings(self._searcher, POSTINGS_CACHE)
        self._texts = functools.lru_cache(maxsize=TEXTS_CACHE)(self._read_texts)
        # Remembered per engine (a cache on the method would keep old engines alive).
        self._alternatives = functools.lru_cache(maxsize=CORRECTION_CACHE)(
            self._find_alternatives)
        self._segments: list[SegmentFacts] = []
        self._documents: list[tuple[Kind, str] | None] = []
        with self._searcher() as searcher:
            for segment, _ in searcher.reader().leaf_readers():
                if segment.segment() is None:  # an empty index
                    continue
                facts = SEGMENTS.facts(segment)
                self._segments.append(facts)
                documents = list(facts.documents)
                if segment.has_deletions():
                    for docnum in segment.deleted_docs_set:
                        documents[docnum] = None
                self._documents += documents
        self._suggester: Suggester = Suggester.updated(previous._suggester, previous.store, store) \
            if previous is not None else Suggester.of(store)
        # Made when first needed, then carried from engine to engine, patched for each edit.
        self._understood = Understanding.of(store, STEM)
        self._spelled: Spellings | None = None
        self._inherited: tuple[dict[tuple[Kind, str], int], int, Changes] | None = None
        if previous is not None:
            changes = Changes.between(previous.store, store)
            self._understood = Understanding.updated(previous._understood, store, changes)
            if previous._spelled is not None:
                self._spelled = previous._spelled.updated(store, changes)
            # The index grew by segments: earlier documents keep their numbers.
            kept = len(previous._segments)
            if "_docnums" in previous.__dict__ and len(self._segments) >= kept and all(
                    mine is theirs for mine, theirs in zip(self._segments[:kept],
                                                           previous._segments, strict=True)):
                self._inherited = previous._docnums, len(previous._documents), changes

    @functools.cached_property
    def _docnums(self) -> dict[tuple[Kind, str], int]:
        """Each live document's number: those of the previous engine's patched for the
        documents that changed since, when the index only grew by segments."""
        if self._inherited is not None:
            previous, known, changes = self._inherited
            self._inherited = None
            found = dict(previous)
            for document in changes.changed | changes.removed:
                docnum = found.get(document)
                if docnum is not None and self._documents[docnum] is None:
                    del found[document]
            for docnum in range(known, len(self._documents)):
                added = self._documents[docnum]
                if added is not None:
                    found[added] = docnum
            if len(found) == len(self._documents) - self._documents.count(None):
                return found
        return {document: docnum for docnum, document in enumerate(self._documents)
                if document is not None}

    @functools.cached_property
    def _rank(self) -> list[int]:
        """Each document's place in the store's order (names A to Z), which breaks ties:
        never document numbers, which depend on how the index was built and patched."""
        order = {document: position for position, document in enumerate(itertools.chain(
            ((Kind.EXERCISE, slug) for slug in self.store.exercises),
            ((Kind.MUSCLE, slug) for slug in self.store.muscles),
            ((Kind.GUIDE, slug) for slug in self.store.guides)))}
        return [order.get(document, len(order)) if document else len(order)
                for document in self._documents]

    def _frequency(self, term: str) -> int:
        """How many documents hold `term` in a text field (deleted ones too, as Whoosh
        counts them until their segment is merged)."""
        return sum(facts.frequencies.get(term, 0) for facts in self._segments)

    @contextlib.contextmanager
    def _searcher(self) -> Iterator[Searcher]:
        """A searcher for this thread's exclusive use (Whoosh searchers are not thread-safe)."""
        try:
            searcher = self._searchers.get_nowait()
        except queue.Empty:
            searcher = self._index.searcher(weighting=BM25F())
        try:
            yield searcher
        finally:
            self._searchers.put(searcher)

    def _known(self, term: str) -> bool:
        return any(term in facts.frequencies for facts in self._segments)

    def _common(self, term: str) -> bool:
        """Whether `term` is indexed too often to be taken for a typing slip."""
        return self._frequency(term) >= RARE

    def _in_field(self, field: str, term: str) -> bool:
        return any(field in facts.fields.get(term, ()) for facts in self._segments)

    @property
    def _spellings(self) -> Spellings:
        """Correctable words (as written in names and aliases) and their stems."""
        if self._spelled is None:
            self._spelled = Spellings.of(self.store)
        return self._spelled

    def _find_alternatives(self, surface: str, term: str
                           ) -> tuple[tuple[str, ...], str | None]:
        """Terms to search for a word: itself, plus likely corrections if it is rare; and
        the corrected word as a reader would write it."""
        frequency = self._frequency(term)
        itself = (term,) if frequency else ()
        if frequency >= RARE or len(surface) < 4 or not surface.isalpha():
            return itself, None
        corrector, stems = self._spellings.corrector, self._spellings.stems
        if not stems:  # nothing to correct towards (an empty library)
            return itself, None
        for distance in (1, 2) if len(surface) >= 6 else (1,):
            found = [word for word in corrector.suggest(surface, limit=8, maxdist=distance,
                                                        prefix=1)
                     if stems[word] != term
                     and self._frequency(stems[word]) >= max(RARE, 10 * frequency)]
            if found:
                found.sort(key=lambda word: -self._frequency(stems[word]))
                chosen = list(dict.fromkeys(stems[word] for word in found))
                return itself + tuple(chosen[:MAX_CORRECTIONS]), found[0]
        return itself, None

    @functools.cached_property
    def _concepts(self) -> dict[tuple[str, ...], Concept]:
        return concept_table(self.store, lambda text: tuple(
            stem for _, stem, joined in terms(text) if not joined))

    def _highlights(self, kind: Kind, slug: str, matched: frozenset[str]
                    ) -> tuple[Highlight, ...]:
        return highlights(self._texts(kind, slug), matched)

    def _read_texts(self, kind: Kind, slug: str) -> dict[str, str]:
        """A document's indexed text, for highlighting (rebuilt from the store on demand)."""
        if kind is Kind.EXERCISE:
            return exercise_document(self.store, self.store.exercises[slug]).fields
        if kind is Kind.MUSCLE:
            return muscle_document(self.store.muscles[slug]).fields
        return guide_document(self.store.guides[slug]).fields

    def _matching(self, compiled: querying.Compiled, restriction: Query | None
                  ) -> tuple[set[int], Counter[int]]:
        """Documents matching at least `compiled.required` clauses and the restriction, and
        how many clauses each matches (left empty when all are required)."""
        counts: Counter[int] = Counter()
        if compiled.exact:
            allowed = set(self._postings.matching(compiled.scoring))
        else:
            for clause in compiled.clauses:
                counts.update(self._postings.matching(clause))
            allowed = {docnum for docnum, count in counts.items()
                       if count >= compiled.required}
        if restriction is not None and allowed:
            allowed.intersection_update(self._postings.matching(restriction))
        return allowed, counts

    def _most_matched(self, allowed: set[int], counts: Counter[int], limit: int) -> list[int]:
        """The `limit` documents of `allowed` matching the most clauses, ties in store order."""
        rank = self._rank
        return heapq.nsmallest(limit, allowed, key=lambda docnum: (-counts[docnum], rank[docnum]))

    def _ranked(self, compiled: querying.Compiled, candidates: set[int], limit: int
                ) -> list[tuple[int, float]]:
        """The best `limit` of `candidates` by score. The costlier proximity bonus of long
        queries only reorders the first RERANK_DEPTH, so every page agrees on the order."""
        scored = self._postings.scored(compiled.scoring, candidates)
        ranked = self._top(scored.items(), max(limit, RERANK_DEPTH))
        if not compiled.near_pairs or not ranked:
            return ranked[:limit]
        head = dict(ranked[:RERANK_DEPTH])
        for docnum, bonus in self._proximity(compiled.near_pairs, sorted(head)).items():
            head[docnum] += bonus
        return (self._top(head.items(), RERANK_DEPTH) + ranked[RERANK_DEPTH:])[:limit]

    def _top(self, scored: Iterable[tuple[int, float]], limit: int) -> list[tuple[int, float]]:
        """The `limit` best of `scored`, ties in store order."""
        rank = self._rank
        return heapq.nlargest(limit, scored, key=lambda item: (item[1], -rank[item[0]]))

    def _proximity(self, pairs: tuple[tuple[str, str], ...], docnums: list[int]
                   ) -> dict[int, float]:
        """The bonus of each of `docnums` (sorted) for the `pairs` of words it has near each
        other in its body: PROXIMITY_BOOST times the pair's body scores, as a Whoosh phrase
        query with slop would score it, without its scan of every document in between."""
        positions = {word: self._postings.positions("body", word, docnums)
                     for word in {word for pair in pairs for word in pair}}
        bonus: dict[int, float] = {}
        for first, second in pairs:
            scores = self._postings.scores("body", first), self._postings.scores("body", second)
            for docnum, at in positions[first].items():
                following = positions[second].get(docnum)
                if following and querying.near(at, following):
                    bonus[docnum] = bonus.get(docnum, 0.0) + querying.PROXIMITY_BOOST * (
                        scores[0][docnum] + scores[1][docnum])
        return bonus

    @functools.cached_property
    def _understanding(self) -> UnderstoodSearch:
        return UnderstoodSearch(self, self._understood)

    def search(self, request: SearchRequest) -> SearchResults:
        understood = self._understanding.search(request)
        return understood if understood is not None else self._search_words(request)

    def _search_words(self, request: SearchRequest) -> SearchResults:
        """Search the query's words as typed."""
        parsed = querying.parse(request.text, self._known, self._alternatives,
                                self._concepts)
        compiled = querying.build(parsed, self._in_field)
        if compiled is None:
            return SearchResults(total=0, hits=())
        restriction = _filter_query(request.criteria, request.kinds)
        allowed, counts = self._matching(compiled, restriction)
        # Rather than nothing, the documents matching as many of the words as any does.
        while not allowed and (relaxed := compiled.relaxed()) is not None:
            compiled = relaxed
            allowed, counts = self._matching(compiled, restriction)
        if not allowed:
            return SearchResults(total=0, hits=(), did_you_mean=None)
        wanted = max(request.offset + request.limit, FEEDBACK_WINDOW)
        # With very many matches only those matching the most words are scored; the others
        # follow them, most words matched first.
        many = len(allowed) > MAX_SCORED and counts
        head = set(self._most_matched(allowed, counts, MAX_SCORED)) if many else allowed
        ranked = self._ranked(compiled, head, wanted)
        if many and len(ranked) < wanted:
            following = self._most_matched(allowed, counts, MAX_SCORED + wanted - len(ranked))
            ranked += [(docnum, 0.0) for docnum in following[MAX_SCORED:]]
        few = len(allowed) < EXPAND_BELOW
        decisive = (len(ranked) > 1 and ranked[0][1] >= DECISIVE_RATIO * ranked[1][1]
                    and len(parsed.words) < querying.LONG_QUERY)
        if ranked and (few or decisive):
            relatives = self._relatives(ranked[0][0], request)
            ranked = _blend(ranked, relatives, few)
            allowed.update(docnum for docnum, _ in relatives)
        matched_terms = parsed.terms()
        hits = []
        for docnum, score in ranked[request.offset:request.offset + request.limit]:
            kind, slug = self._document(docnum)
            marks = functools.partial(self._highlights, kind, slug, matched_terms)
            hits.append(Hit(kind, slug, round(score, 4), marks))
        did_you_mean = self._did_you_mean(parsed, restriction, len(allowed))
        return SearchResults(total=len(allowed), hits=tuple(hits),
                             exercise_slugs=functools.partial(self._exercise_slugs, allowed),
                             did_you_mean=did_you_mean)

    def _exercise_slugs(self, docnums: set[int]) -> tuple[str, ...]:
        return tuple(slug for kind, slug in map(self._document, docnums)
                     if kind is Kind.EXERCISE)

    def _document(self, docnum: int) -> tuple[Kind, str]:
        """The kind and slug of a live document (matches never include deleted ones)."""
        document = self._documents[docnum]
        assert document is not None, f"document {docnum} is deleted"
        return document

    def _did_you_mean(self, parsed: querying.ParsedQuery, restriction: Query | None,
                      total: int) -> str | None:
        """The corrected query, when correcting finds more than the words as typed."""
        suggestion = parsed.corrected_text()
        if not suggestion:
            return None
        literal = querying.build(parsed, self._in_field, use_corrections=False)
        literal_total = len(self._matching(literal, restriction)[0]) if literal else 0
        return suggestion if total > literal_total else None

    def _relatives(self, docnum: int, request: SearchRequest) -> list[tuple[int, float]]:
        """Exercises most like the best match (pseudo-relevance feedback), within the
        request's restrictions."""
        kind, slug = self._document(docnum)
        if kind is not Kind.EXERCISE or Kind.EXERCISE not in request.kinds:
            return []
        seed = self.store.exercises[slug]
        graph = relations(self.store)
        words = _name_words(seed.name) - graph.core(slug)
        return [(self._docnums[(Kind.EXERCISE, other.slug)],
                 score + NAME_WEIGHT * likeness(words, _name_words(other.name)
                                                - graph.core(slug)))
                for other, score in graph.similar(seed, FEEDBACK_WINDOW)
                if request.criteria.matches(other) and score >= MIN_RELATIVE_SIMILARITY]

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        return self._suggester.suggest(prefix, limit)


def _name_words(name: str) -> frozenset[str]:
    return frozenset(WORD.findall(name.casefold()))


def _blend(ranked: list[tuple[int, float]], relatives: list[tuple[int, float]],
           few: bool) -> list[tuple[int, float]]:
    """Re-rank the head of `ranked` below its best hit, mixing in the best hit's relatives.

    With few matches every match stays above every relative; otherwise the head of the list
    is ordered by match score plus likeness to the best hit.
    """
    best, head, tail = ranked[0], ranked[1:FEEDBACK_WINDOW], ranked[FEEDBACK_WINDOW:]
    top_match = max((score for _, score in head), default=1.0) or 1.0
    top_relative = max((score for _, score in relatives), default=1.0) or 1.0
    blended: dict[int, float] = {}
    for docnum, score in head:
        blended[docnum] = score / top_match + (2.0 if few else 0.0)
    for docnum, score in relatives:
        if docnum != best[0]:
            blended[docnum] = blended.get(docnum, 0.0) + RELATIVE_WEIGHT * score / top_relative
    ordered = sorted(blended.items(), key=lambda item: -item[1])
    scale = best[1] / (max(blended.values(), default=1.0) or 1.0) * 0.99
    return [best] + [(docnum, value * scale) for docnum, value in ordered] + [
        item for item in tail if item[0] not in blended]

