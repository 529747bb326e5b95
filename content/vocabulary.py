"""The search vocabulary: what the words people type mean, kept as authored content.

A library's `vocabulary/*.yaml` files say which phrases are really filters ("no equipment",
"for beginners"), goals and conditions ("tight hips", "sore knees"), everyday or anatomical
names of muscle parts ("front delts", "love handles"), relations to another exercise
("instead of", "easier than"), slang and abbreviations ("bss", "dl"), and words that carry
no meaning in a query ("routine"). Search reads queries with it; nothing here knows how.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RelationKind(StrEnum):
    """Which related exercises a relation phrase asks for."""

    SUBSTITUTES = "substitutes"
    REGRESSIONS = "regressions"
    PROGRESSIONS = "progressions"
    # The way to the named exercise and on: its lead-ups, nearest first, then its harder
    # versions ("progression for pull ups", "build up to a pistol squat").
    PROGRESSION_PATH = "progression_path"


class FocusKind(StrEnum):
    """Goals prefer fitting exercises; anatomy restricts to the muscles it names."""

    GOAL = "goal"
    ANATOMY = "anatomy"


@dataclass(frozen=True, slots=True)
class Filter:
    """Phrases that restrict exercises to facet values, e.g. "no equipment" → body only."""

    label: str
    phrases: tuple[str, ...]
    # Facet name (see content.catalog.FACETS) → the values accepted.
    conditions: tuple[tuple[str, tuple[str, ...]], ...]
    # Exercises listing no value for the facets named also pass (no equipment listed).
    unlisted: bool = False
    # Words of names that leave an exercise out all the same: loaded kit the data lists as
    # other equipment ("weighted", "sandbag", "keg").
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Focus:
    """A goal, condition or body part: which exercises fit it, and which do not.

    `words` (words of exercise names, most telling first) and `patterns` (movement patterns,
    see content.patterns; `stretch-*` names every pattern starting so) single fitting
    exercises out; `avoid` words and `avoid_patterns` mark exercises to leave out (goals) or
    put last (body parts). Categories and equipment are preferences. For anatomy the
    muscles are a requirement, for goals a preference. `of_exercise`: the words after the
    phrase name an exercise whose muscles the focus works ("warm up before deadlifts").
    """

    kind: FocusKind
    label: str
    phrases: tuple[str, ...]
    muscles: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    avoid_patterns: tuple[str, ...] = ()
    of_exercise: bool = False


@dataclass(frozen=True, slots=True)
class Relation:
    """Phrases asking for exercises related to the one named after them; for regressions
    and progressions, `words` in names that mark an easier or harder version."""

    kind: RelationKind
    phrases: tuple[str, ...]
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Synonym:
    """Slang, abbreviations and nicknames (`terms`) and the words they stand for."""

    terms: tuple[str, ...]
    means: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every vocabulary entry of a library, in file order."""

    filters: tuple[Filter, ...] = ()
    goals: tuple[Focus, ...] = ()
    anatomy: tuple[Focus, ...] = ()
    relations: tuple[Relation, ...] = ()
    synonyms: tuple[Synonym, ...] = ()
    fillers: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any((self.filters, self.goals, self.anatomy, self.relations, self.synonyms,
                    self.fillers))
