"""What query understanding costs, in-process on the real Free Exercise DB: reading a query
with the vocabulary (cold: every string unique, so no cache helps) and whole searches of
understood and plain queries, plus the one-off costs paid by the first understood query.

    .venv/bin/python scripts/bench_understanding.py [--rounds 20] [--size 10000]

`--size` grows a synthetic library of that many exercises from the real records (see
scripts/synthetic.py) instead of the 873 real ones.
"""

from __future__ import annotations

import argparse
import time

import synthetic
from benchlib import FREE_EXERCISE_DB, ROOT, imported_library, p50, p95, timed, workspace

from content.loader import load_library
from content.model import Kind
from search.engine import SearchRequest
from search.evaluation import load_judgements
from search.service import SearchService
from search.understanding.reading import read

RELEVANCE = ROOT / "tests" / "relevance"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--size", type=int, default=0, help="synthetic library size")
    args = parser.parse_args()
    intents = [j.query for j in load_judgements(RELEVANCE / "intents.yaml")]
    plain = [j.query for j in load_judgements(RELEVANCE / "judgements.yaml")]
    with workspace() as work:
        content = synthetic.library(FREE_EXERCISE_DB, work / "library", args.size) \
            if args.size else imported_library(work / "library")
        engine = SearchService(work / "index").synchronise(load_library(content))
        exercises = frozenset({Kind.EXERCISE})
        started = time.perf_counter()
        understanding = engine._understanding  # type: ignore[attr-defined]
        built = time.perf_counter() - started
        print(f"lexicon and fitting tables built in {built * 1000:.1f} ms")
        first = timed(lambda: [engine.search(SearchRequest(q, kinds=exercises))
                               for q in intents])[0]
        print(f"first pass over {len(intents)} intents queries (fits computed once per "
              f"vocabulary entry): {first:.0f} ms")
        understood = [q for q in intents if not understanding.read(q).plain]
        print(f"{len(understood)} of {len(intents)} intents queries are understood; "
              f"{sum(not understanding.read(q).plain for q in plain)} of {len(plain)} of "
              "the main set")
        lexicon, known = understanding.lexicon, engine._known  # type: ignore[attr-defined]
        for label, queries in (("intents", intents), ("main set", plain)):
            # Trailing spaces make every string new to any cache, and change nothing else.
            reads = [t * 1000 for r in range(args.rounds) for q in queries
                     for t in timed(lambda q=q, r=r: read(q + " " * (r + 1), lexicon, known))]
            print(f"read, cold, {label:<9} p50 {p50(reads):7.1f} µs   p95 {p95(reads):7.1f} µs")
        for label, queries in (("understood", understood), ("plain", plain)):
            times = [t for _ in range(args.rounds) for q in queries for t in timed(
                lambda q=q: engine.search(SearchRequest(q, kinds=exercises, limit=10)))]
            print(f"search, {label:<10} p50 {p50(times):6.2f} ms   p95 {p95(times):6.2f} ms")


if __name__ == "__main__":
    main()
