"""Search benchmark on the real Free Exercise DB and synthetic 10k / 100k libraries.

Prints index build times, start-up times, and p50/p95 latency over HTTP of `search` and
`suggest`, against SQLite FTS5 behind a bare Starlette route measured in the same run.

    .venv/bin/python scripts/bench_search.py [--sizes 10000,100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import httpx
import synthetic
from benchlib import (
    FREE_EXERCISE_DB,
    ROOT,
    imported_library,
    p50,
    python,
    row,
    serve,
    timed,
    workspace,
)

from content.loader import load_library
from graph.app import create_app
from graph.settings import Settings
from search.evaluation import load_judgements
from search.service import SearchService

QUERIES = [j.query for j in load_judgements(ROOT / "tests" / "relevance" / "judgements.yaml")]
# Natural-language intents, everyday anatomy and slang: mostly understood queries.
INTENTS = [j.query for j in load_judgements(ROOT / "tests" / "relevance" / "intents.yaml")]
PREFIXES = sorted({q[:n] for q in QUERIES for n in (2, 4, 6) if len(q) >= n})
SEARCH = """query($q: String!) { search(query: $q, first: 10) { totalCount
  edges { score node { __typename ... on Exercise { slug } } } } }"""
SUGGEST = """query($p: String!) { suggest(prefix: $p, first: 8) { text node {
  __typename ... on Exercise { slug } } } }"""


def exgraph_app(content_dir: str, index_dir: str):
    """The real app with its result cache off, so every request does the work."""
    return create_app(Settings(content_dir=content_dir, index_dir=index_dir,
                               response_cache_entries=0))


def measure_http(url: str, baseline: str, rounds: int, label: str) -> None:
    with httpx.Client(timeout=60) as client:
        def search(q: str) -> None:
            client.post(f"{url}/graphql", json={"query": SEARCH, "variables": {"q": q}})

        def suggest(p: str) -> None:
            client.post(f"{url}/graphql", json={"query": SUGGEST, "variables": {"p": p}})

        for q in QUERIES + INTENTS:  # warm-up: parser caches, searchers, spelling tables
            search(q)
        results = {
            "search": [t for _ in range(rounds) for q in QUERIES
                       for t in timed(lambda q=q: search(q))],
            "intents search": [t for _ in range(rounds) for q in INTENTS
                               for t in timed(lambda q=q: search(q))],
            "suggest": [t for _ in range(rounds) for p in PREFIXES
                        for t in timed(lambda p=p: suggest(p))],
            "baseline search": [t for _ in range(rounds) for q in QUERIES for t in timed(
                lambda q=q: client.get(f"{baseline}/search", params={"q": q}))],
            "baseline intents search": [t for _ in range(rounds) for q in INTENTS for t in timed(
                lambda q=q: client.get(f"{baseline}/search", params={"q": q}))],
            "baseline suggest": [t for _ in range(rounds) for p in PREFIXES for t in timed(
                lambda p=p: client.get(f"{baseline}/suggest", params={"p": p}))],
        }
    for name, values in results.items():
        print(row(f"{label} {name} over HTTP", values))
    for name in ("search", "intents search", "suggest"):
        ratio = p50(results[name]) / p50(results[f"baseline {name}"])
        print(f"{label} {name} p50 ratio exgraph / FTS5 baseline: {ratio:.2f}x")


WARM_START = """
import time
from graph.app import create_app
from graph.settings import Settings
started = time.perf_counter()
app = create_app(Settings(content_dir=sys.argv[1], index_dir=sys.argv[2]))
print(time.perf_counter() - started, app.state.exgraph.search.outcome)
"""


def bench_library(content: Path, index_dir: Path, label: str, rounds: int) -> None:
    loaded = load_library(content)
    started = time.perf_counter()
    SearchService(index_dir).synchronise(loaded)
    build = time.perf_counter() - started
    documents = len(loaded.store.exercises) + len(loaded.store.muscles)
    print(f"{label}: index build {build:.2f} s for {documents} documents "
          f"({documents / build:.0f} docs/s)")
    del loaded
    for state in ("parsing every file", "reusing the parsed files"):
        seconds, outcome = python(WARM_START, str(content), str(index_dir)).split()
        print(f"{label}: start in a fresh process, {outcome} index, {state}: "
              f"{float(seconds):.2f} s")
    with serve("bench_search:exgraph_app", str(content), str(index_dir)) as url, \
            serve("baseline:app", str(content)) as baseline:
        measure_http(url, baseline, rounds, label)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000",
                        help="synthetic library sizes, comma-separated ('' for none)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with workspace() as work:
        bench_library(imported_library(work / "873"), work / "873-index", "873", args.rounds)
    for size in filter(None, args.sizes.split(",")):
        with workspace() as work:
            started = time.perf_counter()
            synthetic.library(FREE_EXERCISE_DB, work / "library", int(size))
            print(f"{size}: wrote the synthetic library in "
                  f"{time.perf_counter() - started:.1f} s")
            bench_library(work / "library", work / "index", size, max(1, args.rounds // 5))


if __name__ == "__main__":
    main()
