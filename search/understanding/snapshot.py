"""Everything query understanding knows of one snapshot of the content, made when first
needed and carried from one snapshot to the next: the lexicon while the vocabulary and the
muscles stay the same, the exercise index and the fits patched for the exercises an edit
changed. The first understood query after an edit pays for that edit, not for the library.
"""

from __future__ import annotations

import threading

from content.model import Kind
from content.store import Changes, Store

from .exercises import ExerciseIndex, Words
from .fit import Fitting
from .lexicon import Lexicon, Stem
from .related import RelatedExercises

# Past this share of the exercises changed, the index is made afresh rather than patched.
PATCH_SHARE = 0.125


class Understanding:
    """The lexicon, exercise index, fits and relations of one store."""

    def __init__(self, store: Store, words: Words, lexicon: Lexicon | None = None,
                 fitting: Fitting | None = None, related: RelatedExercises | None = None
                 ) -> None:
        self.store = store
        self.words = words
        self._lexicon = lexicon
        self._fitting = fitting
        self._related = related
        self._lock = threading.Lock()

    @classmethod
    def of(cls, store: Store, stem: Stem) -> Understanding:
        return cls(store, Words(stem))

    @classmethod
    def updated(cls, previous: Understanding, after: Store, changes: Changes) -> Understanding:
        """The understanding of `after`, a later version of `previous.store` with `changes`:
        what they leave as it was is kept, the rest patched (or left to be made when
        needed, if `previous` never made it)."""
        before = previous.store
        lexicon = previous._lexicon
        if lexicon is not None and (after.vocabulary != before.vocabulary or any(
                kind is Kind.MUSCLE for kind, _ in changes.changed | changes.removed)):
            lexicon = None
        changed = frozenset(slug for kind, slug in changes.changed | changes.removed
                            if kind is Kind.EXERCISE)
        fitting, related = previous._fitting, previous._related
        if fitting is None or len(changed) > PATCH_SHARE * len(after.exercises):
            return cls(after, previous.words, lexicon)  # made afresh when first needed
        index = fitting.index.updated(after, changed)
        return cls(after, previous.words, lexicon, fitting.updated(index, changed),
                   related.updated(index, changed) if related is not None else None)

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            with self._lock:
                if self._lexicon is None:
                    self._lexicon = Lexicon(self.store, self.words.stem)
        return self._lexicon

    @property
    def fitting(self) -> Fitting:
        if self._fitting is None:
            with self._lock:
                if self._fitting is None:
                    self._fitting = Fitting(ExerciseIndex.of(self.store, self.words))
        return self._fitting

    @property
    def index(self) -> ExerciseIndex:
        return self.fitting.index

    @property
    def related(self) -> RelatedExercises:
        if self._related is None:
            index = self.index
            with self._lock:
                if self._related is None:
                    self._related = RelatedExercises(index, self.store.vocabulary.relations)
        return self._related
