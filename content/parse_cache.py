"""Parsed files kept on disk between runs, so that unchanged files are not parsed again.

A cache, never a source of truth: an entry is used only for the same path, the same bytes
(SHA-256) and the same parsing code, and a damaged or unwritable cache only means parsing
everything, as without one.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .frontmatter import YamlDocument
from .problems import Problem

SCHEMA = """
CREATE TABLE IF NOT EXISTS parsed (
    path TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    code TEXT NOT NULL,
    result BLOB NOT NULL
)
"""


def _code_version() -> str:
    """A digest of this package's code: a change to how files are parsed or checked
    invalidates every entry."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """What parsing one file gave: the document (None if unusable), the problems found
    (with paths relative to the library) and where each frontmatter value is written (its
    data left out), for locating problems found later."""

    document: Any
    problems: tuple[Problem, ...]
    locations: YamlDocument | None


class ParseCache:
    """One library's parsed files in an SQLite database."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextlib.contextmanager
    def session(self) -> Iterator[ParseSession]:
        """Look-ups during one load; new entries are written, and entries of files that no
        longer exist dropped, when it ends."""
        connection = None
        with contextlib.suppress(sqlite3.Error, OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.execute(SCHEMA)
        session = ParseSession(connection)
        try:
            yield session
            session.save()
        finally:
            if connection is not None:
                connection.close()


class ParseSession:
    """Reads entries as a load asks for them and collects the new ones."""

    def __init__(self, connection: sqlite3.Connection | None) -> None:
        self._connection = connection
        self._new: list[tuple[str, str, str, bytes]] = []
        self._seen: set[str] = set()

    def get(self, path: str, fingerprint: str) -> ParsedFile | None:
        self._seen.add(path)
        if self._connection is None:
            return None
        try:
            row = self._connection.execute(
                "SELECT result FROM parsed WHERE path = ? AND fingerprint = ? AND code = ?",
                (path, fingerprint, CODE_VERSION)).fetchone()
            return pickle.loads(row[0]) if row else None
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            self._connection = None
            return None

    def put(self, path: str, fingerprint: str, parsed: ParsedFile) -> None:
        self._seen.add(path)
        if self._connection is not None:
            self._new.append((path, fingerprint, CODE_VERSION,
                              pickle.dumps(parsed, pickle.HIGHEST_PROTOCOL)))

    def save(self) -> None:
        """Write the new entries and drop those of files not seen in this load."""
        if self._connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            stored = {path for (path,) in self._connection.execute("SELECT path FROM parsed")}
            gone = [(path,) for path in stored - self._seen]
            if not self._new and not gone:
                return
            with self._connection:
                self._connection.execute("BEGIN IMMEDIATE")
                self._connection.executemany(
                    "INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?)", self._new)
                self._connection.executemany("DELETE FROM parsed WHERE path = ?", gone)
