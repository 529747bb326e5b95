"""Which exercises a filter lets through and how well each fits a goal or body part,
computed from the store (callers keep the answers: vocabulary entries are immutable)."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from content.catalog import FACET
from content.model import Category, Exercise
from content.patterns import PATTERNS
from content.related import relations
from content.store import Role, Store
from content.vocabulary import Filter, Focus, FocusKind

from .lexicon import Stem, tokens

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
NAMES_CACHE = 4096
STEM_CACHE = 65536
# Words that never single a name out.
STOP_WORDS = frozenset(("to", "of", "with", "on", "for", "and", "in", "at", "a", "an", "the"))
# What people naming a muscle usually want to do with it, unless they ask for stretching.
TRAINING = frozenset(c.value for c in Category if c is not Category.STRETCHING)
STRETCHING = frozenset((Category.STRETCHING.value,))


def preferred(focus: Focus, stretching: bool, goal: bool) -> frozenset[str]:
    """The categories to prefer for `focus`: stretching when the query asks for it, else
    the focus's own; for a body part without, training, unless a goal says what kind."""
    if stretching:
        return STRETCHING
    if focus.categories or focus.kind is FocusKind.GOAL or goal:
        return frozenset(focus.categories)
    return TRAINING


@dataclass(frozen=True, slots=True)
class Fit:
    """Exercises fitting a focus, each with a fit from 0 to 1, and those it leaves out."""

    scores: Mapping[str, float]
    avoided: frozenset[str]


