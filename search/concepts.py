"""Concepts named in the content itself: muscles, equipment, levels, categories, regions.

When a query names one (`erector spinae`, `kb`, `beginner`, `stretch`), documents that have
that property match the phrase even if their text does not contain it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from content.model import Category, Level
from content.store import Store

# A concept names exact-valued index fields it stands for, e.g. ("primary_muscle", "lower-back").
Condition = tuple[str, str]

CATEGORY_WORDS = {
    Category.STRETCHING: ("stretch", "stretches", "stretching", "mobility", "flexibility"),
    Category.PLYOMETRICS: ("plyometric", "plyometrics", "plyo", "jumps"),
    Category.CARDIO: ("cardio", "conditioning"),
    Category.POWERLIFTING: ("powerlifting",),
    Category.OLYMPIC_WEIGHTLIFTING: ("olympic lift", "olympic lifting", "olympic weightlifting"),
    Category.STRONGMAN: ("strongman",),
}
LEVEL_WORDS = {
    Level.BEGINNER: ("beginner", "beginners", "easy", "novice"),
    Level.INTERMEDIATE: ("intermediate",),
    Level.EXPERT: ("expert", "advanced"),
}


@dataclass(frozen=True, slots=True)
class Concept:
    phrase: tuple[str, ...]
    conditions: tuple[Condition, ...]


def concept_table(store: Store, normalise: Callable[[str], tuple[str, ...]]
                  ) -> dict[tuple[str, ...], Concept]:
    """Every phrase that names a concept, keyed by its normalised words."""
    table: dict[tuple[str, ...], list[Condition]] = {}

    def add(phrase: str, condition: Condition) -> None:
        key = normalise(phrase)
        if key and condition not in table.setdefault(key, []):
            table[key].append(condition)

    regions: dict[str, list[str]] = {}
    for muscle in store.muscles.values():
        for phrase in (muscle.name, *muscle.aliases):
            add(phrase, ("primary_muscle", muscle.slug))
        regions.setdefault(muscle.region.value, []).append(muscle.slug)
    for item in store.equipment.values():
        for phrase in (item.name, *item.aliases):
            add(phrase, ("equipment", item.slug))
    for region, muscles in regions.items():
        if normalise(region) not in table:
            for slug in muscles:
                add(region, ("primary_muscle", slug))
    for category, words in CATEGORY_WORDS.items():
        for phrase in words:
            add(phrase, ("category", category.value))
    for level, words in LEVEL_WORDS.items():
        for phrase in words:
            add(phrase, ("level", level.value))
    return {key: Concept(key, tuple(conditions)) for key, conditions in table.items()}
