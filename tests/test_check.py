"""`exgraph check`: every kind of content error, reported with file, line and field."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from content.loader import BUNDLED_LIBRARY, load_library
from content.problems import Problem
from graph.cli import main

BRIDGE = """\
---
name: Glute Bridge
level: beginner
category: strength
force: push
mechanic: compound
equipment: body-only
primary_muscles: [glutes]
secondary_muscles: [hamstrings]
---
1. Lie on your back with knees bent.
2. Lift your hips.
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A small valid library: the bundled muscles and equipment plus one exercise."""
    shutil.copytree(BUNDLED_LIBRARY / "muscles", tmp_path / "muscles")
    shutil.copy(BUNDLED_LIBRARY / "equipment.yaml", tmp_path / "equipment.yaml")
    (tmp_path / "exercises").mkdir()
    (tmp_path / "guides").mkdir()
    (tmp_path / "exercises" / "glute-bridge.md").write_text(BRIDGE)
    return tmp_path


def write(root: Path, relative: str, text: str | bytes) -> Path:
    path = root / relative
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def only_error(root: Path) -> Problem:
    errors = load_library(root).errors
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def test_valid_library_has_no_problems(library: Path) -> None:
    result = load_library(library)
    assert result.problems == ()
    assert list(result.store.exercises) == ["glute-bridge"]


def test_bundled_library_passes_check() -> None:
    result = CliRunner().invoke(main, ["check", str(BUNDLED_LIBRARY)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_check_exits_non_zero_and_prints_location(library: Path) -> None:
    write(library, "exercises/glute-bridge.md", BRIDGE.replace("level: beginner", "level: pro"))
    result = CliRunner().invoke(main, ["check", str(library)])
    assert result.exit_code == 1
    assert f"{library}/exercises/glute-bridge.md:3:8: error: level: unknown level" \
        in result.output


def test_broken_yaml(library: Path) -> None:
    write(library, "exercises/glute-bridge.md",
          BRIDGE.replace("secondary_muscles: [hamstrings]", "secondary_muscles: [hamstrings"))
    error = only_error(library)
    assert error.path.endswith("exercises/glute-bridge.md")
    assert "broken YAML" in error.message
    assert error.line in (9, 10)
    assert error.suggestion


def test_missing_required_field(library: Path) -> None:
    write(library, "exercises/glute-bridge.md", BRIDGE.replace("category: strength\n", ""))
    error = only_error(library)
    assert (error.field, error.message) == ("category", "required field is missing")
    assert "add `category:`" in error.suggestion
    assert load_library(library).store.exercises == {}


def test_mistyped_field_name_suggests_the_right_one(library: Path) -> None:
    write(library, "exercises/glute-bridge.md",
          BRIDGE.replace("secondary_muscles:", "secondary_muscle:"))
    error = only_error(library)
    assert error.message == 'unknown field "secondary_muscle"'
    assert error.line == 9
    assert error.suggestion == 'did you mean "secondary_muscles"?'


def test_wrong_type(library: Path) -> None:
    write(library, "exercises/glute-bridge.md",
          BRIDGE.replace("name: Glute Bridge", "name: [Glute, Bridge]"))
    error = only_error(library)
    assert error.field == "name"
    assert error.line == 2
    assert "must be a text value" in error.message


def test_unknown_enum_value_suggests(library: Path) -> None:
    write(library, "exercises/glute-bridge.md", BRIDGE.replace("force: push", "force: pusj"))
    error = only_error(library)
    assert (error.line, error.field) == (5, "force")
    assert error.suggestion == 'did you mean "push"?'


def test_unknown_muscle_suggests_slug(library: Path) -> None:
    write(library, "exercises/glute-bridge.md",
          BRIDGE.replace("[hamstrings]", "[hamstrings, lower_back]"))
    error = only_error(library)
    assert error.message == 'unknown muscle "lower_back"'
    assert error.suggestion == 'did you mean "lower-back"?'
    assert (error.line, error.field) == (9, "secondary_muscles")
    exercise = load_library(library).store.exercises["glute-bridge"]
    assert exercise.secondary_muscles == ("hamstrings",)


def test_unknown_equipment_and_variation(library: Path) -> None:
    text = BRIDGE.replace("equipment: body-only", "equipment: kettlebell") \
        .replace("---\n1.", "variation_of: glute-brige\n---\n1.")
    write(library, "exercises/glute-bridge.md", text)
    errors = load_library(library).errors
    by_field = {e.field: e for e in errors}
    assert by_field["equipment"].suggestion == 'did you mean "kettlebells"?'
    assert by_field["equipment"].line == 7
    assert by_field["variation_of"].message == 'unknown exercise "glute-brige"'
    assert by_field["variation_of"].suggestion == 'did you mean "glute-bridge"?'
    assert by_field["variation_of"].line == 10


def test_guide_references_unknown_exercise(library: Path) -> None:
    write(library, "guides/bridges.md", "---\ntitle: Bridges\nsummary: All about bridges.\n"
          "exercises:\n  - glute-bridge\n  - glute-brigde\n---\nText.\n")
    error = only_error(library)
    assert (error.line, error.field) == (6, "exercises")
    assert error.suggestion == 'did you mean "glute-bridge"?'
    assert load_library(library).store.guides["bridges"].exercises == ("glute-bridge",)


def test_duplicate_slug(library: Path) -> None:
    write(library, "exercises/Glute-Bridge.md", BRIDGE)
    errors = load_library(library).errors
    messages = [e.message for e in errors]
    assert any('duplicate slug "glute-bridge"' in m for m in messages), messages
    assert any("is not a slug" in m for m in messages)


def test_duplicate_name(library: Path) -> None:
    write(library, "exercises/hip-bridge.md", BRIDGE)
    messages = [(e.field, e.message) for e in load_library(library).errors]
    assert ("name", 'duplicate name "Glute Bridge", also used by "glute-bridge"') in messages
    assert any("is not the slug" in m for _, m in messages)


def test_file_name_not_slug_of_name(library: Path) -> None:
    write(library, "exercises/glute-bridge.md", BRIDGE.replace("Glute Bridge", "Hip Bridge"))
    error = only_error(library)
    assert (error.line, error.field) == (2, "name")
    assert error.suggestion == 'rename the file to "hip-bridge.md"'


def test_non_utf8_file(library: Path) -> None:
    write(library, "exercises/glute-bridge.md",
          BRIDGE.replace("Lift your hips.", "Lift caf\u00e9").encode("latin-1"))
    error = only_error(library)
    assert "not UTF-8" in error.message
    assert error.line == 12
    assert error.suggestion == "re-save the file with UTF-8 encoding"


def test_empty_file(library: Path) -> None:
    write(library, "exercises/plank.md", "")
    error = only_error(library)
    assert error.message == "the file is empty"
    assert error.line == 1


def test_missing_frontmatter(library: Path) -> None:
    write(library, "exercises/plank.md", "1. Hold a plank.\n")
    assert "must start with a `---` line" in only_error(library).message


def test_unreadable_file(library: Path) -> None:
    (library / "exercises" / "plank.md").mkdir()
    error = only_error(library)
    assert error.message.startswith("cannot read the file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_permissions(library: Path) -> None:  # pragma: no cover - non-root only
    path = write(library, "exercises/plank.md", BRIDGE)
    path.chmod(0)
    assert only_error(library).message.startswith("cannot read the file")


def test_variation_cycle(library: Path) -> None:
    for slug, parent in (("a-move", "b-move"), ("b-move", "c-move"), ("c-move", "a-move")):
        write(library, f"exercises/{slug}.md", BRIDGE.replace("Glute Bridge", slug.replace(
            "-", " ").title()).replace("---\n1.", f"variation_of: {parent}\n---\n1."))
    errors = load_library(library).errors
    assert len(errors) == 3
    assert all("must not form a loop" in e.message and e.line == 10 for e in errors)
    store = load_library(library).store
    assert all(store.exercises[s].variation_of is None for s in ("a-move", "b-move", "c-move"))


def test_bad_routine(library: Path) -> None:
    write(library, "guides/bridges.md", """\
