"""Shared fixtures: the real Free Exercise DB imported once, and real apps over it."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.testclient import TestClient

from content.importers import free_exercise_db
from content.loader import BUNDLED_LIBRARY
from graph.app import PARSE_CACHE_FILE, create_app
from graph.settings import Settings

FREE_EXERCISE_DB = Path(os.environ.get("EXGRAPH_FREE_EXERCISE_DB") or (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "free-exercise-db" /
    "exercises.json"))
# A folder where the session fixtures keep work for later test sessions (mutation testing runs
# thousands of them); unset, every session starts from scratch.
TEST_CACHE = os.environ.get("EXGRAPH_TEST_CACHE")


def oversubscribed() -> float:
    """How far the machine's CPUs are oversubscribed (load over cores; at least 1): latency
    budgets hold on an idle machine and stretch by this factor while others share it."""
    return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def pytest_configure(config: pytest.Config) -> None:
    """Stop at once, with one clear message, when the real data set is not where expected."""
    if not FREE_EXERCISE_DB.is_file():
        raise pytest.UsageError(
            f"the Free Exercise DB is expected at {FREE_EXERCISE_DB}: put the shared material "
            "beside the repository (../shared) or set EXGRAPH_FREE_EXERCISE_DB to its "
            "exercises.json")


@pytest.fixture(scope="session")
def upstream() -> list[dict[str, Any]]:
    """The raw records of the Free Exercise DB, read independently of the importer."""
    return json.loads(FREE_EXERCISE_DB.read_text(encoding="utf-8"))


def _publish(built: Path, target: Path) -> None:
    """Move a finished folder to `target`, unless another session got there first."""
    try:
        built.rename(target)
    except OSError:
        shutil.rmtree(built, ignore_errors=True)


@pytest.fixture(scope="session")
def imported_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole Free Exercise DB imported as content files (imported once per
    EXGRAPH_TEST_CACHE, where set)."""
    cached = Path(TEST_CACHE) / "free-exercise-db" if TEST_CACHE else None
    if cached and cached.is_dir():
        return cached
    target = tmp_path_factory.mktemp("free-exercise-db")
    if cached:
        target = cached.parent / f".{cached.name}-{uuid.uuid4().hex}"
    records = free_exercise_db.read_source(FREE_EXERCISE_DB)
    free_exercise_db.import_records(records, target)
    if cached:
        _publish(target, cached)
        return cached
    return target


def index_dir(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A new index folder; under EXGRAPH_TEST_CACHE it starts with a copy of the search index
    built by an earlier session (never its parse cache, so every session parses the files)."""
    target = tmp_path_factory.mktemp(name)
    if TEST_CACHE and (Path(TEST_CACHE) / name).is_dir():
        shutil.copytree(Path(TEST_CACHE) / name, target, dirs_exist_ok=True)
    return target


def keep_index(index: Path, name: str) -> None:
    """Save the search index built in `index` for later sessions (under EXGRAPH_TEST_CACHE)."""
    if not TEST_CACHE or (Path(TEST_CACHE) / name).is_dir():
        return
    built = Path(TEST_CACHE) / f".{name}-{uuid.uuid4().hex}"
    shutil.copytree(index, built, ignore=shutil.ignore_patterns(PARSE_CACHE_FILE + "*"))
    _publish(built, Path(TEST_CACHE) / name)


class GraphQLClient:
    """A thin helper over Starlette's test client for GraphQL calls."""

    def __init__(self, client: TestClient) -> None:
        self.http = client

    def execute(self, query: str, **variables: Any) -> dict[str, Any]:
        response = self.http.post("/graphql", json={"query": query, "variables": variables})
        return response.json()

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        """The response data, failing the test on any GraphQL error."""
        body = self.execute(query, **variables)
        assert "errors" not in body, body["errors"]
        return body["data"]

    def error(self, query: str, **variables: Any) -> str:
        """The first error message, failing the test if there is none."""
        body = self.execute(query, **variables)
        assert body.get("errors"), body
        return body["errors"][0]["message"]


@pytest.fixture(scope="session")
def api(imported_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> GraphQLClient:
    """GraphQL over the app serving the imported Free Exercise DB."""
    index = index_dir(tmp_path_factory, "index")
    app = create_app(Settings(content_dir=imported_dir, index_dir=index))
    keep_index(index, "index")
    with TestClient(app) as client:
        yield GraphQLClient(client)


@pytest.fixture(scope="session")
def bundled_api(tmp_path_factory: pytest.TempPathFactory) -> GraphQLClient:
    """GraphQL over the app serving the bundled library."""
    index = index_dir(tmp_path_factory, "bundled-index")
    app = create_app(Settings(content_dir=BUNDLED_LIBRARY, index_dir=index))
    keep_index(index, "bundled-index")
    with TestClient(app) as client:
        yield GraphQLClient(client)


@contextlib.contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """`app` served by Uvicorn on a free loopback port, for tests where timing or a real
    client matters; yields its base URL."""
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so, and
    # without it every response waits ~40 ms for a delayed ACK.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]})
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


@dataclass
class Server:
    """A real `exgraph serve` in its own process."""

    url: str
    process: subprocess.Popen[bytes]

    def rss(self) -> int:
        """The server's resident memory in bytes."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines()
                        if line.startswith("VmRSS:"))) * 1024


@contextlib.contextmanager
def exgraph_serve(directory: Path, *options: str, **settings: object) -> Iterator[Server]:
    """`exgraph serve DIRECTORY OPTIONS` on a free loopback port, other settings given as
    EXGRAPH_* environment variables; stopped afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, **{f"EXGRAPH_{name.upper()}": str(value)
                                    for name, value in settings.items()}}
    process = subprocess.Popen([sys.executable, "-m", "graph", "serve", str(directory),
                                "--port", str(port), *options], env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, f"exgraph serve exited with {process.returncode}"
            assert time.monotonic() < deadline, "exgraph serve did not start in time"
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
