"""The store: an immutable, indexed snapshot of one content library."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

from .model import Equipment, Exercise, Guide, Kind, Muscle
from .vocabulary import Vocabulary

T = TypeVar("T", Exercise, Muscle, Equipment, Guide)
NO_VOCABULARY = Vocabulary()


class Role(StrEnum):
    """How an exercise uses a muscle."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    ANY = "any"


def _by_slug(documents: Iterable[T], key: str) -> Mapping[str, T]:
    ordered = sorted(documents, key=lambda doc: (getattr(doc, key).casefold(), doc.slug))
    return MappingProxyType({doc.slug: doc for doc in ordered})


class Store:
    """Every valid document of a library, with the look-ups the API needs.

    A store never changes after it is built; a new version of the content is a new store.
    """

    __slots__ = (
        "_guides_by_exercise", "_primary", "_secondary", "_variations", "equipment",
        "exercises", "guides", "muscles", "version", "vocabulary",
    )

    def __init__(self, *, exercises: Iterable[Exercise], muscles: Iterable[Muscle],
                 equipment: Iterable[Equipment], guides: Iterable[Guide], version: str,
                 vocabulary: Vocabulary = NO_VOCABULARY) -> None:
        self.exercises = _by_slug(exercises, "name")
        self.muscles = _by_slug(muscles, "name")
        self.equipment = _by_slug(equipment, "name")
        self.guides = _by_slug(guides, "title")
        self.version = version
        self.vocabulary = vocabulary
        primary: defaultdict[str, list[Exercise]] = defaultdict(list)
        secondary: defaultdict[str, list[Exercise]] = defaultdict(list)
        variations: defaultdict[str, list[Exercise]] = defaultdict(list)
        for exercise in self.exercises.values():
            for muscle in exercise.primary_muscles:
                primary[muscle].append(exercise)
            for muscle in exercise.secondary_muscles:
                secondary[muscle].append(exercise)
            if exercise.variation_of:
                variations[exercise.variation_of].append(exercise)
        guides_by_exercise: defaultdict[str, list[Guide]] = defaultdict(list)
        for guide in self.guides.values():
            for slug in dict.fromkeys(guide.exercises):
                guides_by_exercise[slug].append(guide)
        self._primary = {key: tuple(value) for key, value in primary.items()}
        self._secondary = {key: tuple(value) for key, value in secondary.items()}
        self._variations = {key: tuple(value) for key, value in variations.items()}
        self._guides_by_exercise = {key: tuple(value) for key, value in guides_by_exercise.items()}

    def exercises_for_muscle(self, muscle: str, role: Role = Role.PRIMARY) -> tuple[Exercise, ...]:
        """Exercises that work `muscle` in the given role, in name order."""
        if role is Role.PRIMARY:
            return self._primary.get(muscle, ())
        if role is Role.SECONDARY:
            return self._secondary.get(muscle, ())
        found = {ex.slug for ex in self._primary.get(muscle, ())}
        found.update(ex.slug for ex in self._secondary.get(muscle, ()))
        return tuple(ex for ex in self.exercises.values() if ex.slug in found)

    def authored_variations(self, slug: str) -> tuple[Exercise, ...]:
        """Exercises whose `variation_of` names `slug`."""
        return self._variations.get(slug, ())

    def guides_mentioning(self, exercise: str) -> tuple[Guide, ...]:
        """Guides that list the exercise, in title order."""
        return self._guides_by_exercise.get(exercise, ())



@dataclass(frozen=True, slots=True)
class Changes:
    """The documents of one store that are not in another, by kind and slug: added or
    replaced (`changed`), and `removed`. Documents are compared by identity: a load keeps
    the objects of the files it did not re-read."""

    changed: frozenset[tuple[Kind, str]]
    removed: frozenset[tuple[Kind, str]]
    equipment: bool  # the equipment vocabulary differs

    @classmethod
    def between(cls, before: Store, after: Store) -> Changes:
        changed: set[tuple[Kind, str]] = set()
        removed: set[tuple[Kind, str]] = set()
        for kind, old, new in ((Kind.EXERCISE, before.exercises, after.exercises),
                               (Kind.MUSCLE, before.muscles, after.muscles),
                               (Kind.GUIDE, before.guides, after.guides)):
            changed.update((kind, slug) for slug, document in new.items()
                           if old.get(slug) is not document)
            removed.update((kind, slug) for slug in old.keys() - new.keys())
        return cls(frozenset(changed), frozenset(removed),
                   dict(before.equipment) != dict(after.equipment))
