"""Slugs: the stable, URL-safe identifiers of every document."""

import re
import unicodedata

_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """`Child's Pose` → `childs-pose`, `Butt Lift (Bridge)` → `butt-lift-bridge`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    without_apostrophes = _APOSTROPHES.sub("", ascii_text.lower())
    return _NON_ALNUM.sub("-", without_apostrophes).strip("-")

