"""GraphQL types for related exercises and derived exercise profiles."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry

from content import model, profile
from content.intensity import SCALE, Zone, kilocalories
from content.related import Related, relations
from content.store import Role

from .context import Info
from .errors import UserInputError
from .nodes import Exercise, ExerciseConnection, Muscle, mapped
from .pagination import count


def _camel(name: str) -> str:
    """A domain field name as the schema spells it: `common_mistakes` → `commonMistakes`."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _limit(info: Info, first: int | None) -> int:
    settings = info.context.settings
    return settings.related_size if first is None else count(first, "first",
                                                              settings.max_related)


@strawberry.type(description="Another exercise and why it is related.")
class RelatedExercise:
    exercise: Exercise
    reason: str
    score: float = strawberry.field(description="Similarity from 0 to 1 (muscles, movement "
                                    "pattern, name and equipment).")


def _related(found: Iterable[Related]) -> list[RelatedExercise]:
    return [mapped(item) for item in found]


@strawberry.type(description="Exercises related to one exercise.")
class RelatedExercises:

    @strawberry.field(description="The same movement with other equipment or set-up: authored "
                      "with `variation_of`, or derived when the muscles, kind of training "
                      "and movement words of the name all match.")
    def variations(self, root: strawberry.Parent[model.Exercise], info: Info
                   ) -> list[RelatedExercise]:
        return _related(relations(info.context.store).variations(root.slug))

    @strawberry.field(description="Other exercises with a primary muscle in common, most alike "
                      "first.")
    def peers(self, root: strawberry.Parent[model.Exercise], info: Info,
              first: int | None = None, after: str | None = None, last: int | None = None,
              before: str | None = None) -> ExerciseConnection:
        found = list(relations(info.context.store).peers(root))
        return ExerciseConnection.of(found, info, first, after, last, before)

    @strawberry.field(description="Alternatives that train the same muscles the same way, best "
                      "first. `equipment` lists the equipment slugs you have (exercises "
                      "needing none, body weight or none listed, always qualify; `[]` means "
                      "nothing at hand); `maxLevel` caps the difficulty.")
    def substitutes(self, root: strawberry.Parent[model.Exercise], info: Info,
                    equipment: list[str] | None = None, max_level: model.Level | None = None,
                    first: int | None = None) -> list[RelatedExercise]:
        return _related(relations(info.context.store).substitutes(
            root, equipment, max_level, _limit(info, first)))

    @strawberry.field(description="Harder exercises for the same muscles and pattern: a higher "
                      "level, or the same level with more demanding equipment.")
    def progressions(self, root: strawberry.Parent[model.Exercise], info: Info,
                     first: int | None = None) -> list[RelatedExercise]:
        found = relations(info.context.store).progressions(root)
        return _related(found[:_limit(info, first)])

    @strawberry.field(description="Easier exercises for the same muscles and pattern: a lower "
                      "level, or the same level with less demanding equipment.")
    def regressions(self, root: strawberry.Parent[model.Exercise], info: Info,
                    first: int | None = None) -> list[RelatedExercise]:
        found = relations(info.context.store).regressions(root)
        return _related(found[:_limit(info, first)])


@strawberry.type(description="One muscle's share of the effort.")
class MuscleShare:
    role: Role

    @strawberry.field(description="Percentage of the total effort (all shares of an exercise "
                      "sum to 100).")
    def share(self, root: strawberry.Parent[profile.Share]) -> float:
        return root.percent

    @strawberry.field
    def muscle(self, root: strawberry.Parent[profile.Share], info: Info) -> Muscle:
        return mapped(info.context.store.muscles[root.muscle])


@strawberry.type(description="Estimated intensity in METs (multiples of resting energy use).")
class Intensity:
    met: float
    zone: Zone
    source: str = strawberry.field(description="Where the value comes from: a 2011 Compendium "
                                   "of Physical Activities code, or the author's citation.")
    estimated: bool = strawberry.field(description="True when the value is mapped from the "
                                       "closest Compendium activity, not authored.")

    @strawberry.field(description="Estimated kilocalories: MET × 3.5 × kg / 200 per minute.")
    def calories(self, root: strawberry.Parent[profile.Intensity], body_mass_kg: float,
                 minutes: float) -> float:
        if not 20 <= body_mass_kg <= 400:
            raise UserInputError("`bodyMassKg` must be between 20 and 400", "bodyMassKg")
        if not 0 <= minutes <= 1440:
            raise UserInputError("`minutes` must be between 0 and 1440", "minutes")
        return round(kilocalories(root.met, body_mass_kg, minutes), 1)


@strawberry.type(description="An activity of the 2011 Compendium of Physical Activities.")
class CompendiumActivity:
    code: str
    name: str = strawberry.field(description="A short everyday name.")
    description: str = strawberry.field(description="The Compendium's own wording.")
    met: float


@strawberry.type(description="The METs of an intensity zone.")
class IntensityBand:
    zone: Zone
    from_met: float = strawberry.field(description="The lowest MET of the zone (included).")
    to_met: float | None = strawberry.field(description="Where the next zone starts; null for "
                                            "the last.")


@strawberry.type(description="The scale an exercise's METs are read on: the zones, and "
                 "everyday activities to set them beside.")
class IntensityScale:
    bands: list[IntensityBand]
    everyday: list[CompendiumActivity]


def intensity_scale() -> IntensityScale:
    """The scale, as the domain defines it."""
    return mapped(SCALE)


@strawberry.type(description="Counts behind the profile, all from the current content.")
class ProfileCounts:
    variations: int
    peers: int = strawberry.field(description="Other exercises sharing a primary muscle.")
    muscles_worked: int = strawberry.field(description="Primary plus secondary muscles.")
    steps: int = strawberry.field(description="Numbered instruction steps.")
    cohort: int = strawberry.field(description="Exercises (this one included) with a primary "
                                   "muscle in common.")


@strawberry.type(description="Whether one part of the profile was authored or derived.")
class Provenance:
    @strawberry.field(description="The profile field, as the schema names it.")
    def field(self, root: strawberry.Parent[profile.Part]) -> str:
        return _camel(root.name)

    source: profile.Source


@strawberry.type(description="A profile derived from the exercise's data, with any parts the "
                 "author wrote in its frontmatter. General information, not medical advice; "
                 "the method is documented in docs/profile-method.md.")
class ExerciseProfile:
    summary: str
    recruitment: list[MuscleShare] = strawberry.field(
        description="Share of effort per muscle, summing to 100 %. A heuristic from the "
        "primary and secondary muscle lists, not EMG: primary muscles share 60 % (compound), "
        "80 % (isolation), 75 % (stretches) or 70 % (unknown), or all of it when there are no "
        "secondary muscles; secondary muscles split the rest equally.")
    intensity: Intensity
    common_mistakes: list[str]
    who_it_is_for: list[str]
    who_should_avoid: list[str]
    progression_path: str
    safety_notes: list[str]
    counts: ProfileCounts
    provenance: list[Provenance]

    @strawberry.field(description="Shown with any profile.")
    def disclaimer(self) -> str:
        return profile.DISCLAIMER
