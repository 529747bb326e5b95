"""The parse cache: the same load with or without it, reused only for unchanged files."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
from pathlib import Path

import pytest

from content import parse_cache
from content.loader import LoadResult, load_library
from content.parse_cache import ParseCache


@pytest.fixture
def library(imported_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(imported_dir, target)
    return target


def same_load(first: LoadResult, second: LoadResult) -> bool:
    store, other = first.store, second.store
    return (first.problems == second.problems and store.version == other.version
            and dict(store.exercises) == dict(other.exercises)
            and dict(store.muscles) == dict(other.muscles)
            and dict(store.guides) == dict(other.guides))


def rows(cache: Path) -> dict[str, bytes]:
    with sqlite3.connect(cache) as connection:
        return dict(connection.execute("SELECT path, result FROM parsed"))


def test_a_cached_load_equals_a_fresh_one(library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "parsed.sqlite"
    uncached = load_library(library)
    cold = load_library(library, ParseCache(cache))
    warm = load_library(library, ParseCache(cache))
    assert same_load(uncached, cold) and same_load(uncached, warm)
    documents = len(uncached.store.exercises) + len(uncached.store.muscles) + \
        len(uncached.store.guides)
    # Every document file; equipment.yaml and the vocabulary files are parsed each time.
    assert len(rows(cache)) == documents


def test_entries_are_used_only_for_the_same_bytes(library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "parsed.sqlite"
    load_library(library, ParseCache(cache))
    # Plant a different result for an unchanged file: it is served, so entries are used.
    path = "exercises/superman.md"
    planted = rows(cache)[path].replace(b'"name":"Superman"', b'"name":"Planted Superman"')
    with sqlite3.connect(cache) as connection:
        connection.execute("UPDATE parsed SET result = ? WHERE path = ?", (planted, path))
    assert load_library(library, ParseCache(cache)).store.exercises["superman"].name == \
        "Planted Superman"
    # Once the file's bytes change, the entry no longer applies.
    superman = library / path
    superman.write_text(superman.read_text().replace("level: beginner", "level: expert"))
    reloaded = load_library(library, ParseCache(cache)).store.exercises["superman"]
    assert (reloaded.name, reloaded.level.value) == ("Superman", "expert")


def test_edits_and_deletions_are_seen(library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "parsed.sqlite"
    load_library(library, ParseCache(cache))
    superman = library / "exercises" / "superman.md"
    superman.write_text(superman.read_text().replace("level: beginner", "level: expert"))
    (library / "exercises" / "plank.md").unlink()
    loaded = load_library(library, ParseCache(cache))
    assert same_load(loaded, load_library(library))
    assert loaded.store.exercises["superman"].level.value == "expert"
    assert "plank" not in loaded.store.exercises
    assert "exercises/plank.md" not in rows(cache)


def test_a_file_broken_between_runs_is_served_as_it_last_was(library: Path,
                                                            tmp_path: Path) -> None:
    cache = tmp_path / "parsed.sqlite"
    load_library(library, ParseCache(cache))
    superman = library / "exercises" / "superman.md"
    superman.write_text(superman.read_text().replace("level: beginner", "level: hard"))
    for _ in range(2):  # the broken version is recorded, the valid one kept
        loaded = load_library(library, ParseCache(cache))
        assert loaded.store.exercises["superman"].level.value == "beginner"
        assert [s.path for s in loaded.stale] == [str(superman)]
        assert any('unknown level "hard"' in p.message for p in loaded.errors)
    uncached = load_library(library)
    assert "superman" not in uncached.store.exercises and not uncached.stale
    superman.write_text(superman.read_text().replace("level: hard", "level: expert"))
    fixed = load_library(library, ParseCache(cache))
    assert fixed.store.exercises["superman"].level.value == "expert" and not fixed.stale


@pytest.mark.parametrize("damage", [b"garbage" * 100, b""])
def test_a_damaged_cache_only_means_parsing(library: Path, tmp_path: Path,
                                            damage: bytes) -> None:
    cache = tmp_path / "parsed.sqlite"
    cache.write_bytes(damage)
    assert same_load(load_library(library, ParseCache(cache)), load_library(library))


class _Payload:
    """Unpickling this runs a command: what an attacker would plant."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return os.system, (f"touch {self.marker}",)


@pytest.mark.parametrize("damage", ["not json", "pickle", "wrong type", "wrong kind",
                                    "foreign path"])
def test_a_damaged_or_planted_entry_only_means_parsing(library: Path, tmp_path: Path,
                                                       damage: str) -> None:
    cache = tmp_path / "parsed.sqlite"
    marker = tmp_path / "code-ran"
    load_library(library, ParseCache(cache))
    stored = rows(cache)
    planted = {
        "not json": b"not json at all",
        "pickle": pickle.dumps(_Payload(marker)),
        "wrong type": stored["exercises/superman.md"].replace(b'"level":"beginner"',
                                                              b'"level":7'),
        "wrong kind": stored["muscles/glutes.md"],
        "foreign path": stored["exercises/plank.md"],
    }[damage]
    with sqlite3.connect(cache) as connection:
        connection.execute("UPDATE parsed SET result = ? WHERE path = ?",
                           (planted, "exercises/superman.md"))
    assert same_load(load_library(library, ParseCache(cache)), load_library(library))
    assert not marker.exists()


def test_an_unwritable_cache_location_only_means_parsing(library: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert same_load(load_library(library, ParseCache(blocker / "parsed.sqlite")),
                     load_library(library))


def test_entries_of_other_parsing_code_are_not_used(library: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "parsed.sqlite"
    load_library(library, ParseCache(cache))
    path = "exercises/superman.md"
    planted = rows(cache)[path].replace(b'"name":"Superman"', b'"name":"Planted Superman"')
    with sqlite3.connect(cache) as connection:
        connection.execute("UPDATE parsed SET result = ? WHERE path = ?", (planted, path))
    assert load_library(library, ParseCache(cache)).store.exercises["superman"].name == \
        "Planted Superman"
    monkeypatch.setattr(parse_cache, "CODE_VERSION", "another-version")
    assert load_library(library, ParseCache(cache)).store.exercises["superman"].name == \
        "Superman"


def test_the_code_version_follows_the_code(tmp_path: Path) -> None:
    package = tmp_path / "content"
    shutil.copytree(Path(parse_cache.__file__).parent, package,
                    ignore=shutil.ignore_patterns("library", "__pycache__"))
    before = parse_cache.code_version(package)
    assert before == parse_cache.CODE_VERSION
    fields = package / "fields.py"
    fields.write_text(fields.read_text() + "\n# a change to how fields are read\n")
    assert parse_cache.code_version(package) != before
