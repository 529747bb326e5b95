"""Related exercises: variations, peers, substitutes, progressions and regressions.

Everything is derived from the content alone: the muscles an exercise works, its movement
pattern (force, mechanic, category), its equipment, level and the words of its name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Category, Exercise, Level
from .store import Store

# Words that describe set-up or equipment rather than the movement itself.
MODIFIER_WORDS = frozenset("""
a an and the with on of to from in into for off over by at behind barbell dumbbell
dumbbells kettlebell kettlebells band bands banded chain chains cable cables machine smith
ez bar curl-bar ball medicine exercise stability swiss foam roll roller plate plates axle
trap hex rope towel landmine sled bench box step platform weighted bodyweight one two
single double alternating alternate arm arms leg legs side sided unilateral seated
standing lying kneeling incline decline flat high low deficit pin pins rack floor close
wide narrow medium grip neutral reverse reversed pronated supinated underhand overhand
palms palm facing in out front back rear partial paused tempo speed
""".split())  # noqa: SIM905 - a word list

# How much balance, grip and control each piece of equipment asks for (higher is harder).
# "other" and missing equipment are unknown, so they never count as harder or easier.
EQUIPMENT_DEMAND = {
    "foam-roll": 0, "body-only": 1, "bands": 1, "machine": 1, "cable": 2,
    "medicine-ball": 2, "dumbbell": 3, "kettlebells": 3, "e-z-curl-bar": 3,
    "exercise-ball": 3, "barbell": 4,
}
# Exercises with this equipment, or none listed, need nothing the user might not have.
BODY_WEIGHT = "body-only"
RESISTANCE = frozenset({Category.STRENGTH, Category.POWERLIFTING,
                        Category.OLYMPIC_WEIGHTLIFTING, Category.STRONGMAN})
_WORD = re.compile(r"[a-z0-9]+")


def training_kind(category: Category) -> str:
    """Categories that can stand in for each other: resistance work, stretching, conditioning."""
    if category in RESISTANCE:
        return "resistance"
    if category is Category.STRETCHING:
        return "stretching"
    return "conditioning"


def demand(exercise: Exercise) -> int | None:
    """The equipment's demand rank, or None when it is unknown."""
    return EQUIPMENT_DEMAND.get(exercise.equipment or "")


def _fold(word: str) -> str:
    """A crude plural fold, enough to match `curls` with `curl` in names."""
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    first, second = set(a), set(b)
    union = first | second
    return len(first & second) / len(union) if union else 0.0


@dataclass(frozen=True, slots=True)
class Related:
    """Another exercise, why it is related, and how alike the two are (0 to 1)."""

    exercise: Exercise
    reason: str
    score: float = 0.0


