"""Filtering, sorting and faceting exercises: the catalogue view of the store.

Every property exercises can be filtered on and counted by is defined once, in `FACETS`;
the API's filter and facet types, the search index's filter fields and the command line
are all derived from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .model import Category, Equipment, Exercise, Force, Level, Mechanic, Muscle
from .store import Store


@dataclass(frozen=True, slots=True)
class Facet:
    """A property of exercises that lists can be filtered on and counted by."""

    name: str
    description: str
    values: Callable[[Exercise], tuple[str, ...]]
    # The closed set of values, or None when values are slugs of documents (see `labels`).
    vocabulary: type[StrEnum] | None = None
    # The documents whose slugs the values are, for their names.
    documents: Callable[[Store], Mapping[str, Equipment | Muscle]] | None = None
    counted: bool = True

    def label(self, store: Store, value: str) -> str:
        """A human-readable label for one of the facet's values."""
        document = self.documents(store).get(value) if self.documents else None
        return document.name if document else value


FACETS: tuple[Facet, ...] = (
    Facet("level", "How much training experience the exercise assumes.",
          lambda e: (e.level.value,), Level),
    Facet("category", "The kind of training.", lambda e: (e.category.value,), Category),
    Facet("equipment", "Equipment slug.", lambda e: (e.equipment,) if e.equipment else (),
          documents=lambda store: store.equipment),
    Facet("force", "Push, pull or static hold.",
          lambda e: (e.force.value,) if e.force else (), Force),
    Facet("mechanic", "Compound or isolation.",
          lambda e: (e.mechanic.value,) if e.mechanic else (), Mechanic),
    Facet("primary_muscle", "Muscle slug that must be a primary mover.",
          lambda e: e.primary_muscles, documents=lambda store: store.muscles),
    Facet("muscle", "Muscle slug worked as primary or secondary.", lambda e: e.muscles,
          documents=lambda store: store.muscles, counted=False),
)
FACET = {facet.name: facet for facet in FACETS}
COUNTED = tuple(facet for facet in FACETS if facet.counted)


@dataclass(frozen=True, slots=True)
class ExerciseFilter:
    """Conditions an exercise must all meet: for each facet named, one of the accepted values.

    Facets not named accept anything.
    """

    conditions: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def where(cls, **accepted: str | Iterable[str] | None) -> ExerciseFilter:
        """`where(level="beginner", equipment=["dumbbell", "body-only"])`; None is 'any'."""
        conditions = []
        for name, values in accepted.items():
            if name not in FACET:
                raise ValueError(f"unknown facet {name!r}; known: {', '.join(FACET)}")
            if values is not None:
                chosen = frozenset((values,) if isinstance(values, str) else values)
                conditions.append((name, frozenset(str(v) for v in chosen)))
        return cls(tuple(sorted(conditions, key=lambda item: item[0])))

    def accepted(self, facet: str) -> frozenset[str] | None:
        """The values accepted for `facet`, or None when any value is."""
        return next((values for name, values in self.conditions if name == facet), None)

    def matches(self, exercise: Exercise) -> bool:
        return all(any(value in accepted for value in FACET[name].values(exercise))
                   for name, accepted in self.conditions)

    def __bool__(self) -> bool:
        return bool(self.conditions)


class ExerciseSort(StrEnum):
    NAME_ASC = "name_asc"
    NAME_DESC = "name_desc"
    LEVEL_ASC = "level_asc"
    LEVEL_DESC = "level_desc"


def select(store: Store, criteria: ExerciseFilter = ExerciseFilter(),
           sort: ExerciseSort = ExerciseSort.NAME_ASC) -> list[Exercise]:
    """The exercises meeting `criteria`, in the requested order (ties by name)."""
    muscles = criteria.accepted("primary_muscle")
    candidates: Iterable[Exercise] = store.exercises.values()
    if muscles is not None and len(muscles) == 1:
        candidates = store.exercises_for_muscle(next(iter(muscles)))
    chosen = [e for e in candidates if criteria.matches(e)]
    if sort is ExerciseSort.NAME_DESC:
        chosen.reverse()
    elif sort is ExerciseSort.LEVEL_ASC:
        chosen.sort(key=lambda e: e.level.rank)
    elif sort is ExerciseSort.LEVEL_DESC:
        chosen.sort(key=lambda e: -e.level.rank)
    return chosen


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int


def facets(store: Store, exercises: Sequence[Exercise]) -> dict[str, list[FacetValue]]:
    """Counts per value of each counted facet over `exercises`, most frequent first."""
    counters: dict[str, Counter[str]] = {facet.name: Counter() for facet in COUNTED}
    for exercise in exercises:
        for facet in COUNTED:
            counters[facet.name].update(facet.values(exercise))
    return {
        facet.name: [FacetValue(value, facet.label(store, value), count) for value, count in
                     sorted(counters[facet.name].items(), key=lambda kv: (-kv[1], kv[0]))]
        for facet in COUNTED
    }
