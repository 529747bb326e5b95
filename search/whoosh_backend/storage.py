"""Index generations on disk: build fresh, swap atomically, reuse or patch when possible.

Layout of an index root (created private to its user, refused if others may write it)::

    CURRENT            name of the live generation (replaced atomically)
    write.lock         held by the single writer
    gen-<id>/          a complete Whoosh index plus manifest.json

A generation is never modified once CURRENT names it: updates copy it, patch the copy and
swap, so readers never see a half-written index. Whoosh keeps parts of an index as pickles,
so nothing in a generation is opened before every file has been checked against the
SHA-256 its manifest records; the checked bytes are then served from memory, so a file
changed or deleted on disk later cannot reach a running engine. Any failed check means
the generation is not used: it is rebuilt from the content.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import stat
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index

from content.store import Store

from ..documents import IndexDocument, changed_documents, documents
from .analysis import exact_key
from .schema import SCHEMA_VERSION, build_schema

MANIFEST = "manifest.json"
CURRENT = "CURRENT"
# Patch in place when at most this share of documents changed; rebuild otherwise.
PATCH_RATIO = 0.25
# A patch merges the index's small segments once it has this many.
MERGE_FROM = 8
# Rebuilds of at least this many documents share the work among up to MAX_WRITERS processes.
PARALLEL_FROM = 5000
MAX_WRITERS = 4
Progress = Callable[[int, int], None]
_INDEX_FILE = re.compile(r"^[A-Za-z0-9_.-]+\.(?:seg|toc|pst|trm|fln|vps|dcz|lex|per|wcs)$")


class MemoryStorage(RamStorage):
    """Whoosh's in-memory storage, whose writers also keep their temporary files in memory
    (Whoosh's own puts them in a folder named after the index, `/tmp/MAIN.tmp`, which
    concurrent writers of other processes would share and delete under each other)."""

    def temp_storage(self, name: str | None = None) -> RamStorage:
        return MemoryStorage()


class UnsafeIndexDirectory(Exception):
    """The index directory could be written by other users."""


def private_directory(path: Path) -> None:
    """Create `path` readable and writable by this user only, or check that it already is."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.stat()
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeIndexDirectory(
            f"{path} can be written by other users (mode {stat.filemode(info.st_mode)}); "
            f"exgraph will not read an index others could have planted: run "
            f"`chmod 700 {path}` or choose another index directory")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _index_files(generation: Path) -> dict[str, str]:
    """The SHA-256 of every file of a generation's Whoosh index."""
    return {file.name: _digest(file) for file in sorted(generation.iterdir())
            if _INDEX_FILE.match(file.name)}


class CorruptGeneration(Exception):
    """A generation whose files do not match its manifest."""


def _verified(generation: Path, manifest: dict[str, Any],
              known: Generation | None = None) -> RamStorage:
    """The generation's index files, each checked against its manifest, in memory. Files
    that `known` (a generation already in memory) holds with the same checksum are taken
    from it rather than read again."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise CorruptGeneration("its manifest lists no files")
    storage = MemoryStorage()
    for name, expected in files.items():
        if not isinstance(name, str) or not _INDEX_FILE.match(name):
            raise CorruptGeneration(f"its manifest names an unexpected file {name!r}")
        if known is not None and known.manifest["files"].get(name) == expected and \
                name in known.storage.files:
            storage.files[name] = known.storage.files[name]
            continue
        try:
            data = (generation / name).read_bytes()
        except OSError as error:
            raise CorruptGeneration(f"{name} cannot be read: {error.strerror}") from None
        if hashlib.sha256(data).hexdigest() != expected:
            raise CorruptGeneration(f"{name} does not match its checksum")
        storage.files[name] = data
    return storage


def check_generation(generation: Path, manifest: dict[str, Any]) -> str | None:
    """What is wrong with a generation's files on disk now, or None if they are intact."""
    try:
        _verified(generation, manifest)
    except CorruptGeneration as error:
        return f"index generation {generation.name}: {error}"
    return None


class Outcome(StrEnum):
    REUSED = "reused"
    UPDATED = "updated"
    REBUILT = "rebuilt"


@dataclass(frozen=True)
class Generation:
    """One complete index on disk, the same checked bytes in memory (which the engine
    reads), and what it was built from."""

    path: Path
    storage: RamStorage
    manifest: dict[str, Any]
    outcome: Outcome

    @functools.cached_property
    def index(self) -> Index:
        return self.storage.open_index(schema=build_schema())


def _add(writer: Any, doc: IndexDocument) -> None:
    names = (doc.fields["name"], *doc.fields.get("aliases", "").splitlines())
    exact = ",".join(filter(None, (exact_key(name) for name in names)))
    writer.add_document(key=doc.key, kind=doc.kind.value, slug=doc.slug, exact=exact,
                        **doc.fields)


