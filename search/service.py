"""The search service: keeps an engine in step with the content it indexes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from content.loader import LoadResult

from .engine import SearchEngine
from .whoosh_backend.engine import WhooshEngine
from .whoosh_backend.storage import (
    Generation,
    IndexDirectory,
    Outcome,
    Progress,
    check_generation,
)


def default_index_root(content_dir: Path) -> Path:
    """Where the index of `content_dir` is cached when no index directory is given."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "exgraph"
    tag = hashlib.sha256(str(content_dir.resolve()).encode()).hexdigest()[:12]
    return base / f"{content_dir.resolve().name}-{tag}"


class SearchService:
    """Builds or reuses the index for a load of the content and answers from it."""

    def __init__(self, index_root: Path) -> None:
        self.directory = IndexDirectory(index_root)
        self.generation: Generation | None = None
        self.engine: WhooshEngine | None = None

    @property
    def outcome(self) -> Outcome | None:
        return self.generation.outcome if self.generation else None

    @property
    def problem(self) -> str | None:
        """Why the index found on disk was not used, when it was rebuilt for a fault."""
        return self.directory.problem

    def synchronise(self, loaded: LoadResult, progress: Progress | None = None
                    ) -> SearchEngine:
        """Bring the index in line with `loaded` and switch to it: what did not change since
        the last call is neither indexed nor read again."""
        previous = self.engine
        self.generation = self.directory.synchronise(
            loaded.store, progress, known=self.generation,
            previous=previous.store if previous else None)
        self.engine = WhooshEngine(loaded.store, self.generation, previous)
        return self.engine

    def check(self) -> str | None:
        """What is wrong with the live index on disk now, or None. The engine serves from
        memory, so a damaged disk copy never changes answers; it only needs rebuilding
        before the next start or update."""
        generation = self.generation
        return check_generation(generation.path, generation.manifest) if generation else None

    def repair(self, loaded: LoadResult) -> None:
        """Rebuild the disk copy of the index for `loaded` (the engine keeps serving)."""
        self.generation = self.directory.synchronise(loaded.store)
