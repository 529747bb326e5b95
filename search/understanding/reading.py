"""Read a query with a lexicon: which of its words are filters, goals, body parts, a relation
to a named exercise, slang to expand, filler, and which are left to search as text.

Reading is a pure function of the text and the vocabulary; applying it is the engine's job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from content.vocabulary import Filter, Focus, FocusKind, Relation, Synonym

from .lexicon import FILLER, Filler, Lexicon, Meaning, Token, stems, tokens

MAX_CHARACTERS = 400
MAX_TOKENS = 24
# From this many words on, of which this many are read as nothing (neither vocabulary nor
# filler), a query reads like a description ("bend sideways at the waist"): body parts named
# in it are searched as text unless something else is understood too.
DESCRIPTIVE = 5
UNREAD = 3
M = TypeVar("M", Filter, Synonym)
# Read with the body part named before them ("quad muscles"), and dropped before one
# ("muscles between my shoulder blades").
MUSCLE = frozenset(("muscle", "muscles"))
# Words asking to train a body part ("bicep workout", "exercises to build legs"): then its
# stretches come after the exercises that train it, unless stretching is asked for too. The
# vocabulary reads most of them as filler, which says nothing of what is wanted.
# Of these, the words asking to make it stronger or bigger ("hip flexor strengthening"): then
# a body part both stretched and trained is trained.
STRENGTHENING = frozenset(("train", "training", "build", "grow", "strengthen", "strengthening",
                           "strength"))
TRAINING = STRENGTHENING | {"workout", "workouts", "exercise", "exercises", "excercises"}


@dataclass(frozen=True, slots=True)
class Found(Generic[M]):
    """A vocabulary entry and the words of the query it was read from."""

    meaning: M
    text: str


@dataclass(frozen=True, slots=True)
class FocusRead:
    """A goal or body part; for goals about an exercise, the words naming it."""

    focus: Focus
    text: str
    exercise: str | None = None
    implicit: bool = False  # named by a muscle's own name, not by the vocabulary
    stems: tuple[str, ...] = ()  # of the words it was read from, typing slips mended


@dataclass(frozen=True, slots=True)
class RelationRead:
    relation: Relation
    text: str
    exercise: str  # the words naming the exercise, slang expanded
    # The words before the relation, searched as text, which may name the exercise when
    # those after it do not ("cable crossover alternative, my gym has no cables").
    before: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reading:
    """What a query says. `terms` are the words still searched as text, with slang
    expanded in place; a plain reading understood nothing and is searched as typed."""

    filters: tuple[Found[Filter], ...] = ()
    focuses: tuple[FocusRead, ...] = ()
    relation: RelationRead | None = None
    expansions: tuple[Found[Synonym], ...] = ()
    terms: tuple[str, ...] = ()
    plain: bool = True
    # The stems of every word but articles and filler, in order, typing slips mended.
    stems: tuple[str, ...] = ()
    slang: bool = False  # every word is slang (or filler): "dl", "sm squat" is not
    # Words typed one slip away from a vocabulary word, as typed and as meant.
    mended: tuple[tuple[str, str], ...] = ()
    training: bool = False  # a word asks for training (see TRAINING)
    strengthening: bool = False  # a word asks for strength or size (see STRENGTHENING)
    named: tuple[str, ...] = ()  # every word but filler, slang by what it stands for

    @property
    def text(self) -> str:
        return " ".join(self.terms)


@dataclass(frozen=True, slots=True)
class _Segment:
    words: tuple[Token, ...]
    meaning: Meaning | None = None
    implicit: bool = False

    @property
    def said(self) -> str:
        return " ".join(token.surface for token in self.words)


def _segments(words: list[Token], lexicon: Lexicon) -> list[_Segment]:
    """The query cut into the longest phrases the lexicon knows, and single words; filler
    gives way to a longer phrase starting inside it ("exercises for" | "for runners"), unless
    a phrase starting after it reaches as far ("exercises for" | "runners knee")."""
    found: list[_Segment] = []
    start = 0
    while start < len(words):
        segment = _longest(words, start, lexicon)
        if segment.meaning is FILLER:
            end = start + len(segment.words)
            after = _longest(words, end, lexicon) if end < len(words) else None
            reach = end + len(after.words) if after is not None \
                and after.meaning not in (None, FILLER) else end
            cut = next((cut for cut in range(start + 1, end)
                        if (later := _longest(words, cut, lexicon)).meaning not in (None, FILLER)
                        and cut + len(later.words) > max(end, reach)), None)
            if cut is not None:
                known = lexicon.find(words[start:cut])
                segment = _Segment(tuple(words[start:cut]), FILLER) \
                    if known is not None and known[0] is FILLER else _Segment((words[start],))
        found.append(segment)
        start += len(segment.words)
    return found


def _longest(words: list[Token], start: int, lexicon: Lexicon) -> _Segment:
    """The longest phrase the lexicon knows from `start`, or the word there alone."""
    if words[start].stem is None:
        return _Segment((words[start],))
    for end in range(min(len(words), start + lexicon.longest + 3), start, -1):
        if words[end - 1].stem is None:
            continue
        known = lexicon.find(words[start:end])
        if known is not None:
            meaning, key = known
            if isinstance(meaning, Focus) and end < len(words) \
                    and words[end].word in MUSCLE:  # "quad muscles"
                end += 1
            return _Segment(tuple(words[start:end]), meaning, key in lexicon.implicit)
    return _Segment((words[start],))


def _shorter(segment: _Segment, lexicon: Lexicon) -> list[_Segment]:
    """A phrase's words cut into the phrases they hold, its last word on its own."""
    return [*_segments(list(segment.words[:-1]), lexicon),
            *_segments(list(segment.words[-1:]), lexicon)]


