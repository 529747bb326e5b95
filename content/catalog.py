"""Filtering, sorting and faceting exercises: the catalogue view of the store."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .model import Category, Exercise, Force, Level, Mechanic
from .store import Store


@dataclass(frozen=True, slots=True)
class ExerciseFilter:
    """Conditions an exercise must all meet; None means 'any'."""

    level: Level | None = None
    category: Category | None = None
    equipment: str | None = None
    force: Force | None = None
    mechanic: Mechanic | None = None
    primary_muscle: str | None = None
    muscle: str | None = None

    def matches(self, exercise: Exercise) -> bool:
        return (
            (self.level is None or exercise.level is self.level)
            and (self.category is None or exercise.category is self.category)
            and (self.equipment is None or exercise.equipment == self.equipment)
            and (self.force is None or exercise.force is self.force)
            and (self.mechanic is None or exercise.mechanic is self.mechanic)
            and (self.primary_muscle is None or self.primary_muscle in exercise.primary_muscles)
            and (self.muscle is None or self.muscle in exercise.muscles)
        )


class ExerciseSort(StrEnum):
    NAME_ASC = "name_asc"
    NAME_DESC = "name_desc"
    LEVEL_ASC = "level_asc"
    LEVEL_DESC = "level_desc"


def select(store: Store, criteria: ExerciseFilter = ExerciseFilter(),
           sort: ExerciseSort = ExerciseSort.NAME_ASC) -> list[Exercise]:
    """The exercises meeting `criteria`, in the requested order (ties by name)."""
    if criteria.primary_muscle is not None:
        candidates: Iterable[Exercise] = store.exercises_for_muscle(criteria.primary_muscle)
    else:
        candidates = store.exercises.values()
    chosen = [e for e in candidates if criteria.matches(e)]
    if sort is ExerciseSort.NAME_DESC:
        chosen.reverse()
    elif sort is ExerciseSort.LEVEL_ASC:
        chosen.sort(key=lambda e: e.level.rank)
    elif sort is ExerciseSort.LEVEL_DESC:
        chosen.sort(key=lambda e: -e.level.rank)
    return chosen


FACET_FIELDS = ("level", "category", "equipment", "force", "mechanic", "primary_muscle")


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    count: int


def facets(exercises: Sequence[Exercise]) -> dict[str, list[FacetValue]]:
    """Counts per value of each facet field over `exercises`, most frequent first."""
    counters: dict[str, Counter[str]] = {name: Counter() for name in FACET_FIELDS}
    for exercise in exercises:
        counters["level"][exercise.level.value] += 1
        counters["category"][exercise.category.value] += 1
        if exercise.equipment:
            counters["equipment"][exercise.equipment] += 1
        if exercise.force:
            counters["force"][exercise.force.value] += 1
        if exercise.mechanic:
            counters["mechanic"][exercise.mechanic.value] += 1
        for muscle in exercise.primary_muscles:
            counters["primary_muscle"][muscle] += 1
    return {
        name: [FacetValue(value, count)
               for value, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]
        for name, counter in counters.items()
    }
