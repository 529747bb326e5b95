"""GraphQL over HTTP as the spec and real clients expect: media types, status codes, JSON
errors, methods, batches, CORS and the production switches, against the real app."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from content.loader import BUNDLED_LIBRARY
from graph.app import create_app
from graph.settings import Settings

from .conftest import serving

GRAPHQL_RESPONSE = "application/graphql-response+json"
QUERY = '{ exercise(slug: "superman") { name } }'
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def client_for(tmp_path: Path, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(content_dir=BUNDLED_LIBRARY,
                                          index_dir=tmp_path / "index", **settings)))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    with client_for(tmp_path_factory.mktemp("protocol")) as test_client:
        yield test_client


@pytest.mark.parametrize(("accept", "media"), [
    (None, "application/json"),
    ("*/*", "application/json"),
    ("application/json", "application/json"),
    (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
    (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
    (f"application/json, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
    (f"application/json, {GRAPHQL_RESPONSE};q=0.5", "application/json"),
    ("application/*", "application/json"),
    ("text/html", "application/json"),  # accepts neither: the Accept is disregarded
])
def test_the_answer_is_sent_as_the_client_prefers(client: TestClient, accept: str | None,
                                                  media: str) -> None:
    headers = {"accept": accept} if accept else {}
    client.headers.pop("accept", None)
    answer = client.post("/graphql", json={"query": QUERY}, headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == f"{media}; charset=utf-8"
    assert answer.json() == {"data": {"exercise": {"name": "Superman"}}}


@pytest.mark.parametrize(("body", "has_data"), [
    ({"query": "{ exercise(slug: }"}, False),  # parse error
    ({"query": "{ exercise(slug: \"x\") { nam } }"}, False),  # validation error
    ({"query": "query($s: String!) { exercise(slug: $s) { name } }",
      "variables": {"s": 1}}, False),  # variable coercion
    ({"query": "query A { __typename }", "operationName": "B"}, False),  # unknown operation
    ({"query": "{ exercises(first: 1000) { totalCount } }"}, True),  # a field error
])
def test_status_follows_the_data_entry(client: TestClient, body: dict[str, object],
                                       has_data: bool) -> None:
    modern = client.post("/graphql", json=body, headers={"accept": GRAPHQL_RESPONSE})
    legacy = client.post("/graphql", json=body, headers={"accept": "application/json"})
    assert modern.status_code == (200 if has_data else 400)
    assert legacy.status_code == 200
    for answer in (modern, legacy):
        assert answer.json()["errors"] and ("data" in answer.json()) == has_data
        assert answer.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(("content", "headers", "status"), [
    (b"{nope", {"content-type": "application/json"}, 400),
    (b"", {"content-type": "application/json"}, 400),
    (b'{"query": 0}', {"content-type": "application/json"}, 400),
    (b'{"query": "{ __typename }", "variables": "{}"}', {"content-type": "application/json"},
     400),
    (b'{"query": "{ __typename }", "extensions": []}', {"content-type": "application/json"},
     400),
    (b'{"query": "{ __typename }", "operationName": false}',
     {"content-type": "application/json"}, 400),
    (b'{"query": "{ __typename }"}', {}, 415),
    (b'{"query": "{ __typename }"}', {"content-type": "text/plain"}, 415),
    (b'[]', {"content-type": "application/json"}, 400),
    (b'[{"query": "{ __typename }"}, 1]', {"content-type": "application/json"}, 400),
])
def test_every_malformed_request_gets_a_json_error(client: TestClient, content: bytes,
                                                   headers: dict[str, str],
                                                   status: int) -> None:
    answer = client.post("/graphql", content=content, headers=headers)
    assert answer.status_code == status
    error = answer.json()["errors"][0]
    assert error["message"] and error["extensions"]["code"] == "BAD_REQUEST"
    assert "data" not in answer.json()


def test_get_runs_queries_only(client: TestClient) -> None:
    assert client.get("/graphql", params={"query": QUERY}).json()["data"]
    variables = client.get("/graphql", params={
        "query": "query($s: String!) { exercise(slug: $s) { name } }",
        "variables": json.dumps({"s": "superman"})})
    assert variables.json() == {"data": {"exercise": {"name": "Superman"}}}
    mutation = client.get("/graphql", params={"query": "mutation { __typename }"})
    assert mutation.status_code == 405 and mutation.headers["allow"] == "POST"
    subscription = client.get("/graphql", params={"query": "subscription { contentChanged "
                                                  "{ version } }"})
    assert subscription.status_code == 400
    assert "text/event-stream" in subscription.json()["errors"][0]["message"]


def test_other_methods_get_405_with_allow(client: TestClient) -> None:
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS"):
        answer = client.request(method, "/graphql")
        assert answer.status_code == 405 and answer.headers["allow"] == "GET, HEAD, POST"
        assert answer.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


def test_head_is_answered_like_get_without_a_body(tmp_path: Path) -> None:
    with serving(create_app(Settings(content_dir=BUNDLED_LIBRARY,
                                     index_dir=tmp_path / "index"))) as url, \
            httpx.Client(base_url=url) as http:
        get = http.get("/graphql", params={"query": QUERY})
        head = http.head("/graphql", params={"query": QUERY})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-type"] == get.headers["content-type"]


def test_a_batch_answers_each_operation_in_order(client: TestClient) -> None:
    answer = client.post("/graphql", json=[
        {"query": QUERY},
        {"query": "{ nope }"},
        {"operationName": 1, "query": "{ __typename }"},
        {"query": "query($s: String!) { exercise(slug: $s) { slug } }",
         "variables": {"s": "superman"}},
    ])
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    first, unknown, malformed, last = answer.json()
    assert first == {"data": {"exercise": {"name": "Superman"}}}
    assert "Cannot query field 'nope'" in unknown["errors"][0]["message"]
    assert malformed["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert last == {"data": {"exercise": {"slug": "superman"}}}


def test_batches_are_limited_in_size_and_in_summed_cost(tmp_path: Path) -> None:
    with client_for(tmp_path, max_batch_size=3, max_cost=200) as client:
        too_many = client.post("/graphql", json=[{"query": QUERY}] * 4)
        assert too_many.status_code == 400
        assert "1 to 3 operations" in too_many.json()["errors"][0]["message"]
        # Each is estimated at 91 fields (30 edges of node and slug, and the connection):
        # fine alone and twice, but three make 273, more than 200 together.
        page = "{ exercises(first: %d) { edges { node { slug } } } }"
        alone = client.post("/graphql", json={"query": page % 30}).json()
        assert "errors" not in alone
        batch = client.post("/graphql", json=[{"query": page % 30}] * 3).json()
        assert "errors" not in batch[0] and "errors" not in batch[1]
        refused = batch[2]["errors"][0]
        assert refused["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert refused["message"].startswith("batch too large")
    with client_for(tmp_path, max_batch_size=0) as client:
        off = client.post("/graphql", json=[{"query": QUERY}])
        assert off.status_code == 400 and "turned off" in off.json()["errors"][0]["message"]


def test_cors_lets_allowed_pages_send_tracing_and_client_headers(tmp_path: Path) -> None:
    origin = "https://app.example.com"
    with client_for(tmp_path, allow_origins=(origin,), cors_allow_credentials=True) as client:
        preflight = client.options("/graphql", headers={
            "origin": origin, "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, sentry-trace, baggage, "
                                              "apollographql-client-name"})
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-credentials"] == "true"
        assert preflight.headers["access-control-max-age"] == "600"
        unknown = client.options("/graphql", headers={
            "origin": origin, "access-control-request-method": "POST",
            "access-control-request-headers": "x-something-else"})
        assert unknown.status_code == 400
        answer = client.get("/graphql", params={"query": QUERY}, headers={"origin": origin})
        assert answer.headers["access-control-allow-origin"] == origin
        assert "etag" in answer.headers["access-control-expose-headers"].lower()
        vary = [token.strip() for token in answer.headers["vary"].split(",")]
        assert {"Accept", "Accept-Encoding", "Origin"} <= set(vary)
        assert len(vary) == len(set(vary))


def test_production_switches(tmp_path: Path) -> None:
    introspection = "{ __schema { queryType { name } } }"
    typo = '{ exercise(slug: "superman") { nam } }'
    enum_typo = '{ search(query: "squat", types: [EXERCISES]) { totalCount } }'
    with client_for(tmp_path) as client:
        assert client.post("/graphql", json={"query": introspection}).json()["data"]
        assert "Did you mean 'name'?" in \
            client.post("/graphql", json={"query": typo}).json()["errors"][0]["message"]
        assert client.get("/graphql", headers={"accept": BROWSER}).status_code == 200
    with client_for(tmp_path, introspection=False, field_suggestions=False, ide=False) as client:
        refused = client.post("/graphql", json={"query": introspection}).json()
        assert "introspection" in refused["errors"][0]["message"].lower()
        for query in (typo, enum_typo):
            message = client.post("/graphql", json={"query": query}).json()["errors"][0][
                "message"]
            assert message.startswith(("Cannot query field 'nam'", "Value 'EXERCISES'"))
            assert "Did you mean" not in message, message
        ide = client.get("/graphql", headers={"accept": BROWSER})
        assert ide.status_code == 400 and ide.json()["errors"]
        assert client.get("/_exgraph/ide/x.js").status_code == 404


def test_a_batch_runs_within_one_deadline(imported_dir: Path, tmp_path: Path) -> None:
    heavy = ("{ exercises(first: 100, sort: %s) { edges { node { name instructions related { "
             "substitutes(first: 10) { exercise { slug name } } peers(first: 50) { edges { "
             "node { name profile { summary } } } } } } } } }")
    sorts = ["NAME_ASC", "NAME_DESC", "LEVEL_ASC", "LEVEL_DESC"] * 2
    with TestClient(create_app(Settings(content_dir=imported_dir, index_dir=tmp_path / "index",
                                        request_timeout=0.3, response_cache_entries=0,
                                        prepare_pages_up_to=0))) as client:
        answers = client.post("/graphql", json=[{"query": heavy % sort} for sort in sorts]).json()
    codes = [answer.get("errors", [{}])[0].get("extensions", {}).get("code")
             for answer in answers]
    assert len(answers) == len(sorts)
    assert codes[-1] == "REQUEST_TIMEOUT", codes
    assert answers[-1].get("data") is None  # stopped before or while it ran: none of it served
