"""Synthetic content libraries of any size, grown from the real Free Exercise DB records."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

from content.importers import free_exercise_db

MODIFIERS = ("Paused", "Tempo", "Banded", "Single-Arm", "Wide-Stance", "Deficit", "Isometric",
             "Alternating", "Explosive", "Slow Eccentric", "Kneeling", "Standing", "Seated",
             "Incline", "Decline", "Offset", "Half-Kneeling", "Chain-Loaded", "Partial",
             "Pulse")


def records(source: Path, count: int) -> list[dict[str, Any]]:
    """The real records, then named variants of them, `count` in all."""
    real = free_exercise_db.read_source(source)
    grown = list(real)
    for round_number in itertools.count(1):
        for modifier in MODIFIERS:
            for record in real:
                if len(grown) >= count:
                    return grown[:count]
                grown.append(dict(record, name=f"{modifier} {record['name']} {round_number}",
                                  id=f"{record['id']}_{modifier}_{round_number}"))
    return grown


def library(source: Path, target: Path, count: int) -> Path:
    """Write a content library of `count` exercises to `target`."""
    if target.exists():
        shutil.rmtree(target)
    free_exercise_db.import_records(records(source, count), target)
    return target
