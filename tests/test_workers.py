"""`exgraph serve --workers 2` for real: worker processes sharing one port and one prebuilt
index answer a mixed load without an error, and every worker serves content edits."""

from __future__ import annotations

import itertools
import json
import shutil
import threading
import time
from pathlib import Path

import httpx

from .conftest import exgraph_serve

LOAD_SECONDS = 8
SEARCH = ("query($q: String!) { search(query: $q, first: 10) { totalCount edges { node { "
          "... on Exercise { slug name } } } } }")
PAGE = ("query($slug: String!) { exercise(slug: $slug) { name level instructions "
        "primaryMuscles { name } related { substitutes(first: 5) { exercise { slug } } } } }")
WORDS = ("squat", "press", "curl", "row", "stretch", "lunge", "deadlift", "plank", "raise",
         "pulldown")


def worker_processes(pid: int) -> list[int]:
    """The worker processes uvicorn's supervisor `pid` started (multiprocessing's resource
    tracker is a child too)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children
            if b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes()]


def mixed_load(url: str, slugs: list[str], seconds: float, clients: int) -> tuple[int, list[str]]:
    """Requests answered and problems found by `clients` threads sending, for `seconds`,
    searches no request repeats, exercise pages and pages of the list."""
    counter = itertools.count()
    answered = 0
    problems: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        nonlocal answered
        deadline = time.monotonic() + seconds
        with httpx.Client(base_url=url, timeout=30) as http:
            while time.monotonic() < deadline:
                n = next(counter)
                if n % 3 == 0:
                    body = {"query": SEARCH, "variables": {"q": f"{WORDS[n % 10]} {n}"}}
                    response = http.post("/graphql", json=body)
                elif n % 3 == 1:
                    response = http.get("/graphql", params={
                        "query": PAGE, "variables": json.dumps({"slug": slugs[n % len(slugs)]})})
                else:
                    response = http.post("/graphql", json={"query": PAGE, "variables": {
                        "slug": slugs[(n * 7) % len(slugs)]}})
                with lock:
                    answered += 1
                    if response.status_code != 200 or "errors" in response.json():
                        problems.append(f"{response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answered, problems


def test_two_workers_answer_a_mixed_load_and_reload_live(imported_dir: Path,
                                                          tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(imported_dir, library)
    slugs = sorted(path.stem for path in (library / "exercises").glob("*.md"))
    with exgraph_serve(library, "--workers", "2", "--index-dir", str(tmp_path / "index"),
                       "--poll", "100") as server:
        assert len(worker_processes(server.process.pid)) == 2
        answered, problems = mixed_load(server.url, slugs, LOAD_SECONDS, clients=4)
        assert answered > 100 and problems == [], problems[:5]
        assert len(worker_processes(server.process.pid)) == 2
        # An edit reaches every worker: answers on fresh connections (spread over the
        # workers by the kernel) all see it.
        target = library / "exercises" / f"{slugs[0]}.md"
        target.write_text(target.read_text().replace("\nname: ", "\nname: Renamed ", 1))
        query = {"query": f'{{ exercise(slug: "{slugs[0]}") {{ name }} }}'}
        deadline = time.monotonic() + 30
        while True:
            names = {httpx.post(f"{server.url}/graphql", json=query).json()["data"]["exercise"][
                "name"] for _ in range(20)}
            if all(name.startswith("Renamed ") for name in names):
                break
            assert time.monotonic() < deadline, names
            time.sleep(0.2)
