"""Exercise names folded for comparison: case, hyphens, plurals and set-up words."""

from __future__ import annotations

import functools
import re

_WORD = re.compile(r"[a-z0-9]+")
_COMPOUND = re.compile(r"\b(push|pull|chin|sit|step|get|butt|otis|muscle|body) (ups?)\b")
_CLEAN_GRIP = re.compile(r"\bclean grip\b")  # the grip of the clean, not a clean
_SPELLING = {"flye": "fly", "flie": "fly", "flyes": "fly", "rdl": "romanian",
             "stiffleg": "stiff", "bicep": "biceps", "tricep": "triceps", "db": "dumbbell"}
# Names of one movement that differ only by grip: a chin-up is an underhand pull-up.
_SAME_MOVEMENT = {"chinup": "pullup", "chin": "pullup"}

# Words that describe set-up, stance, grip or equipment rather than the movement itself.
SET_UP_WORDS = frozenset("""
a an and the with on of to from in into for off over by at behind barbell dumbbell
kettlebell band banded chain cable machine smith leverage ez bar curl-bar ball medicine
exercise stability swiss physioball bosu foam roll roller plate trap hex rope towel landmine
bench box step platform weighted bodyweight freehand one two single double alternating
alternate arm leg side sided unilateral seated standing lying kneeling incline decline flat
high low deficit pin rack floor close wide narrow medium grip neutral reverse reversed
pronated supinated underhand overhand palm facing in out front back rear partial paused
tempo speed stance handle attachment version position romanian stiff legged straight lat v t
neck bent hand mixed parallel chest triceps biceps ab military shoulder overhead powerlifting body
""".split())  # noqa: SIM905 - a word list


def fold(word: str) -> str:
    """A plural fold good enough for exercise names: `presses` → `press`, `flyes` → `fly`."""
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        word = word[:-2]
    elif len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "as", "is")):
        word = word[:-1]
    return _SPELLING.get(word, word)


@functools.lru_cache(maxsize=1 << 18)
def words(name: str) -> tuple[str, ...]:
    """The folded words of a name, with `push-up`, `push ups` and `pushups` all `pushup`."""
    text = name.lower().replace("'", "").replace("\u2019", "")
    text = " ".join(_WORD.findall(text))
    text = _COMPOUND.sub(r"\1up", text)
    text = _CLEAN_GRIP.sub("grip", text)
    return tuple(fold(word) for word in text.split())


def text(name: str) -> str:
    """The folded words joined by single spaces, for pattern rules."""
    return " ".join(words(name))


@functools.lru_cache(maxsize=1 << 18)
def core(name: str) -> frozenset[str]:
    """The movement words of a name: what remains after set-up and equipment words."""
    return frozenset(_SAME_MOVEMENT.get(w, w) for w in words(name)
                     if w not in SET_UP_WORDS and not w.isdigit())


def likeness(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two word sets (0 when both are empty)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


# Set-up words, by what they set: they change the angle, grip, stance, position or support of
# a lift, not the lift itself. A variation changes one kind of set-up at a time.
SET_UP_KINDS: dict[str, frozenset[str]] = {kind: frozenset(text.split()) for kind, text in {
    "grip": "close wide narrow reverse neutral palm underhand overhand pronated supinated mixed "
            "arnold zottman",
    "angle": "incline decline flat",
    "stance": "sumo split wide-stance narrow-stance close-stance",
    "hold": "front",
    "path": "behind neck bradford",
    "position": "seated lying kneeling prone supine walking",
    "support": "box pin board rack floor high low preacher spider concentration hanging elevated",
    "tempo": "speed pause tempo",
    "limbs": "one alternating",
    "bar": "axle cambered car rickshaw",
}.items()}
KIND_OF_SET_UP = {word: kind for kind, found in SET_UP_KINDS.items() for word in found}
# Words for the same set-up: a goblet or Zercher hold is a front-loaded squat, a squat to a
# bench is a box squat, a plie squat is a sumo squat.
_SAME_SET_UP = {"goblet": "front", "zercher": "front", "reversed": "reverse", "paused": "pause",
                "bench": "box", "plie": "sumo", "single": "one", "alternate": "alternating"}
SET_UP_VOCABULARY = frozenset(KIND_OF_SET_UP) | _SAME_SET_UP.keys()
_WIDTHS = frozenset({"wide", "narrow", "close"})


def set_up(name: str, ignore: frozenset[str] = frozenset()) -> frozenset[str]:
    """The set-up words of a name (`incline`, `close`, `box`…), leaving out those in
    `ignore`."""
    return frozenset(same for word, same in _set_up_words(name) if word not in ignore)


@functools.lru_cache(maxsize=1 << 18)
def _set_up_words(name: str) -> tuple[tuple[str, str], ...]:
    """(word, set-up) pairs; a width said of the stance ("wide stance") is a stance."""
    found = words(name)
    stance = "stance" in found
    return tuple((w, f"{w}-stance" if stance and w in _WIDTHS else _SAME_SET_UP.get(w, w))
                 for w in found if w in SET_UP_VOCABULARY)
