"""Search-as-you-type: names and aliases whose text, or one of whose words, starts with a prefix.

Everything lives in one sorted in-memory list, so a keystroke costs a binary search and a
ranking of the matching keys (remembered for repeated prefixes).
"""

from __future__ import annotations

import bisect
import functools
import heapq

from content.model import Kind
from content.slugs import fold
from content.store import Changes, Store

from .engine import Suggestion

# Candidates ranked first for a prefix; all of them only if these hold too few documents.
SHORTLIST = 64
# Prefixes whose best suggestions are remembered (keystrokes repeat across users).
CACHE_SIZE = 4096
_AFTER_ANY_CHARACTER = "~"  # sorts after every character `fold` leaves


Order = tuple[int, int, int, str]
# A word start of a name or alias: the text from that word on, the order its match ranks
# in, and the document and text it belongs to.
Key = tuple[str, Order, Kind, str, str]
KIND_RANK = {Kind.EXERCISE: 0, Kind.MUSCLE: 1, Kind.GUIDE: 2}


def _texts(store: Store, kind: Kind, slug: str) -> tuple[str, tuple[str, ...]] | None:
    """A document's name and aliases, or None if the store has no such document."""
    if kind is Kind.EXERCISE:
        exercise = store.exercises.get(slug)
        return (exercise.name, exercise.aliases) if exercise else None
    if kind is Kind.MUSCLE:
        muscle = store.muscles.get(slug)
        return (muscle.name, muscle.aliases) if muscle else None
    guide = store.guides.get(slug)
    return (guide.title, ()) if guide else None


def _keys(kind: Kind, slug: str, name: str, aliases: tuple[str, ...]) -> tuple[Key, ...]:
    """One key per word start of every text, with the order its match ranks in: texts
    starting with the prefix before texts with a later word starting with it, then names
    before aliases, exercises before the rest, shorter texts first."""
    found: list[Key] = []
    for text, rank in ((name, KIND_RANK[kind]), *((a, 3 + KIND_RANK[kind]) for a in aliases)):
        words = fold(text).split()
        for start in range(len(words)):
            order = (min(start, 1), rank, len(text), text.casefold())
            found.append((" ".join(words[start:]), order, kind, slug, text))
    return tuple(found)


class Suggester:
    """Prefix look-ups over every name and alias of one store."""

    def __init__(self, keys: list[Key], by_document: dict[tuple[Kind, str], tuple[Key, ...]]
                 ) -> None:
        self._keys = keys
        self._by_document = by_document
        self._best = functools.lru_cache(maxsize=CACHE_SIZE)(self._find)

    @classmethod
    def of(cls, store: Store) -> Suggester:
        by_document = {}
        for kind, documents in ((Kind.EXERCISE, store.exercises), (Kind.MUSCLE, store.muscles),
                                (Kind.GUIDE, store.guides)):
            for slug in documents:
                texts = _texts(store, kind, slug)
                assert texts is not None
                by_document[(kind, slug)] = _keys(kind, slug, *texts)
        return cls(sorted(key for keys in by_document.values() for key in keys), by_document)

    @classmethod
    def updated(cls, previous: Suggester, before: Store, after: Store) -> Suggester:
        """The suggester of `after`, made from that of `before` by replacing the keys of
        the documents that differ."""
        changes = Changes.between(before, after)
        keys = list(previous._keys)
        by_document = dict(previous._by_document)
        for document in changes.changed | changes.removed:
            for key in by_document.pop(document, ()):
                del keys[bisect.bisect_left(keys, key)]
        for kind, slug in changes.changed:
            texts = _texts(after, kind, slug)
            if texts is not None:
                by_document[(kind, slug)] = _keys(kind, slug, *texts)
                for key in by_document[(kind, slug)]:
                    bisect.insort(keys, key)
        return cls(keys, by_document)

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """The `limit` best names and aliases starting with, or having a word starting
        with, `prefix`: one per document."""
        wanted = fold(prefix)
        if not wanted or limit <= 0:
            return []
        return list(self._best(wanted, limit))

    def _find(self, wanted: str, limit: int) -> tuple[Suggestion, ...]:
        first = bisect.bisect_left(self._keys, (wanted,))
        last = bisect.bisect_left(self._keys, (wanted + _AFTER_ANY_CHARACTER,), first)
        matching = self._keys[first:last]
        shortlist = heapq.nsmallest(SHORTLIST, matching, key=lambda key: key[1])
        found = self._distinct(shortlist, limit)
        if len(found) < limit and len(shortlist) < len(matching):
            found = self._distinct(sorted(matching, key=lambda key: key[1]), limit)
        return tuple(found)

    def _distinct(self, ranked: list[Key], limit: int) -> list[Suggestion]:
        """The first `limit` suggestions of `ranked`, one per document."""
        seen: set[tuple[Kind, str]] = set()
        found: list[Suggestion] = []
        for _, _, kind, slug, text in ranked:
            if (kind, slug) not in seen:
                seen.add((kind, slug))
                found.append(Suggestion(text, kind, slug))
                if len(found) == limit:
                    break
        return found
