"""Search-as-you-type: names and aliases whose text, or one of whose words, starts with a prefix.

Everything lives in one sorted in-memory list, so a keystroke costs a binary search and a
short scan.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from content.store import Store

from .engine import Kind, Suggestion

MAX_SCAN = 400
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower-case ASCII words separated by single spaces; apostrophes dropped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SEPARATORS.sub(" ", ascii_text.lower().replace("'", "")).strip()


@dataclass(frozen=True, slots=True)
class _Entry:
    text: str
    kind: Kind
    slug: str
    rank: int  # lower is better: names before aliases, exercises before the rest


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
        keys: list[tuple[str, int, int]] = []
        for number, entry in enumerate(entries):
            words = normalise(entry.text).split()
            for start in range(len(words)):
                keys.append((" ".join(words[start:]), start, number))
        keys.sort()
        self._entries = entries
        self._keys = keys

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Best first: whole-text prefix matches, then word matches; shorter texts first."""
        wanted = normalise(prefix)
        if not wanted or limit <= 0:
            return []
        position = bisect.bisect_left(self._keys, (wanted,))
        candidates: list[tuple[tuple[int, int, int, str], _Entry]] = []
        for key, start, number in self._keys[position:position + MAX_SCAN]:
            if not key.startswith(wanted):
                break
            entry = self._entries[number]
            order = (min(start, 1), entry.rank, len(entry.text), entry.text.casefold())
            candidates.append((order, entry))
        candidates.sort(key=lambda item: item[0])
        seen: set[tuple[Kind, str]] = set()
        found: list[Suggestion] = []
        for _, entry in candidates:
            if (entry.kind, entry.slug) in seen:
                continue
            seen.add((entry.kind, entry.slug))
            found.append(Suggestion(entry.text, entry.kind, entry.slug))
            if len(found) == limit:
                break
        return found
