"""The search vocabulary as content: loaded with the library, checked by `exgraph check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from content.loader import BUNDLED_LIBRARY, load_library
from content.problems import Problem, Severity
from content.slugs import slugify
from content.vocabulary import FocusKind, RelationKind
from graph.cli import main

GOOD = """\
filters:
  - label: No equipment
    phrases: [no equipment, at home]
    equipment: [body-only]
    unlisted: true
goals:
  - label: Sore knees
    phrases: [sore knees]
    muscles: [glutes]
    categories: [stretching]
    words: [bridge]
    avoid: [jump]
    patterns: [bridge, stretch-*]
anatomy:
  - label: Front delts
    phrases: [front delts]
    muscles: [shoulders]
    words: [front raise]
relations:
  - kind: regressions
    phrases: [easier than]
    words: [assisted]
synonyms:
  - terms: [bss]
    means: [bulgarian split squat]
fillers: [routine]
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A small library: the bundled muscles and equipment, and one vocabulary file."""
    shutil.copytree(BUNDLED_LIBRARY / "muscles", tmp_path / "muscles")
    shutil.copy(BUNDLED_LIBRARY / "equipment.yaml", tmp_path / "equipment.yaml")
    (tmp_path / "vocabulary").mkdir()
    (tmp_path / "vocabulary" / "words.yaml").write_text(GOOD)
    return tmp_path


def problems(root: Path, severity: Severity = Severity.ERROR) -> list[Problem]:
    return [p for p in load_library(root).problems if p.severity is severity]


def test_a_valid_vocabulary_loads_into_the_store(library: Path) -> None:
    result = load_library(library)
    assert result.problems == ()
    vocabulary = result.store.vocabulary
    assert vocabulary.filters[0].conditions == (("equipment", ("body-only",)),)
    assert vocabulary.filters[0].unlisted
    assert vocabulary.goals[0].kind is FocusKind.GOAL
    assert vocabulary.goals[0].patterns == ("bridge", "stretch-*")
    assert vocabulary.anatomy[0].muscles == ("shoulders",)
    assert vocabulary.relations[0].kind is RelationKind.REGRESSIONS
    assert vocabulary.synonyms[0].means == ("bulgarian split squat",)
    assert vocabulary.fillers == ("routine",)


def test_the_bundled_vocabulary_is_clean() -> None:
    result = load_library(BUNDLED_LIBRARY)
    assert [p for p in result.problems if "vocabulary" in p.path] == []
    vocabulary = result.store.vocabulary
    assert vocabulary.filters and vocabulary.goals and vocabulary.anatomy
    assert vocabulary.relations and vocabulary.synonyms and vocabulary.fillers


@pytest.mark.parametrize(("old", "new", "where", "message", "suggestion"), [
    ("muscles: [shoulders]", "muscles: [shoulder]", (17, 15, "anatomy[0].muscles"),
     'unknown muscle "shoulder"', 'did you mean "shoulders"?'),
    ("equipment: [body-only]", "equipment: [body-onyl]", (4, 17, "filters[0].equipment"),
     'unknown equipment "body-onyl"', 'did you mean "body-only"?'),
    ("categories: [stretching]", "categories: [streching]",
     (10, 18, "goals[0].categories"),
     'unknown category "streching"', 'did you mean "stretching"?'),
    ("kind: regressions", "kind: regression", (20, 11, "relations[0].kind"),
     'unknown kind "regression"', 'did you mean "regressions"?'),
    ("patterns: [bridge, stretch-*]", "patterns: [bridges, stretch-*]",
     (13, 16, "goals[0].patterns"), 'unknown movement pattern "bridges"',
     'did you mean "bridge"?'),
    ("    words: [bridge]\n", "    wrods: [bridge]\n", (11, 5, "goals[0].wrods"),
     'unknown field "wrods"', 'did you mean "words"?'),
    ("  - terms: [bss]\n", "  - terms: []\n", (24, 5, "synonyms[0].terms"),
     "must list at least one phrase", None),
])
def test_errors_name_file_line_column_field(library: Path, old: str, new: str,
                                            where: tuple[int, int, str], message: str,
                                            suggestion: str | None) -> None:
    path = library / "vocabulary" / "words.yaml"
    path.write_text(GOOD.replace(old, new))
    found = problems(library)
    assert len(found) == 1, [str(p) for p in found]
    error = found[0]
    assert error.path == str(path)
    assert (error.line, error.column, error.field) == where
    assert (error.message, error.suggestion) == (message, suggestion)


def test_check_prints_vocabulary_errors_and_fails(library: Path) -> None:
    path = library / "vocabulary" / "words.yaml"
    path.write_text(GOOD.replace("unknown", "x").replace("muscles: [glutes]",
                                                          "muscles: [glutez]"))
    result = CliRunner().invoke(main, ["check", str(library)])
    assert result.exit_code == 1
    assert f'{path}:9:15: error: goals[0].muscles: unknown muscle "glutez" — did you mean ' \
        '"glutes"?' in result.output


def test_broken_yaml_and_unknown_section(library: Path) -> None:
    path = library / "vocabulary" / "words.yaml"
    path.write_text(GOOD + "slang:\n  - terms: [x]\n")
    error = problems(library)[0]
    assert (error.line, error.field, error.message) == (27, "slang", 'unknown field "slang"')
    assert error.suggestion == ("known fields: filters, goals, anatomy, relations, synonyms, "
                                "fillers")
    path.write_text("filters: [\n")
    error = problems(library)[0]
    assert "broken YAML" in error.message and error.line is not None


def test_an_abbreviation_with_two_meanings_is_ambiguous(library: Path) -> None:
    path = library / "vocabulary" / "words.yaml"
    path.write_text(GOOD.replace("means: [bulgarian split squat]",
                                 "means: [bulgarian split squat, back squat]"))
    assert problems(library) == []
    warning, = problems(library, Severity.WARNING)
    assert (warning.line, warning.field) == (25, "synonyms[0].means")
    assert warning.message == ('ambiguous abbreviation "bss": it may mean "bulgarian split '
                               'squat" or "back squat"; search uses the first')


def test_a_phrase_defined_twice_warns_across_files(library: Path) -> None:
    (library / "vocabulary" / "x-more.yaml").write_text(
        "synonyms:\n  - terms: [dl, at home]\n    means: [deadlift]\n")
    warning, = problems(library, Severity.WARNING)
    assert warning.path == str(library / "vocabulary" / "x-more.yaml")
    assert (warning.line, warning.column, warning.field) == (2, 17, "synonyms[0].terms")
    assert warning.message.startswith('"at home" is already defined in filters at ')
    assert f"{library / 'vocabulary' / 'words.yaml'}:3" in warning.message
    # The first definition is kept; the rest of the entry is too.
    assert load_library(library).store.vocabulary.synonyms[-1].terms == ("dl", "at home")


def test_files_other_than_yaml_are_ignored_with_a_warning(library: Path) -> None:
    (library / "vocabulary" / "notes.txt").write_text("not vocabulary")
    warning, = problems(library, Severity.WARNING)
    assert warning.path.endswith("vocabulary/notes.txt")
    assert "must end in .yaml" in warning.message


def test_an_abbreviation_that_is_a_word_of_other_names_warns(library: Path) -> None:
    """`check` warns when a one-word term is a word of exercise names that do not say what
    it stands for (searched alone, it finds what it stands for, not them)."""
    (library / "exercises").mkdir()
    for name, aliases in (("SL Cable Row", "[]"), ("Sumo Deadlift", "[sumo dl]"),
                          ("BSS Hold", "[]")):
        (library / "exercises" / f"{slugify(name)}.md").write_text(
            f"---\nname: {name}\nlevel: beginner\ncategory: strength\n"
            f"primary_muscles: [glutes]\naliases: {aliases}\n---\nSteps.\n")
    (library / "vocabulary" / "x-more.yaml").write_text(
        "synonyms:\n  - terms: [dl, sl]\n    means: [deadlift]\n")
    found = [p for p in problems(library, Severity.WARNING) if "abbreviation" in p.message]
    assert [(p.path, p.line, p.column, p.field) for p in found] == [
        (str(library / "vocabulary" / "words.yaml"), 24, 13, "synonyms[0].terms"),
        (str(library / "vocabulary" / "x-more.yaml"), 2, 17, "synonyms[0].terms")]
    assert found[0].message == ('abbreviation "bss" is also a word of exercise names: '
                                '"BSS Hold"; search reads it alone as "bulgarian split squat", '
                                "which these names do not say")
    assert '"sl"' in found[1].message and '"SL Cable Row"' in found[1].message
    # "dl" in "Sumo DL" stands for the deadlift the name says: no warning.
    assert not any('"dl"' in p.message for p in found)


def test_a_filter_may_leave_out_exercises_by_words_of_their_names(library: Path) -> None:
    path = library / "vocabulary" / "words.yaml"
    loaded = GOOD.replace("    unlisted: true\n", "    unlisted: true\n"
                          "    avoid: [weighted, sandbag]\n")
    path.write_text(loaded)
    assert load_library(library).store.vocabulary.filters[0].avoid == ("weighted", "sandbag")
    path.write_text(loaded.replace("[weighted, sandbag]", "{weighted: 1}"))
    found = problems(library)
    assert [(p.line, p.field) for p in found] == [(6, "filters[0].avoid")], found
