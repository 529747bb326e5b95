"""Throughput of `exgraph serve --workers 2` against one worker, under a mixed load.

The Free Exercise DB is imported and indexed once; then each server (1 worker, then 2) gets
the same mixed load from client processes for SECONDS: searches no request repeats
(uncacheable), exercise pages over GET and POST, and list pages; after a warm-up, untimed.
Prints requests per second, errors, and the ratio 2 workers / 1 worker. The client processes
share the machine with the server: on 2 cores they take part of the second core.

    nice -n 19 .venv/bin/python scripts/bench_workers.py --seconds 60
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
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


def measure(library: Path, index: Path, workers: int, seconds: float, clients: int,
            log: Path) -> tuple[float, int]:
    """Requests per second and errors of a server with `workers` workers, after a warm-up
    as long as a tenth of the measurement."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = Child(exgraph_command("serve", str(library), "--port", str(port), "--workers",
                                   str(workers), "--index-dir", str(index), "--no-watch"),
                   output=log)
    try:
        if wait_healthy(url, server.alive, 300) is None:
            raise SystemExit(f"the server did not start; see {log}")
        slugs = sorted(path.stem for path in (library / "exercises").glob("*.md"))
        with multiprocessing.Pool(clients) as pool:
            pool.starmap(client, [(url, slugs, seconds / 10, n) for n in range(clients)])
            results = pool.starmap(client, [(url, slugs, seconds, n) for n in range(clients)])
    finally:
        server.stop()
    answered = sum(result[0] for result in results)
    return answered / seconds, sum(result[1] for result in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8, help="client processes, each "
                        "with one keep-alive connection")
    args = parser.parse_args()
    with workspace() as root:
        library = imported_library(root / "library")
        rates = {}
        for workers in (1, 2):
            rate, errors = measure(library, root / "index", workers, args.seconds, args.clients,
                                   root / f"serve-{workers}.log")
            rates[workers] = rate
            print(f"{workers} worker(s): {rate:8.1f} requests/s over {args.seconds:g} s, "
                  f"{errors} errors")
        print(f"throughput 2 workers / 1 worker: {rates[2] / rates[1]:.2f}")


if __name__ == "__main__":
    main()
