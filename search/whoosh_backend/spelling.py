"""The words typos are corrected towards: those of names and aliases (of exercises, muscles
and equipment), each with its stem. Counted per document, so that the words of a later
version of the content are those of the previous one patched for the documents an edit
changed, not read again from every name.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Iterable

from whoosh.spelling import ListCorrector

from content.model import Kind
from content.store import Changes, Store

from .analysis import terms

Words = tuple[tuple[str, str], ...]  # (surface, stem) of each correctable word
EQUIPMENT = (Kind.GUIDE, "")  # stands for the equipment vocabulary, which has no kind


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> Words:
    return tuple((surface, stem) for surface, stem, joined in terms(text)
                 if not joined and surface.isalpha())


def _document_words(store: Store, document: tuple[Kind, str]) -> Words:
    """The correctable words of a document (EQUIPMENT: of every piece of equipment)."""
    kind, slug = document
    if document == EQUIPMENT:
        texts: Iterable[str] = (t for e in store.equipment.values() for t in (e.name, *e.aliases))
    elif kind is Kind.EXERCISE and slug in store.exercises:
        exercise = store.exercises[slug]
        texts = (exercise.name, *exercise.aliases)
    elif kind is Kind.MUSCLE and slug in store.muscles:
        muscle = store.muscles[slug]
        texts = (muscle.name, *muscle.aliases)
    else:
        texts = ()
    return tuple(dict.fromkeys(word for text in texts for word in _words(text)))


class Spellings:
    """Correctable words of one store, a corrector over them and their stems."""

    def __init__(self, by_document: dict[tuple[Kind, str], Words], counts: Counter[str],
                 stems: dict[str, str], ordered: list[str]) -> None:
        self._by_document = by_document
        self._counts = counts  # of each surface word: how many documents have it
        self.stems = stems
        self.corrector = ListCorrector(ordered)

    @classmethod
    def of(cls, store: Store) -> Spellings:
        documents = [EQUIPMENT, *((Kind.EXERCISE, slug) for slug in store.exercises),
                     *((Kind.MUSCLE, slug) for slug in store.muscles)]
        by_document = {document: _document_words(store, document) for document in documents}
        counts: Counter[str] = Counter()
        stems: dict[str, str] = {}
        for words in by_document.values():
            counts.update(surface for surface, _ in words)
            stems.update(words)
        return cls(by_document, counts, stems, sorted(stems))

    def updated(self, after: Store, changes: Changes) -> Spellings:
        """The words of `after`, given what changed since this one's store."""
        documents = {d for d in changes.changed | changes.removed if d[0] is not Kind.GUIDE}
        if changes.equipment:
            documents.add(EQUIPMENT)
        by_document = dict(self._by_document)
        counts = self._counts.copy()
        stems = dict(self.stems)
        ordered = list(self.corrector.wordlist)
        for document in documents:
            for surface, _ in by_document.pop(document, ()):
                counts[surface] -= 1
                if not counts[surface]:
                    del counts[surface], stems[surface]
                    del ordered[bisect.bisect_left(ordered, surface)]
            words = _document_words(after, document)
            if words:
                by_document[document] = words
            for surface, stem in words:
                counts[surface] += 1
                if surface not in stems:
                    stems[surface] = stem
                    bisect.insort(ordered, surface)
        return Spellings(by_document, counts, stems, ordered)
