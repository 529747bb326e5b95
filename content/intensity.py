"""Estimated intensity in METs from the 2011 Compendium of Physical Activities.

The Compendium lists activities, not individual exercises, so each exercise is mapped to the
closest activity by its movement pattern, difficulty traits, category and level (each mapping
is listed in docs/profile-method.md). Every value is an estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .model import Category, Exercise, Level
from .patterns import Family, Movement

COMPENDIUM = "2011 Compendium of Physical Activities"


class Zone(StrEnum):
    """Intensity bands by MET: light < 3, moderate 3–6, vigorous 6–9, very vigorous ≥ 9."""

    LIGHT = "light"
    MODERATE = "moderate"
    VIGOROUS = "vigorous"
    VERY_VIGOROUS = "very vigorous"

    @classmethod
    def of(cls, met: float) -> Zone:
        return next(band.zone for band in BANDS if band.to_met is None or met < band.to_met)


@dataclass(frozen=True, slots=True)
class Band:
    """The METs of a zone: from `from_met` (included) up to `to_met` (None: no limit)."""

    zone: Zone
    from_met: float
    to_met: float | None


BANDS = (Band(Zone.LIGHT, 0, 3), Band(Zone.MODERATE, 3, 6), Band(Zone.VIGOROUS, 6, 9),
         Band(Zone.VERY_VIGOROUS, 9, None))


@dataclass(frozen=True, slots=True)
class Activity:
    """A Compendium activity: its code, its own wording, its METs and a short name."""

    code: str
    description: str
    met: float
    name: str = ""

    @property
    def source(self) -> str:
        return f"{COMPENDIUM}, code {self.code}: {self.description} ({self.met:g} MET)"


RESISTANCE = Activity("02054", "resistance (weight) training, multiple exercises, 8-15 "
                      "repetitions at varied resistance", 3.5)
SQUATS = Activity("02052", "resistance (weight) training, squats, slow or explosive effort", 5.0)
POWER_LIFTING = Activity("02050", "resistance training (weight lifting, free weight, nautilus or "
                         "universal-type), power lifting or body building, vigorous effort", 6.0)
CALISTHENICS_VIGOROUS = Activity("02020", "calisthenics (e.g., push ups, sit ups, pull-ups, "
                                 "jumping jacks), vigorous effort", 8.0)
CALISTHENICS_MODERATE = Activity("02022", "calisthenics (e.g., push ups, sit ups, pull-ups, "
                                 "lunges), moderate effort", 3.8)
CALISTHENICS_LIGHT = Activity("02024", "calisthenics (e.g., situps, abdominal crunches), light "
                              "effort", 2.8)
CALISTHENICS_GENERAL = Activity("02030", "calisthenics, light or moderate effort, general "
                                "(e.g., back exercises)", 3.5)
CIRCUIT_VIGOROUS = Activity("02040", "circuit training, including kettlebells, some aerobic "
                            "movement with minimal rest, general, vigorous intensity", 8.0)
STRETCHING = Activity("02101", "stretching, mild", 2.3, "Stretching, mild")
STATIONARY_BIKE = Activity("02010", "bicycling, stationary, general", 7.0)
BICYCLING = Activity("01015", "bicycling, general", 7.5)
ELLIPTICAL = Activity("02048", "elliptical trainer, moderate effort", 5.0)
STAIR_TREADMILL = Activity("02065", "stair-treadmill ergometer, general", 9.0)
ROWING = Activity("02071", "rowing, stationary, general, moderate effort", 4.8)
ROPE_JUMPING = Activity("15551", "rope jumping, moderate pace, 100-120 skips/min, general", 11.8)
SKATING = Activity("15590", "skating, roller", 7.0)
WALKING = Activity("17200", "walking, 3.5 mph, level, brisk, firm surface, walking for "
                   "exercise", 4.3)
JOG_WALK = Activity("12010", "jog/walk combination (jogging component of less than 10 minutes)",
                    6.0)
JOGGING = Activity("12020", "jogging, general", 7.0, "Jogging, general")
RUNNING = Activity("12150", "running, general", 8.0)

# Everyday activities an exercise's intensity is set beside, from rest to a run.
EVERYDAY = (
    STRETCHING,
    Activity("17190", "walking, 2.8 to 3.2 mph, level, moderate pace, firm surface", 3.5,
             "Walking, 2.8–3.2 mph, moderate pace"),
    Activity("01010", "bicycling, <10 mph, leisure, to work or for pleasure", 4.0,
             "Cycling, under 10 mph, leisurely"),
    JOGGING,
    Activity("12050", "running, 6 mph (10 min/mile)", 9.8, "Running, 6 mph"),
)


@dataclass(frozen=True, slots=True)
class Scale:
    """What an exercise's METs are read against: the zones and everyday activities."""

    bands: tuple[Band, ...]
    everyday: tuple[Activity, ...]


