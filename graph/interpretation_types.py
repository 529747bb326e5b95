"""GraphQL types for what search understood in a query: chips a front end can show and remove."""

from __future__ import annotations

import strawberry
from strawberry.utils.str_converters import to_camel_case

from content.catalog import FACET
from content.store import Store
from content.vocabulary import FocusKind, RelationKind
from search import engine as search_engine

from . import enums  # noqa: F401 - registers RelationKind
from .nodes import Exercise, Muscle, mapped


@strawberry.type(description="Query words read as a filter on exercises.")
class InterpretedFilter:
    facet: str = strawberry.field(description="The `ExerciseFilter` field it restricts.")
    values: list[str] = strawberry.field(description="The values accepted (enum names or "
                                         "slugs, as the filter takes them).")
    includes_unlisted: bool = strawberry.field(description="Exercises listing no value for "
                                               "the field pass too (no equipment listed).")
    excludes_named: list[str] = strawberry.field(description="Exercises whose names hold one "
                                                 "of these words are left out all the same "
                                                 "(loaded kit listed as other equipment).")
    label: str = strawberry.field(description="A short label for a chip.")
    text: str = strawberry.field(description="The words of the query it was read from.")


@strawberry.type(description="Query words read as a goal or condition.")
class InterpretedGoal:
    label: str
    text: str = strawberry.field(description="The words of the query it was read from.")
    exercise: Exercise | None = strawberry.field(description="The exercise whose muscles the "
                                                 "goal works (\"warm up before deadlifts\").")


@strawberry.type(description="Query words read as a body part: results work its muscles.")
class InterpretedBodyPart:
    label: str
    text: str = strawberry.field(description="The words of the query it was read from.")
    muscles: list[Muscle]


@strawberry.type(description="Query words asking for exercises related to a named one.")
class InterpretedRelation:
    kind: RelationKind
    exercise: Exercise = strawberry.field(description="The exercise the query named.")
    text: str = strawberry.field(description="The words that asked for the relation.")


@strawberry.type(description="Slang or an abbreviation and the words searched for it.")
class Expansion:
    text: str
    means: str


@strawberry.type(description="What search understood in the query. Each part is a chip: "
                 "searching again without its `text` removes it.")
class Interpretation:
    filters: list[InterpretedFilter]
    goals: list[InterpretedGoal]
    body_parts: list[InterpretedBodyPart]
    relation: InterpretedRelation | None
    expansions: list[Expansion]
    terms: list[str] = strawberry.field(description="The words searched as text.")

    @classmethod
    def of(cls, store: Store, understood: search_engine.Interpretation) -> Interpretation:
        def exercise(slug: str | None) -> Exercise | None:
            return mapped(store.exercises.get(slug or ""))

        goals, parts = [], []
        for focus in understood.focuses:
            if focus.kind is FocusKind.GOAL:
                goals.append(InterpretedGoal(label=focus.label, text=focus.text,
                                             exercise=exercise(focus.exercise)))
            else:
                parts.append(InterpretedBodyPart(
                    label=focus.label, text=focus.text,
                    muscles=[mapped(store.muscles[m]) for m in focus.muscles
                             if m in store.muscles]))
        relation = understood.relation
        named = exercise(relation.exercise) if relation else None
        return cls(
            filters=[InterpretedFilter(facet=to_camel_case(f.facet), values=[
                _value(f.facet, v) for v in f.values], includes_unlisted=f.unlisted,
                excludes_named=list(f.avoid),
                label=f.label, text=f.text) for f in understood.filters],
            goals=goals, body_parts=parts,
            relation=InterpretedRelation(kind=relation.kind, exercise=named, text=relation.text)
            if relation and named else None,
            expansions=[Expansion(text=e.text, means=e.means) for e in understood.expansions],
            terms=list(understood.terms))


def _value(facet: str, value: str) -> str:
    vocabulary = FACET[facet].vocabulary
    return vocabulary(value).name if vocabulary else value
