"""Load a content directory into a store, collecting every problem instead of stopping."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from .documents import parse_equipment, parse_exercise, parse_guide, parse_muscle
from .frontmatter import MarkdownSource, SourceError, YamlDocument, parse_yaml, split_markdown
from .integrity import Library
from .model import Equipment, Exercise, Guide, Muscle
from .parse_cache import ParseCache, ParsedFile, ParseSession
from .problems import Problem, Severity
from .slugs import slugify
from .store import Store

BUNDLED_LIBRARY = Path(__file__).parent / "library"
EQUIPMENT_FILE = "equipment.yaml"

D = TypeVar("D", Exercise, Muscle, Guide)
Parser = Callable[[str, str, MarkdownSource, list[Problem]], D | None]


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The store built from the valid documents, plus everything found wrong."""

    store: Store
    problems: tuple[Problem, ...]
    fingerprints: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def _decode(relative: str, data: bytes, problems: list[Problem]) -> str | None:
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


def _parse_file(relative: str, slug: str, data: bytes, parse: Parser[D]) -> ParsedFile:
    """Parse one Markdown document file; problems carry `relative` as their path."""
    problems: list[Problem] = []
    text = _decode(relative, data, problems)
    if text is None:
        return ParsedFile(None, tuple(problems), None)
    try:
        source = split_markdown(text)
    except SourceError as error:
        problems.append(Problem(relative, str(error), error.line, error.column, None,
                                error.suggestion))
        return ParsedFile(None, tuple(problems), None)
    for path, (line, column) in source.frontmatter.duplicate_keys:
        problems.append(Problem(relative, f'"{".".join(map(str, path))}" is written twice; '
                                "only the last value counts", line, column, None,
                                "remove one of them"))
    document = parse(relative, slug, source, problems)
    return ParsedFile(document, tuple(problems), replace(source.frontmatter, data=None))


class _Reader:
    """Reads the files of one directory, remembering their hashes and parsed frontmatter."""

    def __init__(self, root: Path, cache: ParseSession | None) -> None:
        self.root = root
        self.cache = cache
        self.problems: list[Problem] = []
        self.fingerprints: dict[str, str] = {}
        self.sources: dict[str, YamlDocument] = {}

    def display(self, relative: str) -> str:
        return str(self.root / relative)

    def report(self, relative: str, message: str, line: int | None = None,
               column: int | None = None, suggestion: str | None = None,
               severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(self.display(relative), message, line, column, None,
                                     suggestion, severity))

    def add(self, problems: Iterable[Problem]) -> None:
        """Record problems whose paths are relative to the library."""
        self.problems.extend(replace(p, path=self.display(p.path)) for p in problems)

    def read(self, relative: str) -> bytes | None:
        """The file's bytes (their hash noted), or None with a problem if unreadable."""
        try:
            data = (self.root / relative).read_bytes()
        except OSError as error:
            self.report(relative, f"cannot read the file: {error.strerror or error}",
                        suggestion="check that it exists and is readable")
            return None
        self.fingerprints[relative] = hashlib.sha256(data).hexdigest()
        return data

    def documents(self, kind: str, parse: Parser[D]) -> list[D]:
        folder = self.root / kind
        if not folder.is_dir():
            return []
        parsed: dict[str, D] = {}
        for file in sorted(folder.iterdir()):
            if file.name.startswith((".", "#")) or file.name.endswith("~"):
                continue
            relative = f"{kind}/{file.name}"
            if file.suffix != ".md":
                self.report(relative, "ignored: content files must end in .md",
                            severity=Severity.WARNING)
                continue
            slug = slugify(file.stem)
            if not slug:
                self.report(relative, "the file name has no letters or digits to make a slug")
                continue
            if slug != file.stem:
                self.report(relative, f'the file name "{file.name}" is not a slug',
                            suggestion=f'rename it to "{slug}.md"')
            if slug in parsed:
                self.report(relative, f'duplicate slug "{slug}", also used by '
                            f'{parsed[slug].path}', suggestion="remove or rename one of them")
                continue
            document = self._parse(relative, slug, parse)
            if document is not None:
                parsed[slug] = document
        return list(parsed.values())

    def _parse(self, relative: str, slug: str, parse: Parser[D]) -> D | None:
        data = self.read(relative)
        if data is None:
            return None
        fingerprint = self.fingerprints[relative]
        result = self.cache.get(relative, fingerprint) if self.cache else None
        if result is None:
            result = _parse_file(relative, slug, data, parse)
            if self.cache:
                self.cache.put(relative, fingerprint, result)
        if result.locations is not None:
            self.sources[relative] = result.locations
        self.add(result.problems)
        return result.document

    def equipment(self) -> list[Equipment]:
        if not (self.root / EQUIPMENT_FILE).exists():
            return []
        data = self.read(EQUIPMENT_FILE)
        found: list[Problem] = []
        text = _decode(EQUIPMENT_FILE, data, found) if data is not None else None
        entries: list[Equipment] = []
        if text is not None:
            try:
                entries = parse_equipment(EQUIPMENT_FILE, parse_yaml(text), found)
            except SourceError as error:
                found.append(Problem(EQUIPMENT_FILE, str(error), error.line, error.column,
                                     None, error.suggestion))
        self.add(found)
        return entries


def load_library(directory: Path | str = BUNDLED_LIBRARY, cache: ParseCache | None = None
                 ) -> LoadResult:
    """Read, validate and index a content directory. Never raises for bad content.

    With a `cache`, files whose bytes are unchanged since an earlier load are not parsed
    again; the result is the same either way.
    """
    root = Path(directory)
    with cache.session() if cache else contextlib.nullcontext() as session:
        reader = _Reader(root, session)
        if not root.is_dir():
            reader.report("", "not a content directory",
                          suggestion="pass a folder holding muscles/, exercises/ and guides/")
        equipment = reader.equipment()
        muscles = reader.documents("muscles", parse_muscle)
        exercises = reader.documents("exercises", parse_exercise)
        guides = reader.documents("guides", parse_guide)
    library = Library(exercises, muscles, equipment, guides, reader.sources, reader.display,
                      reader.problems)
    digest = hashlib.sha256()
    for relative, fingerprint in sorted(reader.fingerprints.items()):
        digest.update(f"{relative}\0{fingerprint}\n".encode())
    store = Store(exercises=library.exercises, muscles=library.muscles,
                  equipment=library.equipment, guides=library.guides,
                  version=digest.hexdigest()[:16])
    return LoadResult(store, tuple(reader.problems), reader.fingerprints)
