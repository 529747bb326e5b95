"""Text folding and slugs: the one way names are compared and turned into identifiers."""

import re
import unicodedata

_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces, apostrophes dropped:
    `Child’s Pose (Easy)` → `childs pose easy`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    without_apostrophes = _APOSTROPHES.sub("", ascii_text.lower())
    return _NON_ALNUM.sub(" ", without_apostrophes).strip()


def slugify(text: str) -> str:
    """`Child's Pose` → `childs-pose`, `Butt Lift (Bridge)` → `butt-lift-bridge`."""
    return fold(text).replace(" ", "-")

