"""Match and score queries from cached postings instead of Whoosh's matcher trees.

Whoosh scores a query by walking a tree of matchers document by document, at tens of
microseconds per candidate. Here each term's postings are read once, with Whoosh's BM25F
score for every document that has the term, and queries built of `Term`, `And`, `Or` and
`AndMaybe` are matched and scored by set and dict operations over them: the same scores as
Whoosh's matchers give (a sum over the matching parts), far faster.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from contextlib import AbstractContextManager

from whoosh.query import And, AndMaybe, Or, Query, Term
from whoosh.searching import Searcher

Searchers = Callable[[], AbstractContextManager[Searcher]]


class Postings:
    """The postings of one index, `capacity` terms of them kept in memory."""

    def __init__(self, searcher: Searchers, capacity: int) -> None:
        self._searcher = searcher
        self.scores = functools.lru_cache(maxsize=capacity)(self._read)

    def _read(self, field: str, text: str) -> dict[int, float]:
        """Every document containing the term, with its BM25F score for the term."""
        scores: dict[int, float] = {}
        with self._searcher() as searcher:
            matcher = Term(field, text).matcher(searcher, searcher.context())
            while matcher.is_active():
                scores[matcher.id()] = matcher.score()
                matcher.next()
        return scores

    def matching(self, query: Query) -> AbstractSet[int]:
        """The documents matching `query`."""
        if isinstance(query, Term):
            return self.scores(query.fieldname, query.text).keys()
        if isinstance(query, AndMaybe):
            return self.matching(query.a)
        parts = [self.matching(sub) for sub in query.subqueries]
        if isinstance(query, And):
            return set.intersection(*map(set, parts)) if parts else set()
        if isinstance(query, Or):
            return set().union(*parts)
        raise TypeError(f"cannot match {query!r}")

    def scored(self, query: Query, candidates: AbstractSet[int]) -> dict[int, float]:
        """The scores of the `candidates` that `query` matches."""
        if isinstance(query, Term):
            postings = self.scores(query.fieldname, query.text)
            if len(postings) < len(candidates):
                found = {d: s for d, s in postings.items() if d in candidates}
            else:
                found = {d: postings[d] for d in candidates if d in postings}
        elif isinstance(query, AndMaybe):
            found = self.scored(query.a, candidates)
            for docnum, score in self.scored(query.b, found.keys()).items():
                found[docnum] += score
        elif isinstance(query, And):
            parts = [self.scored(sub, candidates) for sub in query.subqueries]
            common = set.intersection(*map(set, parts)) if parts else set()
            found = {docnum: sum(part[docnum] for part in parts) for docnum in common}
        elif isinstance(query, Or):
            found = {}
            for sub in query.subqueries:
                for docnum, score in self.scored(sub, candidates).items():
                    found[docnum] = found.get(docnum, 0.0) + score
        else:
            raise TypeError(f"cannot score {query!r}")
        if query.boost != 1.0:
            found = {docnum: score * query.boost for docnum, score in found.items()}
        return found

    def positions(self, field: str, text: str, docnums: list[int]) -> dict[int, list[int]]:
        """Where the term stands in `field` of each of `docnums` (sorted) that has it: a
        skip from one wanted document to the next, not a scan of those in between."""
        found: dict[int, list[int]] = {}
        with self._searcher() as searcher:
            if (field, text) not in searcher.reader():
                return found
            matcher = searcher.postings(field, text)
            for docnum in docnums:
                if matcher.is_active() and matcher.id() < docnum:
                    matcher.skip_to(docnum)
                if not matcher.is_active():
                    break
                if matcher.id() == docnum:
                    found[docnum] = matcher.value_as("positions")
        return found
