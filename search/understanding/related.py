"""Exercises related to a named one, as a relation phrase asks: substitutes, easier or harder
versions. The related-exercise graph proposes them and says how alike they are; the
vocabulary's words for easier and harder versions ("assisted", "weighted") say which way a
version steps, where levels alone cannot.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from content.model import Exercise
from content.related import relations, training_kind
from content.store import Store
from content.vocabulary import Relation, RelationKind

from .fit import Fitting

# A substitute with the same equipment and the same movement words is the same exercise
# done a little differently, not an alternative.
SAME_EXERCISE_FACTOR = 0.4
# How much each sign that a version is easier or harder adds to its likeness.
STEP_WEIGHT = 0.15
FREE_WEIGHTS = frozenset(("barbell", "dumbbell", "kettlebells", "e-z-curl-bar"))
GUIDED = frozenset(("machine", "cable"))  # the load moves on a track: easier to control
CACHE = 256


def _loading(exercise: Exercise) -> str:
    if exercise.equipment in FREE_WEIGHTS:
        return "free weights"
    return "guided" if exercise.equipment in GUIDED else "body weight"


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    first, second = set(a), set(b)
    return len(first & second) / len(first | second) if first | second else 0.0


class RelatedExercises:
    """Relation look-ups over one store, with the vocabulary's step words."""

    def __init__(self, store: Store, fitting: Fitting, cues: Iterable[Relation]) -> None:
        self.store = store
        self.fitting = fitting
        cues = tuple(cues)
        self.easier = tuple(fitting.phrase(w) for c in cues
                            if c.kind is RelationKind.REGRESSIONS for w in c.words)
        self.harder = tuple(fitting.phrase(w) for c in cues
                            if c.kind is RelationKind.PROGRESSIONS for w in c.words)
        self.scores = functools.lru_cache(maxsize=CACHE)(self._scores)

    def _scores(self, kind: RelationKind, slug: str) -> dict[str, float]:
        """Related exercises (never the named one itself) and how well each answers."""
        exercise = self.store.exercises[slug]
        if kind is RelationKind.SUBSTITUTES:
            return self._substitutes(exercise)
        found: dict[str, float] = {}
        if kind in (RelationKind.REGRESSIONS, RelationKind.STEPS):
            found.update(self._steps(exercise, harder=False))
        if kind in (RelationKind.PROGRESSIONS, RelationKind.STEPS):
            for other, score in self._steps(exercise, harder=True).items():
                found[other] = max(score, found.get(other, 0.0))
        return found

    def _substitutes(self, exercise: Exercise) -> dict[str, float]:
        """What trains the same muscles the same way, preferring other equipment or another
        movement: an alternative, not the same exercise again."""
        graph = relations(self.store)
        core = graph.core(exercise.slug)
        found = {}
        for related in graph.substitutes(exercise):
            other = related.exercise
            same_kit = other.equipment == exercise.equipment
            likeness = _jaccard(core, graph.core(other.slug))
            score = (3.0 * _jaccard(exercise.primary_muscles, other.primary_muscles)
                     + 1.0 * _jaccard(exercise.secondary_muscles, other.secondary_muscles)
                     + 0.5 * (other.force is exercise.force)
                     + 0.5 * (other.mechanic is exercise.mechanic)
                     + 0.5 * (not same_kit) + 0.5 * (1.0 - likeness)) / 6.0
            found[other.slug] = score * (SAME_EXERCISE_FACTOR if same_kit and likeness else 1.0)
        return found

    def _candidates(self, exercise: Exercise) -> dict[str, Exercise]:
        """Peers training the same way, and exercises whose names hold the movement words
        of the named one ("plank" in "Push Up to Side Plank")."""
        graph = relations(self.store)
        kind = training_kind(exercise.category)
        found = {e.slug: e for e in graph.peers(exercise) if training_kind(e.category) == kind}
        core = [self.fitting.phrase(" ".join(sorted(graph.core(exercise.slug))))]
        for other in self.store.exercises.values():
            if other.slug not in found and other.slug != exercise.slug and \
                    self.fitting.named(other.slug, core):
                found[other.slug] = other
        return found

    def _steps(self, exercise: Exercise, harder: bool) -> dict[str, float]:
        """Versions one step easier or harder: the more alike, the better. A free-weight
        lift is no step from a body-weight exercise unless it is the same movement."""
        graph = relations(self.store)
        core = [self.fitting.phrase(" ".join(sorted(graph.core(exercise.slug))))]
        found = {}
        for other in self._candidates(exercise).values():
            if _loading(other) == "free weights" != _loading(exercise) and \
                    not self.fitting.named(other.slug, core):
                continue
            evidence = self._evidence(exercise, other) * (1 if harder else -1)
            if evidence > 0:
                found[other.slug] = graph.similarity(exercise, other) + STEP_WEIGHT * evidence
        return found

    def _evidence(self, exercise: Exercise, other: Exercise) -> int:
        """How many signs say `other` is harder than `exercise` (negative: easier): its
        level, a guided load, and the words of its name."""
        signs = other.level.rank - exercise.level.rank
        signs += (_loading(exercise) == "guided") - (_loading(other) == "guided")
        for words, sign in ((self.harder, 1), (self.easier, -1)):
            added = any(self.fitting.named(other.slug, [w])
                        and not self.fitting.named(exercise.slug, [w]) for w in words)
            dropped = any(self.fitting.named(exercise.slug, [w])
                          and not self.fitting.named(other.slug, [w]) for w in words)
            signs += sign * (added - dropped)
        return signs
