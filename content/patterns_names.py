"""Exercise names folded for comparison: case, hyphens, plurals and set-up words."""

from __future__ import annotations

import functools
import re

_WORD = re.compile(r"[a-z0-9]+")
_COMPOUND = re.compile(r"\b(push|pull|chin|sit|step|get|butt|otis|muscle|body) (ups?)\b")
_SPELLING = {"flye": "fly", "flie": "fly", "flyes": "fly", "rdl": "romanian",
             "stiffleg": "stiff", "bicep": "biceps", "tricep": "triceps"}
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
neck bent hand mixed parallel chest triceps biceps
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


# Set-up words that change the angle, grip or stance, not the difficulty.
ANGLE_GRIP_STANCE = frozenset("""
incline decline flat close wide narrow reverse reversed neutral hammer palm underhand overhand
pronated supinated sumo front behind floor stance side lateral
""".split())  # noqa: SIM905 - a word list


def set_up(name: str) -> frozenset[str]:
    """The angle, grip and stance words of a name (`incline`, `close`, `sumo`…)."""
    return frozenset(w for w in words(name) if w in ANGLE_GRIP_STANCE)
