"""Which exercises a filter lets through and how well each fits a goal or body part.

A fit is worked out once per vocabulary entry and kept from one snapshot of the content to
the next: an edit marks the exercises it changed, and the next use of the fit scores those
alone again (an exercise's fit depends on nothing but itself and the entry).
"""

from __future__ import annotations

import bisect
import functools
import threading
from collections import OrderedDict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from content.model import Category, Exercise
from content.store import Role
from content.vocabulary import Filter, Focus, FocusKind

from .exercises import ExerciseIndex, Phrase, Plainness

# How much each way of fitting a focus counts. For a goal, a word of the name singles a
# fitting exercise out best; for a body part, working it as a main mover comes first.
WEIGHTS = {
    FocusKind.GOAL: {"word": 1.0, "muscle": 0.6, "category": 0.4, "equipment": 0.3},
    FocusKind.ANATOMY: {"word": 0.6, "muscle": 2.5, "category": 0.4, "equipment": 0.3},
}
# Words are listed most telling first: the last counts this much less than the first.
WORD_DECAY = 0.5
# A fitting movement pattern counts like a word this far down the list.
PATTERN_SHARE = 0.5
SECONDARY_SHARE = 0.5  # a muscle worked as a helper counts this share of a main mover
# What a body part's `avoid` words leave of an exercise's fit (goals leave such ones out).
AVOIDED_SHARE = 0.3
FITS_KEPT = 512
# At most this many exercise scores are kept over all fits (the least recently used go):
# about 80 body parts or goals at 100,000 exercises (some 140 MB), every one at 10,000.
SCORES_KEPT = 2_000_000
# A kept fit is worked out afresh rather than patched once this share of the library changed.
PATCH_SHARE = 0.25
# What people naming a muscle usually want to do with it, unless they ask for stretching:
# train it (the data's cardio machines list the leg muscles as main movers too).
TRAINING = frozenset(c.value for c in Category
                     if c not in (Category.STRETCHING, Category.CARDIO))
STRETCHING = frozenset((Category.STRETCHING.value,))
# Words a body part avoids when training is wanted, not when stretching is asked for.
LOOSENING_WORDS = frozenset(("stretch", "stretches", "stretching", "smr"))
# A focus as asked: the entry, the exercise whose muscles it works, the categories
# preferred and the stems of the words that named it.
FitKey = tuple[Focus, str | None, frozenset[str], tuple[str, ...]]
Ranked = tuple[float, Plainness]  # minus the score, then how plain the exercise is


def preferred(focus: Focus, stretching: bool, goal: bool) -> frozenset[str]:
    """The categories to prefer for `focus`: stretching when the query asks for it, else
    the focus's own; for a body part without, training, unless a goal says what kind."""
    if stretching:
        return STRETCHING
    if focus.categories or focus.kind is FocusKind.GOAL or goal:
        return frozenset(focus.categories)
    return TRAINING


class Fit:
    """Exercises fitting a focus, each with a fit from 0 to 1, and those it leaves out."""

    __slots__ = ("_order", "avoided", "scores")

    def __init__(self, scores: Mapping[str, float], avoided: frozenset[str],
                 order: list[Ranked] | None = None) -> None:
        self.scores = scores
        self.avoided = avoided
        self._order = order

    def order(self, index: ExerciseIndex) -> list[Ranked]:
        """The fitting exercises best first, ties plainest first (worked out once)."""
        if self._order is None:
            self._order = sorted((-score, index.rank(slug)) for slug, score in
                                 self.scores.items())
        return self._order


@dataclass(frozen=True, slots=True)
class _Stale:
    """A fit of an earlier snapshot and the exercises changed since."""

    fit: Fit
    changed: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Target:
    """A focus as asked, ready to score exercises with."""

    kind: FocusKind
    of: str | None
    works_of: bool  # `of` names an exercise of the store: fitting ones share its muscles
    words: tuple[Phrase, ...]
    patterns: tuple[str, ...]
    avoid: tuple[Phrase, ...]
    avoid_patterns: tuple[str, ...]
    primary: frozenset[str]
    secondary: frozenset[str]
    categories: frozenset[str]
    equipment: frozenset[str]
    weights: Mapping[str, float]
    total: float

    @property
    def narrowed(self) -> bool:
        """Whether fitting exercises must be named, patterned or work a muscle."""
        return bool(self.words or self.patterns or self.primary)