class Fitting:
    """Filters and focuses applied to the exercises of one store."""

    def __init__(self, store: Store, stem: Stem) -> None:
        self.store = store
        self.stem = functools.lru_cache(maxsize=STEM_CACHE)(stem)
        self.phrase = functools.lru_cache(maxsize=NAMES_CACHE)(self._phrase)
        self._joined = functools.lru_cache(maxsize=NAMES_CACHE)(self._join)
        self.named_slugs = functools.lru_cache(maxsize=NAMES_CACHE)(self._named_slugs)

    def _join(self, phrase: tuple[str, ...]) -> str:
        """How a phrase reads written as one word ("push up" → "pushup")."""
        return phrase[0] if len(phrase) == 1 else self.stem("".join(phrase))

    @functools.cached_property
    def _names(self) -> dict[str, tuple[tuple[tuple[str, ...], ...], frozenset[str]]]:
        """The stems of each exercise's name and aliases in order, and every stem of them
        with each adjacent pair also joined ("push up" → "pushup")."""
        found = {}
        for exercise in self.store.exercises.values():
            sequences = tuple(self.phrase(text) for text in (exercise.name, *exercise.aliases))
            stems = {stem for sequence in sequences for stem in sequence}
            stems.update(self.stem(a + b) for sequence in sequences
                         for a, b in itertools.pairwise(sequence))
            found[exercise.slug] = (sequences, frozenset(stems))
        return found

    @functools.cached_property
    def _by_stem(self) -> dict[str, set[str]]:
        """The exercises whose names or aliases hold each stem (or joined pair)."""
        found: dict[str, set[str]] = {}
        for slug, (_, stems) in self._names.items():
            for stem in stems:
                found.setdefault(stem, set()).add(slug)
        return found

    def _named_slugs(self, phrase: tuple[str, ...]) -> frozenset[str]:
        """The exercises whose name or an alias contains `phrase`."""
        if not phrase:
            return frozenset()
        found = set(self._by_stem.get(self._joined(phrase), ()))
        if len(phrase) > 1:
            common = set.intersection(*(self._by_stem.get(word, set()) for word in phrase))
            found.update(slug for slug in common if any(
                _contains(sequence, phrase) for sequence in self._names[slug][0]))
        return frozenset(found)

    def _phrase(self, text: str) -> tuple[str, ...]:
        """The stems of `text` as names are compared: without articles and small words."""
        return tuple(t.stem for t in tokens(text, self.stem)
                     if t.stem is not None and t.word not in STOP_WORDS)

    def first_named(self, slug: str, phrases: Sequence[tuple[str, ...]]) -> int | None:
        """The index of the first phrase the exercise's name or an alias contains, word
        after word or joined ("push up" in "Pushups"), or None."""
        return next((index for index, phrase in enumerate(phrases)
                     if slug in self.named_slugs(phrase)), None)

    def named(self, slug: str, phrases: Sequence[tuple[str, ...]]) -> bool:
        return self.first_named(slug, phrases) is not None

    @functools.cached_property
    def _patterns(self) -> dict[str, str]:
        """Each exercise's movement pattern: as stated, else as the pattern model reads it."""
        graph = relations(self.store)
        found = {}
        for exercise in self.store.exercises.values():
            stated = PATTERNS.get(exercise.pattern or "")
            pattern = stated or graph.movement(exercise).pattern
            if pattern is not None:
                found[exercise.slug] = pattern.slug
        return found

    def patterned_slugs(self, patterns: Sequence[str]) -> set[str]:
        """The exercises whose pattern is one of `patterns`."""
        return {slug for slug in self._patterns if self.patterned(slug, patterns)} \
            if patterns else set()

    def patterned(self, slug: str, patterns: Sequence[str]) -> bool:
        """Whether the exercise's pattern is one of `patterns` (`stretch-*`: any starting
        so)."""
        pattern = self._patterns.get(slug)
        return pattern is not None and any(
            pattern == wanted or (wanted.endswith("*") and pattern.startswith(wanted[:-1]))
            for wanted in patterns)

    def passes(self, entry: Filter) -> frozenset[str]:
        """The exercises meeting every condition of a filter."""
        def meets(exercise: Exercise) -> bool:
            for facet, accepted in entry.conditions:
                values = FACET[facet].values(exercise)
                if not (set(values) & set(accepted) or (entry.unlisted and not values)):
                    return False
            return True
        return frozenset(e.slug for e in self.store.exercises.values() if meets(e))

    def fit(self, focus: Focus, of: str | None, categories: frozenset[str],
             said: tuple[str, ...] = ()) -> Fit:
        """How well each exercise fits `focus`, preferring `categories`. `of`: the
        exercise whose muscles it works (never one of the fitting exercises); `said`: the
        stems of the words that named it, which single exercises out after its own."""
        primary, secondary = set(focus.muscles), set[str]()
        named = self.store.exercises.get(of or "")
        if named is not None:
            primary.update(named.primary_muscles)
            secondary.update(named.secondary_muscles)
        words = [*(self.phrase(w) for w in focus.words), *((said,) if said else ())]
        avoid = [self.phrase(w) for w in focus.avoid]
        weights = {part: weight * bool((words or focus.patterns, primary, categories,
                                        focus.equipment)[number])
                   for number, (part, weight) in enumerate(WEIGHTS[focus.kind].items())}
        total = sum(weights.values()) or 1.0
        scores: dict[str, float] = {}
        avoided = set(self.patterned_slugs(focus.avoid_patterns))
        for phrase in avoid:
            avoided |= self.named_slugs(phrase)
        avoided.discard(of or "")
        for exercise in self._candidates(words, focus.patterns, primary, secondary):
            if exercise.slug == of:
                continue
            first = self.first_named(exercise.slug, words)
            word = 0.0 if first is None else 1.0 - WORD_DECAY * first / max(1, len(words) - 1)
            if self.patterned(exercise.slug, focus.patterns):
                word = max(word, PATTERN_SHARE)
            muscle = _muscle_share(exercise, primary, secondary)
            if not muscle and (named is not None or (focus.kind is FocusKind.ANATOMY
                               and first is None)):
                continue
            left_out = exercise.slug in avoided
            if left_out and focus.kind is FocusKind.GOAL:
                continue
            category = exercise.category.value in categories
            kit = (exercise.equipment or "") in focus.equipment
            if not (word or muscle) and (words or focus.patterns or primary):
                continue
            if not (word or muscle or category or kit):
                continue
            scores[exercise.slug] = (weights["word"] * word + weights["muscle"] * muscle
                                     + weights["category"] * category
                                     + weights["equipment"] * kit) / total * (
                AVOIDED_SHARE if left_out else 1.0)
        return Fit(scores, frozenset(avoided) if focus.kind is FocusKind.GOAL else frozenset())

    def _candidates(self, words: Sequence[tuple[str, ...]], patterns: Sequence[str],
                    primary: set[str], secondary: set[str]) -> list[Exercise]:
        """The exercises that can fit: named by a word, of a pattern or working a muscle
        (every exercise, when a focus has none of these and only prefers categories or
        equipment), in store order."""
        if not (words or patterns or primary):
            return list(self.store.exercises.values())
        slugs = set(self.patterned_slugs(patterns))
        for phrase in words:
            slugs |= self.named_slugs(phrase)
        for muscle in primary:
            slugs.update(e.slug for e in self.store.exercises_for_muscle(muscle, Role.ANY))
        for muscle in secondary:
            slugs.update(e.slug for e in self.store.exercises_for_muscle(muscle))
        return [exercise for slug, exercise in self.store.exercises.items() if slug in slugs]


def _contains(sequence: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(sequence[i:i + size] == phrase for i in range(len(sequence) - size + 1))


def _muscle_share(exercise: Exercise, primary: set[str], secondary: set[str]) -> float:
    """1 when a main mover is a targeted muscle, less when only a helper is, or when the
    exercise works a muscle the target only helps with."""
    if primary & set(exercise.primary_muscles):
        return 1.0
    if primary & set(exercise.secondary_muscles) or secondary & set(exercise.primary_muscles):
        return SECONDARY_SHARE
    return 0.0
