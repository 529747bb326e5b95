"""Derived exercise profiles: summary, muscle recruitment, intensity, guidance and counts.

Everything is generated from the exercise's own fields and the rest of the library, unless
the author wrote that part in the frontmatter (`profile:`), which always wins. General
information, not medical advice; see docs/profile-method.md for how each part is derived.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple, TypeVar

from . import patterns_guidance as guidance
from .intensity import Zone, activity
from .model import Category, Exercise, Force, Level, Mechanic
from .patterns import BODY_WEIGHT, Family, Loading, Movement
from .related import Related, relations, training_kind
from .store import Role, Store

# Recruitment: share of effort given to the primary muscles, by kind of movement.
PRIMARY_SHARE = {Mechanic.ISOLATION: 80.0, Mechanic.COMPOUND: 60.0, None: 70.0}
STRETCH_PRIMARY_SHARE = 75.0
CATEGORY_NOUN = {
    Category.STRENGTH: "strength exercise",
    Category.STRETCHING: "stretch",
    Category.PLYOMETRICS: "plyometric drill",
    Category.POWERLIFTING: "powerlifting lift",
    Category.OLYMPIC_WEIGHTLIFTING: "Olympic weightlifting movement",
    Category.STRONGMAN: "strongman event",
    Category.CARDIO: "cardio exercise",
}
T = TypeVar("T")
DISCLAIMER = ("General information, not medical advice: check with a doctor or physiotherapist "
              "before starting if you have pain, an injury or a medical condition.")


class Source(StrEnum):
    AUTHORED = "authored"
    DERIVED = "derived"


class Part(NamedTuple):
    """One part of a profile and whether an author wrote it."""

    name: str
    source: Source


@dataclass(frozen=True, slots=True)
class Share:
    muscle: str
    role: Role
    percent: float


@dataclass(frozen=True, slots=True)
class Intensity:
    met: float
    zone: Zone
    source: str
    estimated: bool


@dataclass(frozen=True, slots=True)
class Counts:
    variations: int
    peers: int
    muscles_worked: int
    steps: int
    cohort: int


@dataclass(frozen=True, slots=True)
class Profile:
    summary: str
    recruitment: tuple[Share, ...]
    intensity: Intensity
    common_mistakes: tuple[str, ...]
    who_it_is_for: tuple[str, ...]
    who_should_avoid: tuple[str, ...]
    progression_path: str
    safety_notes: tuple[str, ...]
    counts: Counts
    provenance: tuple[Part, ...]


def _names(store: Store, slugs: tuple[str, ...]) -> list[str]:
    return [store.muscles[s].name.lower() for s in slugs if s in store.muscles]


def _join(words: list[str]) -> str:
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + f" and {words[-1]}"


def recruitment(exercise: Exercise) -> tuple[Share, ...]:
    """Shares of effort summing to 100 %: a heuristic from the muscle lists, not EMG.

    Primary muscles split the primary share equally (all of it if there are no secondary
    muscles); secondary muscles split the rest equally. Rounded to 0.1 with the rounding
    remainder given to the first primary muscle, so the total is exactly 100.
    """
    primary, secondary = exercise.primary_muscles, exercise.secondary_muscles
    if not primary:
        return ()
    if not secondary:
        primary_total = 100.0
    elif exercise.category is Category.STRETCHING:
        primary_total = STRETCH_PRIMARY_SHARE
    else:
        primary_total = PRIMARY_SHARE[exercise.mechanic]
    shares = [Share(m, Role.PRIMARY, round(primary_total / len(primary), 1)) for m in primary]
    shares += [Share(m, Role.SECONDARY, round((100 - primary_total) / len(secondary), 1))
               for m in secondary]
    remainder = round(100 - sum(s.percent for s in shares), 1)
    shares[0] = Share(shares[0].muscle, Role.PRIMARY, round(shares[0].percent + remainder, 1))
    return tuple(shares)


def _summary(store: Store, exercise: Exercise, movement: Movement, cohort: int,
             variations: int) -> str:
    kit = store.equipment.get(exercise.equipment or "")
    noun = CATEGORY_NOUN[exercise.category]
    primary = _join(_names(store, exercise.primary_muscles)) or "no listed muscle"
    helpers = _names(store, exercise.secondary_muscles)
    text = f"{exercise.name} is {_article(exercise.level.value)} {noun} for the {primary}"
    text += f", with help from the {_join(helpers)}" if helpers else ""
    if exercise.equipment == BODY_WEIGHT:
        text += ", done with body weight alone"
    elif kit and exercise.equipment != "other":
        text += f", done with {_article(kit.name.lower())}"
    text += "."
    if movement.pattern is not None:
        text += f" Its movement pattern is the {movement.pattern.name}."
    if cohort > 1:
        others = cohort - 1
        text += (f" This library has {cohort} exercises with the {primary} as the main mover, "
                 f"so there are {others} alternative{'s' if others != 1 else ''} for it")
        text += (f", and {variations} variation{'s' if variations != 1 else ''} of this one."
                 if variations else ".")
    return text


def _article(noun: str) -> str:
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _who_for(store: Store, exercise: Exercise) -> tuple[str, ...]:
    primary = _join(_names(store, exercise.primary_muscles)) or "whole body"
    level = {
        Level.BEGINNER: "People starting out, or coming back after a break.",
        Level.INTERMEDIATE: "People with a few months of regular training and sound technique.",
        Level.EXPERT: "Experienced trainees with solid technique, ideally with coaching.",
    }[exercise.level]
    goal = (f"Anyone with a stiff or tight {primary} who wants to move more freely."
            if exercise.category is Category.STRETCHING else
            f"Anyone who wants to strengthen the {primary}."
            if training_kind(exercise.category) == "resistance" else
            f"Anyone building power and fitness through the {primary}.")
    kit = store.equipment.get(exercise.equipment or "")
    where = ("People training at home or travelling: no equipment needed."
             if exercise.equipment in (None, BODY_WEIGHT) else
             f"People with access to {_article(kit.name.lower())}."
             if kit and exercise.equipment != "other" else "")
    return tuple(filter(None, (level, goal, where)))


def _who_avoid(exercise: Exercise, movement: Movement) -> tuple[str, ...]:
    found = ["Anyone with sharp or worsening pain in the joints or muscles involved."]
    if back := guidance.back_caution(movement):
        found.append(back)
    if Loading.IMPACT in movement.loading or exercise.category is Category.PLYOMETRICS:
        found.append("People with knee, ankle or Achilles problems, or very new to exercise.")
    if Loading.OVERHEAD in movement.loading or (
            exercise.force is Force.PUSH and "shoulders" in exercise.muscles):
        found.append("Anyone with a painful or unstable shoulder, until it is assessed.")
    if Loading.UNSTABLE in movement.loading or movement.family is Family.OLYMPIC:
        found.append("Anyone with balance problems or dizziness.")
    if guidance.expert_only(exercise, movement):
        found.append("Beginners: build the basic pattern with an easier version first.")
    found.append("Anyone recovering from surgery, or pregnant, without their clinician's "
                 "go-ahead.")
    return tuple(found)


def _progression_path(exercise: Exercise, movement: Movement, harder: list[Related]) -> str:
    path = guidance.progression_path(exercise, movement)
    names = [r.exercise.name for r in harder[:2]]
    if names:
        path += f" When that stops working, move on to {' or '.join(names)}."
    return path


def derive(store: Store, exercise: Exercise) -> Profile:
    """The profile of `exercise`: authored parts as written, the rest derived."""
    links = relations(store)
    authored = exercise.profile
    variations = links.variations(exercise.slug)
    cohort = len(links.cohort(exercise))
    harder = links.progressions(exercise)
    movement = links.movement(exercise)
    found = activity(exercise, movement)
    intensity = (Intensity(authored.met, Zone.of(authored.met), authored.met_source or "",
                           estimated=False)
                 if authored.met is not None else
                 Intensity(found.met, Zone.of(found.met), found.source, estimated=True))
    provenance = [Part("intensity", Source.AUTHORED if authored.met is not None
                       else Source.DERIVED)]

    def part(name: str, value: T | None, derived: Callable[[], T]) -> T:
        provenance.append(Part(name, Source.AUTHORED if value is not None else Source.DERIVED))
        return value if value is not None else derived()

    return Profile(
        summary=part("summary", authored.summary,
                     lambda: _summary(store, exercise, movement, cohort, len(variations))),
        recruitment=recruitment(exercise),
        intensity=intensity,
        common_mistakes=part("common_mistakes", authored.common_mistakes,
                             lambda: guidance.mistakes(exercise, movement)),
        who_it_is_for=part("who_it_is_for", authored.who_it_is_for,
                           lambda: _who_for(store, exercise)),
        who_should_avoid=part("who_should_avoid", authored.who_should_avoid,
                              lambda: _who_avoid(exercise, movement)),
        progression_path=part("progression_path", authored.progression_path,
                              lambda: _progression_path(exercise, movement, harder)),
        safety_notes=part("safety_notes", authored.safety_notes,
                          lambda: (*guidance.safety(exercise, movement), DISCLAIMER)),
        counts=Counts(variations=len(variations), peers=len(links.peers(exercise)),
                      muscles_worked=len(exercise.muscles), steps=len(exercise.instructions),
                      cohort=cohort),
        provenance=(*provenance, Part("recruitment", Source.DERIVED),
                    Part("counts", Source.DERIVED)),
    )


PROFILES_KEPT = 10_000  # per snapshot: every page of a prepared library; past it, derived anew


@functools.lru_cache(maxsize=4)
def _profiles(store: Store) -> dict[str, Profile]:
    """The profiles of a store snapshot worked out so far, by exercise slug."""
    return {}


def profile_of(store: Store, exercise: Exercise) -> Profile:
    """The profile of `exercise`, derived once per store snapshot."""
    if store.exercises.get(exercise.slug) is not exercise:
        return derive(store, exercise)  # not one of the snapshot's exercises: nothing to keep
    known = _profiles(store)
    found = known.get(exercise.slug)
    if found is None:
        found = derive(store, exercise)
        if len(known) < PROFILES_KEPT:
            known[exercise.slug] = found
    return found

