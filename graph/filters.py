"""The exercise filter and facet types, derived from the catalogue's facet definitions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import strawberry

from content import catalog, model
from content.store import Store

from . import enums  # noqa: F401 - registers the facet vocabularies as GraphQL enums


@strawberry.type(description="How many results have one value of a field.")
class FacetValue:
    value: str = strawberry.field(description="The value as the filter takes it (enum name or "
                                  "slug).")
    label: str = strawberry.field(description="A human-readable label.")
    count: int


def _filter_input() -> Any:
    namespace: dict[str, Any] = {"__annotations__": {}}
    for facet in catalog.FACETS:
        namespace["__annotations__"][facet.name] = (facet.vocabulary or str) | None
        namespace[facet.name] = strawberry.field(default=None, description=facet.description)
    return strawberry.input(type("ExerciseFilter", (), namespace), description=(
        "Conditions on exercises; every field is optional and they combine with AND."))


def _facets_type() -> Any:
    namespace = {"__annotations__": {facet.name: list[FacetValue] for facet in catalog.COUNTED}}
    return strawberry.type(type("ExerciseFacets", (), namespace),
                           description="Counts of the filtered set, per value of each field.")


if TYPE_CHECKING:
    ExerciseFilter = Any
    ExerciseFacets = Any
else:
    ExerciseFilter = _filter_input()
    ExerciseFacets = _facets_type()


def criteria(given: ExerciseFilter | None) -> catalog.ExerciseFilter:
    """The domain filter for an `ExerciseFilter` input (or none)."""
    if given is None:
        return catalog.ExerciseFilter()
    return catalog.ExerciseFilter.where(**{facet.name: getattr(given, facet.name)
                                           for facet in catalog.FACETS})


def exercise_facets(store: Store, exercises: Sequence[model.Exercise]) -> ExerciseFacets:
    """Facet counts of `exercises`; enum values by their GraphQL names."""
    counted = catalog.facets(store, exercises)
    return ExerciseFacets(**{facet.name: [
        FacetValue(value=facet.vocabulary(item.value).name if facet.vocabulary else item.value,
                   label=item.label, count=item.count)
        for item in counted[facet.name]] for facet in catalog.COUNTED})
