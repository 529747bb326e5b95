"""Parsed files kept on disk between runs, so that unchanged files are not parsed again.

A cache, never a source of truth: an entry is used only for the same path, the same bytes
(SHA-256) and the same parsing code; entries are plain JSON decoded into the expected
types and checked as they are read, so a damaged, tampered or foreign entry is ignored and
its file parsed again. Nothing read from it can run code.

Beside each file's latest result, the cache remembers the last version of each file that
gave a valid document, so a file saved broken while the server was down is still served
as it last was (marked stale) when it starts again.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from .model import Exercise, Guide, Kind, Muscle
from .parsing import ParsedFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS parsed (
    path TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    code TEXT NOT NULL,
    result BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS good (
    path TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    result BLOB NOT NULL
);
"""
_DECODERS: dict[Kind, msgspec.json.Decoder[Any]] = {
    Kind.EXERCISE: msgspec.json.Decoder(ParsedFile[Exercise]),
    Kind.MUSCLE: msgspec.json.Decoder(ParsedFile[Muscle]),
    Kind.GUIDE: msgspec.json.Decoder(ParsedFile[Guide]),
}
_ENCODER = msgspec.json.Encoder()
BROKEN = b'{"document":null'  # how an entry without a valid document starts


def code_version(package: Path) -> str:
    """A digest of a package's code: a change to how files are parsed or checked
    invalidates every entry."""
    digest = hashlib.sha256()
    for source in sorted(package.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = code_version(Path(__file__).parent)


def _decode(kind: Kind, blob: object) -> ParsedFile[Any] | None:
    if not isinstance(blob, bytes):
        return None
    try:
        parsed: ParsedFile[Any] = _DECODERS[kind].decode(blob)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError):
        return None
    return parsed


def _belongs(parsed: ParsedFile[Any], path: str) -> bool:
    """Whether a decoded entry is really about the file at `path`."""
    return (parsed.document is None or parsed.document.path == path) and \
        all(problem.path == path for problem in parsed.problems)


class ParseCache:
    """One library's parsed files in an SQLite database."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextlib.contextmanager
    def session(self) -> Iterator[ParseSession]:
        """Look-ups during one load; new entries are written when it ends."""
        connection = None
        with contextlib.suppress(sqlite3.Error, OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            # A cache: losing the last writes to a crash only means parsing those files.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = OFF")
            connection.executescript(SCHEMA)
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
        self._gone: list[str] = []
        self._kept: set[str] | None = None

    def _row(self, sql: str, *parameters: object) -> tuple[Any, ...] | None:
        if self._connection is None:
            return None
        try:
            row: tuple[Any, ...] | None = self._connection.execute(sql, parameters).fetchone()
        except sqlite3.Error:
            self._connection = None
            return None
        return row

    def get(self, kind: Kind, path: str, fingerprint: str) -> ParsedFile[Any] | None:
        row = self._row("SELECT result FROM parsed WHERE path = ? AND fingerprint = ? AND "
                        "code = ?", path, fingerprint, CODE_VERSION)
        parsed = _decode(kind, row[0]) if row else None
        return parsed if parsed is not None and _belongs(parsed, path) else None

    def put(self, path: str, fingerprint: str, parsed: ParsedFile[Any]) -> None:
        """Record a file's result; when it replaces a valid one by a broken one, the valid
        one is kept as the file's last good version."""
        if self._connection is not None:
            self._new.append((path, fingerprint, CODE_VERSION, _ENCODER.encode(parsed)))

    def good(self, kind: Kind, path: str) -> ParsedFile[Any] | None:
        """The last version of `path` that gave a valid document, as earlier loads saw it:
        its latest entry if that is valid, else the valid one it replaced."""
        row = self._row("SELECT result FROM parsed WHERE path = ? AND code = ? AND "
                        "substr(result, 1, ?) != ? UNION ALL SELECT result FROM good WHERE "
                        "path = ? AND code = ?", path, CODE_VERSION, len(BROKEN), BROKEN,
                        path, CODE_VERSION)
        parsed = _decode(kind, row[0]) if row else None
        return parsed if parsed is not None and parsed.document is not None and \
            _belongs(parsed, path) else None

    def forget(self, path: str) -> None:
        """Drop what is known of a file that no longer exists."""
        self._gone.append(path)

    def keep_only(self, paths: set[str]) -> None:
        """After a full scan: drop the entries of every file not in `paths`."""
        self._kept = paths

    def save(self) -> None:
        """Write the new entries and drop those of files that are gone."""
        if self._connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            if self._kept is not None:
                stored = {path for (path,) in self._connection.execute(
                    "SELECT path FROM parsed UNION SELECT path FROM good")}
                self._gone += sorted(stored - self._kept)
            if not (self._new or self._gone):
                return
            broken = [(path,) for path, _, _, result in self._new if result.startswith(BROKEN)]
            valid = [(path,) for path, _, _, result in self._new
                     if not result.startswith(BROKEN)]
            with self._connection:
                self._connection.execute("BEGIN IMMEDIATE")
                self._connection.executemany(
                    "INSERT OR REPLACE INTO good SELECT path, code, result FROM parsed "
                    "WHERE path = ? AND substr(result, 1, ?) != ?",
                    [(path, len(BROKEN), BROKEN) for (path,) in broken])
                self._connection.executemany("DELETE FROM good WHERE path = ?", valid)
                self._connection.executemany(
                    "INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?)", self._new)
                for table in ("parsed", "good"):
                    self._connection.executemany(f"DELETE FROM {table} WHERE path = ?",
                                                 [(path,) for path in self._gone])
        self._new, self._gone, self._kept = [], [], None
