"""Live authoring benchmark, on a real `exgraph serve` over loopback.

- Edit → visible: from the moment a file is written to the moment a GraphQL query over
  HTTP returns the new content, p50/p95 over many single-file edits, for the bundled
  library, the imported Free Exercise DB and synthetic 10,000 / 100,000 libraries. The
  baseline, measured in the same run, is what authors had before live reload: restarting
  the server (index and parsed files reused) until it serves the edit.
- A bulk change of 500 files at 10,000: time until all are served, and how many snapshots.
- Serving while editing (the imported library): search and exercise-page p50 during a
  stream of edits (one a second) against the same without edits, and failed requests.
- Memory after 1,000 edits against after start.

    .venv/bin/python scripts/bench_live.py [--sizes 10000,100000] [--edits 50]
        [--work DIR]   # keep libraries and indexes there between runs
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import synthetic
from benchlib import (
    FREE_EXERCISE_DB,
    ExgraphServer,
    imported_library,
    p50,
    p95,
    row,
    workspace,
)

from content.loader import BUNDLED_LIBRARY

QUERY = 'query($slug: String!) { exercise(slug: $slug) { aliases } }'
SEARCHES = ["squat", "romanian deadlift", "kb swing", "lower back stretch", "push ups",
            "hamstring curl machine", "dumbell press", "plank"]
PAGE = """query($slug: String!) { exercise(slug: $slug) { name level instructions
  primaryMuscles { name } related { variations { exercise { slug } } substitutes {
  exercise { slug } } } profile { summary intensity { met zone } } } }"""


class Live:
    """A served library and one exercise file of it to edit."""

    def __init__(self, library: Path, index: Path, log: Path, **settings: str) -> None:
        self.library = library
        self.index = index
        self.log = log
        self.settings = {"EXGRAPH_INDEX_DIR": str(index), "EXGRAPH_RESCAN_INTERVAL": "0",
                         **{f"EXGRAPH_{k.upper()}": v for k, v in settings.items()}}
        self.target = sorted((library / "exercises").glob("*.md"))[len(
            list((library / "exercises").glob("*.md"))) // 2]
        self.slug = self.target.stem
        self.original = self.target.read_text()
        self.client = httpx.Client(timeout=60)
        self.server = self.start()

    def start(self) -> ExgraphServer:
        server = ExgraphServer(self.library, output=self.log, env=self.settings)
        if server.ready(1800) is None:
            raise RuntimeError(f"exgraph serve did not start: {server.text()[-2000:]}")
        return server

    def aliases(self) -> list[str]:
        response = self.client.post(f"{self.server.url}/graphql",
                                    json={"query": QUERY, "variables": {"slug": self.slug}})
        found = response.json()["data"]["exercise"]
        return found["aliases"] if found else []

    def write(self, mark: str) -> None:
        self.target.write_text(self.original.replace("aliases: [", f"aliases: [{mark}, ", 1)
                               if "aliases: [" in self.original else
                               self.original.replace("\nlevel:", f"\naliases: [{mark}]\nlevel:",
                                                     1))

    def edit_to_visible(self, timeout: float = 60) -> float:
        """Seconds from writing an edit until the API serves it."""
        mark = f"edit {uuid.uuid4().hex[:10]}"
        started = time.perf_counter()
        self.write(mark)
        while mark not in self.aliases():
            if time.perf_counter() - started > timeout:
                raise RuntimeError("an edit was not served within the timeout")
            time.sleep(0.002)
        return time.perf_counter() - started

    def restart_to_visible(self) -> float:
        """Seconds from writing an edit, stopping the server and starting it again, until
        the edit is served (the baseline: what an author did before live reload)."""
        mark = f"restart {uuid.uuid4().hex[:10]}"
        started = time.perf_counter()
        self.write(mark)
        self.server.stop()
        self.server = self.start()
        while mark not in self.aliases():
            time.sleep(0.002)
        return time.perf_counter() - started

    def close(self) -> None:
        self.target.write_text(self.original)
        self.server.stop()
        self.client.close()


def edits(live: Live, count: int, gap: float = 0.25) -> list[float]:
    found = []
    for _ in range(count):
        found.append(live.edit_to_visible() * 1000)
        time.sleep(gap)  # so that edits are separate bursts
    return found


def bulk_change(live: Live, files: int = 500) -> tuple[float, int]:
    """Seconds until `files` new files are all served, and the snapshots it took."""
    events: list[str] = []
    listening = threading.Event()

    def listen() -> None:
        with contextlib.suppress(httpx.HTTPError), httpx.stream(
                "GET", f"{live.server.url}/graphql", timeout=None,
                params={"query": "subscription { contentChanged { version } }"},
                headers={"accept": "text/event-stream"}) as stream:
            listening.set()
            for line in stream.iter_lines():
                if line.startswith("data: {"):
                    events.append(json.loads(line[6:])["data"]["contentChanged"]["version"])

    threading.Thread(target=listen, daemon=True).start()
    listening.wait(10)
    time.sleep(0.2)
    before = count_exercises(live)
    folder = live.library / "exercises"
    started = time.perf_counter()
    for number in range(files):
        (folder / f"bulk-change-{number}.md").write_text(live.original.replace(
            "\nname: ", f"\nname: Bulk Change {number} ", 1))
    while count_exercises(live) < before + files:
        time.sleep(0.005)
    elapsed = time.perf_counter() - started
    time.sleep(1)
    snapshots = len(events)
    for number in range(files):
        (folder / f"bulk-change-{number}.md").unlink()
    while count_exercises(live) > before:
        time.sleep(0.01)
    return elapsed, snapshots


def count_exercises(live: Live) -> int:
    response = live.client.post(f"{live.server.url}/graphql", json={
        "query": "{ contentStatus { documents { exercises } } }"})
    return int(response.json()["data"]["contentStatus"]["documents"]["exercises"])


def serving_while_editing(live: Live, seconds: float) -> None:
    slugs = sorted(p.stem for p in (live.library / "exercises").glob("*.md"))[::20]

    def measure() -> tuple[list[float], list[float], int]:
        searches: list[float] = []
        pages: list[float] = []
        failures = 0
        deadline = time.monotonic() + seconds
        for search, slug in zip(itertools.cycle(SEARCHES), itertools.cycle(slugs),
                                strict=False):
            if time.monotonic() > deadline:
                break
            for times, query, variables in (
                    (searches, "query($q: String!) { search(query: $q) { totalCount } }",
                     {"q": search}),
                    (pages, PAGE, {"slug": slug})):
                started = time.perf_counter()
                response = live.client.post(f"{live.server.url}/graphql",
                                            json={"query": query, "variables": variables})
                times.append((time.perf_counter() - started) * 1000)
                failures += response.status_code != 200 or "errors" in response.json()
        return searches, pages, failures

    quiet = measure()
    stop = threading.Event()

    def edit_every_second() -> None:
        while not stop.wait(1.0):
            live.write(f"stream {uuid.uuid4().hex[:8]}")

    editor = threading.Thread(target=edit_every_second)
    editor.start()
    try:
        busy = measure()
    finally:
        stop.set()
        editor.join()
    for label, (searches, pages, failures) in (("without edits", quiet),
                                               ("one edit a second", busy)):
        print(row(f"search, {label}", searches))
        print(row(f"exercise page, {label}", pages))
        print(f"{'failed requests, ' + label:<44} {failures}")
    print(f"search p50 ratio edits / none: {p50(busy[0]) / p50(quiet[0]):.2f}x; "
          f"exercise page: {p50(busy[1]) / p50(quiet[1]):.2f}x")


def memory_after_edits(live: Live, count: int) -> None:
    """Resident memory after start and every 100 edits: growth that levels off is caches
    and the allocator filling up; growth that keeps on is a leak."""
    started = live.server.rss_kib() or 0
    marks = []
    for number in range(count):
        live.write(f"memory {number}")
        time.sleep(0.03)
        if number % 100 == 99:
            live.edit_to_visible()
            marks.append((live.server.rss_kib() or 0) / 1024)
    live.edit_to_visible()
    time.sleep(1)
    after = live.server.rss_kib() or 0
    print(f"memory: {started / 1024:.0f} MiB after start, {after / 1024:.0f} MiB after "
          f"{count} edits ({after / max(started, 1):.2f}x); every 100 edits: "
          + " ".join(f"{mark:.0f}" for mark in marks))


@contextlib.contextmanager
def served(library: Path, work: Path, name: str, **settings: str) -> Iterator[Live]:
    live = Live(library, work / f"index-{name}", work / f"serve-{name}.log", **settings)
    try:
        yield live
    finally:
        live.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000",
                        help="synthetic library sizes, comma-separated ('' for none)")
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--work", type=Path, help="keep libraries and indexes here")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        work = args.work or stack.enter_context(workspace())
        work.mkdir(parents=True, exist_ok=True)
        libraries: list[tuple[str, Path]] = [("bundled (34)", work / "bundled")]
        if not libraries[0][1].exists():
            shutil.copytree(BUNDLED_LIBRARY, libraries[0][1])
        imported = work / "imported"
        if not imported.exists():
            imported_library(imported)
        libraries.append(("Free Exercise DB (873)", imported))
        for size in filter(None, args.sizes.split(",")):
            target = work / f"synthetic-{size}"
            if not target.exists():
                synthetic.library(FREE_EXERCISE_DB, target, int(size))
            libraries.append((f"synthetic {int(size):,}", target))
        for label, library in libraries:
            with served(library, work, library.name) as live:
                live.edit_to_visible()  # warm
                found = edits(live, args.edits)
                restarts = [live.restart_to_visible() * 1000 for _ in range(3)]
                print(row(f"{label}: edit → visible", found))
                print(row(f"{label}: restart → visible (baseline)", restarts))
                print(f"{label}: ratio p50 live / restart: {p50(found) / p50(restarts):.3f}x"
                      f"; p95 {p95(found):.0f} ms")
                if library.name == "synthetic-10000":
                    elapsed, snapshots = bulk_change(live)
                    print(f"{label}: bulk change of 500 files served in {elapsed:.2f} s, "
                          f"as {snapshots} snapshot(s)")
                if library == imported:
                    serving_while_editing(live, seconds=20)
                    memory_after_edits(live, 1000)


if __name__ == "__main__":
    main()
