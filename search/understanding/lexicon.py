"""Every phrase a query may contain that the vocabulary gives a meaning, ready for matching.

Phrases of several words are compared by their stems, with articles ignored ("with a band"
= "with bands"). A phrase of one word is compared as written, give or take a plural `s`, so
that "stiffness" says nothing about "stiff-legged" and "deads" nothing about "dead bug". A
query word that is neither a vocabulary word nor an indexed one is taken for a vocabulary
word one typing slip away from it ("equipmnt" → "equipment").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from content.slugs import fold
from content.store import Store
from content.vocabulary import Filter, Focus, FocusKind, Relation, Synonym

# Ignored when comparing phrases: "a band", "my back", "the gym".
ARTICLES = frozenset(("a", "an", "the", "my", "your", "me", "some"))
TOKEN = re.compile(r"\w+(?:['’]\w+)*")
# Shorthand spelt out before reading: "w/ dumbbells", "w/o weights".
SHORTHAND = re.compile(r"\bw/(o\b)?", re.IGNORECASE)
MIN_FUZZY_LENGTH = 5


class Filler:
    """Words that carry no meaning in a query ("routine", "what to do")."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Filler()"


FILLER = Filler()
Meaning = Filter | Focus | Relation | Synonym | Filler


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the query: as typed, folded, and its stem; articles have no stem."""

    surface: str
    word: str
    stem: str | None


Stem = Callable[[str], str]
Key = tuple[str, ...]


def tokens(text: str, stem: Stem) -> list[Token]:
    """The words of `text`, each folded to lower-case ASCII and stemmed."""
    found = []
    text = SHORTHAND.sub(lambda match: " without " if match.group(1) else " with ", text)
    for match in TOKEN.finditer(text):
        for word in fold(match.group()).split():
            found.append(Token(match.group(), word, None if word in ARTICLES else stem(word)))
    return found


def stems(words: Sequence[Token]) -> Key:
    return tuple(token.stem for token in words if token.stem is not None)


def keys(words: Sequence[Token]) -> list[Key]:
    """The keys a phrase is looked up by: its stems, or, for one word, the word as written
    and with or without a plural ending."""
    found = stems(words)
    if len(found) != 1:
        return [found] if found else []
    word = next(token.word for token in words if token.stem is not None)
    variants = [word]
    if len(word) > 3 and word.endswith("s"):
        variants += [word[:-1], word[:-2]] if word.endswith("es") else [word[:-1]]
    elif len(word) > 2:
        variants.append(word + "s")
    return [(f"={variant}",) for variant in variants]


def implicit_anatomy(store: Store) -> Iterator[Focus]:
    """Each muscle group, by its names, and each body region: anatomy with no words."""
    regions: dict[str, list[str]] = {}
    for muscle in store.muscles.values():
        regions.setdefault(muscle.region.value, []).append(muscle.slug)
        yield Focus(FocusKind.ANATOMY, muscle.name, (muscle.name, *muscle.aliases),
                    (muscle.slug,))
    for region, muscles in regions.items():
        yield Focus(FocusKind.ANATOMY, region.capitalize(), (region,), tuple(muscles))


class Lexicon:
    """The phrases of a store's vocabulary (first definition wins), plus its muscles."""

    def __init__(self, store: Store, stem: Stem) -> None:
        self.stem = stem
        vocabulary = store.vocabulary
        self.table: dict[tuple[str, ...], Meaning] = {}
        # Muscles named by the content itself: understood only next to other meanings.
        self.implicit: set[tuple[str, ...]] = set()
        self._stems: dict[str, str] = {}
        entries: Iterable[tuple[Iterable[str], Meaning]] = (
            *((f.phrases, f) for f in vocabulary.filters),
            *((a.phrases, a) for a in vocabulary.anatomy),
            *((g.phrases, g) for g in vocabulary.goals),
            *((r.phrases, r) for r in vocabulary.relations),
            *((s.terms, s) for s in vocabulary.synonyms),
            (vocabulary.fillers, FILLER),
        )
        for phrases, meaning in entries:
            for phrase in phrases:
                self._add(phrase, meaning)
        for focus in implicit_anatomy(store):
            for phrase in focus.phrases:
                for key in keys(tokens(phrase, stem))[:1]:
                    if key not in self.table:
                        self.table[key] = focus
                        self.implicit.add(key)
        self.longest = max(map(len, self.table), default=0)
        self._slips = _slip_index(self._stems)

    def _add(self, phrase: str, meaning: Meaning) -> None:
        words = tokens(phrase, self.stem)
        for token in words:
            if token.stem is not None:
                self._stems.setdefault(token.word, token.stem)
        for key in keys(words)[:1]:
            self.table.setdefault(key, meaning)

    def find(self, words: Sequence[Token]) -> tuple[Meaning, Key] | None:
        """The meaning of a phrase, and the key it was found under."""
        for key in keys(words):
            meaning = self.table.get(key)
            if meaning is not None:
                return meaning, key
        return None

    def mended(self, token: Token, known: Callable[[str], bool]) -> Token:
        """The token, or the vocabulary word it is one typing slip from, if it is neither a
        vocabulary nor an indexed word and the slip is unambiguous. A doubled letter typed
        once (or a letter doubled) is a slip even when the word's stem is indexed: "beginer"
        stems to "begin"."""
        word = token.word
        if token.stem is None or len(word) < MIN_FUZZY_LENGTH or word in self._stems \
                or not word.isalpha():
            return token
        slip = _doubling if known(token.stem) else _one_slip
        found = {candidate for variant in _deletions(word)
                 for candidate in self._slips.get(variant, ()) if slip(word, candidate)}
        if len({self._stems[candidate] for candidate in found}) != 1:
            return token
        mended = min(found)
        return Token(token.surface, mended, self._stems[mended])


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def _slip_index(words: Iterable[str]) -> dict[str, list[str]]:
    """Each word under itself and every one-letter deletion of it."""
    index: dict[str, list[str]] = {}
    for word in words:
        if len(word) >= MIN_FUZZY_LENGTH - 1:
            for variant in _deletions(word):
                index.setdefault(variant, []).append(word)
    return index


def _doubling(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by typing a doubled letter once, or a letter twice."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(long) == len(short) + 1 and any(
        long[i] == long[i - 1] and long[:i] + long[i + 1:] == short for i in range(1, len(long)))


def _one_slip(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by one insertion, deletion, substitution or swap of
    neighbouring letters."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))
