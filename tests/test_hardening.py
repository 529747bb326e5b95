"""Attacks on a real exgraph: hostile requests and files are refused quickly, the server keeps
answering meanwhile, memory stays bounded, good content is never lost and no code runs."""

from __future__ import annotations

import base64
import json
import logging
import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import get_introspection_query
from starlette.testclient import TestClient

from graph.app import create_app
from graph.settings import Settings
from tests.conftest import exgraph_serve, oversubscribed, serving


@pytest.fixture(scope="module")
def library(imported_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("hardening") / "library"
    shutil.copytree(imported_dir, target)
    return target


def settings(library: Path, index: Path, **overrides: Any) -> Settings:
    return Settings(content_dir=library, index_dir=index, **overrides)


@pytest.fixture(scope="module")
def server(library: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`exgraph serve` of the imported library in its own process, its response cache off
    so that every request does its work."""
    with exgraph_serve(library, index_dir=tmp_path_factory.mktemp("index"),
                       response_cache_entries=0) as running:
        post(running.url, "{ __typename }")  # warm: worker threads started
        yield running.url


class HealthPoller:
    """Polls /healthz every 20 ms in a thread, keeping the slowest answer's time."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.worst = 0.0
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)
        self._client = httpx.Client(timeout=10)

    def _run(self) -> None:
        with self._client as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                ok = client.get(f"{self.url}/healthz").status_code == 200
                self.worst = max(self.worst, time.perf_counter() - started)
                self.failures += not ok
                self._stop.wait(0.02)

    def __enter__(self) -> HealthPoller:
        self._thread.start()
        time.sleep(0.05)  # its first answers in hand before the attack starts
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


HTTP = httpx.Client(timeout=30)  # one client: building one costs more than a request


def post(url: str, query: str, **variables: Any) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    response = HTTP.post(f"{url}/graphql", json={"query": query, "variables": variables})
    return time.perf_counter() - started, response.json()


def fragment_chain(levels: int) -> str:
    """`fragment F1 on Query { ...F2 ...F2 }` and so on: 2^levels paths, a few bytes each."""
    fragments = [f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}"
                 for n in range(1, levels)]
    return "{ ...F1 } " + " ".join(fragments) + f" fragment F{levels} on Query {{ __typename }}"


@pytest.mark.parametrize("levels", [22, 40, 200])
def test_a_fragment_bomb_is_refused_at_once(server: str, levels: int) -> None:
    query = fragment_chain(levels)
    with HealthPoller(server) as health:
        elapsed, body = post(server, query)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    budget = 0.1 * oversubscribed()
    assert elapsed < budget and health.worst < budget, (elapsed, health.worst)


def test_lists_count_as_long_as_their_first(server: str) -> None:
    query = ("{exercises(first:100){edges{node{related{substitutes(first:50){exercise{related{"
             "substitutes(first:50){exercise{slug}}}}}}}}}}")
    assert len(query) < 130
    elapsed, body = post(server, query)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] > 250_000 and elapsed < 0.1 * oversubscribed()
    # The same shape with small lists is fine.
    _, small = post(server, query.replace("first:50", "first:2").replace("first:100",
                                                                        "first:5"))
    assert "errors" not in small and len(small["data"]["exercises"]["edges"]) == 5


HEAVY = """{ exercises(first: 100, after: "%s") { edges { node {
  slug related { substitutes(first: 50) { exercise { slug name level } score }
                 progressions(first: 50) { exercise { slug } } }
  profile { summary commonMistakes } } } } }"""


def test_heavy_queries_never_starve_the_server(server: str) -> None:
    cursors = [base64.b64encode(f"offset:{n}".encode()).decode() for n in range(0, 800, 37)]
    answered: list[int] = []

    def client(number: int) -> None:
        deadline = time.monotonic() + 4
        with httpx.Client(timeout=30) as http:
            while time.monotonic() < deadline:
                cursor = cursors[(number + len(answered)) % len(cursors)]
                response = http.post(f"{server}/graphql", json={"query": HEAVY % cursor})
                answered.append(response.status_code)

    with HealthPoller(server) as health, ThreadPoolExecutor(4) as pool:
        list(pool.map(client, range(4)))
    assert answered and all(status in (200, 503) for status in answered)
    assert health.failures == 0 and health.worst < 0.1 * oversubscribed(), health.worst