class Fitting:
    """Filters and focuses applied to the exercises of one store."""

    def __init__(self, index: ExerciseIndex,
                 kept: Mapping[FitKey, Fit | _Stale] | None = None) -> None:
        self.index = index
        self.store = index.store
        self._fits: OrderedDict[FitKey, Fit | _Stale] = OrderedDict(kept or {})
        self._kept = sum(len(_fit_of(value).scores) for value in self._fits.values())
        self._lock = threading.Lock()
        self.passes = functools.lru_cache(maxsize=FITS_KEPT)(self._passes)

    def updated(self, index: ExerciseIndex, changed: frozenset[str]) -> Fitting:
        """The fitting of `index`'s store, where the exercises `changed` differ from this
        one's: the fits worked out here are kept, to be patched when next used."""
        kept: dict[FitKey, Fit | _Stale] = {}
        limit = PATCH_SHARE * len(index.facts)
        with self._lock:
            fits = list(self._fits.items())
        for key, value in fits:
            if key[1] in changed:  # the exercise it works the muscles of
                continue
            stale = value if isinstance(value, _Stale) else _Stale(value, frozenset())
            if len(stale.changed) + len(changed) <= limit:
                kept[key] = _Stale(stale.fit, stale.changed | changed)
        return Fitting(index, kept)

    def _passes(self, entry: Filter) -> frozenset[str]:
        """The exercises meeting every condition of a filter, but those it leaves out."""
        return self.index.meeting(entry.conditions, entry.unlisted) - self.left_out(entry)

    def left_out(self, entry: Filter) -> frozenset[str]:
        """The exercises whose names hold one of a filter's `avoid` words."""
        index = self.index
        return frozenset().union(
            *(index.named_slugs(index.words.phrase(word)) for word in entry.avoid))

    def fit(self, focus: Focus, of: str | None, categories: frozenset[str],
            said: tuple[str, ...] = ()) -> Fit:
        """How well each exercise fits `focus`, preferring `categories`. `of`: the
        exercise whose muscles it works (never one of the fitting exercises); `said`: the
        stems of the words that named it, which single exercises out after its own."""
        key = (focus, of, categories, said)
        with self._lock:
            found = self._fits.get(key)
            if found is not None:
                self._fits.move_to_end(key)
        if isinstance(found, Fit):
            return found
        target = self._target(focus, of, categories, said)
        fit = self._patched(target, found) if found is not None else self._fitted(target)
        with self._lock:
            old = self._fits.pop(key, None)
            self._kept += len(fit.scores) - (len(_fit_of(old).scores) if old is not None else 0)
            self._fits[key] = fit
            while len(self._fits) > 1 and (len(self._fits) > FITS_KEPT
                                           or self._kept > SCORES_KEPT):
                self._kept -= len(_fit_of(self._fits.popitem(last=False)[1]).scores)
        return fit

    def _target(self, focus: Focus, of: str | None, categories: frozenset[str],
                said: tuple[str, ...]) -> _Target:
        primary, secondary = set(focus.muscles), set[str]()
        exercise = self.store.exercises.get(of or "")
        if exercise is not None:
            primary.update(exercise.primary_muscles)
            secondary.update(exercise.secondary_muscles)
        phrase = self.index.words.phrase
        named, patterns = focus.words, focus.patterns
        if categories == STRETCHING and focus.kind is FocusKind.ANATOMY \
                and Category.STRETCHING.value not in focus.categories:
            # What trains it singles out no stretch: only its words saying so do.
            named = tuple(w for w in named if not LOOSENING_WORDS.isdisjoint(w.split()))
            patterns = ()
        words = (*(phrase(w) for w in named), *((said,) if said else ()))
        weights = {part: weight * bool((words or patterns, primary, categories,
                                        focus.equipment)[number])
                   for number, (part, weight) in enumerate(WEIGHTS[focus.kind].items())}
        avoid = focus.avoid if categories != STRETCHING else tuple(
            w for w in focus.avoid if w not in LOOSENING_WORDS)
        return _Target(focus.kind, of, exercise is not None, words, patterns,
                       tuple(phrase(w) for w in avoid), focus.avoid_patterns,
                       frozenset(primary), frozenset(secondary), categories,
                       frozenset(focus.equipment), weights, sum(weights.values()) or 1.0)

    def _fitted(self, target: _Target) -> Fit:
        """The fit worked out over the whole library, through the index."""
        index = self.index
        avoided = index.patterned_slugs(target.avoid_patterns)
        for phrase in target.avoid:
            avoided |= index.named_slugs(phrase)
        avoided.discard(target.of or "")
        # Worked out once for the whole library through the index, not exercise by exercise:
        # each exercise's first target word, and those of the target's patterns.
        first: dict[str, int] = {}
        for number, phrase in enumerate(target.words):
            for slug in index.named_slugs(phrase):
                first.setdefault(slug, number)
        patterned = index.patterned_slugs(target.patterns)
        exercises = self.store.exercises
        scores = {}
        for slug in self._candidates(target):
            score = self._score(target, exercises[slug], slug in avoided, first.get(slug),
                                slug in patterned)
            if score is not None:
                scores[slug] = score
        return Fit(scores, frozenset(avoided) if target.kind is FocusKind.GOAL
                   else frozenset())

    def _patched(self, target: _Target, stale: _Stale) -> Fit:
        """The fit of an earlier snapshot with the exercises changed since scored again."""
        if not stale.changed:
            return stale.fit
        exercises = self.store.exercises
        scores = {slug: score for slug, score in stale.fit.scores.items()
                  if slug not in stale.changed}
        avoided = set(stale.fit.avoided - stale.changed)
        added: list[Ranked] = []
        for slug in stale.changed:
            exercise = exercises.get(slug)
            if exercise is None:
                continue
            left_out = self._avoided(target, slug)
            if left_out and target.kind is FocusKind.GOAL:
                avoided.add(slug)
            score = self._score(target, exercise, left_out,
                                self.index.first_named(slug, target.words),
                                self.index.patterned(slug, target.patterns))
            if score is not None:
                scores[slug] = score
                added.append((-score, self.index.rank(slug)))
        order = None
        if stale.fit._order is not None:
            order = [item for item in stale.fit._order if item[1][2] not in stale.changed]
            for item in added:
                bisect.insort(order, item)
        return Fit(scores, frozenset(avoided), order)

    def _avoided(self, target: _Target, slug: str) -> bool:
        """Whether the focus's `avoid` words or patterns mark the exercise."""
        return slug != target.of and (
            self.index.patterned(slug, target.avoid_patterns)
            or any(self.index.holds(slug, phrase) for phrase in target.avoid))

    def _score(self, target: _Target, exercise: Exercise, left_out: bool,
               first: int | None, patterned: bool) -> float | None:
        """How well an exercise fits, or None if it does not; `first` is the index of the
        first of the target's words its name holds, `patterned` whether it is of one of the
        target's patterns."""
        slug = exercise.slug
        if slug == target.of or (left_out and target.kind is FocusKind.GOAL):
            return None
        word = 0.0 if first is None else \
            1.0 - WORD_DECAY * first / max(1, len(target.words) - 1)
        if patterned:
            word = max(word, PATTERN_SHARE)
        muscle = _muscle_share(exercise, target.primary, target.secondary)
        if not muscle and (target.works_of or (target.kind is FocusKind.ANATOMY
                                                     and first is None)):
            return None
        if not (word or muscle) and target.narrowed:
            return None
        category = exercise.category in target.categories  # a StrEnum: equal to its value
        kit = (exercise.equipment or "") in target.equipment
        if not (word or muscle or category or kit):
            return None
        weights = target.weights
        return (weights["word"] * word + weights["muscle"] * muscle
                + weights["category"] * category + weights["equipment"] * kit
                ) / target.total * (AVOIDED_SHARE if left_out else 1.0)

    def _candidates(self, target: _Target) -> Collection[str]:
        """The exercises that can fit: named by a word, of a pattern or working a muscle
        (every exercise, when a focus has none of these and only prefers categories or
        equipment)."""
        if not target.narrowed:
            return self.store.exercises.keys()
        index = self.index
        slugs = index.patterned_slugs(target.patterns)
        for phrase in target.words:
            slugs |= index.named_slugs(phrase)
        for muscle in target.primary:
            for role in (Role.PRIMARY, Role.SECONDARY):
                slugs.update(e.slug for e in self.store.exercises_for_muscle(muscle, role))
        for muscle in target.secondary:
            slugs.update(e.slug for e in self.store.exercises_for_muscle(muscle))
        return slugs


def _fit_of(value: Fit | _Stale) -> Fit:
    return value.fit if isinstance(value, _Stale) else value


def _muscle_share(exercise: Exercise, primary: frozenset[str], secondary: frozenset[str]
                  ) -> float:
    """1 when a main mover is a targeted muscle, less when only a helper is, or when the
    exercise works a muscle the target only helps with."""
    if not primary.isdisjoint(exercise.primary_muscles):
        return 1.0
    if not primary.isdisjoint(exercise.secondary_muscles) or \
            not secondary.isdisjoint(exercise.primary_muscles):
        return SECONDARY_SHARE
    return 0.0
