"""Read `vocabulary/*.yaml` files and check them against the rest of the library.

Each file is a mapping of sections (`filters`, `goals`, `anatomy`, `relations`, `synonyms`,
`fillers`), each a list; a library may split its vocabulary over files as it likes.
Parsing a file depends on its bytes alone; references to muscles and equipment, and
phrases defined twice, are checked when every file is known (`merge`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .catalog import FACET
from .fields import FieldReader
from .frontmatter import KeyPath, Position, SourceError, nearest, parse_yaml
from .model import Category, Exercise
from .parsing import Located, decode
from .patterns import PATTERNS
from .problems import Problem, Severity
from .slugs import fold
from .suggestions import did_you_mean
from .vocabulary import Filter, Focus, FocusKind, Relation, RelationKind, Synonym, Vocabulary

FOLDER = "vocabulary"
SECTIONS = ("filters", "goals", "anatomy", "relations", "synonyms", "fillers")
FILTER_FIELDS = ("label", "phrases", "unlisted", "avoid", *FACET)
FOCUS_FIELDS = ("label", "phrases", "muscles", "categories", "equipment", "words", "avoid",
                "patterns", "avoid_patterns", "of_exercise")
RELATION_FIELDS = ("kind", "phrases", "words")
SYNONYM_FIELDS = ("terms", "means")
# Facets whose values are slugs of other documents, checked once the library is loaded.
DOCUMENT_FACETS = {"equipment": "equipment", "primary_muscle": "muscle", "muscle": "muscle"}

Entry = Filter | Focus | Relation | Synonym | str
NAME_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Placed:
    """An entry, where it is written (its section and index there), and its phrases folded
    for comparison."""

    section: str
    index: int
    entry: Entry
    keys: tuple[str, ...] = ()

    @classmethod
    def of(cls, section: str, index: int, entry: Entry) -> Placed:
        return cls(section, index, entry, tuple(fold(p) for p in _phrases_of(entry)))


@dataclass(frozen=True, slots=True)
class ParsedVocabularyFile:
    """The valid entries of one vocabulary file, its problems and where values are written."""

    entries: tuple[Placed, ...]
    problems: tuple[Problem, ...]
    located: Located = ()

    def position(self, *path: str | int) -> Position | None:
        return nearest({key: (line, column) for key, line, column in self.located}, path)


def parse_vocabulary_file(relative: str, data: bytes) -> ParsedVocabularyFile:
    """Parse one vocabulary file; bad entries are reported and skipped."""
    problems: list[Problem] = []
    text = decode(relative, data, problems)
    if text is None:
        return ParsedVocabularyFile((), tuple(problems))
    try:
        document = parse_yaml(text)
    except SourceError as error:
        problems.append(Problem(relative, str(error), error.line, error.column, None,
                                error.suggestion))
        return ParsedVocabularyFile((), tuple(problems))
    located = tuple((key, line, column) for key, (line, column) in document.positions.items())
    if document.data is None:
        return ParsedVocabularyFile((), tuple(problems), located)
    if not isinstance(document.data, dict):
        problems.append(Problem(relative, "a vocabulary file must be a mapping of sections: "
                                f"{', '.join(SECTIONS)}", 1, 1))
        return ParsedVocabularyFile((), tuple(problems), located)
    top = FieldReader(relative, document, document.data, problems)
    top.check_known(SECTIONS)
    entries: list[Placed] = []
    for section in SECTIONS:
        if section == "fillers":
            entries += [Placed.of(section, i, phrase) for i, phrase in
                        _phrases(top, section, required=False)]
            continue
        for index, _ in top.mapping_list(section):
            reader = FieldReader(relative, document, document.data[section][index], problems,
                                 (section, index))
            entry = _PARSERS[section](reader)
            if entry is not None and not reader.fatal:
                entries.append(Placed.of(section, index, entry))
    return ParsedVocabularyFile(tuple(entries), tuple(problems), located)


def _phrases(reader: FieldReader, name: str, required: bool = True) -> list[tuple[int, str]]:
    """The non-empty phrases of a list field, with their indexes."""
    found = []
    for index, phrase in enumerate(reader.text_list(name, required)):
        if fold(phrase):
            found.append((index, phrase))
        else:
            reader.report(name, f'"{phrase}" has no letters or digits', index=index)
    if required and not found and not reader.fatal:
        reader.fail(name, "must list at least one phrase")
    return found


def _flag(reader: FieldReader, name: str) -> bool:
    value = reader.data.get(name)
    if value is None or isinstance(value, bool):
        return bool(value)
    reader.report(name, f"must be true or false, not {value!r}")
    return False


def _choices(reader: FieldReader, name: str, what: str,
             choices: Iterable[str]) -> tuple[str, ...]:
    """A list field whose items (each a `what`) must be among `choices`; unknown items are
    reported."""
    allowed = list(choices)
    kept = []
    for index, value in enumerate(reader.text_list(name)):
        text = value.lower()
        if text in allowed:
            kept.append(text)
        else:
            reader.report(name, f'unknown {what} "{value}"',
                          did_you_mean(text, allowed) or f"use one of: {', '.join(allowed)}",
                          index=index)
    return tuple(kept)


def _parse_filter(reader: FieldReader) -> Filter | None:
    reader.check_known(FILTER_FIELDS)
    label = reader.text("label", required=True)
    phrases = _phrases(reader, "phrases")
    conditions = []
    for name, facet in FACET.items():
        if name not in reader.data:
            continue
        if facet.vocabulary is not None:
            values = _choices(reader, name, name.replace("_", " "),
                              (member.value for member in facet.vocabulary))
        else:
            values = reader.slug_list(name)
        if values:
            conditions.append((name, values))
    unlisted = _flag(reader, "unlisted")
    if not conditions and not reader.fatal:
        reader.fail("label", "a filter must name at least one facet to restrict",
                    f"add one of: {', '.join(FACET)}")
    if label is None or reader.fatal:
        return None
    return Filter(label, tuple(p for _, p in phrases), tuple(conditions), unlisted,
                  reader.text_list("avoid"))


def _parse_focus(kind: FocusKind) -> Callable[[FieldReader], Focus | None]:
    def parse(reader: FieldReader) -> Focus | None:
        reader.check_known(FOCUS_FIELDS)
        label = reader.text("label", required=True)
        phrases = _phrases(reader, "phrases")
        muscles = reader.slug_list("muscles", required=kind is FocusKind.ANATOMY)
        categories = _choices(reader, "categories", "category", (c.value for c in Category))
        focus = Focus(kind, label or "", tuple(p for _, p in phrases), muscles, categories,
                      reader.slug_list("equipment"), reader.text_list("words"),
                      reader.text_list("avoid"), _patterns(reader, "patterns"),
                      _patterns(reader, "avoid_patterns"), _flag(reader, "of_exercise"))
        return None if label is None or reader.fatal else focus
    return parse


def _patterns(reader: FieldReader, name: str) -> tuple[str, ...]:
    """Movement pattern slugs, each known (or, ending in `*`, the start of known ones)."""
    kept = []
    for index, value in enumerate(reader.text_list(name)):
        if value in PATTERNS or (value.endswith("*") and any(
                slug.startswith(value[:-1]) for slug in PATTERNS)):
            kept.append(value)
        else:
            reader.report(name, f'unknown movement pattern "{value}"',
                          did_you_mean(value, PATTERNS) or "see the patterns in "
                          "docs/profile-method.md", index=index)
    return tuple(kept)


def _parse_relation(reader: FieldReader) -> Relation | None:
    reader.check_known(RELATION_FIELDS)
    kind = reader.enum("kind", RelationKind, required=True)
    phrases = _phrases(reader, "phrases")
    words = reader.text_list("words")
    if words and kind in (RelationKind.SUBSTITUTES, RelationKind.PROGRESSION_PATH):
        reader.report("words", f"`words` mark easier or harder versions; {kind} ignores them",
                      "move them to the regressions or progressions entry",
                      Severity.WARNING)
    if kind is None or reader.fatal:
        return None
    return Relation(kind, tuple(p for _, p in phrases), words)


def _parse_synonym(reader: FieldReader) -> Synonym | None:
    reader.check_known(SYNONYM_FIELDS)
    terms = _phrases(reader, "terms")
    means = _phrases(reader, "means")
    if reader.fatal:
        return None
    return Synonym(tuple(t for _, t in terms), tuple(m for _, m in means))


_PARSERS: dict[str, Callable[[FieldReader], Entry | None]] = {
    "filters": _parse_filter,
    "goals": _parse_focus(FocusKind.GOAL),
    "anatomy": _parse_focus(FocusKind.ANATOMY),
    "relations": _parse_relation,
    "synonyms": _parse_synonym,
}


class _Checker:
    """Checks the entries of every file against the library and each other."""

    def __init__(self, files: Mapping[str, ParsedVocabularyFile], muscles: set[str],
                 equipment: set[str], display: Callable[[str], str],
                 problems: list[Problem]) -> None:
        self.files = files
        self.known = {"muscle": muscles, "equipment": equipment}
        self.display = display
        self.problems = problems

    def report(self, relative: str, where: KeyPath, message: str, suggestion: str | None,
               severity: Severity = Severity.ERROR) -> None:
        """Report a problem at `where`: (section, index, field[, item index])."""
        line, column = self.files[relative].position(*where) or (None, None)
        section, index, *rest = where
        field = f"{section}[{index}]" + "".join(f".{part}" for part in rest
                                                 if isinstance(part, str))
        self.problems.append(Problem(self.display(relative), message, line, column, field,
                                     suggestion, severity))

    def slugs(self, relative: str, where: KeyPath, kind: str,
              values: tuple[str, ...]) -> tuple[str, ...]:
        """The values that are slugs of existing documents; the others are reported."""
        kept = []
        for index, value in enumerate(values):
            if value in self.known[kind]:
                kept.append(value)
            else:
                self.report(relative, (*where, index), f'unknown {kind} "{value}"',
                            did_you_mean(value, self.known[kind])
                            or f"create {kind} {value!r} first or remove the reference")
        return tuple(kept)

    def resolve(self, relative: str, placed: Placed) -> Entry | None:
        entry, where = placed.entry, (placed.section, placed.index)
        if isinstance(entry, Filter):
            conditions = tuple(
                (facet, self.slugs(relative, (*where, facet), DOCUMENT_FACETS[facet], values)
                 if facet in DOCUMENT_FACETS else values)
                for facet, values in entry.conditions)
            conditions = tuple((facet, values) for facet, values in conditions if values)
            if conditions == entry.conditions:
                return entry
            return replace(entry, conditions=conditions) if conditions else None
        if isinstance(entry, Focus):
            muscles = self.slugs(relative, (*where, "muscles"), "muscle", entry.muscles)
            if entry.kind is FocusKind.ANATOMY and not muscles:
                return None
            equipment = self.slugs(relative, (*where, "equipment"), "equipment",
                                   entry.equipment)
            if (muscles, equipment) == (entry.muscles, entry.equipment):
                return entry
            return replace(entry, muscles=muscles, equipment=equipment)
        if isinstance(entry, Synonym) and len(entry.means) > 1:
            options = " or ".join(f'"{m}"' for m in entry.means)
            self.report(relative, (*where, "means"),
                        f'ambiguous abbreviation "{entry.terms[0]}": it may mean {options}; '
                        "search uses the first", "keep one meaning, or spell the others out "
                        "as their own terms", Severity.WARNING)
        return entry


def _phrases_of(entry: Entry) -> tuple[str, ...]:
    if isinstance(entry, str):
        return (entry,)
    return entry.terms if isinstance(entry, Synonym) else entry.phrases


def _field_of(entry: Entry) -> str | None:
    if isinstance(entry, str):
        return None
    return "terms" if isinstance(entry, Synonym) else "phrases"


def merge(files: Mapping[str, ParsedVocabularyFile], muscles: Iterable[str],
          equipment: Iterable[str], display: Callable[[str], str],
          problems: list[Problem]) -> Vocabulary:
    """One vocabulary from every file (in path order), checked against the library's muscles
    and equipment; a phrase defined twice keeps its first meaning, with a warning."""
    checker = _Checker(files, set(muscles), set(equipment), display, problems)
    sections: dict[str, list[Any]] = {section: [] for section in SECTIONS}
    first: dict[str, tuple[str, Placed, KeyPath]] = {}
    for relative in sorted(files):
        for placed in files[relative].entries:
            entry = checker.resolve(relative, placed)
            if entry is None:
                continue
            field = _field_of(entry)
            for number, (phrase, key) in enumerate(zip(_phrases_of(entry), placed.keys,
                                                       strict=True)):
                where = (placed.section, placed.index, *((field, number) if field else ()))
                if key not in first:
                    first[key] = (relative, placed, where)
                    continue
                other_file, other, there = first[key]
                if other.entry == placed.entry:
                    continue
                line = files[other_file].position(*there)
                at = f"{display(other_file)}:{line[0]}" if line else display(other_file)
                checker.report(relative, where, f'"{phrase}" is already defined in '
                               f"{other.section} at {at}; search uses that first definition",
                               "remove one of them", Severity.WARNING)
            sections[placed.section].append(entry)
    return Vocabulary(
        filters=tuple(sections["filters"]), goals=tuple(sections["goals"]),
        anatomy=tuple(sections["anatomy"]), relations=tuple(sections["relations"]),
        synonyms=tuple(sections["synonyms"]), fillers=tuple(sections["fillers"]))


@functools.lru_cache(maxsize=4096)
def _words_of(text: str) -> frozenset[str]:
    return frozenset(NAME_WORD.findall(fold(text)))


def collisions(files: Mapping[str, ParsedVocabularyFile], exercises: Iterable[Exercise],
               display: Callable[[str], str], problems: list[Problem],
               known: dict[str, tuple[Exercise, frozenset[str]]]) -> None:
    """Warn about abbreviations (one-word synonym terms) that are also a word of exercise
    names or aliases that do not mean the same ("sl" in "SL Cable Row" where `sl` stands
    for "single leg" and the name holds no "single leg"): a query of the term alone is
    searched as what it stands for, never as those names. `known`: the words of each
    exercise's names as last seen, by slug (kept up to date here)."""
    terms: dict[str, list[tuple[str, Placed, int]]] = {}
    for relative in sorted(files):
        for placed in files[relative].entries:
            if isinstance(placed.entry, Synonym):
                for number, term in enumerate(placed.entry.terms):
                    words = _words_of(term)
                    if len(words) == 1 and len(fold(term).split()) == 1:
                        terms.setdefault(next(iter(words)), []).append((relative, placed,
                                                                         number))
    if not terms:
        return
    named: dict[str, list[str]] = {}
    for exercise in exercises:
        seen = known.get(exercise.slug)
        if seen is None or seen[0] is not exercise:
            seen = known[exercise.slug] = (exercise, frozenset().union(
                *map(_words_of, (exercise.name, *exercise.aliases))))
        words = seen[1]
        for word in words & terms.keys():
            means = terms[word][0][1].entry
            assert isinstance(means, Synonym)
            if not _words_of(means.means[0]) <= words:
                named.setdefault(word, []).append(exercise.name)
    checker = _Checker(files, set(), set(), display, problems)
    for word, names in sorted(named.items()):
        for relative, placed, number in terms[word]:
            entry = placed.entry
            assert isinstance(entry, Synonym)
            shown = ", ".join(f'"{name}"' for name in sorted(names)[:3]) + \
                (f" and {len(names) - 3} more" if len(names) > 3 else "")
            checker.report(relative, (placed.section, placed.index, "terms", number),
                           f'abbreviation "{entry.terms[number]}" is also a word of exercise '
                           f"names: {shown}; search reads it alone as "
                           f'"{entry.means[0]}", which these names do not say',
                           "drop the term, or rename what the names call it",
                           Severity.WARNING)


def is_vocabulary_path(relative: str) -> bool:
    """Whether a path relative to a library names a vocabulary file."""
    folder, _, name = relative.partition("/")
    return folder == FOLDER and name.endswith((".yaml", ".yml")) and "/" not in name
