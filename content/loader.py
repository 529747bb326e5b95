"""Load a content directory into a store, collecting every problem instead of stopping.

A `Workspace` remembers the files of one directory as it last read them, so a later load
re-reads only the files that changed and re-parses only those whose bytes changed. A file
that was valid and is now broken keeps being served as it last was valid, marked stale,
while its problems are reported.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .frontmatter import KeyPath, Position
from .integrity import Library, Locate, Resolutions
from .model import Equipment, Exercise, Guide, Kind, Muscle
from .parse_cache import ParseCache, ParseSession
from .parsing import (
    MAX_FILE_BYTES,
    ParsedFile,
    ParsedVocabulary,
    parse_document,
    parse_equipment_file,
    read_file,
)
from .problems import Problem, Severity
from .slugs import slugify
from .store import Store
from .vocabulary_files import FOLDER as VOCABULARY_FOLDER
from .vocabulary_files import (
    ParsedVocabularyFile,
    collisions,
    is_vocabulary_path,
    merge,
    parse_vocabulary_file,
)

BUNDLED_LIBRARY = Path(__file__).parent / "library"
EQUIPMENT_FILE = "equipment.yaml"
_TEMPORARY_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".part")


def is_temporary(name: str) -> bool:
    """Editor swap, backup and lock files, and hidden files: never content."""
    return name.startswith((".", "#")) or name.endswith(_TEMPORARY_SUFFIXES) or name == "4913"


def is_content_directory(root: Path) -> bool:
    """Whether `root` looks like a content library (it has at least one of its parts)."""
    return root.is_dir() and ((root / EQUIPMENT_FILE).is_file() or any(
        (root / kind.folder).is_dir() for kind in Kind))


class NotContentDirectory(Exception):
    """A directory that is not a content library."""

    def __init__(self, directory: Path) -> None:
        what = "does not exist" if not directory.exists() else \
            "is not a folder" if not directory.is_dir() else \
            "holds no equipment.yaml, muscles/, exercises/ or guides/"
        super().__init__(f"{directory} {what}: not a content library (`exgraph new` creates "
                         "files in one; `exgraph import` makes one from the Free Exercise DB)")


def content_path(relative: str) -> bool:
    """Whether a path relative to a library is one the library reads."""
    parts = relative.split("/")
    if len(parts) == 1:
        return parts[0] == EQUIPMENT_FILE
    return len(parts) == 2 and parts[0] in {kind.folder for kind in Kind} | {
        VOCABULARY_FOLDER} and not is_temporary(parts[1])


@dataclass(frozen=True, slots=True)
class Stale:
    """A document served as it last was valid, because its file is now broken."""

    path: str
    since: float  # when the broken version was written (seconds since the epoch)


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The store built from the valid documents, plus everything found wrong."""

    store: Store
    problems: tuple[Problem, ...]
    stale: tuple[Stale, ...] = ()
    loaded_at: float = 0.0

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


Signature = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class _File:
    """One file as last read: what identifies that version, and what parsing it gave."""

    signature: Signature | None
    fingerprint: str | None
    parsed: ParsedFile[Any] | ParsedVocabulary | ParsedVocabularyFile | None
    problem: Problem | None = None


def _file_hash(relative: str, fingerprint: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{relative}\0{fingerprint}".encode(),
                                          digest_size=8).digest())


def _signature(path: Path) -> Signature | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


