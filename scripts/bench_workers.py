"""Throughput of `exgraph serve --workers 2` against one worker, under a mixed load.

The Free Exercise DB is imported and indexed once; two servers (1 worker, 2 workers) run side
by side and get, in alternating rounds, the same mixed load from client processes for SECONDS
each: searches no request repeats (uncacheable), exercise pages over GET and POST, and list
pages; after a warm-up, untimed.
Prints requests per second, errors, and the ratio 2 workers / 1 worker. The client processes
share the machine with the server: on 2 cores they take part of the second core.

    nice -n 19 .venv/bin/python scripts/bench_workers.py --seconds 60
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import time
from collections.abc import Iterator
from multiprocessing.pool import Pool
from pathlib import Path

import httpx
from benchlib import Child, exgraph_command, free_port, imported_library, wait_healthy, workspace

SEARCH = ("query($q: String!) { search(query: $q, first: 10) { totalCount edges { node { "
          "... on Exercise { slug name } } } } }")
PAGE = ("query($slug: String!) { exercise(slug: $slug) { name level instructions "
        "primaryMuscles { name } related { substitutes(first: 5) { exercise { slug } } } } }")
LIST = "query($after: String) { exercises(first: 20, after: $after) { edges { node { slug } } } }"
WORDS = ("squat", "press", "curl", "row", "stretch", "lunge", "deadlift", "plank", "raise",
         "pulldown")


def client(url: str, slugs: list[str], seconds: float, number: int) -> tuple[int, int]:
    """Requests answered and errors seen by one client process."""
    answered = errors = 0
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=url, timeout=30) as http:
        n = number * 1_000_000
        while time.monotonic() < deadline:
            n += 1
            kind = n % 4
            if kind == 0:
                response = http.post("/graphql", json={"query": SEARCH, "variables": {
                    "q": f"{WORDS[n % len(WORDS)]} {n}"}})
            elif kind == 1:
                response = http.get("/graphql", params={"query": PAGE, "variables": json.dumps(
                    {"slug": slugs[n % len(slugs)]})})
            elif kind == 2:
                response = http.post("/graphql", json={"query": PAGE, "variables": {
                    "slug": slugs[(n * 7) % len(slugs)]}})
            else:
                response = http.post("/graphql", json={"query": LIST})
            answered += 1
            if response.status_code != 200 or "errors" in response.json():
                errors += 1
    return answered, errors


@contextlib.contextmanager
def server(library: Path, index: Path, workers: int, log: Path) -> Iterator[str]:
    """`exgraph serve --workers WORKERS` on loopback; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    child = Child(exgraph_command("serve", str(library), "--port", str(port), "--workers",
                                  str(workers), "--index-dir", str(index), "--no-watch"),
                  output=log)
    try:
        if wait_healthy(url, child.alive, 300) is None:
            raise SystemExit(f"the server did not start; see {log}")
        yield url
    finally:
        child.stop()


def load(pool: Pool, url: str, slugs: list[str], seconds: float, clients: int
         ) -> tuple[int, int]:
    """Requests answered and errors of `clients` client processes over `seconds`."""
    results = pool.starmap(client, [(url, slugs, seconds, n) for n in range(clients)])
    return sum(r[0] for r in results), sum(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="measured seconds per "
                        "server")
    parser.add_argument("--rounds", type=int, default=6, help="alternating rounds")
    parser.add_argument("--clients", type=int, default=8, help="client processes, each "
                        "with one keep-alive connection")
    args = parser.parse_args()
    with workspace() as root:
        library = imported_library(root / "library")
        slugs = sorted(path.stem for path in (library / "exercises").glob("*.md"))
        answered = {1: 0, 2: 0}
        errors = {1: 0, 2: 0}
        round_seconds = args.seconds / args.rounds
        with server(library, root / "index", 1, root / "serve-1.log") as one, \
                server(library, root / "index", 2, root / "serve-2.log") as two, \
                multiprocessing.Pool(args.clients) as pool:
            urls = {1: one, 2: two}
            for url in urls.values():  # warm-up, untimed
                load(pool, url, slugs, round_seconds / 2, args.clients)
            # Rounds alternate between the two servers, so that changes in the machine's
            # other load fall on both alike.
            for _ in range(args.rounds):
                for workers, url in urls.items():
                    done, failed = load(pool, url, slugs, round_seconds, args.clients)
                    answered[workers] += done
                    errors[workers] += failed
        for workers in (1, 2):
            print(f"{workers} worker(s): {answered[workers] / args.seconds:8.1f} requests/s "
                  f"over {args.seconds:g} s, {errors[workers]} errors")
        print(f"throughput 2 workers / 1 worker: {answered[2] / answered[1]:.2f}")


if __name__ == "__main__":
    main()
