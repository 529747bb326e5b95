"""What an engine needs to know of each index segment, read once per segment.

A segment never changes once written (a later version of the index adds segments and marks
documents deleted), so engines for successive versions of the content share these facts,
and an edit costs the reading of the new segment alone.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from content.model import Kind

from ..documents import TEXT_FIELDS

CACHED_SEGMENTS = 64


@dataclass(frozen=True, slots=True)
class SegmentFacts:
    """A segment's documents (kind and slug, by number within it) and, for each term of
    its text fields, how many of its documents hold it and in which fields."""

    documents: tuple[tuple[Kind, str] | None, ...]
    frequencies: dict[str, int]
    fields: dict[str, frozenset[str]]


def _read(segment: Any) -> SegmentFacts:
    frequencies: dict[str, int] = {}
    fields: dict[str, set[str]] = {}
    for field in TEXT_FIELDS:
        for raw, info in segment.iter_field(field):
            term = raw.decode() if isinstance(raw, bytes) else raw
            frequencies[term] = frequencies.get(term, 0) + info.doc_frequency()
            fields.setdefault(term, set()).add(field)
    documents: list[tuple[Kind, str] | None] = [None] * segment.doc_count_all()
    for docnum in range(segment.doc_count_all()):
        stored = segment.stored_fields(docnum)
        if stored:
            documents[docnum] = (Kind(stored["kind"]), stored["slug"])
    return SegmentFacts(tuple(documents), frequencies,
                        {term: frozenset(found) for term, found in fields.items()})


class SegmentCache:
    """The facts of recently used segments, by segment id."""

    def __init__(self, capacity: int = CACHED_SEGMENTS) -> None:
        self.capacity = capacity
        self._facts: OrderedDict[str, SegmentFacts] = OrderedDict()
        self._lock = threading.Lock()

    def facts(self, segment: Any) -> SegmentFacts:
        key = segment.segment().segment_id()
        with self._lock:
            if key in self._facts:
                self._facts.move_to_end(key)
                return self._facts[key]
        found = _read(segment)
        with self._lock:
            self._facts[key] = found
            while len(self._facts) > self.capacity:
                self._facts.popitem(last=False)
        return found


SEGMENTS = SegmentCache()