class IndexDirectory:
    """The on-disk home of one library's index."""

    def __init__(self, root: Path) -> None:
        private_directory(root)
        self.root = root
        # Why the last generation found was not used, if it was not.
        self.problem: str | None = None

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the writer lock: one process or thread builds at a time."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "write.lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _current(self, known: Generation | None) -> Generation | None:
        """The live generation, checked and loaded, or None if there is none or it cannot
        be used (`problem` then says why; it will be rebuilt)."""
        self.problem = None
        try:
            name = (self.root / CURRENT).read_text().strip()
        except OSError:
            return None
        path = self.root / name
        try:
            if not re.fullmatch(r"gen-[0-9a-f]+", name):
                raise CorruptGeneration(f"CURRENT names {name[:40]!r}")
            if known is not None and known.path == path:
                return known  # already checked and in memory
            manifest = json.loads((path / MANIFEST).read_text())
            if not isinstance(manifest, dict) or manifest.get("schema") != SCHEMA_VERSION:
                return None  # built by another version of exgraph: rebuilt, not a fault
            generation = Generation(path, _verified(path, manifest, known), manifest,
                                    Outcome.REUSED)
            if generation.index.doc_count() != len(manifest["documents"]):
                raise CorruptGeneration("it holds another number of documents than listed")
            return generation
        except CorruptGeneration as error:
            self.problem = f"index generation {name}: {error}"
        except Exception as error:  # a damaged cache fails in many ways; it is rebuilt
            self.problem = f"index generation {name} cannot be opened: {error!r:.200}"
        return None

    def _swap(self, generation: Path) -> None:
        pointer = self.root / f".{CURRENT}.{uuid.uuid4().hex}"
        pointer.write_text(generation.name)
        os.replace(pointer, self.root / CURRENT)
        keep = {generation.name}
        for old in sorted(self.root.glob("gen-*"), key=lambda p: p.stat().st_mtime)[-2:]:
            keep.add(old.name)
        for old in self.root.glob("gen-*"):
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)

    def _new_generation(self) -> Path:
        return self.root / f"gen-{uuid.uuid4().hex[:12]}"

    def synchronise(self, store: Store, progress: Progress | None = None,
                    known: Generation | None = None, previous: Store | None = None
                    ) -> Generation:
        """An index matching `store`: reused, patched or rebuilt as needed.

        `known` is the generation last returned, whose files need not be read again;
        `previous` the store it was built for: then only the documents that differ from it
        are indexed again.
        """
        with self.writing():
            current = self._current(known)
            if current and current.manifest["content_version"] == store.version:
                return replace(current, outcome=Outcome.REUSED)
            docs: list[IndexDocument] | None = None
            if current and previous is not None and \
                    current.manifest["content_version"] == previous.version:
                changed, removed = changed_documents(previous, store)
                digests = dict(current.manifest["documents"])
                for key in removed:
                    digests.pop(key, None)
                digests.update((doc.key, doc.digest) for doc in changed)
            else:
                docs = list(documents(store))
                digests = {doc.key: doc.digest for doc in docs}
                old = current.manifest["documents"] if current else {}
                changed = [doc for doc in docs if old.get(doc.key) != doc.digest]
                removed = set(old) - set(digests)
            manifest = {"schema": SCHEMA_VERSION, "content_version": store.version,
                        "documents": digests}
            if current and len(changed) + len(removed) <= PATCH_RATIO * max(len(digests), 1):
                return self._patch(current, manifest, changed, removed)
            return self._rebuild(docs if docs is not None else list(documents(store)),
                                 manifest, progress)

    def _rebuild(self, docs: list[IndexDocument], manifest: dict[str, Any],
                 progress: Progress | None) -> Generation:
        path = self._new_generation()
        path.mkdir(mode=0o700, parents=True)
        built = whoosh_index.create_in(str(path), build_schema())
        procs = min(os.cpu_count() or 1, MAX_WRITERS) if len(docs) >= PARALLEL_FROM else 1
        writer = built.writer(limitmb=256, procs=procs, multisegment=procs > 1)
        for number, doc in enumerate(docs, 1):
            _add(writer, doc)
            if progress and (number % 500 == 0 or number == len(docs)):
                progress(number, len(docs))
        writer.commit()
        manifest = {**manifest, "files": _index_files(path)}
        (path / MANIFEST).write_text(json.dumps(manifest))
        self._swap(path)
        return Generation(path, _verified(path, manifest), manifest, Outcome.REBUILT)

    def _patch(self, current: Generation, manifest: dict[str, Any],
               changed: list[IndexDocument], removed: set[str]) -> Generation:
        """Apply the changes in memory, to a copy of the current generation's checked bytes
        (never to files on disk, which could have changed since they were checked), then
        write the new generation, linking the files it shares with the current one."""
        storage = MemoryStorage()
        storage.files = dict(current.storage.files)
        writer = storage.open_index(schema=build_schema()).writer()
        for key in removed:
            writer.delete_by_term("key", key)
        for doc in changed:
            writer.delete_by_term("key", doc.key)
            _add(writer, doc)
        # Small segments are merged once there are enough of them to slow searches down.
        writer.commit(merge=len(current.index.reader().leaf_readers()) >= MERGE_FROM)
        storage.files = {name: data for name, data in storage.files.items()
                         if _INDEX_FILE.match(name)}
        path = self._new_generation()
        path.mkdir(mode=0o700, parents=True)
        files: dict[str, str] = {}
        for name, data in storage.files.items():
            shared = current.manifest["files"].get(name)
            if shared is not None and current.storage.files.get(name) is data:
                with contextlib.suppress(OSError):
                    os.link(current.path / name, path / name)
                    files[name] = shared
                    continue
            (path / name).write_bytes(data)
            files[name] = hashlib.sha256(data).hexdigest()
        manifest = {**manifest, "files": files}
        (path / MANIFEST).write_text(json.dumps(manifest))
        self._swap(path)
        return Generation(path, storage, manifest, Outcome.UPDATED)
