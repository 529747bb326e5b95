"""What query understanding knows of each exercise, and indexes over it, kept up to date edit
by edit: the stems of names and aliases, movement patterns, facet values and the order ties
rank in. An edit costs the exercises it changed (and copies of the index entries they are
in), never a pass over the library.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from content.catalog import FACETS
from content.model import Exercise
from content.patterns import PATTERNS
from content.related import relations
from content.store import Store

from .lexicon import Stem, tokens

NAMES_CACHE = 4096
STEM_CACHE = 65536
# Words that never single a name out.
STOP_WORDS = frozenset(("to", "of", "with", "on", "for", "and", "in", "at", "a", "an", "the"))
Phrase = tuple[str, ...]
# How ties rank: the shortest name first (usually the base movement, where longer names are
# its variations), then names A to Z as the store orders them.
Plainness = tuple[int, str, str]


def plainness(exercise: Exercise) -> Plainness:
    return len(exercise.name), exercise.name.casefold(), exercise.slug


@dataclass(frozen=True, slots=True)
class Names:
    """The stems of an exercise's name and aliases in order, and every stem of them with each
    adjacent pair also joined ("push up" → "pushup")."""

    sequences: tuple[Phrase, ...]
    stems: frozenset[str]


@dataclass(frozen=True, slots=True)
class Facts:
    """What understanding reads from one exercise."""

    names: Names
    pattern: str | None  # as stated, else as the pattern model reads it
    facets: tuple[tuple[str, tuple[str, ...]], ...]  # facet name → the exercise's values
    rank: Plainness


class Words:
    """Stemming of names and vocabulary phrases, remembered across snapshots (it depends on
    the text alone)."""

    def __init__(self, stem: Stem) -> None:
        self.stem = functools.lru_cache(maxsize=STEM_CACHE)(stem)
        self.phrase = functools.lru_cache(maxsize=NAMES_CACHE)(self._phrase)
        self.joined = functools.lru_cache(maxsize=NAMES_CACHE)(self._join)

    def _phrase(self, text: str) -> Phrase:
        """The stems of `text` as names are compared: without articles and small words."""
        return tuple(t.stem for t in tokens(text, self.stem)
                     if t.stem is not None and t.word not in STOP_WORDS)

    def _join(self, phrase: Phrase) -> str:
        """How a phrase reads written as one word ("push up" → "pushup")."""
        return phrase[0] if len(phrase) == 1 else self.stem("".join(phrase))

    def names(self, exercise: Exercise) -> Names:
        sequences = tuple(self.phrase(text) for text in (exercise.name, *exercise.aliases))
        stems = {stem for sequence in sequences for stem in sequence}
        stems.update(self.stem(a + b) for sequence in sequences
                     for a, b in itertools.pairwise(sequence))
        return Names(sequences, frozenset(stems))


def _facts(words: Words, store: Store, exercise: Exercise) -> Facts:
    stated = PATTERNS.get(exercise.pattern or "")
    pattern = stated or relations(store).movement(exercise).pattern
    return Facts(words.names(exercise), pattern.slug if pattern else None,
                 tuple((facet.name, facet.values(exercise)) for facet in FACETS),
                 plainness(exercise))


def _keys(facts: Facts) -> Iterable[tuple[str, str]]:
    """The index entries an exercise is listed under: ("stem", s), ("pattern", p),
    ("facet:level", "beginner") and ("unlisted", facet) for a facet it has no value for."""
    yield from (("stem", stem) for stem in facts.names.stems)
    if facts.pattern is not None:
        yield "pattern", facts.pattern
    for facet, values in facts.facets:
        yield from ((f"facet:{facet}", value) for value in values)
        if not values:
            yield "unlisted", facet


class ExerciseIndex:
    """The facts of every exercise of one store and look-ups over them. Never changed once
    made: `updated` makes the index of a later store, sharing what did not change."""

    def __init__(self, store: Store, words: Words, facts: dict[str, Facts],
                 entries: dict[tuple[str, str], frozenset[str]], order: list[Plainness]
                 ) -> None:
        self.store = store
        self.words = words
        self.facts = facts
        self._entries = entries
        self._order = order  # every exercise, plainest first
        self.named_slugs = functools.lru_cache(maxsize=NAMES_CACHE)(self._named_slugs)

    @classmethod
    def of(cls, store: Store, words: Words) -> ExerciseIndex:
        facts = {slug: _facts(words, store, exercise) for slug, exercise in
                 store.exercises.items()}
        entries: dict[tuple[str, str], set[str]] = {}
        for slug, found in facts.items():
            for key in _keys(found):
                entries.setdefault(key, set()).add(slug)
        return cls(store, words, facts, {key: frozenset(value) for key, value in entries.items()},
                   sorted(found.rank for found in facts.values()))

    def updated(self, after: Store, changed: Collection[str]) -> ExerciseIndex:
        """The index of `after`, where the exercises `changed` (added, edited or removed)
        are all that differ from this index's store."""
        if not changed:  # nothing here is ever changed in place: all of it can be shared
            return ExerciseIndex(after, self.words, self.facts, self._entries, self._order)
        facts = dict(self.facts)
        order = list(self._order)
        added: dict[tuple[str, str], set[str]] = {}
        dropped: dict[tuple[str, str], set[str]] = {}
        for slug in changed:
            old = facts.pop(slug, None)
            if old is not None:
                del order[bisect.bisect_left(order, old.rank)]
                for key in _keys(old):
                    dropped.setdefault(key, set()).add(slug)
            exercise = after.exercises.get(slug)
            if exercise is not None:
                facts[slug] = new = _facts(self.words, after, exercise)
                bisect.insort(order, new.rank)
                for key in _keys(new):
                    added.setdefault(key, set()).add(slug)
        entries = dict(self._entries)
        for key in added.keys() | dropped.keys():
            value = (entries.get(key, frozenset()) - dropped.get(key, set())) | \
                added.get(key, set())
            if value:
                entries[key] = value
            else:
                entries.pop(key, None)
        return ExerciseIndex(after, self.words, facts, entries, order)

    # -- names ---------------------------------------------------------------------------
    def _named_slugs(self, phrase: Phrase) -> frozenset[str]:
        """The exercises whose name or an alias contains `phrase`, word after word or
        joined ("push up" in "Pushups")."""
        if not phrase:
            return frozenset()
        found = set(self._entries.get(("stem", self.words.joined(phrase)), ()))
        if len(phrase) > 1:
            common = functools.reduce(frozenset.intersection, sorted(
                (self._entries.get(("stem", word), frozenset()) for word in phrase), key=len))
            found.update(slug for slug in common if self.holds(slug, phrase))
        return frozenset(found)

    def holds(self, slug: str, phrase: Phrase) -> bool:
        """Whether the exercise's name or an alias contains `phrase` (as `named_slugs`)."""
        if not phrase:
            return False
        names = self.facts[slug].names
        if self.words.joined(phrase) in names.stems:
            return True
        return len(phrase) > 1 and all(word in names.stems for word in phrase) and any(
            _contains(sequence, phrase) for sequence in names.sequences)

    def first_named(self, slug: str, phrases: Sequence[Phrase]) -> int | None:
        """The index of the first phrase the exercise's name or an alias contains, or None."""
        return next((index for index, phrase in enumerate(phrases)
                     if self.holds(slug, phrase)), None)

    # -- patterns ------------------------------------------------------------------------
    def patterned_slugs(self, patterns: Sequence[str]) -> set[str]:
        """The exercises whose pattern is one of `patterns` (`stretch-*`: any starting so)."""
        found: set[str] = set()
        for wanted in patterns:
            for pattern in (p for p in PATTERNS if p.startswith(wanted[:-1])) \
                    if wanted.endswith("*") else (wanted,):
                found |= self._entries.get(("pattern", pattern), frozenset())
        return found

    def patterned(self, slug: str, patterns: Sequence[str]) -> bool:
        pattern = self.facts[slug].pattern
        return pattern is not None and any(
            pattern == wanted or (wanted.endswith("*") and pattern.startswith(wanted[:-1]))
            for wanted in patterns)

    # -- facets --------------------------------------------------------------------------
    def meeting(self, conditions: Iterable[tuple[str, Iterable[str]]], unlisted: bool = False
                ) -> frozenset[str]:
        """The exercises with one of the accepted values of every facet named (with
        `unlisted`, also those with no value for it)."""
        found: frozenset[str] | None = None
        for facet, accepted in conditions:
            parts = [self._entries.get((f"facet:{facet}", value), frozenset())
                     for value in accepted]
            if unlisted:
                parts.append(self._entries.get(("unlisted", facet), frozenset()))
            matching = frozenset().union(*parts)
            found = matching if found is None else found & matching
        return frozenset(self.facts) if found is None else found

    # -- order ---------------------------------------------------------------------------
    def plainest(self, among: Collection[str], limit: int) -> list[str]:
        """The `limit` plainest of the exercises `among`."""
        if len(among) * 8 < len(self._order):
            return [rank[2] for rank in sorted(self.facts[slug].rank for slug in among)[:limit]]
        return list(itertools.islice((rank[2] for rank in self._order if rank[2] in among),
                                     limit))

    def rank(self, slug: str) -> Plainness:
        return self.facts[slug].rank


def _contains(sequence: Phrase, phrase: Phrase) -> bool:
    size = len(phrase)
    return any(sequence[i:i + size] == phrase for i in range(len(sequence) - size + 1))