def _names_exercise(segment: _Segment) -> bool:
    """Whether a segment can be part of an exercise's name: plain words, slang, filler or a
    muscle's own name ("chest press")."""
    return segment.meaning is None or segment.implicit or isinstance(
        segment.meaning, Synonym) or segment.meaning is FILLER


def _name_end(segments: list[_Segment], start: int) -> int:
    """Where the words naming an exercise from `start` end: words that can be part of a
    name, and body parts or filters followed by such a word ("leg press", "glute bridges",
    "barbell back squats")."""
    end = start
    while end < len(segments):
        if _names_exercise(segments[end]):
            end += 1
            continue
        after = end
        while after < len(segments) and _qualifies(segments[after].meaning):
            after += 1
        if after in (end, len(segments)) or segments[after].meaning is FILLER \
                or not _names_exercise(segments[after]):
            break
        end = after
    return end


def _fronted(segments: list[_Segment]) -> list[_Segment]:
    """The segments, the words naming an exercise before a relation that names none after
    it moved behind it: "leg press alternatives" is read as "alternatives to leg press"."""
    for index, segment in enumerate(segments):
        if not isinstance(segment.meaning, Relation):
            continue
        if _words(segments[index + 1:_name_end(segments, index + 1)]):
            return segments
        start = index
        while start > 0 and (_names_exercise(segments[start - 1])
                             or _qualifies(segments[start - 1].meaning)):
            start -= 1
        while start < index and (isinstance(segments[start].meaning, Filler | Filter)
                                 or _name_end(segments[:index], start) == start):
            start += 1  # filters before the name restrict: "beginner squat alternatives"
        return [*segments[:start], segment, *segments[start:index], *segments[index + 1:]]
    return segments


def _names_muscles(segment: _Segment) -> bool:
    """Whether a segment is the word "muscles" (or "muscle") alone."""
    return segment.meaning is None and len(segment.words) == 1 \
        and segment.words[0].word in MUSCLE


def _qualifies(meaning: Meaning | None) -> bool:
    """Whether a meaning may qualify an exercise's name: a filter or a body part."""
    return isinstance(meaning, Filter) or (
        isinstance(meaning, Focus) and meaning.kind is FocusKind.ANATOMY)


def _words(segments: list[_Segment]) -> list[str]:
    """The searchable words of segments: slang by its first meaning, filler dropped."""
    found: list[str] = []
    for segment in segments:
        if isinstance(segment.meaning, Synonym):
            found.append(segment.meaning.means[0])
        elif segment.meaning is not FILLER:
            found += [token.surface for token in segment.words if token.stem is not None]
    return found


