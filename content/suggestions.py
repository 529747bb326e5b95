"""'Did you mean …?' hints for misspelt names, slugs and enum values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .slugs import slugify


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice `value` most plausibly meant, if any is close enough."""
    options = list(choices)
    if value in options:
        return value
    slugged = slugify(value)
    if slugged in options:
        return slugged
    lowered = {option.lower(): option for option in options}
    if value.lower() in lowered:
        return lowered[value.lower()]
    matches = difflib.get_close_matches(slugged or value, options, n=1, cutoff=0.72)
    return matches[0] if matches else None


def did_you_mean(value: str, choices: Iterable[str]) -> str | None:
    """A ready-to-print hint, or None."""
    match = closest(value, choices)
    return f'did you mean "{match}"?' if match else None
