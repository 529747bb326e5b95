"""Load a content directory into a store, collecting every problem instead of stopping."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .documents import parse_equipment, parse_exercise, parse_guide, parse_muscle
from .frontmatter import MarkdownSource, SourceError, YamlDocument, parse_yaml, split_markdown
from .integrity import Library
from .model import Equipment, Exercise, Guide, Muscle
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


class _Reader:
    """Reads the files of one directory, remembering their hashes and parsed frontmatter."""

    def __init__(self, root: Path) -> None:
        self.root = root
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

    def text(self, relative: str) -> str | None:
        """The file's text, or None (with a problem reported) if it cannot be read as UTF-8."""
        try:
            data = (self.root / relative).read_bytes()
        except OSError as error:
            self.report(relative, f"cannot read the file: {error.strerror or error}",
                        suggestion="check that it exists and is readable")
            return None
        self.fingerprints[relative] = hashlib.sha256(data).hexdigest()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
            self.report(relative, f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be "
                        "decoded", line, column, "re-save the file with UTF-8 encoding")
            return None

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
        text = self.text(relative)
        if text is None:
            return None
        try:
            source = split_markdown(text)
        except SourceError as error:
            self.report(relative, str(error), error.line, error.column, error.suggestion)
            return None
        self.sources[relative] = source.frontmatter
        for path, (line, column) in source.frontmatter.duplicate_keys:
            self.report(relative, f'"{".".join(map(str, path))}" is written twice; only the '
                        "last value counts", line, column, "remove one of them")
        found: list[Problem] = []
        document = parse(relative, slug, source, found)
        self.problems.extend(_displayed(found, self.display))
        return document

    def equipment(self) -> list[Equipment]:
        if not (self.root / EQUIPMENT_FILE).exists():
            return []
        text = self.text(EQUIPMENT_FILE)
        if text is None:
            return []
        try:
            document = parse_yaml(text)
        except SourceError as error:
            self.report(EQUIPMENT_FILE, str(error), error.line, error.column, error.suggestion)
            return []
        found: list[Problem] = []
        entries = parse_equipment(EQUIPMENT_FILE, document, found)
        self.problems.extend(_displayed(found, self.display))
        return entries


def _displayed(problems: list[Problem], display: Callable[[str], str]) -> list[Problem]:
    return [Problem(display(p.path), p.message, p.line, p.column, p.field, p.suggestion,
                    p.severity) for p in problems]


def load_library(directory: Path | str = BUNDLED_LIBRARY) -> LoadResult:
    """Read, validate and index a content directory. Never raises for bad content."""
    root = Path(directory)
    reader = _Reader(root)
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
