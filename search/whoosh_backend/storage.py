"""Index generations on disk: build fresh, swap atomically, reuse or patch when possible.

Layout of an index root::

    CURRENT            name of the live generation (replaced atomically)
    write.lock         held by the single writer
    gen-<id>/          a complete Whoosh index plus manifest.json

A generation is never modified once CURRENT names it: updates copy it, patch the copy and
swap, so readers never see a half-written index.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index

from content.store import Store

from ..documents import IndexDocument, documents
from .analysis import exact_key
from .schema import SCHEMA_VERSION, build_schema

MANIFEST = "manifest.json"
CURRENT = "CURRENT"
# Patch in place when at most this share of documents changed; rebuild otherwise.
PATCH_RATIO = 0.25
# Rebuilds of at least this many documents share the work among up to MAX_WRITERS processes.
PARALLEL_FROM = 5000
MAX_WRITERS = 4
Progress = Callable[[int, int], None]


class Outcome(StrEnum):
    REUSED = "reused"
    UPDATED = "updated"
    REBUILT = "rebuilt"


@dataclass(frozen=True, slots=True)
class Generation:
    """One complete index on disk and what it was built from."""

    path: Path
    index: Index
    manifest: dict[str, Any]
    outcome: Outcome


def _manifest(store: Store, fingerprints: dict[str, str],
              docs: list[IndexDocument]) -> dict[str, Any]:
    return {"schema": SCHEMA_VERSION, "content_version": store.version,
            "files": dict(sorted(fingerprints.items())),
            "documents": {doc.key: doc.digest for doc in docs}}


def _add(writer: Any, doc: IndexDocument) -> None:
    names = (doc.fields["name"], *doc.fields.get("aliases", "").splitlines())
    exact = ",".join(filter(None, (exact_key(name) for name in names)))
    writer.add_document(key=doc.key, kind=doc.kind.value, slug=doc.slug, exact=exact,
                        **doc.fields)


class IndexDirectory:
    """The on-disk home of one library's index."""

    def __init__(self, root: Path) -> None:
        self.root = root

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

    def _current(self) -> tuple[Path, Index, dict[str, Any]] | None:
        """The live generation, or None if absent or unreadable (it will be rebuilt)."""
        try:
            path = self.root / (self.root / CURRENT).read_text().strip()
            manifest = json.loads((path / MANIFEST).read_text())
            opened = whoosh_index.open_dir(str(path))
            if opened.doc_count() != len(manifest["documents"]) or \
                    manifest.get("schema") != SCHEMA_VERSION:
                return None
            return path, opened, manifest
        except Exception:  # a damaged cache fails in many ways; it is rebuilt
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

    def synchronise(self, store: Store, fingerprints: dict[str, str],
                    progress: Progress | None = None) -> Generation:
        """An index matching `store`: reused, patched or rebuilt as needed."""
        with self.writing():
            current = self._current()
            if current and current[2]["content_version"] == store.version:
                return Generation(current[0], current[1], current[2], Outcome.REUSED)
            docs = list(documents(store))
            manifest = _manifest(store, fingerprints, docs)
            if current:
                changed = [d for d in docs
                           if current[2]["documents"].get(d.key) != d.digest]
                removed = set(current[2]["documents"]) - set(manifest["documents"])
                if len(changed) + len(removed) <= PATCH_RATIO * max(len(docs), 1):
                    return self._patch(current[0], manifest, changed, removed)
            return self._rebuild(docs, manifest, progress)

    def _rebuild(self, docs: list[IndexDocument], manifest: dict[str, Any],
                 progress: Progress | None) -> Generation:
        path = self._new_generation()
        path.mkdir(parents=True)
        built = whoosh_index.create_in(str(path), build_schema())
        procs = min(os.cpu_count() or 1, MAX_WRITERS) if len(docs) >= PARALLEL_FROM else 1
        writer = built.writer(limitmb=256, procs=procs, multisegment=procs > 1)
        for number, doc in enumerate(docs, 1):
            _add(writer, doc)
            if progress and (number % 500 == 0 or number == len(docs)):
                progress(number, len(docs))
        writer.commit()
        (path / MANIFEST).write_text(json.dumps(manifest))
        self._swap(path)
        return Generation(path, whoosh_index.open_dir(str(path)), manifest, Outcome.REBUILT)

    def _patch(self, source: Path, manifest: dict[str, Any], changed: list[IndexDocument],
               removed: set[str]) -> Generation:
        path = self._new_generation()
        shutil.copytree(source, path)
        patched = whoosh_index.open_dir(str(path))
        writer = patched.writer()
        for key in removed:
            writer.delete_by_term("key", key)
        for doc in changed:
            writer.delete_by_term("key", doc.key)
            _add(writer, doc)
        writer.commit()
        (path / MANIFEST).write_text(json.dumps(manifest))
        self._swap(path)
        return Generation(path, whoosh_index.open_dir(str(path)), manifest, Outcome.UPDATED)