def test_a_request_past_its_budget_is_stopped(library: Path, tmp_path: Path) -> None:
    app = create_app(settings(library, tmp_path / "index", request_timeout=0.05,
                              response_cache_entries=0))
    with TestClient(app) as client:
        started = time.perf_counter()
        body = client.post("/graphql", json={"query": HEAVY % ""}).json()
        elapsed = time.perf_counter() - started
    assert {e["extensions"]["code"] for e in body["errors"]} == {"REQUEST_TIMEOUT"}
    assert elapsed < oversubscribed(), elapsed


def test_the_response_cache_is_bounded_in_bytes(library: Path, tmp_path: Path) -> None:
    limit, item = 100_000, 50_000
    app = create_app(settings(library, tmp_path / "index", response_cache_bytes=limit,
                              response_cache_item_bytes=item))
    cache = app.state.responses
    with TestClient(app) as client:
        for number in range(30):  # distinct answers of about 7 kB
            query = f"{{ n{number}: exercises(first: 100) {{ edges {{ node {{ slug name }} }} }} }}"
            assert client.post("/graphql", json={"query": query}).status_code == 200
            assert cache.size <= limit
        assert cache.size > limit / 2
        big = "{ exercises(first: 100) { edges { node { slug name instructions aliases } } } }"
        assert len(client.post("/graphql", json={"query": big}).content) > item
        entries = len(cache._items)
        client.post("/graphql", json={"query": big})
        assert len(cache._items) == entries  # too large to keep


def test_the_cache_is_keyed_by_content_type(library: Path, tmp_path: Path) -> None:
    with TestClient(create_app(settings(library, tmp_path / "index"))) as client:
        body = json.dumps({"query": "{ exercise(slug: \"pushups\") { name } }"})
        first = client.post("/graphql", content=body,
                            headers={"content-type": "application/json"})
        assert first.status_code == 200
        plain = client.post("/graphql", content=body, headers={"content-type": "text/plain"})
        assert plain.status_code == 415 and plain.json()["errors"]


@pytest.mark.parametrize("body, content_type, status, message", [
    (b"[" * 30_000 + b"]" * 30_000, "application/json", 400, "not valid JSON"),
    (b"[1]", "application/json", 400, "must be a JSON object"),
    (b'{"query": ' + b"[" * 30_000, "application/json", 400, "not valid JSON"),
    (b"{nope", "application/json", 400, "not valid JSON"),
    (b'{"variables": {}}', "application/json", 400, "`query` must be a non-empty string"),
    (b'{"query": "{ __typename }", "variables": [1]}', "application/json", 400,
     "`variables` must be an object"),
    (b"query", "application/xml", 415, "unsupported content type"),
])
def test_malformed_bodies_get_json_errors(library: Path, tmp_path: Path, body: bytes,
                                          content_type: str, status: int,
                                          message: str) -> None:
    with TestClient(create_app(settings(library, tmp_path / "index"))) as client:
        response = client.post("/graphql", content=body, headers={"content-type": content_type})
    assert response.status_code == status
    assert message in response.json()["errors"][0]["message"]


def test_a_streamed_body_over_the_limit_is_refused(library: Path, tmp_path: Path) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"query": "{ __typename }", "pad": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}'

    app = create_app(settings(library, tmp_path / "index", max_body_bytes=32 * 1024))
    with serving(app) as url:
        response = httpx.post(f"{url}/graphql", content=chunks(),
                              headers={"content-type": "application/json"})
        assert "content-length" not in response.request.headers
        assert response.status_code == 413 and response.json()["errors"]


def test_a_bad_node_id_is_a_user_error(library: Path, tmp_path: Path,
                                       caplog: pytest.LogCaptureFixture) -> None:
    wrong_type = base64.b64encode(b"PageInfo:x").decode()
    with TestClient(create_app(settings(library, tmp_path / "index"))) as client:
        caplog.set_level(logging.INFO)
        body = client.post("/graphql", json={"query": "query($id: ID!) { node(id: $id) { id } }",
                                             "variables": {"id": wrong_type}}).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text


