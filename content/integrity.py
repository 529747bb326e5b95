"""Cross-document checks: references resolve, names are unique, variations never loop."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from .frontmatter import KeyPath, Position
from .model import Equipment, Exercise, Guide, Muscle, RoutineDay
from .problems import Problem
from .suggestions import did_you_mean

T = TypeVar("T", Exercise, Muscle, Guide)
# Where a value of a file (a path relative to the library) is written.
Locate = Callable[[str, KeyPath], Position | None]


class Resolutions:
    """Documents resolved by an earlier load, with the problems found resolving them: a
    later load reuses them for the same document objects while the slugs a document can
    refer to are unchanged, so an edit costs the resolution of what it changed."""

    def __init__(self) -> None:
        self._context: object = None
        self._found: dict[int, tuple[object, Any, tuple[Problem, ...]]] = {}
        self._kept: dict[int, tuple[object, Any, tuple[Problem, ...]]] = {}

    def begin(self, context: object) -> None:
        """Start a load whose documents can refer to the slugs in `context`."""
        if context != self._context:
            self._found = {}
        self._context = context
        self._kept = {}

    def get(self, document: T) -> tuple[T, tuple[Problem, ...]] | None:
        found = self._found.get(id(document))
        if found is None or found[0] is not document:
            return None
        self._kept[id(document)] = found
        return found[1], found[2]

    def put(self, document: T, resolved: T, problems: tuple[Problem, ...]) -> None:
        self._kept[id(document)] = (document, resolved, problems)

    def end(self) -> None:
        """Forget the documents this load did not have."""
        self._found, self._kept = self._kept, {}


class Library:
    """The documents of one load, made consistent with each other."""

    def __init__(self, exercises: Sequence[Exercise], muscles: Sequence[Muscle],
                 equipment: Sequence[Equipment], guides: Sequence[Guide], locate: Locate,
                 display: Callable[[str], str], problems: list[Problem],
                 broken_equipment: frozenset[str] = frozenset(),
                 resolutions: Resolutions | None = None) -> None:
        """`broken_equipment`: slugs of equipment entries that are broken and reported
        already; references to them are kept and not reported again. `resolutions`: what
        an earlier load of the same library resolved."""
        self._locate = locate
        self._display = display
        self._problems = problems
        self._broken_equipment = broken_equipment
        self.equipment = list(equipment)
        self.muscles = self._resolve_muscles(self._unique_names(muscles, "name"))
        muscle_slugs = frozenset(m.slug for m in self.muscles)
        equipment_slugs = frozenset(e.slug for e in self.equipment) | broken_equipment
        exercises = self._unique_names(exercises, "name")
        exercise_slugs = frozenset(e.slug for e in exercises)
        memo = resolutions or Resolutions()
        memo.begin((muscle_slugs, equipment_slugs, exercise_slugs))
        exercises = [self._remembered(memo, e, functools.partial(
            self._resolve_exercise, e, muscle_slugs, equipment_slugs, exercise_slugs))
            for e in exercises]
        self.exercises = self._break_variation_cycles(exercises)
        self.guides = [self._remembered(memo, g, functools.partial(
            self._resolve_guide, g, exercise_slugs)) for g in self._unique_names(guides, "title")]
        memo.end()

    def _remembered(self, memo: Resolutions, document: T, resolve: Callable[[], T]) -> T:
        """`resolve()`, or what it gave for the same document in an earlier load."""
        found = memo.get(document)
        if found is not None:
            self._problems.extend(found[1])
            return found[0]
        start = len(self._problems)
        resolved = resolve()
        memo.put(document, resolved, tuple(self._problems[start:]))
        return resolved

    def _report(self, path: str, where: KeyPath, message: str, suggestion: str | None) -> None:
        line, column = self._locate(path, where) or (None, None)
        field = ".".join(str(part) for part in where if isinstance(part, str)) or None
        self._problems.append(Problem(self._display(path), message, line, column, field,
                                      suggestion))

    def _unique_names(self, documents: Sequence[T], attribute: str) -> list[T]:
        """Report documents that share a name or title (both are kept)."""
        seen: dict[str, T] = {}
        for document in documents:
            key = getattr(document, attribute).casefold()
            if key in seen:
                self._report(document.path, (attribute,),
                             f'duplicate {attribute} "{getattr(document, attribute)}", '
                             f'also used by "{seen[key].slug}"',
                             f"give each document its own {attribute}")
            else:
                seen[key] = document
        return list(documents)

    def _known(self, path: str, where: KeyPath, kind: str, value: str,
               known: frozenset[str] | set[str]) -> bool:
        if value in known:
            return True
        self._report(path, where, f'unknown {kind} "{value}"', did_you_mean(value, known)
                     or f"create {kind} {value!r} first or remove the reference")
        return False

    def _resolve_muscles(self, muscles: list[Muscle]) -> list[Muscle]:
        slugs = {m.slug for m in muscles}
        parents = {m.slug: m.parent for m in muscles}
        resolved = []
        for muscle in muscles:
            parent = muscle.parent
            if parent and not self._known(muscle.path, ("parent",), "muscle", parent, slugs):
                parent = None
            if parent and _reaches(parent, muscle.slug, parents):
                self._report(muscle.path, ("parent",), f'parent "{parent}" leads back to '
                             f'"{muscle.slug}": parents must not form a loop', None)
                parent = None
            resolved.append(_with(muscle, parent=parent))
        return resolved

    def _resolve_exercise(self, exercise: Exercise, muscles: frozenset[str],
                          equipment: frozenset[str], exercises: frozenset[str]) -> Exercise:
        path = exercise.path
        primary = tuple(m for i, m in enumerate(exercise.primary_muscles)
                        if self._known(path, ("primary_muscles", i), "muscle", m, muscles))
        secondary = tuple(m for i, m in enumerate(exercise.secondary_muscles)
                          if self._known(path, ("secondary_muscles", i), "muscle", m, muscles))
        kit = exercise.equipment
        if kit and not self._known(path, ("equipment",), "equipment", kit, equipment):
            kit = None
        parent = exercise.variation_of
        if parent == exercise.slug:
            self._report(path, ("variation_of",), "an exercise cannot be a variation of itself",
                         "remove `variation_of` or name the base movement")
            parent = None
        if parent and not self._known(path, ("variation_of",), "exercise", parent, exercises):
            parent = None
        swaps, avoid = (tuple(slug for i, slug in enumerate(getattr(exercise, key))
                              if slug != exercise.slug and self._known(
                                  path, (key, i), "exercise", slug, exercises))
                        for key in ("swaps", "avoid_instead_of"))
        return _with(exercise, primary_muscles=primary, secondary_muscles=secondary,
                     equipment=kit, variation_of=parent, swaps=swaps, avoid_instead_of=avoid)

    def _break_variation_cycles(self, exercises: list[Exercise]) -> list[Exercise]:
        parents = {e.slug: e.variation_of for e in exercises}
        looping = {slug for slug, parent in parents.items()
                   if parent and _reaches(parent, slug, parents)}
        result = []
        for exercise in exercises:
            if exercise.slug in looping:
                self._report(exercise.path, ("variation_of",),
                             f'variation_of "{exercise.variation_of}" leads back to '
                             f'"{exercise.slug}": variations must not form a loop',
                             "point the base movement's `variation_of` elsewhere or remove it")
                exercise = replace(exercise, variation_of=None)
            result.append(exercise)
        return result

    def _resolve_guide(self, guide: Guide, exercises: frozenset[str]) -> Guide:
        listed = tuple(slug for i, slug in enumerate(guide.exercises)
                       if self._known(guide.path, ("exercises", i), "exercise", slug, exercises))
        days = []
        for d, day in enumerate(guide.routine):
            items = tuple(item for i, item in enumerate(day.items)
                          if self._known(guide.path, ("routine", d, "items", i, "exercise"),
                                         "exercise", item.exercise, exercises))
            days.append(day if items == day.items else RoutineDay(day.day, items))
        return _with(guide, exercises=listed, routine=tuple(days))


def _with(document: T, **values: Any) -> T:
    """`document` with `values`, the same object when it has them already: unchanged
    documents keep their identity from one load to the next, which tells what changed."""
    if all(getattr(document, name) == value for name, value in values.items()):
        return document
    return replace(document, **values)


def _reaches(start: str, target: str, parents: Mapping[str, str | None]) -> bool:
    """Whether following parent links from `start` arrives at `target`."""
    seen: set[str] = set()
    node: str | None = start
    while node and node not in seen:
        if node == target:
            return True
        seen.add(node)
        node = parents.get(node)
    return False