class Workspace:
    """The files of one content directory as last read, and the content they make."""

    def __init__(self, root: Path, cache: ParseCache | None = None,
                 max_file_bytes: int = MAX_FILE_BYTES) -> None:
        self.root = root
        self.cache = cache
        self.max_file_bytes = max_file_bytes
        self._files: dict[str, _File] = {}
        self._listed: dict[str, list[str]] = {}
        self._mix = 0
        self._shown: dict[int, tuple[tuple[Problem, ...], tuple[Problem, ...]]] = {}
        self._good: dict[str, ParsedFile[Any]] = {}
        self._owners: dict[tuple[Kind, str], str] = {}
        # What the last loads resolved: of the files as they are, and with stale documents.
        self._resolutions = {False: Resolutions(), True: Resolutions()}
        self._slug = functools.lru_cache(maxsize=None)(slugify)
        self._session: ParseSession | None = None
        self._name_words: dict[str, tuple[Exercise, frozenset[str]]] = {}

    def display(self, relative: str) -> str:
        return str(self.root / relative) if relative else str(self.root)

    def listing(self) -> list[str]:
        """Every file the library consists of, relative to its root."""
        found = [EQUIPMENT_FILE] if (self.root / EQUIPMENT_FILE).is_file() else []
        for name in (*(kind.folder for kind in Kind), VOCABULARY_FOLDER):
            with contextlib.suppress(OSError):
                found += sorted(f"{name}/{entry.name}" for entry in os.scandir(self.root / name)
                                if not is_temporary(entry.name))
        return found

    def scan(self) -> LoadResult:
        """Read every file again (unchanged bytes are not parsed again) and load."""
        listed = self.listing()
        with self._parsing() as session:
            for relative in set(self._files) - set(listed):
                self._remember(relative, None)
            for relative in listed:
                self._remember(relative, self._read(relative))
            if session is not None:
                session.keep_only(set(listed))
            return self._build()

    def update(self, relatives: Iterable[str]) -> LoadResult:
        """Re-read the given files (added, changed or deleted) and load again."""
        with self._parsing():
            for relative in sorted(set(relatives)):
                if (self.root / relative).is_file() and content_path(relative):
                    self._remember(relative, self._read(relative))
                elif relative in self._files:
                    self._remember(relative, None)
                    self._good.pop(relative, None)
                    if self._session is not None:
                        self._session.forget(relative)
            return self._build()

    def changed(self) -> set[str]:
        """Files added, removed or rewritten since they were last read, judged by their
        size, times and inode: what a rescan should read again."""
        listed = set(self.listing())
        known = set(self._files)
        rewritten = {relative for relative in listed & known
                     if _signature(self.root / relative) != self._files[relative].signature}
        return rewritten | (listed ^ known)

    @contextlib.contextmanager
    def _parsing(self) -> Iterator[ParseSession | None]:
        with self.cache.session() if self.cache else contextlib.nullcontext() as session:
            self._session = session
            try:
                yield session
            finally:
                self._session = None

    def _remember(self, relative: str, file: _File | None) -> None:
        """Record `file` (None: gone) as the current version of `relative`, keeping the
        content version up to date: the XOR of one 64-bit hash of each file's path and
        bytes, so that a change costs the files it touches."""
        previous = self._files.pop(relative, None)
        if (previous is None) != (file is None):
            self._listed.pop(relative.partition("/")[0], None)  # listed again when needed
        if previous is not None and previous.fingerprint is not None:
            self._mix ^= _file_hash(relative, previous.fingerprint)
        if file is not None:
            self._files[relative] = file
            if file.fingerprint is not None:
                self._mix ^= _file_hash(relative, file.fingerprint)

    def _folder(self, folder: str) -> list[str]:
        """The files of `folder`, sorted (kept from one load to the next until a file is
        added to it or removed from it)."""
        if folder not in self._listed:
            self._listed[folder] = sorted(r for r in self._files if r.startswith(f"{folder}/"))
        return self._listed[folder]

    def _read(self, relative: str) -> _File:
        path = self.root / relative
        signature = _signature(path)
        vocabulary = is_vocabulary_path(relative)
        if relative.split("/")[-1].endswith(".md") or relative == EQUIPMENT_FILE or vocabulary:
            read = read_file(self.root, relative, self.max_file_bytes)
        else:
            return _File(signature, None, None)
        if read.data is None or read.fingerprint is None:
            return _File(signature, None, None, read.problem)
        previous = self._files.get(relative)
        if previous is not None and previous.fingerprint == read.fingerprint:
            return replace(previous, signature=signature)
        if relative == EQUIPMENT_FILE:
            return _File(signature, read.fingerprint, parse_equipment_file(relative, read.data))
        if vocabulary:
            return _File(signature, read.fingerprint, parse_vocabulary_file(relative, read.data))
        kind = Kind(relative.split("/")[0][:-1])
        session = self._session
        parsed = session.get(kind, relative, read.fingerprint) if session else None
        if parsed is None:
            parsed = parse_document(kind, relative, slugify(Path(relative).stem), read.data)
            if session is not None:
                session.put(relative, read.fingerprint, parsed)
        return _File(signature, read.fingerprint, parsed)

    def _build(self) -> LoadResult:
        problems: list[Problem] = []
        located: dict[str, ParsedFile[Any] | ParsedVocabulary] = {}
        stale: list[Stale] = []

        def report(relative: str, message: str, suggestion: str | None = None,
                   severity: Severity = Severity.ERROR) -> None:
            problems.append(Problem(self.display(relative), message, None, None, None,
                                    suggestion, severity))

        shown: dict[int, tuple[tuple[Problem, ...], tuple[Problem, ...]]] = {}

        def add(found: tuple[Problem, ...]) -> None:
            """Report a file's problems (their paths as the library shows them; worked out
            once per parse, for the parses that did not change)."""
            if not found:
                return
            known = self._shown.get(id(found))
            if known is None or known[0] is not found:
                known = (found, tuple(replace(p, path=self.display(p.path)) for p in found))
            shown[id(found)] = known
            problems.extend(known[1])

        if not self.root.is_dir():
            report("", "not a content directory",
                    "pass a folder holding muscles/, exercises/ and guides/")
        equipment: tuple[Equipment, ...] = ()
        broken: tuple[str, ...] = ()
        vocabulary = self._files.get(EQUIPMENT_FILE)
        if vocabulary is not None:
            add((vocabulary.problem,) if vocabulary.problem else ())
            if isinstance(vocabulary.parsed, ParsedVocabulary):
                add(vocabulary.parsed.problems)
                equipment, broken = vocabulary.parsed.entries, vocabulary.parsed.broken
                located[EQUIPMENT_FILE] = vocabulary.parsed
        words = self._vocabulary_files(report, add)
        documents: dict[Kind, list[Any]] = {kind: [] for kind in Kind}
        owners: dict[tuple[Kind, str], str] = {}
        for kind in (Kind.MUSCLE, Kind.EXERCISE, Kind.GUIDE):
            files: dict[str, list[str]] = {}
            for relative in self._folder(kind.folder):
                name = relative.split("/", 1)[1]
                if not name.endswith(".md"):
                    report(relative, "ignored: content files must end in .md",
                           severity=Severity.WARNING)
                    continue
                slug = self._slug(name[:-3])
                if not slug:
                    report(relative, "the file name has no letters or digits to make a slug")
                    continue
                if slug != name[:-3]:
                    report(relative, f'the file name "{name}" is not a slug',
                           f'rename it to "{slug}.md"')
                files.setdefault(slug, []).append(relative)
            for slug, candidates in files.items():
                # The file that gave the slug its document before keeps it.
                owner = self._owners.get((kind, slug))
                owner = owner if owner in candidates else candidates[0]
                for relative in candidates:
                    if relative != owner:
                        report(relative, f'duplicate slug "{slug}", also used by '
                               f'{self.display(owner)}', "remove or rename one of them")
                owners[(kind, slug)] = owner
                document, used = self._document(kind, owner, add, stale)
                if document is not None and used is not None:
                    documents[kind].append(document)
                    located[owner] = used
        self._owners = owners
        self._shown = shown
        locate = _locator(located)
        # Served: every document, the stale ones too. Reported: the problems of the files as
        # they are on disk, as `exgraph check` reports them, without the stale documents.
        library = Library(documents[Kind.EXERCISE], documents[Kind.MUSCLE], list(equipment),
                          documents[Kind.GUIDE], locate, self.display,
                          [] if stale else problems, frozenset(broken),
                          self._resolutions[bool(stale)])
        if stale:
            on_disk = {kind: [d for d in found if self.display(d.path) not in stale_paths]
                       for kind, found in documents.items()
                       for stale_paths in [{s.path for s in stale}]}
            Library(on_disk[Kind.EXERCISE], on_disk[Kind.MUSCLE], list(equipment),
                    on_disk[Kind.GUIDE], locate, self.display, problems, frozenset(broken),
                    self._resolutions[False])
        # The vocabulary is served with the muscles served, and checked against those on disk.
        meanings = merge(words, (m.slug for m in library.muscles),
                         (e.slug for e in library.equipment), self.display,
                         [] if stale else problems)
        if stale:
            merge(words, (m.slug for m in on_disk[Kind.MUSCLE]),
                  (e.slug for e in library.equipment), self.display, problems)
        collisions(words, on_disk[Kind.EXERCISE] if stale else library.exercises,
                   self.display, problems, self._name_words)
        store = Store(exercises=library.exercises, muscles=library.muscles,
                      equipment=library.equipment, guides=library.guides,
                      version=f"{self._mix:016x}", vocabulary=meanings)
        return LoadResult(store, tuple(problems), tuple(stale), time.time())

    def _vocabulary_files(self, report: Callable[..., None],
                          add: Callable[[tuple[Problem, ...]], None]
                          ) -> dict[str, ParsedVocabularyFile]:
        """The parsed vocabulary files, their problems reported."""
        parsed: dict[str, ParsedVocabularyFile] = {}
        for relative in self._folder(VOCABULARY_FOLDER):
            file = self._files[relative]
            add((file.problem,) if file.problem else ())
            if isinstance(file.parsed, ParsedVocabularyFile):
                add(file.parsed.problems)
                parsed[relative] = file.parsed
            elif not is_vocabulary_path(relative):
                report(relative, "ignored: vocabulary files must end in .yaml",
                       severity=Severity.WARNING)
        return parsed

    def _document(self, kind: Kind, relative: str,
                  add: Callable[[tuple[Problem, ...]], None],
                  stale: list[Stale]
                  ) -> tuple[Exercise | Muscle | Guide | None, ParsedFile[Any] | None]:
        """The document to serve for a file, and the parse it comes from: its current
        version, or its last valid one while the current one is broken."""
        file = self._files[relative]
        if file.problem is not None:
            add((file.problem,))
        parsed = file.parsed if isinstance(file.parsed, ParsedFile) else None
        if parsed is not None:
            add(parsed.problems)
            if parsed.document is not None:
                self._good[relative] = parsed
                return parsed.document, parsed
        good = self._good.get(relative)
        if good is None and self._session is not None:
            good = self._session.good(kind, relative)
        if good is None:
            return None, None
        self._good[relative] = good
        written = file.signature[1] / 1e9 if file.signature else time.time()
        stale.append(Stale(self.display(relative), written))
        return good.document, good


def _locator(located: dict[str, ParsedFile[Any] | ParsedVocabulary]) -> Locate:
    def locate(relative: str, where: KeyPath) -> Position | None:
        found = located.get(relative)
        if isinstance(found, ParsedFile):
            return found.position(*where)
        if isinstance(found, ParsedVocabulary):
            return ParsedFile(None, (), found.located).position(*where)
        return None
    return locate


def load_library(directory: Path | str = BUNDLED_LIBRARY, cache: ParseCache | None = None,
                 max_file_bytes: int = MAX_FILE_BYTES) -> LoadResult:
    """Read, validate and index a content directory. Never raises for bad content.

    With a `cache`, files whose bytes are unchanged since an earlier load are not parsed
    again; the result is the same either way.
    """
    return Workspace(Path(directory), cache, max_file_bytes).scan()