def test_introspection_counts(library: Path, tmp_path: Path) -> None:
    deep = "{ __schema { types { fields { type { fields { type { fields { type { fields { " \
        "name } } } } } } } } } }"
    with TestClient(create_app(settings(library, tmp_path / "index"))) as client:
        refused = client.post("/graphql", json={"query": deep}).json()
        assert refused["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        full = client.post("/graphql", json={"query": get_introspection_query()}).json()
        assert "errors" not in full and full["data"]["__schema"]["types"]


ALIAS_BOMB = """---
name: Bomb
level: beginner
category: strength
primary_muscles: [abdominals]
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
---
1. Nothing.
"""


@pytest.mark.parametrize("name, content", [
    ("bomb.md", ALIAS_BOMB),
    ("huge.md", "---\nname: Huge\nlevel: beginner\ncategory: strength\nprimary_muscles: "
                "[abdominals]\n---\n" + "1. Lift.\n" * 6_000_000),
])
def test_a_hostile_file_costs_nothing_and_loses_nothing(imported_dir: Path, tmp_path: Path,
                                                        name: str, content: str) -> None:
    library = tmp_path / "library"
    shutil.copytree(imported_dir, library)
    (library / "exercises" / name).write_text(content)
    started = time.perf_counter()
    with TestClient(create_app(settings(library, tmp_path / "index"))) as client:
        elapsed = time.perf_counter() - started
        health = client.get("/healthz").json()
    assert elapsed < 10 * oversubscribed(), elapsed
    assert (health["status"], health["errors"], health["exercises"]) == ("degraded", 1, 873)


def segment(index: Path) -> Path:
    generation = index / (index / "CURRENT").read_text().strip()
    return max(generation.glob("*.seg"), key=lambda path: path.stat().st_size)


def search_top(client: TestClient, text: str) -> str:
    body = client.post("/graphql", json={"query": "query($q: String!) { search(query: $q, "
                                         "first: 1) { edges { node { ... on Exercise { slug } "
                                         "} } } }", "variables": {"q": text}}).json()
    return body["data"]["search"]["edges"][0]["node"]["slug"]


def test_an_index_damaged_under_a_running_server(library: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    app = create_app(settings(library, index, response_cache_entries=0))
    state = app.state.exgraph
    with TestClient(app) as client:
        assert search_top(client, "barbell squat") == "barbell-squat"
        damaged = segment(index)
        data = damaged.read_bytes()
        damaged.write_bytes(data[: len(data) // 2] + b"\0" * (len(data) - len(data) // 2))
        assert search_top(client, "romanian deadlift") == "romanian-deadlift"
        state.check_index()
        health = client.get("/healthz").json()
        assert "does not match its checksum" in health["index"]["lastFault"]["problem"]
        assert health["index"]["status"] == "ok" and state.search.check() is None


def test_an_index_damaged_while_stopped_is_rebuilt(library: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    create_app(settings(library, index))
    segment(index).write_bytes(b"garbage" * 1000)
    with TestClient(create_app(settings(library, index))) as client:
        health = client.get("/healthz").json()
        assert health["status"] == "ok" and "lastFault" in health["index"]
        assert search_top(client, "barbell squat") == "barbell-squat"


def test_an_index_deleted_under_a_running_server(library: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    app = create_app(settings(library, index, response_cache_entries=0))
    with serving(app) as url:
        shutil.rmtree(index)

        def search(number: int) -> bool:
            response = HTTP.post(f"{url}/graphql", json={
                "query": "query($q: String!) { search(query: $q) { totalCount } }",
                "variables": {"q": f"squat {number} press"}})
            return response.status_code == 200 and "errors" not in response.json()

        with ThreadPoolExecutor(16) as pool:
            assert all(pool.map(search, range(400)))
        app.state.exgraph.check_index()
        assert (index / "CURRENT").exists() and app.state.exgraph.search.check() is None
