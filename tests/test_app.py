"""The HTTP app: health, GraphQL over GET and POST, limits, errors and the response cache."""

from __future__ import annotations

import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from content.loader import BUNDLED_LIBRARY
from graph.app import create_app
from graph.settings import Settings
from tests.conftest import serving


@pytest.fixture
def library(tmp_path: Path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, target)
    return target


def app_for(library: Path, index: Path, **settings: object) -> TestClient:
    """A test client of the app serving `library`."""
    return TestClient(create_app(Settings(content_dir=library, index_dir=index, **settings)))


@pytest.fixture
def client(library: Path, tmp_path: Path) -> TestClient:
    with app_for(library, tmp_path / "index") as test_client:
        yield test_client


def test_health(client: TestClient) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert (health["exercises"], health["muscles"], health["guides"]) == (34, 17, 4)


def test_get_and_post(client: TestClient) -> None:
    query = '{ exercise(slug: "superman") { name } }'
    assert client.get("/graphql", params={"query": query}).json() == {
        "data": {"exercise": {"name": "Superman"}}}
    assert client.post("/graphql", json={"query": query}).json() == {
        "data": {"exercise": {"name": "Superman"}}}
    ide = client.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()


def test_malformed_requests_get_clear_errors(client: TestClient) -> None:
    syntax = client.post("/graphql", json={"query": "{ exercise(slug: }"}).json()
    assert syntax["errors"][0]["message"].startswith("Syntax Error")
    unknown = client.post("/graphql", json={"query": "{ exercise(slug: \"x\") { nam } }"})
    assert "Did you mean 'name'" in unknown.json()["errors"][0]["message"]
    not_json = client.post("/graphql", content=b"{nope", headers={"content-type":
                                                                   "application/json"})
    assert not_json.status_code == 400
    assert "Traceback" not in not_json.text


