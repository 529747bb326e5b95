"""What a running exgraph serves: one snapshot of the content and its search engine,
replaced as a whole when the content changes, never edited in place."""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from content.loader import LoadResult, Workspace
from content.model import Kind
from content.problems import Problem
from search.engine import SearchEngine
from search.service import SearchService

from .context import Context, Deadline
from .settings import Settings

if TYPE_CHECKING:
    from .live import ChangeFeed

logger = logging.getLogger("exgraph")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One load of the content and the search engine built from it, always used together."""

    loaded: LoadResult
    search: SearchEngine


@dataclass(frozen=True, slots=True)
class ChangedDocument:
    kind: Kind
    slug: str
    change: str  # "added", "changed" or "removed"


@dataclass(frozen=True, slots=True)
class ContentChange:
    """A new snapshot being served: its version and the documents that changed."""

    version: str
    previous_version: str
    changed: tuple[ChangedDocument, ...]
    loaded: LoadResult


def _documents(loaded: LoadResult) -> dict[tuple[Kind, str], object]:
    store = loaded.store
    return {**{(Kind.EXERCISE, slug): doc for slug, doc in store.exercises.items()},
            **{(Kind.MUSCLE, slug): doc for slug, doc in store.muscles.items()},
            **{(Kind.GUIDE, slug): doc for slug, doc in store.guides.items()}}


def changed_documents(before: LoadResult, after: LoadResult,
                      paths: Iterable[str]) -> tuple[ChangedDocument, ...]:
    """The documents of the files at `paths` that were added, changed or removed."""
    old, new = _documents(before), _documents(after)
    found = []
    for path in sorted(set(paths)):
        folder, _, name = path.partition("/")
        kind = next((k for k in Kind if k.folder == folder), None)
        if kind is None or not name.endswith(".md"):
            continue
        key = (kind, name[:-3])
        if key in new and key not in old:
            found.append(ChangedDocument(kind, key[1], "added"))
        elif key in old and key not in new:
            found.append(ChangedDocument(kind, key[1], "removed"))
        elif key in new and new[key] != old[key]:
            found.append(ChangedDocument(kind, key[1], "changed"))
    return tuple(found)


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a snapshot is built: it allocates hundreds of
    thousands of objects that survive, and at 100,000 documents the full collections this
    sets off cost more than the rest of the edit. Collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _key(problem: Problem) -> tuple[str, int | None, str | None, str]:
    return problem.path, problem.line, problem.field, problem.message


class AppState:
    """The content being served, kept in step with the files of its directory."""

    def __init__(self, workspace: Workspace, search: SearchService, settings: Settings) -> None:
        self.workspace = workspace
        self.search = search
        self.settings = settings
        self._lock = threading.Lock()
        self._unserved: set[str] = set()  # read by a call that failed before serving them
        loaded = workspace.scan()
        self.snapshot = Snapshot(loaded, search.synchronise(loaded))
        # The documents and search structures just built mostly live as long as the process
        # (later snapshots share them): keep the garbage collector from walking them again
        # at every full collection, which at 100,000 documents costs a second each time.
        gc.freeze()
        # A fault found in the index on disk and not yet repaired, and the last one found.
        self.index_fault: str | None = None
        self.last_index_fault: tuple[float, str] | None = None
        if search.problem:
            logger.warning("%s; rebuilt from the content", search.problem)
            self.last_index_fault = (time.time(), search.problem)

    @property
    def root(self) -> Path:
        return self.workspace.root

    def apply(self, paths: Iterable[str] | None = None) -> ContentChange | None:
        """Re-read the files at `paths` (relative to the library; None: whatever a rescan
        finds changed) and serve the result, if it differs, as a new snapshot. Blocking:
        run it in a worker thread. Requests in flight keep the snapshot they started with."""
        with self._lock, _collection_paused():
            # Paths read by an earlier call that failed before serving them come first.
            wanted = self._unserved | set(
                self.workspace.changed() if paths is None else paths)
            if not wanted:
                return None
            self._unserved = wanted
            before = self.snapshot.loaded
            loaded = self.workspace.update(wanted)
            if loaded.store.version != before.store.version or \
                    loaded.problems != before.problems:
                self.snapshot = Snapshot(loaded, self.search.synchronise(loaded))
            self._unserved = set()
            if self.snapshot.loaded is before:
                return None
            self._log_problem_changes(before, loaded)
            return ContentChange(loaded.store.version, before.store.version,
                                 changed_documents(before, loaded, wanted), loaded)

    def _log_problem_changes(self, before: LoadResult, after: LoadResult) -> None:
        """Log each error once when it appears and once when it is gone."""
        old = {_key(p) for p in before.errors}
        new = {_key(p) for p in after.errors}
        for problem in after.errors:
            if _key(problem) not in old:
                logger.error("%s", problem)
        for problem in before.errors:
            if _key(problem) not in new:
                logger.info("fixed: %s", problem)
        if len(after.warnings) != len(before.warnings):
            logger.info("content warnings: %d", len(after.warnings))

    def check_index(self) -> None:
        """Check the index on disk; rebuild it if it is damaged or gone (the engine keeps
        answering from memory meanwhile). Blocking: run it in a worker thread."""
        with self._lock:
            fault = self.search.check()
            if fault is None:
                return
            logger.error("%s; rebuilding it", fault)
            self.index_fault = fault
            self.last_index_fault = (time.time(), fault)
            self.search.repair(self.snapshot.loaded)
            self.index_fault = None
            logger.info("search index rebuilt in %s", self.search.directory.root)

    def health(self) -> dict[str, Any]:
        """What /healthz reports: `degraded` while content has errors or the index is
        damaged, the service answering all the same."""
        loaded = self.snapshot.loaded
        store = loaded.store
        index: dict[str, Any] = {"status": "damaged" if self.index_fault else "ok"}
        if self.last_index_fault:
            index["lastFault"] = {"at": self.last_index_fault[0],
                                  "problem": self.last_index_fault[1]}
        return {
            "status": "degraded" if loaded.errors or self.index_fault else "ok",
            "version": store.version,
            "exercises": len(store.exercises),
            "muscles": len(store.muscles),
            "guides": len(store.guides),
            "errors": len(loaded.errors),
            "warnings": len(loaded.warnings),
            "stale": len(loaded.stale),
            "index": index,
        }

    def context(self, deadline: Deadline | None = None,
                feed: ChangeFeed | None = None) -> Context:
        snapshot = self.snapshot
        return Context(store=snapshot.loaded.store, settings=self.settings,
                       search=snapshot.search, deadline=deadline, loaded=snapshot.loaded,
                       root=self.root, feed=feed)
