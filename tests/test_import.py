"""Importing the real Free Exercise DB."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from content.loader import BUNDLED_LIBRARY, load_library
from graph.cli import main
from tests.conftest import FREE_EXERCISE_DB


def test_every_record_becomes_an_exercise(imported_dir: Path,
                                          upstream: list[dict[str, Any]]) -> None:
    result = load_library(imported_dir)
    assert result.errors == ()
    store = result.store
    assert len(store.exercises) == len(upstream) == 873
    by_id = {e.source_id: e for e in store.exercises.values()}
    for record in upstream:
        exercise = by_id[record["id"]]
        assert exercise.name == record["name"]
        assert exercise.level.value == record["level"]
        assert exercise.category.value == record["category"]
        assert (exercise.force.value if exercise.force else None) == record["force"]
        assert exercise.license == "Unlicense (public domain)"
        assert exercise.source == "free-exercise-db"
        assert list(exercise.images) == record["images"]
        assert list(exercise.instructions) == [" ".join(s.split()) for s in record[
            "instructions"] if s.strip()], record["id"]


def test_muscles_and_equipment_carry_a_vocabulary(imported_dir: Path) -> None:
    store = load_library(imported_dir).store
    assert len(store.muscles) == 17
    assert "erector spinae" in store.muscles["lower-back"].aliases
    assert "pecs" in store.muscles["chest"].aliases
    assert set(store.equipment) == {"medicine-ball", "dumbbell", "body-only", "bands",
                                    "kettlebells", "foam-roll", "cable", "machine", "barbell",
                                    "exercise-ball", "e-z-curl-bar", "other"}


def test_aliases_come_from_names_and_the_slang_table(imported_dir: Path) -> None:
    exercises = load_library(imported_dir).store.exercises
    assert "Back Extensions" in exercises["hyperextensions-back-extensions"].aliases
    assert "rdl" in exercises["romanian-deadlift"].aliases


def test_import_copies_the_search_vocabulary(imported_dir: Path) -> None:
    bundled = load_library(BUNDLED_LIBRARY).store.vocabulary
    assert load_library(imported_dir).store.vocabulary == bundled
    assert bundled.synonyms and bundled.anatomy and bundled.goals


def test_import_is_idempotent_and_reports_quality(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["import", "free-exercise-db", str(FREE_EXERCISE_DB), "--into", str(tmp_path)]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "896 files created, 0 updated, 0 unchanged" in first.output
    snapshot = {p: p.read_bytes() for p in tmp_path.rglob("*.md")}
    second = runner.invoke(main, args)
    assert "0 files created, 0 updated, 896 unchanged" in second.output
    assert snapshot == {p: p.read_bytes() for p in tmp_path.rglob("*.md")}
    assert re.search(r"5  no instructions: Iron_Cross", second.output)
    assert re.search(r"9  a muscle listed as both primary and secondary", second.output)
    assert re.search(r"4  missing space after a full stop", second.output)
    checked = runner.invoke(main, ["check", str(tmp_path)])
    assert checked.exit_code == 0, checked.output


def test_import_reports_a_bad_source(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a list"}')
    result = CliRunner().invoke(main, ["import", "free-exercise-db", str(bad), "--into",
                                       str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "is not a Free Exercise DB exercises.json" in result.output
    missing = CliRunner().invoke(main, ["import", "free-exercise-db", str(tmp_path / "no.json"),
                                        "--into", str(tmp_path / "out")])
    assert missing.exit_code == 1
    assert "cannot read" in missing.output