---
title: Bridges
summary: All about bridges.
exercises: [glute-bridge]
routine:
  - day: Monday
    items:
      - exercise: glute-bridge
        sets: three
        reps: 10
      - exercise: glute-bridge
---
Text.
""")
    errors = load_library(library).errors
    assert [(e.line, e.field) for e in errors] == [(9, "routine[0].items[0].sets"),
                                                    (11, "routine[0].items[1].exercise")]


def test_warnings_do_not_fail(library: Path) -> None:
    write(library, "exercises/glute-bridge.md",
          BRIDGE.replace("[hamstrings]", "[glutes]").split("---\n1.")[0] + "---\nNo steps.\n")
    write(library, "guides/empty.md", "---\ntitle: Empty\nsummary: Nothing yet.\n---\nText.\n")
    result = load_library(library)
    assert result.errors == ()
    messages = sorted(w.message for w in result.warnings)
    assert messages == [
        '"glutes" is listed as both primary and secondary',
        "no instructions: the body has no numbered list of steps",
        "the guide lists no exercises",
    ]
    assert CliRunner().invoke(main, ["check", str(library)]).exit_code == 0


def test_bad_file_never_poisons_the_store(library: Path) -> None:
    write(library, "exercises/plank.md", "---\nname: [\n---\n")
    write(library, "exercises/side-plank.md", BRIDGE.replace("Glute Bridge", "Side Plank"))
    store = load_library(library).store
    assert sorted(store.exercises) == ["glute-bridge", "side-plank"]


def test_equipment_problems(library: Path) -> None:
    write(library, "equipment.yaml", "- slug: mat\n  name: Mat\n- slug: mat\n  name: Yoga Mat\n"
          "- slug: Big Box\n  name: Box\n")
    errors = load_library(library).errors
    found = {(e.line, e.field, e.message) for e in errors}
    assert (3, "[1].slug", 'duplicate slug "mat"') in found
    assert (5, "[2].slug", '"Big Box" is not a slug') in found


def test_duplicate_field(library: Path) -> None:
    write(library, "exercises/glute-bridge.md",
          BRIDGE.replace("force: push\n", "force: push\nforce: pull\n"))
    error = only_error(library)
    assert (error.line, error.message) == (6, '"force" is written twice; only the last value '
                                           'counts')


@pytest.mark.parametrize("frontmatter, line", [
    ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", 11),
    ("base: &base {a: 1}\nother:\n  <<: *base\n", 12),
])
def test_yaml_aliases_are_refused_at_their_line(library: Path, frontmatter: str,
                                                line: int) -> None:
    """A billion-laughs document is refused in a moment, without expanding it."""
    write(library, "exercises/glute-bridge.md",
          BRIDGE.replace("---\n1.", frontmatter + "---\n1."))
    error = only_error(library)
    assert error.line == line and "aliases" in error.message
    assert load_library(library).store.exercises == {}


def test_files_over_the_size_limit_are_refused(library: Path) -> None:
    write(library, "exercises/glute-bridge.md", BRIDGE + "Notes. " * 400)
    assert load_library(library, max_file_bytes=2048).store.exercises == {}
    error = load_library(library, max_file_bytes=2048).errors[0]
    assert "content files may be at most 2 kB" in error.message
    assert "glute-bridge" in load_library(library, max_file_bytes=4096).store.exercises


def test_a_broken_equipment_entry_loses_only_itself(library: Path) -> None:
    equipment = (library / "equipment.yaml").read_text()
    write(library, "equipment.yaml", equipment.replace("- slug: body-only\n  name: Body Only\n",
                                                       "- slug: body-only\n  name: [Body Only\n"))
    result = load_library(library)
    assert len(result.store.equipment) == len(load_library(BUNDLED_LIBRARY).store.equipment) - 1
    assert "body-only" not in result.store.equipment
    assert [(e.path.endswith("equipment.yaml"), e.line) for e in result.errors] == [(True, 10)]
    # The exercise using the broken entry keeps its reference and is not reported again.
    assert result.store.exercises["glute-bridge"].equipment == "body-only"
