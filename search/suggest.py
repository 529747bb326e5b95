"""Search-as-you-type: names and aliases whose text, or one of whose words, starts with a prefix.

Everything lives in one sorted in-memory list, so a keystroke costs a binary search and a
ranking of the matching keys (remembered for repeated prefixes).
"""

from __future__ import annotations

import bisect
import functools
import heapq
from dataclasses import dataclass

from content.model import Kind
from content.slugs import fold
from content.store import Store

from .engine import Suggestion

# Candidates ranked first for a prefix; all of them only if these hold too few documents.
SHORTLIST = 64
# Prefixes whose best suggestions are remembered (keystrokes repeat across users).
CACHE_SIZE = 4096
_AFTER_ANY_CHARACTER = "~"  # sorts after every character `fold` leaves


@dataclass(frozen=True, slots=True)
class _Entry:
    text: str
    kind: Kind
    slug: str
    rank: int  # lower is better: names before aliases, exercises before the rest


Order = tuple[int, int, int, str]


class Suggester:
    """Prefix look-ups over every name and alias of one store."""

    def __init__(self, store: Store) -> None:
        entries: list[_Entry] = []
        kind_rank = {Kind.EXERCISE: 0, Kind.MUSCLE: 1, Kind.GUIDE: 2}
        for kind, names in (
            (Kind.EXERCISE, ((e.slug, e.name, e.aliases) for e in store.exercises.values())),
            (Kind.MUSCLE, ((m.slug, m.name, m.aliases) for m in store.muscles.values())),
            (Kind.GUIDE, ((g.slug, g.title, ()) for g in store.guides.values())),
        ):
            for slug, name, aliases in names:
                entries.append(_Entry(name, kind, slug, kind_rank[kind]))
                entries += [_Entry(alias, kind, slug, 3 + kind_rank[kind]) for alias in aliases]
        # One key per word start of every text, with the order its match ranks in: texts
        # starting with the prefix before texts with a later word starting with it, then
        # names before aliases, exercises before the rest, shorter texts first.
        keys: list[tuple[str, Order, int]] = []
        for number, entry in enumerate(entries):
            words = fold(entry.text).split()
            for start in range(len(words)):
                order = (min(start, 1), entry.rank, len(entry.text), entry.text.casefold())
                keys.append((" ".join(words[start:]), order, number))
        keys.sort()
        self._entries = entries
        self._keys = keys
        self._best = functools.lru_cache(maxsize=CACHE_SIZE)(self._find)

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

    def _distinct(self, ranked: list[tuple[str, Order, int]], limit: int) -> list[Suggestion]:
        """The first `limit` suggestions of `ranked`, one per document."""
        seen: set[tuple[Kind, str]] = set()
        found: list[Suggestion] = []
        for _, _, number in ranked:
            entry = self._entries[number]
            if (entry.kind, entry.slug) not in seen:
                seen.add((entry.kind, entry.slug))
                found.append(Suggestion(entry.text, entry.kind, entry.slug))
                if len(found) == limit:
                    break
        return found