class Relations:
    """Related-exercise look-ups over one store snapshot."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._words: dict[str, frozenset[str]] = {}
        self._peers: dict[str, tuple[Exercise, ...]] = {}
        self._variations: dict[str, tuple[Related, ...]] = {}

    def words(self, slug: str) -> frozenset[str]:
        """The folded words of an exercise's name."""
        if slug not in self._words:
            name = self.store.exercises[slug].name.lower().replace("'", "")
            self._words[slug] = frozenset(_fold(word) for word in _WORD.findall(name))
        return self._words[slug]

    def core(self, slug: str) -> frozenset[str]:
        """The name's movement words: what remains after set-up and equipment words."""
        return frozenset(w for w in self.words(slug) if w not in MODIFIER_WORDS)

    def similarity(self, a: Exercise, b: Exercise) -> float:
        """How alike two exercises are, from 0 (nothing shared) to 1."""
        score = (3.0 * _jaccard(a.primary_muscles, b.primary_muscles)
                 + 1.0 * _jaccard(a.secondary_muscles, b.secondary_muscles)
                 + 2.0 * _jaccard(self.core(a.slug), self.core(b.slug))
                 + 0.5 * (a.force is not None and a.force is b.force)
                 + 0.5 * (a.mechanic is not None and a.mechanic is b.mechanic)
                 + 0.5 * (training_kind(a.category) == training_kind(b.category))
                 + 0.5 * (a.equipment is not None and a.equipment == b.equipment))
        return round(score / 8.0, 4)

    def cohort(self, exercise: Exercise) -> list[Exercise]:
        """Every exercise (itself included) sharing a primary muscle with `exercise`."""
        found: dict[str, Exercise] = {}
        for muscle in exercise.primary_muscles:
            for other in self.store.exercises_for_muscle(muscle):
                found.setdefault(other.slug, other)
        return list(found.values())

    def peers(self, exercise: Exercise) -> tuple[Exercise, ...]:
        """Other exercises with a primary muscle in common, most alike first."""
        if exercise.slug not in self._peers:
            others = [e for e in self.cohort(exercise) if e.slug != exercise.slug]
            self._peers[exercise.slug] = tuple(sorted(
                others, key=lambda e: (-self.similarity(exercise, e), e.name)))
        return self._peers[exercise.slug]

    def similar(self, exercise: Exercise, limit: int) -> list[tuple[Exercise, float]]:
        """The `limit` peers most like `exercise`, with their similarity."""
        return [(peer, self.similarity(exercise, peer)) for peer in self.peers(exercise)[:limit]]

    def variations(self, slug: str) -> tuple[Related, ...]:
        """Authored variations (parent, children, siblings), then derived ones: same primary
        muscles, same kind of training and the same movement words in the name."""
        if slug not in self._variations:
            self._variations[slug] = self._find_variations(slug)
        return self._variations[slug]

    def _find_variations(self, slug: str) -> tuple[Related, ...]:
        exercise = self.store.exercises[slug]
        authored: dict[str, Related] = {}
        parent = self.store.exercises.get(exercise.variation_of or "")
        family = list(self.store.authored_variations(slug))
        if parent:
            authored[parent.slug] = Related(parent, f"{exercise.name} is authored as a "
                                            f"variation of {parent.name}.",
                                            self.similarity(exercise, parent))
            family += self.store.authored_variations(parent.slug)
        for other in family:
            if other.slug != slug and other.slug not in authored:
                base = parent.name if parent and other.variation_of == parent.slug else \
                    exercise.name
                authored[other.slug] = Related(other, f"{other.name} is authored as a "
                                               f"variation of {base}.",
                                               self.similarity(exercise, other))
        derived: list[Related] = []
        core = self.core(slug)
        for other in self.cohort(exercise) if core else ():
            if (other.slug != slug and other.slug not in authored
                    and set(other.primary_muscles) == set(exercise.primary_muscles)
                    and training_kind(other.category) == training_kind(exercise.category)
                    and self.core(other.slug) == core):
                derived.append(Related(other, self._variation_reason(exercise, other),
                                       self.similarity(exercise, other)))
        first = [authored.pop(parent.slug)] if parent else []
        return (*first, *sorted(authored.values(), key=_by_likeness),
                *sorted(derived, key=_by_likeness))

    def _variation_reason(self, exercise: Exercise, other: Exercise) -> str:
        movement = " ".join(w for w in _WORD.findall(other.name.lower()) if
                            _fold(w) in self.core(other.slug))
        differences = [w for w in _WORD.findall(other.name.lower())
                       if _fold(w) not in self.words(exercise.slug)
                       and w not in ("with", "a", "an", "the")]
        kit = self.store.equipment.get(other.equipment or "")
        if other.equipment != exercise.equipment and kit and other.equipment != "other":
            differences.append(f"{kit.name.lower()} instead")
        detail = ", ".join(dict.fromkeys(differences)) or "a different set-up"
        return f"Same {movement} pattern for the same muscles, varied by: {detail}."

    def substitutes(self, exercise: Exercise, equipment: Iterable[str] | None = None,
                    max_level: Level | None = None) -> list[Related]:
        """Alternatives that train the same muscles the same way, best first, optionally
        limited to what can be done with the `equipment` at hand: exercises needing none
        (body weight, or no equipment listed) always can."""
        allowed = {*equipment, BODY_WEIGHT} if equipment is not None else None
        kind = training_kind(exercise.category)
        found = []
        for other in self.peers(exercise):
            if training_kind(other.category) != kind:
                continue
            if allowed is not None and (other.equipment or BODY_WEIGHT) not in allowed:
                continue
            if max_level is not None and other.level.rank > max_level.rank:
                continue
            found.append(Related(other, self._substitute_reason(exercise, other),
                                 self.similarity(exercise, other)))
        return sorted(found, key=_by_likeness)

    def _substitute_reason(self, exercise: Exercise, other: Exercise) -> str:
        muscles = self.store.muscles
        shared = [muscles[m].name.lower() for m in other.primary_muscles
                  if m in exercise.primary_muscles and m in muscles]
        parts = [f"works the {' and '.join(shared)} as the main mover"]
        if other.force is not None and other.force is exercise.force:
            parts.append(f"same {other.force.value} pattern")
        if other.mechanic is not None and other.mechanic is exercise.mechanic:
            parts.append(other.mechanic.value)
        kit = self.store.equipment.get(other.equipment or "")
        parts.append(f"needs {kit.name.lower()}" if kit else "needs no listed equipment")
        return "; ".join(parts).capitalize() + "."

    def _pattern_peers(self, exercise: Exercise) -> list[Exercise]:
        kind = training_kind(exercise.category)
        return [other for other in self.peers(exercise)
                if training_kind(other.category) == kind
                and (exercise.force is None or other.force in (None, exercise.force))
                and (exercise.mechanic is None or other.mechanic in (None, exercise.mechanic))]

    def progressions(self, exercise: Exercise) -> list[Related]:
        """Harder exercises for the same muscles and pattern: a higher level, or the same
        level with more demanding equipment."""
        return self._steps(exercise, harder=True)

    def regressions(self, exercise: Exercise) -> list[Related]:
        """Easier exercises for the same muscles and pattern: a lower level, or the same
        level with less demanding equipment."""
        return self._steps(exercise, harder=False)

    def _steps(self, exercise: Exercise, harder: bool) -> list[Related]:
        found = []
        for other in self._pattern_peers(exercise):
            step = other.level.rank - exercise.level.rank
            if step and (step > 0) == harder:
                reason = (f"A step {'up' if harder else 'down'}: {other.level.value} level "
                          f"(this one is {exercise.level.value}) for the same muscles and "
                          "pattern.")
            elif not step and harder and _harder_kit(other, exercise):
                reason = (f"Same level, but {self._kit(other)} asks for more balance and "
                          f"control than {self._kit(exercise)}.")
            elif not step and not harder and _harder_kit(exercise, other):
                reason = (f"Same level, but {self._kit(other)} is easier to control than "
                          f"{self._kit(exercise)}.")
            else:
                continue
            found.append(Related(other, reason, self.similarity(exercise, other)))
        return sorted(found, key=_by_likeness)

    def _kit(self, exercise: Exercise) -> str:
        kit = self.store.equipment.get(exercise.equipment or "")
        return f"the {kit.name.lower()} version" if kit else "the version without equipment"


def _by_likeness(related: Related) -> tuple[float, str]:
    return -related.score, related.exercise.name


def _harder_kit(harder: Exercise, easier: Exercise) -> bool:
    """Whether `harder` uses known equipment that asks for more than `easier`'s."""
    first, second = demand(harder), demand(easier)
    return first is not None and second is not None and first > second


@functools.lru_cache(maxsize=4)
def relations(store: Store) -> Relations:
    """The (cached) relations of a store snapshot."""
    return Relations(store)
