"""One content file at a time: read it within limits and parse it into a document.

Everything here depends on one file's bytes alone, so its results can be cached under the
file's fingerprint. Problems carry paths relative to the library.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from .documents import parse_equipment, parse_exercise, parse_guide, parse_muscle
from .frontmatter import (
    KeyPath,
    MarkdownSource,
    Position,
    SourceError,
    YamlDocument,
    nearest,
    parse_yaml,
    split_markdown,
)
from .model import Equipment, Exercise, Guide, Kind, Muscle
from .problems import Problem

MAX_FILE_BYTES = 1024 * 1024
D = TypeVar("D", Exercise, Muscle, Guide)
Parser = Callable[[str, str, MarkdownSource, list[Problem]], D | None]
PARSERS: dict[Kind, Parser[Any]] = {
    Kind.EXERCISE: parse_exercise, Kind.MUSCLE: parse_muscle, Kind.GUIDE: parse_guide}
Located = tuple[tuple[KeyPath, int, int], ...]


@dataclass(frozen=True, slots=True)
class FileRead:
    """A file's bytes and their SHA-256, or the problem that stopped it being read."""

    data: bytes | None
    fingerprint: str | None
    problem: Problem | None = None


def read_file(root: Path, relative: str, max_bytes: int = MAX_FILE_BYTES) -> FileRead:
    """Read `root/relative`, refusing files larger than `max_bytes`."""
    try:
        with open(root / relative, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(max_bytes + 1) if size <= max_bytes else b""
    except OSError as error:
        return FileRead(None, None, Problem(relative, "cannot read the file: "
                                            f"{error.strerror or error}", None, None, None,
                                            "check that it exists and is readable"))
    if size > max_bytes or len(data) > max_bytes:
        size = max(size, len(data))
        return FileRead(None, None, Problem(
            relative, f"the file is {_size(size)}; content files may be at most "
            f"{_size(max_bytes)}", 1, None, None, "split it, or move large media out of the "
            "library"))
    return FileRead(data, hashlib.sha256(data).hexdigest())


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{count / 1024:.0f} kB"


def decode(relative: str, data: bytes, problems: list[Problem]) -> str | None:
    """The bytes as UTF-8 text, or None with a problem pointing at the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(Problem(relative, f"not UTF-8 text: byte 0x{data[error.start]:02x} "
                                "cannot be decoded", line, column, None,
                                "re-save the file with UTF-8 encoding"))
        return None


@dataclass(frozen=True, slots=True)
class ParsedFile(Generic[D]):
    """What parsing one document file gave: the document (None if unusable), the problems
    found and where each frontmatter value is written, for locating problems found later."""

    document: D | None
    problems: tuple[Problem, ...]
    located: Located = ()

    def position(self, *path: str | int) -> Position | None:
        """Where `path` (or its nearest located ancestor) is written."""
        return nearest({key: (line, column) for key, line, column in self.located}, path)


def _located(document: YamlDocument) -> Located:
    return tuple((key, line, column) for key, (line, column) in document.positions.items())


def parse_document(kind: Kind, relative: str, slug: str, data: bytes) -> ParsedFile[Any]:
    """Parse one Markdown document file of `kind`."""
    problems: list[Problem] = []
    text = decode(relative, data, problems)
    if text is None:
        return ParsedFile(None, tuple(problems))
    try:
        source = split_markdown(text)
    except SourceError as error:
        problems.append(Problem(relative, str(error), error.line, error.column, None,
                                error.suggestion))
        return ParsedFile(None, tuple(problems))
    for path, (line, column) in source.frontmatter.duplicate_keys:
        problems.append(Problem(relative, f'"{".".join(map(str, path))}" is written twice; '
                                "only the last value counts", line, column, None,
                                "remove one of them"))
    document = PARSERS[kind](relative, slug, source, problems)
    return ParsedFile(document, tuple(problems), _located(source.frontmatter))


@dataclass(frozen=True, slots=True)
class ParsedVocabulary:
    """The equipment file: its valid entries, the slugs of entries that are broken (so that
    references to them are not reported again), its problems and positions."""

    entries: tuple[Equipment, ...]
    broken: tuple[str, ...]
    problems: tuple[Problem, ...]
    located: Located = ()


_ENTRY_START = re.compile(r"^-(?:\s|$)")
_SLUG_LINE = re.compile(r"^\s*-?\s*slug\s*:\s*['\"]?([A-Za-z0-9-]+)", re.MULTILINE)


def parse_equipment_file(relative: str, data: bytes) -> ParsedVocabulary:
    """Parse the equipment list. A broken line loses only the entry it is in: when the file
    as a whole is not valid YAML, each top-level `- ` entry is parsed on its own."""
    problems: list[Problem] = []
    text = decode(relative, data, problems)
    if text is None:
        return ParsedVocabulary((), (), tuple(problems))
    try:
        document = parse_yaml(text)
    except SourceError as error:
        return _parse_entry_by_entry(relative, text, error)
    entries = parse_equipment(relative, document, problems)
    return ParsedVocabulary(tuple(entries), (), tuple(problems), _located(document))


def _parse_entry_by_entry(relative: str, text: str, whole: SourceError) -> ParsedVocabulary:
    lines = text.splitlines(keepends=True)
    starts = [number for number, line in enumerate(lines) if _ENTRY_START.match(line)]
    if not starts:
        return ParsedVocabulary((), (), (Problem(relative, str(whole), whole.line,
                                                 whole.column, None, whole.suggestion),))
    problems: list[Problem] = []
    data: list[Any] = []
    positions: dict[KeyPath, Position] = {}
    broken: list[str] = []
    for start, stop in zip(starts, [*starts[1:], len(lines)], strict=True):
        chunk = "".join(lines[start:stop])
        try:
            parsed = parse_yaml(chunk, line_offset=start)
        except SourceError as error:
            problems.append(Problem(relative, str(error), error.line, error.column, None,
                                    error.suggestion))
            broken += _SLUG_LINE.findall(chunk)[:1]
            continue
        index = len(data)
        data += parsed.data if isinstance(parsed.data, list) else [parsed.data]
        for key, position in parsed.positions.items():
            positions[(index, *key[1:]) if key else (index,)] = position
    document = YamlDocument(data, positions)
    entries = parse_equipment(relative, document, problems)
    return ParsedVocabulary(tuple(entries), tuple(broken), tuple(problems), _located(document))
