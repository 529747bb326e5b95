"""Progressions, regressions and variations: rungs of one movement pattern.

Within a pattern, exercises with the same difficulty traits, lift words and set-up stand on
the same *rung*. A step from one rung goes to the nearest rungs in one direction, and a
variation changes one thing about the lift. docs/profile-method.md lists every rule with its
coaching reason.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .patterns import TRAITS, difficulty
from .patterns_names import KIND_OF_SET_UP, SET_UP_VOCABULARY, core, set_up, words

# Words of direction are movement words: a side lunge is not a lunge forward, an oblique
# crunch not a crunch. A variation may change the direction, a step may not.
_DIRECTIONS = {"side": "lateral", "lateral": "lateral", "oblique": "oblique", "cross": "oblique"}
_DIRECTION_WORDS = frozenset(_DIRECTIONS.values())

# Tiers of a step, nearest first.
SAME_LIFT, OTHER_SET_UP, OTHER_LIFT, UNRELATED_LIFT = range(4)

# Traits that are alternatives on one scale; a step that swaps one for another makes one
# change, by their net weight (a cable for a band, a jog for a run, a goblet for a front rack).
SCALES = {
    "resistance": frozenset({"guided", "added-load", "light-resistance", "band-only", "barbell"}),
    "pace": frozenset({"jog", "run", "walk-run"}),
    "hold": frozenset({"counterbalanced", "front-rack"}),
    "portion": frozenset({"power-catch", "no-catch", "leg-drive", "drop-under", "first-pull",
                          "finish-only"}),
}
# A machine brings its seat or pad; the way a load is held or loaded leaves with the load.
_WITH_MACHINE = frozenset({"supported"})
_WITH_LOAD = frozenset({"counterbalanced", "free-hands", "accommodating", "reverse-band",
                        "trap-bar"})
# Traits of the implement or of how the load is held or applied: a variation may swap one
# (dumbbells for the bar, bands or chains on it, a trap bar, a goblet or front-rack hold).
IMPLEMENT = frozenset({"free-hands", "accommodating", "reverse-band", "trap-bar",
                       "counterbalanced", "front-rack"})


@dataclass(frozen=True, slots=True)
class Rung:
    """What steps and variations compare: the difficulty traits, the lift (the name's
    movement words that no trait or set-up explains) and the set-up words."""

    traits: frozenset[str]
    lift: frozenset[str]
    set_up: frozenset[str]

    @property
    def difficulty(self) -> float:
        return difficulty(tuple(self.traits))


@functools.lru_cache(maxsize=1 << 18)
def rung(name: str, traits: frozenset[str]) -> Rung:
    """The rung of an exercise called `name` with these traits. Words that state a trait
    ("decline" push-up, "weighted" pull-up) are neither lift nor set-up; the lift is empty when
    the name holds nothing else (a muscle-up, a rope climb)."""
    stated = frozenset().union(*(TRAITS[t].words for t in traits))
    directions = frozenset(_DIRECTIONS[w] for w in words(name)
                           if w in _DIRECTIONS and w not in stated)
    lift = (core(name) - frozenset(_DIRECTIONS)) | directions
    return Rung(traits, lift - stated - SET_UP_VOCABULARY, set_up(name, stated))


def resolve(step: Rung, plain: frozenset[str]) -> Rung:
    """The rung with a name made only of trait, set-up and direction words read as the plain
    lift (in that direction)."""
    return step if step.lift - _DIRECTION_WORDS else Rung(step.traits, step.lift | plain,
                                                          step.set_up)


def plain_lift(rungs: Iterable[Rung], named: frozenset[str]) -> frozenset[str]:
    """The lift of a pattern's plain version (`squat`, `pullup`, `plank`): among free
    exercises, the lift the pattern is named after if one is, else the one that most of the
    exercises with the fewest traits are named after. A machine steps to it, and a name made
    only of trait words is that lift."""
    free = [r for r in rungs if r.lift and "guided" not in r.traits]
    if not free:
        return frozenset()
    if any(r.lift <= named for r in free):
        free = [r for r in free if r.lift <= named]
    fewest = min(len(r.traits) for r in free)
    counts = Counter(r.lift for r in free if len(r.traits) == fewest)
    return max(counts, key=lambda lift: (counts[lift], -len(lift), sorted(lift)))


def _flipped(source: Rung, target: Rung) -> frozenset[str]:
    """The traits a step adds or drops, less those that come with a machine or leave with
    the load."""
    flipped = source.traits ^ target.traits
    if "guided" in flipped:
        flipped -= _WITH_MACHINE
    if "added-load" in flipped:
        flipped -= _WITH_LOAD
    return flipped


def _signed(trait: str, target: Rung) -> float:
    return TRAITS[trait].weight if trait in target.traits else -TRAITS[trait].weight


def moves(source: Rung, target: Rung) -> dict[str, float]:
    """What a step from `source` to `target` changes, each with its weight (positive when the
    change makes it harder): traits added or dropped, a scale counted once."""
    flipped = _flipped(source, target)
    found = {trait: _signed(trait, target) for trait in flipped.difference(*SCALES.values())}
    for scale, traits in SCALES.items():
        if flipped & traits:
            found[scale] = sum(_signed(trait, target) for trait in flipped & traits)
    return found


def step_reason(source: Rung, target: Rung, harder: bool) -> str:
    """Why `target` is harder (or easier) than `source`: what the step adds or drops in its
    direction, biggest first (of a swap along a scale, the side that points that way)."""
    said = [TRAITS[trait].added if trait in target.traits else TRAITS[trait].dropped
            for trait in sorted(source.traits ^ target.traits,
                                key=lambda t: (-abs(TRAITS[t].weight), t))
            if TRAITS[trait].weight and (_signed(trait, target) > 0) == harder]
    return ("Harder: " if harder else "Easier: ") + "; ".join(said) + "."


def onward(changed: dict[str, float], harder: bool) -> bool:
    """Whether every change of a step (`moves`) points its way: a progression only makes
    things harder, a regression only easier (no trade of one difficulty for another)."""
    return all(weight == 0 or (weight > 0) == harder for weight in changed.values())


def tier(source: Rung, target: Rung, plain: frozenset[str] | None) -> int:
    """How far apart two lifts are: the same lift and set-up (or a machine and the plain free
    lift of its pattern, `plain`, with at most another grip; None where machines keep to
    their own lift); the same lift with another set-up; another lift sharing a movement word;
    an unrelated lift."""
    if source.lift == target.lift:
        return SAME_LIFT if source.set_up == target.set_up else OTHER_SET_UP
    free = target if "guided" in source.traits else source
    if plain is not None and ("guided" in source.traits) != ("guided" in target.traits) \
            and free.lift == plain \
            and all(KIND_OF_SET_UP.get(word) == "grip" for word in source.set_up ^ target.set_up):
        return SAME_LIFT
    return OTHER_LIFT if source.lift & target.lift else UNRELATED_LIFT


@dataclass(frozen=True, slots=True)
class _Step:
    target: Rung
    distance: int
    changed: dict[str, float]
    cost: int
    size: float  # the difficulty step


def nearest(source: Rung, rungs: Iterable[Rung], harder: bool,
            plain: frozenset[str] | None) -> list[Rung]:
    """The rungs a step from `source` lands on, closest first (rules in
    docs/profile-method.md): strictly harder or easier with every change pointing that way;
    only the nearest tier that holds one, and never another lift for a progression; of other
    lifts only those with the fewest changes; for a regression, no rung beyond a nearer one
    that makes part of its changes, unless the far rung changes the resistance."""
    level = source.difficulty
    found: list[_Step] = []
    for target in rungs:
        size = abs(target.difficulty - level)
        if not size or (target.difficulty > level) != harder:
            continue
        changed = moves(source, target)
        distance = tier(source, target, plain)
        if not onward(changed, harder) or (harder and distance >= OTHER_LIFT):
            continue
        cost = len(changed) + (distance >= OTHER_LIFT and source.set_up != target.set_up)
        found.append(_Step(target, distance, changed, cost, size))
    if not found:
        return []
    best = min(step.distance for step in found)
    pool = [step for step in found if step.distance == best]
    others = [step.cost for step in pool if step.target.lift != source.lift]
    if others:
        pool = [step for step in pool
                if step.target.lift == source.lift or step.cost == min(others)]
    if not harder:
        pool = [far for far in pool if not any(_covers(near, far) for near in pool)]
    pool.sort(key=lambda step: (step.cost, step.size, sorted(step.target.traits),
                                sorted(step.target.set_up), sorted(step.target.lift)))
    return [step.target for step in pool]


def _covers(near: _Step, far: _Step) -> bool:
    """Whether `near` lies on the way to `far`: no bigger a step, making only part of its
    changes, and neither changing the resistance (machines, bands and lighter implements are
    always worth listing)."""
    return near.changed.keys() < far.changed.keys() and "resistance" not in far.changed \
        and near.size <= far.size


def variation_changes(a: Rung, b: Rung) -> int | None:
    """How many things differ between two rungs that are variations of each other, else None:
    the same lift with at most one thing changed — one kind of set-up (grip, angle, stance,
    hold, path, position, support, tempo, limbs, direction) or one implement trait."""
    if a.lift - _DIRECTION_WORDS != b.lift - _DIRECTION_WORDS:
        return None
    kinds = {KIND_OF_SET_UP.get(word, word) for word in a.set_up ^ b.set_up}
    if a.lift & _DIRECTION_WORDS != b.lift & _DIRECTION_WORDS:
        kinds.add("direction")
    flipped = {trait for trait in a.traits ^ b.traits if TRAITS[trait].weight}
    if flipped - IMPLEMENT or len(kinds) + len(flipped) > 1:
        return None
    return len(kinds) + len(flipped)
