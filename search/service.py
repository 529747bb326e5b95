"""The search service: keeps an engine in step with the content it indexes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from content.loader import LoadResult

from .engine import SearchEngine
from .whoosh_backend.engine import WhooshEngine
from .whoosh_backend.storage import Generation, IndexDirectory, Outcome, Progress

INDEX_ROOT_ENV = "EXGRAPH_INDEX_DIR"


def default_index_root(content_dir: Path) -> Path:
    """Where the index of `content_dir` is cached unless EXGRAPH_INDEX_DIR says otherwise."""
    base = Path(os.environ.get(INDEX_ROOT_ENV) or
                Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "exgraph")
    tag = hashlib.sha256(str(content_dir.resolve()).encode()).hexdigest()[:12]
    return base / f"{content_dir.resolve().name}-{tag}"


class SearchService:
    """Builds or reuses the index for a load of the content and answers from it."""

    def __init__(self, index_root: Path) -> None:
        self.directory = IndexDirectory(index_root)
        self.engine: SearchEngine | None = None
        self.outcome: Outcome | None = None

    def synchronise(self, loaded: LoadResult, progress: Progress | None = None
                    ) -> SearchEngine:
        """Bring the index in line with `loaded` and switch to it."""
        generation: Generation = self.directory.synchronise(loaded.store, loaded.fingerprints,
                                                            progress)
        self.engine = WhooshEngine(loaded.store, generation)
        self.outcome = generation.outcome
        return self.engine