def test_huge_and_deep_queries_are_refused(client: TestClient) -> None:
    too_big = client.post("/graphql", content=b"x" * (Settings().max_body_bytes + 1),
                          headers={"content-type": "application/json"})
    assert too_big.status_code == 413
    def nested(levels: int) -> str:
        """`variationOf { variationOf { … slug } }`, `levels` fields below `exercise`."""
        chain = ["variationOf"] * (levels - 1)
        return "{ exercise(slug: \"superman\") { " + " { ".join([*chain, "slug"]) + \
            " }" * len(chain) + " } }"

    deepest = client.post("/graphql", json={"query": nested(10)}).json()
    assert "errors" not in deepest and "variationOf" in deepest["data"]["exercise"]
    too_deep = client.post("/graphql", json={"query": nested(12)}).json()["errors"][0]
    assert too_deep["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert "nests 12 levels" in too_deep["message"]
    wide = "{ exercises(first: 100) { edges { node { guides { exercises { guides { exercises" \
        " { slug } } } } } } } }"
    assert "query too large" in client.post("/graphql", json={"query": wide}).json()[
        "errors"][0]["message"]
    aliases = "{ " + " ".join(f"a{i}: exercise(slug: \"superman\") {{ slug }}"
                              for i in range(60)) + " }"
    assert "aliases" in client.post("/graphql", json={"query": aliases}).json()[
        "errors"][0]["message"]


def in_two_parts(content: bytes) -> Iterator[bytes]:
    """`content` sent in two chunks a moment apart, so that the app receives two messages."""
    yield content[:10]
    time.sleep(0.2)
    yield content[10:]


def test_bodies_up_to_the_limit_are_read_and_larger_ones_refused(library: Path,
                                                                  tmp_path: Path) -> None:
    """Declared (Content-Length) or streamed (chunked), a body of exactly `max_body_bytes` is
    read and one byte more is refused with a JSON error, and the connection closed."""
    body = b'{"query": "{ __typename }"}'
    limit = len(body)
    app = create_app(Settings(content_dir=library, index_dir=tmp_path / "index",
                              max_body_bytes=limit))
    refusal = {"errors": [{"message": f"request body larger than {limit} bytes",
                           "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]}
    with serving(app) as url:
        for streamed in (False, True):
            for content, status in ((body, 200), (body + b" ", 413)):
                sent = in_two_parts(content) if streamed else content
                response = httpx.post(f"{url}/graphql", content=sent,
                                      headers={"content-type": "application/json"})
                assert ("content-length" in response.request.headers) is not streamed
                assert response.status_code == status, (streamed, content)
                if status == 200:
                    assert response.json() == {"data": {"__typename": "Query"}}
                else:
                    assert response.json() == refusal
                    assert response.headers["connection"] == "close"
        # A declared body over the limit is refused before any of it is sent.
        host, port = httpx.URL(url).host, httpx.URL(url).port
        with socket.create_connection((host, port), timeout=10) as connection:
            connection.sendall(f"POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: "
                               f"application/json\r\nContent-Length: {limit + 1}\r\n\r\n"
                               .encode())
            assert connection.recv(12) == b"HTTP/1.1 413"


def test_cached_answers_never_outlive_the_content(client: TestClient, library: Path) -> None:
    query = {"query": '{ exercise(slug: "superman") { name aliases } }'}
    first = client.post("/graphql", json=query)
    assert client.post("/graphql", json=query).content == first.content
    superman = library / "exercises" / "superman.md"
    superman.write_text(superman.read_text().replace("aliases: [", "aliases: [flying hold, "))
    client.app.state.exgraph.apply(["exercises/superman.md"])
    changed = client.post("/graphql", json=query)
    assert "flying hold" in changed.json()["data"]["exercise"]["aliases"]
    # The answers of the older version are gone from memory, not just unreachable.
    assert client.app.state.responses.size == len(changed.content)
    found = client.post("/graphql", json={"query": '{ search(query: "flying hold") { '
                                          'edges { node { ... on Exercise { slug } } } } }'})
    assert found.json()["data"]["search"]["edges"][0]["node"] == {"slug": "superman"}


def test_answers_are_cached_and_errors_are_not(client: TestClient) -> None:
    cache, executor = client.app.state.responses, client.app.state.executor
    good = {"query": '{ exercise(slug: "superman") { name } }'}
    first = client.post("/graphql", json=good)
    kept, ran = cache.size, executor.executed
    assert kept == len(first.content)
    again = client.post("/graphql", json=good)
    assert again.content == first.content and cache.size == kept
    # Answered from memory, as sent the first time, without running the operation again.
    assert (again.status_code, again.headers) == (first.status_code, first.headers)
    assert executor.executed == ran
    for bad in ('{ exercises(first: 1000) { totalCount } }', '{ exercise(slug: 1) { name } }',
                '{ exercise(slug: "superman") { nope } }'):
        answer = client.post("/graphql", json={"query": bad})
        assert answer.json()["errors"] and answer.headers["cache-control"] == "no-store"
        assert cache.size == kept


def test_unexpected_failures_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    from graph.context import Context
    from graph.schema import build_schema

    result = build_schema(Settings()).execute_sync(
        "{ muscles { slug } }", context_value=Context(store=None, settings=Settings()))
    assert [e.message for e in result.errors] == ["Unexpected error; it has been logged."]
    assert "AttributeError" in caplog.text


def test_bad_files_are_reported_at_start_and_the_rest_is_served(
        library: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (library / "exercises" / "broken.md").write_text("---\nname: [unclosed\n---\n")
    (library / "guides" / "empty.md").write_text("---\ntitle: Empty\nsummary: Nothing.\n---\n")
    caplog.set_level("INFO", logger="exgraph")
    with app_for(library, tmp_path / "index") as client:
        health = client.get("/healthz").json()
    assert (health["exercises"], health["guides"], health["errors"]) == (34, 5, 1)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and errors[0].startswith(f"{library}/exercises/broken.md:3:1")
    assert "loaded 34 exercises, 17 muscles, 5 guides" in caplog.text
    assert f"content warnings: 1 (`exgraph check {library}` lists them)" in caplog.text


def test_cross_origin_calls_only_from_allowed_origins(library: Path, tmp_path: Path) -> None:
    allowed, other = "https://app.example.com", "https://elsewhere.example.com"
    query = {"query": '{ exercise(slug: "superman") { name } }'}
    with app_for(library, tmp_path / "index", allow_origins=(allowed,)) as client:
        preflight = client.options("/graphql", headers={
            "origin": allowed, "access-control-request-method": "POST",
            "access-control-request-headers": "content-type"})
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == allowed
        answer = client.post("/graphql", json=query, headers={"origin": allowed})
        assert answer.headers["access-control-allow-origin"] == allowed
        refused = client.post("/graphql", json=query, headers={"origin": other})
        assert "access-control-allow-origin" not in refused.headers
    with app_for(library, tmp_path / "index") as closed:
        answer = closed.post("/graphql", json=query, headers={"origin": allowed})
        assert "access-control-allow-origin" not in answer.headers