SCALE = Scale(BANDS, EVERYDAY)

_CARDIO = {
    "cycle": STATIONARY_BIKE, "elliptical": ELLIPTICAL, "stair-climb": STAIR_TREADMILL,
    "row-ergometer": ROWING, "jump-rope": ROPE_JUMPING, "skate": SKATING,
    "battle-ropes": CIRCUIT_VIGOROUS,
}
# Body-weight patterns the Compendium's moderate calisthenics code names or resembles.
_MODERATE_CALISTHENICS = frozenset({"push-up", "horizontal-push", "vertical-pull", "dip", "lunge",
                                    "squat", "horizontal-pull", "vertical-push"})
_GENERAL_CALISTHENICS = frozenset({"back-extension", "bridge", "hip-extension",
                                   "anti-extension", "side-plank", "rotation",
                                   "lateral-flexion", "anti-rotation", "hip-abduction",
                                   "hip-adduction", "calf-raise", "neck", "balance"})
_SITUP = re.compile(r"\bsit ?-?ups?\b", re.IGNORECASE)


def activity(exercise: Exercise, movement: Movement) -> Activity:
    """The Compendium activity closest to `exercise`, by its pattern and loading."""
    family = movement.family
    pattern = movement.pattern.slug if movement.pattern else ""
    if family in (Family.STRETCHING, Family.SELF_MASSAGE, Family.MOBILITY) or \
            (family is None and exercise.category is Category.STRETCHING):
        return STRETCHING
    if pattern == "walk-run":
        return RUNNING if "run" in movement.traits else JOGGING if "jog" in movement.traits \
            else JOG_WALK if "walk-run" in movement.traits else WALKING
    if pattern == "cycle" and exercise.equipment not in ("machine",) and \
            "recumbent" not in movement.traits:
        return BICYCLING
    if pattern in _CARDIO:
        return _CARDIO[pattern]
    if family is Family.PLYOMETRICS or exercise.category in (Category.PLYOMETRICS,
                                                            Category.CARDIO):
        return CALISTHENICS_VIGOROUS
    if family is Family.KETTLEBELL:
        return CIRCUIT_VIGOROUS
    if family in (Family.OLYMPIC, Family.STRONGMAN) or exercise.category in (
            Category.POWERLIFTING, Category.OLYMPIC_WEIGHTLIFTING, Category.STRONGMAN):
        return POWER_LIFTING
    loaded = "added-load" in movement.traits or "light-resistance" in movement.traits
    if not loaded:
        if exercise.level is Level.EXPERT or "explosive" in movement.traits:
            return CALISTHENICS_VIGOROUS
        if pattern in _MODERATE_CALISTHENICS or _SITUP.search(exercise.name):
            return CALISTHENICS_MODERATE
        if pattern in ("trunk-flexion", "leg-raise"):
            return CALISTHENICS_LIGHT
        if pattern in _GENERAL_CALISTHENICS:
            return CALISTHENICS_GENERAL
    if pattern == "squat":
        return SQUATS
    if exercise.level is Level.EXPERT:
        return POWER_LIFTING
    return RESISTANCE


def kilocalories(met: float, body_mass_kg: float, minutes: float) -> float:
    """Energy used: MET × 3.5 × kg / 200 per minute."""
    return met * 3.5 * body_mass_kg / 200 * minutes
