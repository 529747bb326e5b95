"""GraphQL object types for the content documents.

Each type maps a domain object of the store as it is, without copying it: fields named as
the domain's attributes are read from it, others are resolved from it (`strawberry.Parent`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

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


class Document(relay.Node):
    """A document of the store (`domain` objects, found in the store's `table`), with a
    global id made from its slug."""

    domain: ClassVar[type]
    table: ClassVar[str]

    @classmethod
    def resolve_id(cls, root: Any, *, info: Any) -> str:
        return str(root.slug)

    @classmethod
    def is_type_of(cls, obj: Any, info: Any) -> bool:
        return isinstance(obj, cls.domain)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],
                      required: bool = False) -> list[Any]:
        documents = getattr(_store(info), cls.table)
        return [documents.get(node_id) for node_id in node_ids]


@strawberry.type(description="A piece of training equipment.")
class Equipment:
    slug: str
    name: str
    aliases: list[str]


@strawberry.type(description="A muscle group.")
class Muscle(Document):
    slug: str
    name: str
    region: model.Region
    aliases: list[str] = strawberry.field(description="Anatomical and everyday names.")

    domain = model.Muscle
    table = "muscles"

    @strawberry.field(description="The broader muscle group this one belongs to, if any.")
    def parent(self, root: strawberry.Parent[model.Muscle], info: Info) -> Muscle | None:
        return mapped(_store(info).muscles.get(root.parent or ""))

    @strawberry.field(description="The description, rendered to sanitised HTML.")
    def body_html(self, root: strawberry.Parent[model.Muscle]) -> str:
        return markdown.render_html(root.body)

    @strawberry.field(description="How many exercises have this muscle as a primary mover.")
    def exercise_count(self, root: strawberry.Parent[model.Muscle], info: Info) -> int:
        return len(_store(info).exercises_for_muscle(root.slug))

    @strawberry.field(description="Exercises that work this muscle, in name order.")
    def exercises(self, root: strawberry.Parent[model.Muscle], info: Info,
                  role: Role = Role.PRIMARY, first: int | None = None,
                  after: str | None = None, last: int | None = None,
                  before: str | None = None) -> ExerciseConnection:
        items = list(_store(info).exercises_for_muscle(root.slug, role))
        return ExerciseConnection.of(items, info, first, after, last, before)


@strawberry.type(description="An exercise.")
class Exercise(Document):
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
    source: str | None = strawberry.field(description="Where the content comes from.")
    source_id: str | None = strawberry.field(description="The record's id at its source.")
    license: str | None

    domain = model.Exercise
    table = "exercises"

    @strawberry.field
    def equipment(self, root: strawberry.Parent[model.Exercise], info: Info
                  ) -> Equipment | None:
        return mapped(_store(info).equipment.get(root.equipment or ""))

    @strawberry.field(description="The muscles that do most of the work.")
    def primary_muscles(self, root: strawberry.Parent[model.Exercise], info: Info
                        ) -> list[Muscle]:
        muscles = _store(info).muscles
        return [mapped(muscles[slug]) for slug in root.primary_muscles]

    @strawberry.field(description="Muscles that assist or stabilise.")
    def secondary_muscles(self, root: strawberry.Parent[model.Exercise], info: Info
                          ) -> list[Muscle]:
        muscles = _store(info).muscles
        return [mapped(muscles[slug]) for slug in root.secondary_muscles]

    @strawberry.field(description="The exercise this one is authored as a variation of.")
    def variation_of(self, root: strawberry.Parent[model.Exercise], info: Info
                     ) -> Exercise | None:
        return mapped(_store(info).exercises.get(root.variation_of or ""))

    @strawberry.field(description="The Markdown body (steps and notes) as sanitised HTML.")
    def body_html(self, root: strawberry.Parent[model.Exercise]) -> str:
        return markdown.render_html(root.body)

    @strawberry.field(description="The movement pattern (e.g. `squat`, `vertical-pull`, "
                      "`stretch-hamstrings`): authored as `pattern:` or derived; null when the "
                      "data does not say. See docs/profile-method.md.")
    def pattern(self, root: strawberry.Parent[model.Exercise], info: Info) -> str | None:
        found = related.relations(_store(info)).movement(root).pattern
        return found.slug if found else None

    @strawberry.field(description="Guides that discuss this exercise.")
    def guides(self, root: strawberry.Parent[model.Exercise], info: Info) -> list[Guide]:
        return [mapped(guide) for guide in _store(info).guides_mentioning(root.slug)]

    @strawberry.field(description="Variations, peers, substitutes, progressions and "
                      "regressions.")
    def related(self, root: strawberry.Parent[model.Exercise]
                ) -> Annotated[RelatedExercises, strawberry.lazy("graph.profile_types")]:
        return mapped(root)

    @strawberry.field(description="The derived profile: summary, muscle recruitment, "
                      "intensity, guidance and counts. General information, not medical "
                      "advice.")
    def profile(self, root: strawberry.Parent[model.Exercise], info: Info
                ) -> Annotated[ExerciseProfile, strawberry.lazy("graph.profile_types")]:
        return mapped(profile.profile_of(_store(info), root))


@strawberry.type(description="One exercise in a routine day.")
class RoutineItem:
    sets: int
    reps: str | None = strawberry.field(description='A count such as "10" or a range "8-12".')
    hold_seconds: int | None
    notes: str | None

    @strawberry.field
    def exercise(self, root: strawberry.Parent[model.RoutineItem], info: Info) -> Exercise:
        return mapped(_store(info).exercises[root.exercise])


@strawberry.type(description="One day of a guide's routine.")
class RoutineDay:
    day: str
    items: list[RoutineItem]


@strawberry.type(description="An article that walks through exercises.")
class Guide(Document):
    slug: str
    title: str
    summary: str
    tags: list[str]

    domain = model.Guide
    table = "guides"

    @strawberry.field(description="The exercises the guide discusses, in order.")
    def exercises(self, root: strawberry.Parent[model.Guide], info: Info) -> list[Exercise]:
        exercises = _store(info).exercises
        return [mapped(exercises[slug]) for slug in root.exercises]

    routine: list[RoutineDay]

    @strawberry.field(description="The article rendered to sanitised HTML.")
    def body_html(self, root: strawberry.Parent[model.Guide]) -> str:
        return markdown.render_html(root.body)

    @strawberry.field(description="The opening of the article as plain text.")
    def excerpt(self, root: strawberry.Parent[model.Guide]) -> str:
        return markdown.excerpt(root.body)

    @strawberry.field(description="Estimated reading time at 200 words a minute.")
    def reading_time_minutes(self, root: strawberry.Parent[model.Guide]) -> int:
        return markdown.reading_minutes(root.body)


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
        edges, page_info = page(matches, mapped, window)
        return cls(total_count=len(matches), edges=edges, page_info=page_info, matches=matches)

    @strawberry.field(description="Counts per field value over every match, not just this page.")
    def facets(self, info: Info) -> ExerciseFacets:
        return exercise_facets(_store(info), self.matches)


def mapped(document: Any) -> Any:
    """A domain object, served as the GraphQL type that maps it (which reads its fields)."""
    return document
