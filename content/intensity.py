"""Estimated intensity in METs from the 2011 Compendium of Physical Activities.

The Compendium lists activities, not individual exercises, so each exercise is mapped to the
closest activity by its category, level, equipment and name. Every value is an estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .model import Category, Exercise, Level

COMPENDIUM = "2011 Compendium of Physical Activities"


class Zone(StrEnum):
    """Intensity bands by MET: light < 3, moderate 3–6, vigorous 6–9, very vigorous ≥ 9."""

    LIGHT = "light"
    MODERATE = "moderate"
    VIGOROUS = "vigorous"
    VERY_VIGOROUS = "very vigorous"

    @classmethod
    def of(cls, met: float) -> Zone:
        if met < 3:
            return cls.LIGHT
        if met < 6:
            return cls.MODERATE
        if met < 9:
            return cls.VIGOROUS
        return cls.VERY_VIGOROUS


@dataclass(frozen=True, slots=True)
class Activity:
    code: str
    description: str
    met: float

    @property
    def source(self) -> str:
        return f"{COMPENDIUM}, code {self.code}: {self.description} ({self.met:g} MET)"


RESISTANCE = Activity("02054", "resistance training, multiple exercises, 8-15 repetitions", 3.5)
SQUATS = Activity("02052", "resistance training, squats, slow or explosive effort", 5.0)
POWER_LIFTING = Activity("02050", "resistance training, power lifting or body building, "
                         "vigorous effort", 6.0)
CALISTHENICS_VIGOROUS = Activity("02020", "calisthenics, vigorous effort", 8.0)
CALISTHENICS_MODERATE = Activity("02022", "calisthenics, moderate effort", 3.8)
CALISTHENICS_LIGHT = Activity("02024", "calisthenics, light or moderate effort", 2.8)
STRETCHING = Activity("02101", "stretching, mild", 2.3)
KETTLEBELLS = Activity("02040", "circuit training, kettlebells, vigorous effort", 8.0)
STATIONARY_BIKE = Activity("02010", "bicycling, stationary, general", 7.0)
ELLIPTICAL = Activity("02048", "elliptical trainer, moderate effort", 5.0)
STAIR_TREADMILL = Activity("02065", "stair-treadmill ergometer, general", 9.0)
ROPE_JUMPING = Activity("15551", "rope jumping, moderate pace", 11.8)
JOGGING = Activity("12020", "jogging, general", 7.0)

_CARDIO_BY_NAME = (
    (re.compile(r"\b(bike|bicycl\w*|cycling|spinning)\b"), STATIONARY_BIKE),
    (re.compile(r"\belliptical\b"), ELLIPTICAL),
    (re.compile(r"\b(stair\w*|step ?mill)\b"), STAIR_TREADMILL),
    (re.compile(r"\brope\b"), ROPE_JUMPING),
    (re.compile(r"\b(jog\w*|run\w*|treadmill|sprint\w*)\b"), JOGGING),
)
_SQUAT = re.compile(r"\bsquats?\b")


def activity(exercise: Exercise) -> Activity:
    """The Compendium activity closest to `exercise`."""
    name = exercise.name.lower()
    category = exercise.category
    if category is Category.STRETCHING:
        return STRETCHING
    if category is Category.CARDIO:
        for pattern, found in _CARDIO_BY_NAME:
            if pattern.search(name):
                return found
        return CALISTHENICS_VIGOROUS
    if category is Category.PLYOMETRICS:
        return CALISTHENICS_VIGOROUS
    if category in (Category.POWERLIFTING, Category.OLYMPIC_WEIGHTLIFTING, Category.STRONGMAN):
        return POWER_LIFTING
    if exercise.equipment == "kettlebells":
        return KETTLEBELLS
    if _SQUAT.search(name):
        return SQUATS
    if exercise.equipment in (None, "body-only"):
        return {Level.BEGINNER: CALISTHENICS_LIGHT, Level.INTERMEDIATE: CALISTHENICS_MODERATE,
                Level.EXPERT: CALISTHENICS_VIGOROUS}[exercise.level]
    if exercise.level is Level.EXPERT:
        return POWER_LIFTING
    return RESISTANCE


def kilocalories(met: float, body_mass_kg: float, minutes: float) -> float:
    """Energy used: MET × 3.5 × kg / 200 per minute."""
    return met * 3.5 * body_mass_kg / 200 * minutes
