"""Exercise pages worked out ahead: everything a page shows that takes work to find."""

from __future__ import annotations

from .markdown import render_html
from .model import Exercise
from .profile import profile_of
from .related import relations
from .store import Store


def prepare(store: Store, exercise: Exercise) -> None:
    """Work out now what the page of `exercise` shows: its related exercises, its profile
    and its body as HTML (each is remembered: for the snapshot, or by content)."""
    relations(store).prepare(exercise)
    profile_of(store, exercise)
    render_html(exercise.body)
