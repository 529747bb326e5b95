"""The content model: immutable documents as the store holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The kinds of document a library holds."""

    EXERCISE = "exercise"
    MUSCLE = "muscle"
    GUIDE = "guide"

    @property
    def folder(self) -> str:
        """The library folder holding documents of this kind."""
        return f"{self.value}s"


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    EXPERT = "expert"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Category(StrEnum):
    STRENGTH = "strength"
    STRETCHING = "stretching"
    PLYOMETRICS = "plyometrics"
    POWERLIFTING = "powerlifting"
    OLYMPIC_WEIGHTLIFTING = "olympic weightlifting"
    STRONGMAN = "strongman"
    CARDIO = "cardio"


class Force(StrEnum):
    PUSH = "push"
    PULL = "pull"
    STATIC = "static"


class Mechanic(StrEnum):
    COMPOUND = "compound"
    ISOLATION = "isolation"


class Region(StrEnum):
    ARMS = "arms"
    BACK = "back"
    CHEST = "chest"
    CORE = "core"
    HIPS = "hips"
    LEGS = "legs"
    NECK = "neck"
    SHOULDERS = "shoulders"


@dataclass(frozen=True, slots=True)
class Equipment:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Muscle:
    slug: str
    name: str
    region: Region
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    body: str = ""
    path: str = ""


@dataclass(frozen=True, slots=True)
class ProfileOverrides:
    """Parts of the derived profile an author chose to write by hand."""

    summary: str | None = None
    met: float | None = None
    met_source: str | None = None
    common_mistakes: tuple[str, ...] | None = None
    who_it_is_for: tuple[str, ...] | None = None
    who_should_avoid: tuple[str, ...] | None = None
    progression_path: str | None = None
    safety_notes: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Exercise:
    slug: str
    name: str
    level: Level
    category: Category
    force: Force | None = None
    mechanic: Mechanic | None = None
    equipment: str | None = None
    primary_muscles: tuple[str, ...] = ()
    secondary_muscles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    variation_of: str | None = None
    pattern: str | None = None
    loading: tuple[str, ...] = ()
    swaps: tuple[str, ...] = ()
    avoid_instead_of: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    source: str | None = None
    source_id: str | None = None
    license: str | None = None
    instructions: tuple[str, ...] = ()
    body: str = ""
    profile: ProfileOverrides = field(default_factory=ProfileOverrides)
    path: str = ""

    @property
    def muscles(self) -> tuple[str, ...]:
        """Primary then secondary muscle slugs."""
        return self.primary_muscles + self.secondary_muscles


@dataclass(frozen=True, slots=True)
class RoutineItem:
    exercise: str
    sets: int = 1
    reps: str | None = None
    hold_seconds: int | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class RoutineDay:
    day: str
    items: tuple[RoutineItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Guide:
    slug: str
    title: str
    summary: str
    exercises: tuple[str, ...] = ()
    routine: tuple[RoutineDay, ...] = ()
    tags: tuple[str, ...] = ()
    body: str = ""
    path: str = ""
