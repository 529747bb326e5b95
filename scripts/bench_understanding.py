"""What query understanding costs, in-process: reading a query with the vocabulary, whole
searches of understood queries (cold: every string unique, so no cache of answers helps),
the first pass over them on a fresh engine, and, as authors edit, the first understood
query after a one-file edit and the first pass over all of them then.

    .venv/bin/python scripts/bench_understanding.py [--size 10000] [--edits 3] [--rounds 3]
        [--work DIR]   # keep the library, parsed files and index there between runs

`--size` grows a synthetic library of that many exercises from the real records (see
scripts/synthetic.py) instead of the 873 real ones. The library gets the bundled vocabulary.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import synthetic
from benchlib import FREE_EXERCISE_DB, ROOT, imported_library, p50, p95, timed, workspace

from content.loader import BUNDLED_LIBRARY, Workspace
from content.model import Kind
from content.parse_cache import ParseCache
from search.engine import SearchEngine, SearchRequest
from search.evaluation import load_judgements
from search.service import SearchService
from search.understanding.reading import read

RELEVANCE = ROOT / "tests" / "relevance"
EXERCISES = frozenset({Kind.EXERCISE})
EDITED = "exercises/plank.md"


@contextlib.contextmanager
def work_directory(kept: Path | None) -> Iterator[Path]:
    if kept is not None:
        kept.mkdir(parents=True, exist_ok=True)
        yield kept
    else:
        with workspace() as work:
            yield work


def library(work: Path, size: int) -> Path:
    target = work / f"library-{size or 873}"
    if not (target / "exercises").is_dir():
        if size:
            synthetic.library(FREE_EXERCISE_DB, target, size)
        else:
            imported_library(target)
    for source in (BUNDLED_LIBRARY / "vocabulary").glob("*.yaml"):
        shutil.copy(source, target / "vocabulary" / source.name)
    return target


def search(engine: SearchEngine, text: str) -> float:
    """Milliseconds one search of the first ten exercises takes."""
    return timed(lambda: engine.search(SearchRequest(text, kinds=EXERCISES, limit=10)))[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", type=int, default=0, help="synthetic library size")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--work", type=Path, help="keep libraries and indexes here")
    args = parser.parse_args()
    intents = [j.query for j in load_judgements(RELEVANCE / "intents.yaml")]
    with work_directory(args.work) as work:
        content = library(work, args.size)
        files = Workspace(content, ParseCache(work / f"{content.name}.parsed"))
        service = SearchService(work / f"{content.name}.index")
        loaded = files.scan()
        engine = service.synchronise(loaded)
        print(f"{len(loaded.store.exercises)} exercises")
        first = [search(engine, query) for query in intents]
        understood = [q for q, _ in zip(intents, first, strict=True) if engine.search(
            SearchRequest(q, kinds=EXERCISES, limit=1)).interpretation is not None]
        print(f"{len(understood)} of {len(intents)} intents queries are understood; first "
              f"pass over all on a fresh engine {sum(first):.0f} ms")
        lexicon = engine._understanding.lexicon  # type: ignore[attr-defined]
        known = engine._known  # type: ignore[attr-defined]
        # Trailing spaces make every string new to any cache, and change nothing else.
        reads = [t * 1000 for r in range(args.rounds) for q in intents
                 for t in timed(lambda q=q, r=r: read(q + " " * (r + 1), lexicon, known))]
        print(f"read, cold                       p50 {p50(reads):7.1f} µs   "
              f"p95 {p95(reads):7.1f} µs")
        times = [search(engine, q + " " * (r + 1)) for r in range(args.rounds)
                 for q in understood]
        print(f"search, understood, cold strings p50 {p50(times):7.2f} ms   "
              f"p95 {p95(times):7.2f} ms")
        original = (content / EDITED).read_text(encoding="utf-8")
        try:
            for edit in range(args.edits):
                (content / EDITED).write_text(f"{original}\nEdited {edit}.\n",
                                              encoding="utf-8")
                started = time.perf_counter()
                engine = service.synchronise(files.update([EDITED]))
                snapshot = (time.perf_counter() - started) * 1000
                padding = " " * (args.rounds + 1 + edit)
                once = search(engine, understood[edit % len(understood)] + padding)
                after = [search(engine, q + padding) for q in understood]
                print(f"edit {edit + 1}: new snapshot {snapshot:6.0f} ms; first understood "
                      f"query {once:6.1f} ms; first pass over {len(after)}: {sum(after):6.0f} "
                      f"ms (p50 {p50(after):.1f}, p95 {p95(after):.1f}, max {max(after):.0f})")
        finally:
            (content / EDITED).write_text(original, encoding="utf-8")


if __name__ == "__main__":
    main()
