"""Related exercises: variations, peers, substitutes, progressions and regressions.

Everything is derived from the content alone, through the movement-pattern model
(`content.patterns`): an exercise's pattern, its difficulty traits and its loading, plus the
muscles it works and the words of its name, compared as rungs (`content.steps`). Computed
lazily and memoised per store snapshot.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Category, Exercise, Level
from .patterns import BODY_WEIGHT, ONE_JOB, PATTERNS, Loading, Movement, Pattern, difficulty
from .patterns_classifier import ISOLATION, classify
from .patterns_names import core, likeness
from .steps import Rung, nearest, plain_lift, resolve, rung, step_reason, variation_changes
from .store import Store

__all__ = ["BODY_WEIGHT", "Movement", "Related", "Relations", "relations", "training_kind"]

RESISTANCE = frozenset({Category.STRENGTH, Category.POWERLIFTING,
                        Category.OLYMPIC_WEIGHTLIFTING, Category.STRONGMAN})
# A substitute from another pattern must not bring a hazard the original does not have.
HAZARDS = frozenset({Loading.AXIAL, Loading.SPINAL_FLEXION, Loading.BALLISTIC,
                     Loading.OVERHEAD, Loading.IMPACT, Loading.UNSTABLE})
PREPARED_SUBSTITUTES = 10  # substitutes worked out ahead for a page; more on request
SUBSTITUTE_LINKS_KEPT = 100_000  # per snapshot (reasons included, about 35 MB at most)
# Exercises referenced by the peer and substitute lists a snapshot keeps (at most about
# 120 MB): every page of a 10,000-exercise library; larger ones work the rest out on request.
REFERENCES_KEPT = 15_000_000


def training_kind(category: Category) -> str:
    """Categories that can stand in for each other: resistance work, stretching, conditioning."""
    if category in RESISTANCE:
        return "resistance"
    if category is Category.STRETCHING:
        return "stretching"
    return "conditioning"


@dataclass(frozen=True, slots=True)
class Related:
    """Another exercise, why it is related, and how alike the two are (0 to 1)."""

    exercise: Exercise
    reason: str
    score: float = 0.0


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    return likeness(frozenset(a), frozenset(b))


def _shares_main_muscle(a: Exercise, b: Exercise) -> bool:
    return bool(set(a.primary_muscles) & set(b.muscles) or set(b.primary_muscles) & set(a.muscles))


class Relations:
    """Related-exercise look-ups over one store snapshot."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._movements: dict[str, Movement] = {}
        self._members: dict[str, tuple[Exercise, ...]] | None = None
        self._swapped_for: dict[str, frozenset[str]] | None = None
        self._peers: dict[str, tuple[Exercise, ...]] = {}
        self._variations: dict[str, tuple[Related, ...]] = {}
        self._substitutes: dict[str, tuple[Exercise, ...]] = {}
        self._substitute_links: dict[tuple[str, str], Related] = {}
        self._references_left = REFERENCES_KEPT
        self._steps_found: dict[tuple[str, bool], tuple[Related, ...]] = {}
        self._rungs: dict[str, Rung] = {}
        self._ladders: dict[str, dict[Rung, list[Exercise]]] = {}
        self._plain: dict[str, frozenset[str]] = {}

    def movement(self, exercise: Exercise) -> Movement:
        """The exercise's pattern, traits, loading and difficulty (memoised)."""
        found = self._movements.get(exercise.slug)
        if found is None:
            classified = classify(exercise)
            pattern = PATTERNS.get(classified.pattern or "")
            found = Movement(pattern, classified.traits, frozenset(classified.loading),
                             difficulty(classified.traits), core(exercise.name))
            self._movements[exercise.slug] = found
        return found

    def core(self, slug: str) -> frozenset[str]:
        """The name's movement words: what remains after set-up and equipment words."""
        return self.movement(self.store.exercises[slug]).core

    def members(self, pattern: Pattern | None) -> tuple[Exercise, ...]:
        """Every exercise of a pattern, in store order."""
        if pattern is None:
            return ()
        if self._members is None:
            found: dict[str, list[Exercise]] = {}
            for exercise in self.store.exercises.values():
                slug = exercise.pattern if exercise.pattern in PATTERNS else \
                    self._pattern_slug(exercise)
                if slug:
                    found.setdefault(slug, []).append(exercise)
            self._members = {slug: tuple(items) for slug, items in found.items()}
        return self._members.get(pattern.slug, ())

    def _pattern_slug(self, exercise: Exercise) -> str | None:
        pattern = self.movement(exercise).pattern
        return pattern.slug if pattern else None

    def _pattern_of(self, exercise: Exercise) -> str | None:
        """The pattern slug, cheaply when the file states it (as imported files do)."""
        if exercise.pattern in PATTERNS:
            return exercise.pattern
        return self._pattern_slug(exercise)

    def similarity(self, a: Exercise, b: Exercise) -> float:
        """How alike two exercises are, from 0 (nothing shared) to 1."""
        pattern = self._pattern_of(a)
        score = (3.0 * _jaccard(a.primary_muscles, b.primary_muscles)
                 + 1.0 * _jaccard(a.secondary_muscles, b.secondary_muscles)
                 + 2.0 * likeness(core(a.name), core(b.name))
                 + 1.0 * (pattern is not None and pattern == self._pattern_of(b))
                 + 0.5 * (a.mechanic is not None and a.mechanic is b.mechanic)
                 + 0.5 * (a.equipment is not None and a.equipment == b.equipment))
        return round(score / 8.0, 4)

    def cohort(self, exercise: Exercise) -> list[Exercise]:
        """Every exercise (itself included) sharing a primary muscle with `exercise`."""
        found: dict[str, Exercise] = {}
        for muscle in exercise.primary_muscles:
            for other in self.store.exercises_for_muscle(muscle):
                found.setdefault(other.slug, other)
        return list(found.values())

    def peers(self, exercise: Exercise) -> tuple[Exercise, ...]:
        """Other exercises with a primary muscle in common, most alike first."""
        found = self._peers.get(exercise.slug)
        if found is None:
            others = [e for e in self.cohort(exercise) if e.slug != exercise.slug]
            found = self._remember(self._peers, exercise.slug, tuple(sorted(
                others, key=lambda e: (-self.similarity(exercise, e), e.name))))
        return found

    def _remember(self, table: dict[str, tuple[Exercise, ...]], slug: str,
                  found: tuple[Exercise, ...]) -> tuple[Exercise, ...]:
        """Keep a long list while the snapshot's budget of kept references lasts (lists
        grow with the library: a crawl of every page must not hold them all)."""
        if self._references_left >= len(found):
            self._references_left -= len(found)
            table[slug] = found
        return found

    def similar(self, exercise: Exercise, limit: int) -> list[tuple[Exercise, float]]:
        """The `limit` peers most like `exercise`, with their similarity."""
        return [(peer, self.similarity(exercise, peer)) for peer in self.peers(exercise)[:limit]]

    # -- variations ------------------------------------------------------------------------
    def variations(self, slug: str) -> tuple[Related, ...]:
        """Authored variations (parent, children, siblings), then derived ones: the same
        lift of the same pattern with one thing changed (`steps.variation_changes`), the
        fewest changes first."""
        if slug not in self._variations:
            self._variations[slug] = self._find_variations(slug)
        return self._variations[slug]

    def _find_variations(self, slug: str) -> tuple[Related, ...]:
        exercise = self.store.exercises[slug]
        authored: dict[str, Related] = {}
        parent = self.store.exercises.get(exercise.variation_of or "")
        family = list(self.store.authored_variations(slug))
        if parent:
            authored[parent.slug] = Related(parent, f"{exercise.name} is authored as a "
                                            f"variation of {parent.name}.",
                                            self.similarity(exercise, parent))
            family += self.store.authored_variations(parent.slug)
        for other in family:
            if other.slug != slug and other.slug not in authored:
                base = parent.name if parent and other.variation_of == parent.slug else \
                    exercise.name
                authored[other.slug] = Related(other, f"{other.name} is authored as a "
                                               f"variation of {base}.",
                                               self.similarity(exercise, other))
        mine = self.movement(exercise)
        derived: list[tuple[int, Related]] = []
        if mine.pattern is not None:
            source = self.rung(exercise)
            for step, members in self._ladder(mine.pattern).items():
                changed = variation_changes(source, step)
                if changed is None:
                    continue
                derived += [(changed, Related(other, self._variation_reason(exercise, other),
                                              self.similarity(exercise, other)))
                            for other in members if other.slug != slug
                            and other.slug not in authored]
        derived.sort(key=lambda item: (item[0], *_by_likeness(item[1])))
        first = [authored.pop(parent.slug)] if parent else []
        return (*first, *sorted(authored.values(), key=_by_likeness),
                *(related for _, related in derived))

    def _variation_reason(self, exercise: Exercise, other: Exercise) -> str:
        mine = self.movement(exercise)
        words = [w for w in other.name.replace("-", " ").split()
                 if w.lower().strip("(),") not in exercise.name.lower()
                 and w.lower() not in ("with", "a", "an", "the", "-")]
        kit = self.store.equipment.get(other.equipment or "")
        if other.equipment != exercise.equipment and kit and other.equipment != "other":
            words.append(f"{kit.name.lower()} instead")
        detail = ", ".join(dict.fromkeys(w.lower().strip("(),") for w in words)) or \
            "a different set-up"
        pattern = mine.pattern.name if mine.pattern else "movement"
        return f"The same {pattern} with one thing changed: {detail}."

    # -- substitutes -----------------------------------------------------------------------
    def substitutes(self, exercise: Exercise, equipment: Iterable[str] | None = None,
                    max_level: Level | None = None, first: int | None = None) -> list[Related]:
        """Alternatives, best first: authored swaps, then the same pattern (closest difficulty
        first), then other patterns of the same family for the same main muscles that bring
        no new hazard. Never what the library says to avoid instead of it. Optionally limited
        to the `equipment` at hand (exercises needing none always qualify), a level and the
        `first` so many."""
        ranked = self._substitutes.get(exercise.slug)
        if ranked is None:
            ranked = self._remember(self._substitutes, exercise.slug,
                                    self._rank_substitutes(exercise))
        allowed = {*equipment, BODY_WEIGHT} if equipment is not None else None
        usable = (other for other in ranked
                  if (allowed is None or (other.equipment or BODY_WEIGHT) in allowed)
                  and (max_level is None or other.level.rank <= max_level.rank))
        return [self._substitute(exercise, other) for other in itertools.islice(usable, first)]

    def _substitute(self, exercise: Exercise, other: Exercise) -> Related:
        """`other` as a substitute for `exercise`, with its reason (memoised)."""
        found = self._substitute_links.get((exercise.slug, other.slug))
        if found is None:
            found = Related(other, f"Recommended in place of {exercise.name}."
                            if other.slug in exercise.swaps else
                            self._substitute_reason(exercise, other),
                            self.similarity(exercise, other))
            if len(self._substitute_links) < SUBSTITUTE_LINKS_KEPT:
                self._substitute_links[exercise.slug, other.slug] = found
        return found

    def _rank_substitutes(self, exercise: Exercise) -> tuple[Exercise, ...]:
        avoid = {exercise.slug, *exercise.avoid_instead_of, *self.swapped_for(exercise.slug)}
        swaps = [other for other in map(self.store.exercises.get, exercise.swaps)
                 if other is not None and other.slug not in avoid]
        mine = self.movement(exercise)
        same = sorted((other for other in self.members(mine.pattern) if other.slug not in avoid),
                      key=lambda other: (abs(self.movement(other).difficulty - mine.difficulty),
                                         -self.similarity(exercise, other), other.name))
        others = [other for other in self.peers(exercise)
                  if other.slug not in avoid and self._same_kind(exercise, other)]
        ranked: dict[str, Exercise] = {}
        for other in (*swaps, *same, *others):
            ranked.setdefault(other.slug, other)
        return tuple(ranked.values())

    def prepare(self, exercise: Exercise) -> None:
        """Work out now every relation an exercise page lists (each is remembered)."""
        self.variations(exercise.slug)
        self.progressions(exercise)
        self.regressions(exercise)
        self.substitutes(exercise, first=PREPARED_SUBSTITUTES)

    def _same_kind(self, exercise: Exercise, other: Exercise) -> bool:
        mine, theirs = self._pattern_of(exercise), self._pattern_of(other)
        if mine is None or theirs is None:
            return training_kind(other.category) == training_kind(exercise.category)
        held = Loading.ISOMETRIC in self.movement(exercise).loading
        return (PATTERNS[mine].family is PATTERNS[theirs].family
                and not (self.movement(other).loading - self.movement(exercise).loading)
                & HAZARDS
                and (Loading.ISOMETRIC in self.movement(other).loading) == held)

    def swapped_for(self, slug: str) -> frozenset[str]:
        """Exercises whose authors say to swap them for `slug`: never its substitutes."""
        if self._swapped_for is None:
            found: dict[str, set[str]] = {}
            for exercise in self.store.exercises.values():
                for swap in exercise.swaps:
                    found.setdefault(swap, set()).add(exercise.slug)
            self._swapped_for = {key: frozenset(value) for key, value in found.items()}
        return self._swapped_for.get(slug, frozenset())

    def _substitute_reason(self, exercise: Exercise, other: Exercise) -> str:
        muscles = self.store.muscles
        shared = [muscles[m].name.lower() for m in other.primary_muscles
                  if m in exercise.primary_muscles and m in muscles]
        mine, theirs = self.movement(exercise), self.movement(other)
        parts = []
        if mine.pattern is not None and mine.pattern == theirs.pattern:
            parts.append(f"the same {mine.pattern.name} pattern")
        if shared:
            parts.append(f"works the {' and '.join(shared)} as the main mover")
        kit = self.store.equipment.get(other.equipment or "")
        parts.append(f"needs {kit.name.lower()}" if kit else "needs no listed equipment")
        return "; ".join(parts).capitalize() + "."

    # -- progressions and regressions ------------------------------------------------------
    def progressions(self, exercise: Exercise) -> list[Related]:
        """The nearest harder rungs of the same lift (`steps.nearest`) for the same main
        muscles, each with the reason it is harder, closest first."""
        return list(self._memoised_steps(exercise, harder=True))

    def regressions(self, exercise: Exercise) -> list[Related]:
        """The nearest easier rungs (`steps.nearest`): the same lift first, other lifts of
        the pattern only when it has none, for the same main muscles, closest first."""
        return list(self._memoised_steps(exercise, harder=False))

    def _memoised_steps(self, exercise: Exercise, harder: bool) -> tuple[Related, ...]:
        key = (exercise.slug, harder)
        if key not in self._steps_found:
            self._steps_found[key] = tuple(self._steps(exercise, harder))
        return self._steps_found[key]

    def _steps(self, exercise: Exercise, harder: bool) -> list[Related]:
        mine = self.movement(exercise)
        if mine.pattern is None:
            return []
        usable: dict[Rung, list[Exercise]] = {}
        for step, members in self._ladder(mine.pattern).items():
            found = [other for other in members if other.slug != exercise.slug
                     and _shares_main_muscle(exercise, other)]
            if found:
                usable[step] = found
        source = self.rung(exercise)
        found_steps: list[Related] = []
        for step in nearest(source, usable, harder, self._plain_lift(mine.pattern)):
            reason = step_reason(source, step, harder)
            found_steps += sorted((Related(other, reason, self.similarity(exercise, other))
                                   for other in usable[step]), key=_by_likeness)
        return found_steps

    def rung(self, exercise: Exercise) -> Rung:
        """Where the exercise stands in its pattern: traits, lift words and set-up."""
        found = self._rungs.get(exercise.slug)
        if found is None:
            pattern = self.movement(exercise).pattern
            if pattern is not None:
                self._ladder(pattern)
            found = self._rungs.get(exercise.slug) or rung(
                exercise.name, frozenset(self.movement(exercise).traits))
        return found

    def _plain_lift(self, pattern: Pattern) -> frozenset[str] | None:
        """Where the machines of a compound pattern step to; None for single-joint ones."""
        self._ladder(pattern)
        return None if pattern.slug in ISOLATION else self._plain[pattern.slug]

    def _ladder(self, pattern: Pattern) -> dict[Rung, list[Exercise]]:
        """The members of a pattern grouped by rung (built once per pattern). In a one-job
        pattern every member does the same lift; elsewhere a name made only of trait words
        is the pattern's plain lift. Threads may build one at once: each publishes the
        rungs and plain lift before the ladder, so whoever finds a ladder finds them too."""
        found = self._ladders.get(pattern.slug)
        if found is None:
            found = {}
            raw = [(member, rung(member.name, frozenset(self.movement(member).traits)))
                   for member in self.members(pattern)]
            plain = self._plain[pattern.slug] = plain_lift((r for _, r in raw),
                                                           core(pattern.name))
            for member, step in raw:
                resolved = (Rung(step.traits, frozenset(), frozenset())
                            if pattern.family in ONE_JOB else resolve(step, plain))
                self._rungs[member.slug] = resolved
                found.setdefault(resolved, []).append(member)
            self._ladders[pattern.slug] = found
        return found


def _by_likeness(related: Related) -> tuple[float, str]:
    return -related.score, related.exercise.name


@functools.lru_cache(maxsize=4)
def relations(store: Store) -> Relations:
    """The (cached) relations of a store snapshot."""
    return Relations(store)