def read(text: str, lexicon: Lexicon, known: Callable[[str], bool]) -> Reading:
    """Read `text` (its first MAX_TOKENS words); `known` tells stems indexed too often to
    be typing slips, which are never taken for misspelt vocabulary words (rare ones may be
    the data's own slips: "dumbell")."""
    typed = tokens(text[:MAX_CHARACTERS], lexicon.stem)[:MAX_TOKENS]
    words = [lexicon.mended(token, known) for token in typed]
    segments = _fronted(_segments(words, lexicon))
    filters: list[Found[Filter]] = []
    focuses: list[FocusRead] = []
    expansions: list[Found[Synonym]] = []
    relation: RelationRead | None = None
    loose: list[_Segment] = []  # segments left for text search
    muscles: list[_Segment] = []  # the same, with the muscles named in their place
    understood = False
    # Body parts named by the vocabulary's anatomy, or filters named by one word ("dumbbell"):
    # in a description these are words of it.
    words_of = False
    index = 0
    while index < len(segments):
        segment = segments[index]
        meaning = segment.meaning
        index += 1
        if isinstance(meaning, Relation) or (isinstance(meaning, Focus) and meaning.of_exercise):
            following, index = index, _name_end(segments, index)
            named = _words(segments[following:index])
            if isinstance(meaning, Focus) and not named and len(segment.words) > 1:
                # About no exercise: its words read again on their own ("warm up" | "for").
                index = following - 1
                segments[index:following] = _shorter(segment, lexicon)
                continue
            if isinstance(meaning, Focus):
                focuses.append(FocusRead(meaning, segment.said, " ".join(named) or None))
                understood = True
                continue
            if not named and relation is None:  # "squat alternatives"
                named, loose = _words(loose), []
            if not named or relation is not None:
                loose += [_Segment(segment.words), *segments[following:index]]
                continue
            relation = RelationRead(meaning, segment.said, " ".join(named), tuple(_words(loose)))
            understood = True
        elif isinstance(meaning, Filter):
            filters.append(Found(meaning, segment.said))
            if len(stems(segment.words)) > 1:
                understood = True
            words_of = True
        elif isinstance(meaning, Focus):
            if any(read.focus == meaning for read in focuses):  # said again: once is enough
                continue
            focuses.append(FocusRead(meaning, segment.said, implicit=segment.implicit,
                                     stems=stems(segment.words)))
            if segment.implicit:
                muscles.append(segment)
            if meaning.kind is FocusKind.GOAL:
                understood = True
            words_of = words_of or not segment.implicit
        elif isinstance(meaning, Synonym):
            expansions.append(Found(meaning, segment.said))
            loose.append(segment)
            muscles.append(segment)
            understood = True
        elif _names_muscles(segment) and index < len(segments) \
                and isinstance(after := segments[index].meaning, Focus) \
                and after.kind is FocusKind.ANATOMY:
            continue
        else:
            loose.append(segment)
            muscles.append(segment)
    if not (filters or relation or any(not f.implicit for f in focuses)):
        # Only slang was understood: muscles named stay words of the text.
        focuses, loose = [], muscles
    terms = tuple(_words(loose))
    descriptive = sum(token.stem is not None for token in words) >= DESCRIPTIVE and sum(
        len(stems(s.words)) for s in segments if s.meaning is None) >= UNREAD
    understood = understood or (words_of and not descriptive)
    if not understood or not (terms or filters or focuses or relation):
        return Reading(terms=tuple(token.surface for token in words))
    said = tuple(stem for segment in segments if segment.meaning is not FILLER
                 for stem in stems(segment.words))
    slang = all(isinstance(s.meaning, Synonym) or s.meaning is FILLER for s in segments)
    mended = tuple((token.surface, word.word) for token, word in zip(typed, words, strict=True)
                   if word is not token)
    training = any(word.word in TRAINING for word in words)
    strengthening = any(word.word in STRENGTHENING for word in words)
    return Reading(tuple(filters), tuple(focuses), relation, tuple(expansions), terms,
                   plain=False, stems=said, slang=slang, mended=mended, training=training,
                   strengthening=strengthening, named=tuple(_words(segments)))
