"""GraphQL object types for the content documents."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from content import markdown, model, profile, related
from content.store import Role, Store

from .context import Info
from .filters import ExerciseFacets, exercise_facets
from .pagination import Edge, PageInfo, Window, page

if TYPE_CHECKING:
    from .profile_types import ExerciseProfile, RelatedExercises


def _store(info: Info) -> Store:
    return info.context.store


def _resolve(info: Info, ids: Iterable[str], table: str, wrap: Callable[[Any], Any]) -> list:
    documents = getattr(_store(info), table)
    return [wrap(documents[i]) if i in documents else None for i in ids]


@strawberry.type(description="A piece of training equipment.")
class Equipment:
    slug: str
    name: str
    aliases: list[str]

    @classmethod
    def of(cls, item: model.Equipment) -> Equipment:
        return cls(slug=item.slug, name=item.name, aliases=list(item.aliases))


@strawberry.type(description="A muscle group.")
class Muscle(relay.Node):
    node_id: relay.NodeID[str]
    slug: str
    name: str
    region: model.Region
    aliases: list[str] = strawberry.field(description="Anatomical and everyday names.")
    source: strawberry.Private[model.Muscle]

    @classmethod
    def of(cls, muscle: model.Muscle) -> Muscle:
        return cls(node_id=muscle.slug, slug=muscle.slug, name=muscle.name, region=muscle.region,
                   aliases=list(muscle.aliases), source=muscle)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return _resolve(info, node_ids, "muscles", cls.of)

    @strawberry.field(description="The broader muscle group this one belongs to, if any.")
    def parent(self, info: Info) -> Muscle | None:
        parent = _store(info).muscles.get(self.source.parent or "")
        return Muscle.of(parent) if parent else None

    @strawberry.field(description="The description, rendered to sanitised HTML.")
    def body_html(self) -> str:
        return markdown.render_html(self.source.body)

    @strawberry.field(description="How many exercises have this muscle as a primary mover.")
    def exercise_count(self, info: Info) -> int:
        return len(_store(info).exercises_for_muscle(self.slug))

    @strawberry.field(description="Exercises that work this muscle, in name order.")
    def exercises(self, info: Info, role: Role = Role.PRIMARY, first: int | None = None,
                  after: str | None = None, last: int | None = None,
                  before: str | None = None) -> ExerciseConnection:
        items = list(_store(info).exercises_for_muscle(self.slug, role))
        return ExerciseConnection.of(items, info, first, after, last, before)


@strawberry.type(description="An exercise.")
class Exercise(relay.Node):
    node_id: relay.NodeID[str]
    slug: str
    name: str
    level: model.Level
    category: model.Category
    force: model.Force | None
    mechanic: model.Mechanic | None
    instructions: list[str] = strawberry.field(description="The numbered steps, in order.")
    aliases: list[str] = strawberry.field(description="Other names people use.")
    images: list[str] = strawberry.field(description="Image paths relative to the source's "
                                         "image folder.")
    source_name: str | None = strawberry.field(name="source", description="Where the content "
                                               "comes from.")
    source_id: str | None = strawberry.field(description="The record's id at its source.")
    license: str | None
    source: strawberry.Private[model.Exercise]

    @classmethod
    def of(cls, exercise: model.Exercise) -> Exercise:
        return cls(node_id=exercise.slug, slug=exercise.slug, name=exercise.name,
                   level=exercise.level, category=exercise.category, force=exercise.force,
                   mechanic=exercise.mechanic, instructions=list(exercise.instructions),
                   aliases=list(exercise.aliases), images=list(exercise.images),
                   source_name=exercise.source, source_id=exercise.source_id,
                   license=exercise.license, source=exercise)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return _resolve(info, node_ids, "exercises", cls.of)

    @strawberry.field
    def equipment(self, info: Info) -> Equipment | None:
        item = _store(info).equipment.get(self.source.equipment or "")
        return Equipment.of(item) if item else None

    @strawberry.field(description="The muscles that do most of the work.")
    def primary_muscles(self, info: Info) -> list[Muscle]:
        muscles = _store(info).muscles
        return [Muscle.of(muscles[slug]) for slug in self.source.primary_muscles]

    @strawberry.field(description="Muscles that assist or stabilise.")
    def secondary_muscles(self, info: Info) -> list[Muscle]:
        muscles = _store(info).muscles
        return [Muscle.of(muscles[slug]) for slug in self.source.secondary_muscles]

    @strawberry.field(description="The exercise this one is authored as a variation of.")
    def variation_of(self, info: Info) -> Exercise | None:
        parent = _store(info).exercises.get(self.source.variation_of or "")
        return Exercise.of(parent) if parent else None

    @strawberry.field(description="The Markdown body (steps and notes) as sanitised HTML.")
    def body_html(self) -> str:
        return markdown.render_html(self.source.body)

    @strawberry.field(description="The movement pattern (e.g. `squat`, `vertical-pull`, "
                      "`stretch-hamstrings`): authored as `pattern:` or derived; null when the "
                      "data does not say. See docs/profile-method.md.")
    def pattern(self, info: Info) -> str | None:
        found = related.relations(_store(info)).movement(self.source).pattern
        return found.slug if found else None

    @strawberry.field(description="Guides that discuss this exercise.")
    def guides(self, info: Info) -> list[Guide]:
        return [Guide.of(guide) for guide in _store(info).guides_mentioning(self.slug)]

    @strawberry.field(description="Variations, peers, substitutes, progressions and "
                      "regressions.")
    def related(self) -> Annotated[RelatedExercises,
                                   strawberry.lazy("graph.profile_types")]:
        from .profile_types import RelatedExercises

        return RelatedExercises(source=self.source)

    @strawberry.field(description="The derived profile: summary, muscle recruitment, "
                      "intensity, guidance and counts. General information, not medical "
                      "advice.")
    def profile(self, info: Info) -> Annotated[ExerciseProfile,
                                               strawberry.lazy("graph.profile_types")]:
        from .profile_types import ExerciseProfile

        return ExerciseProfile.of(profile.derive(_store(info), self.source))


@strawberry.type(description="One exercise in a routine day.")
class RoutineItem:
    sets: int
    reps: str | None = strawberry.field(description='A count such as "10" or a range "8-12".')
    hold_seconds: int | None
    notes: str | None
    slug: strawberry.Private[str]

    @strawberry.field
    def exercise(self, info: Info) -> Exercise:
        return Exercise.of(_store(info).exercises[self.slug])


@strawberry.type(description="One day of a guide's routine.")
class RoutineDay:
    day: str
    items: list[RoutineItem]


@strawberry.type(description="An article that walks through exercises.")
class Guide(relay.Node):
    node_id: relay.NodeID[str]
    slug: str
    title: str
    summary: str
    tags: list[str]
    source: strawberry.Private[model.Guide]

    @classmethod
    def of(cls, guide: model.Guide) -> Guide:
        return cls(node_id=guide.slug, slug=guide.slug, title=guide.title,
                   summary=guide.summary, tags=list(guide.tags), source=guide)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return _resolve(info, node_ids, "guides", cls.of)

    @strawberry.field(description="The exercises the guide discusses, in order.")
    def exercises(self, info: Info) -> list[Exercise]:
        exercises = _store(info).exercises
        return [Exercise.of(exercises[slug]) for slug in self.source.exercises]

    @strawberry.field
    def routine(self) -> list[RoutineDay]:
        return [RoutineDay(day=day.day, items=[
            RoutineItem(sets=item.sets, reps=item.reps, hold_seconds=item.hold_seconds,
                        notes=item.notes, slug=item.exercise) for item in day.items])
            for day in self.source.routine]

    @strawberry.field(description="The article rendered to sanitised HTML.")
    def body_html(self) -> str:
        return markdown.render_html(self.source.body)

    @strawberry.field(description="The opening of the article as plain text.")
    def excerpt(self) -> str:
        return markdown.excerpt(self.source.body)

    @strawberry.field(description="Estimated reading time at 200 words a minute.")
    def reading_time_minutes(self) -> int:
        return markdown.reading_minutes(self.source.body)


@strawberry.type(description="A page of exercises with facet counts of the whole filtered set.")
class ExerciseConnection:
    total_count: int
    edges: list[Edge[Exercise]]
    page_info: PageInfo
    matches: strawberry.Private[list[model.Exercise]]

    @classmethod
    def of(cls, matches: list[model.Exercise], info: Info, first: int | None,
           after: str | None, last: int | None, before: str | None) -> ExerciseConnection:
        window = Window.of(len(matches), info.context.page_sizes, first, after, last, before)
        edges, page_info = page(matches, Exercise.of, window)
        return cls(total_count=len(matches), edges=edges, page_info=page_info, matches=matches)

    @strawberry.field(description="Counts per field value over every match, not just this page.")
    def facets(self, info: Info) -> ExerciseFacets:
        return exercise_facets(_store(info), self.matches)

