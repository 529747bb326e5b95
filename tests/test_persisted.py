"""Persisted documents: Apollo's automatic persisted queries as its client link drives them,
and trusted documents from a manifest built by `exgraph persisted build`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from starlette.testclient import TestClient

from content.loader import BUNDLED_LIBRARY
from graph.app import create_app
from graph.cli import main
from graph.persisted import ManifestError
from graph.settings import Settings

from .conftest import exgraph_serve

QUERY = '{ exercise(slug: "superman") { name } }'
SUPERMAN = {"data": {"exercise": {"name": "Superman"}}}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(text: str, version: int = 1) -> dict[str, object]:
    return {"persistedQuery": {"version": version, "sha256Hash": sha256(text)}}


def client_for(tmp_path: Path, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(content_dir=BUNDLED_LIBRARY,
                                          index_dir=tmp_path / "index", **settings)))


def test_automatic_persisted_queries_as_apollo_client_sends_them(tmp_path: Path) -> None:
    with client_for(tmp_path) as client:
        # 1. The hash alone: not known yet, in the form Apollo's link retries on.
        unknown = client.post("/graphql", json={"extensions": persisted(QUERY)})
        assert unknown.status_code == 200
        assert unknown.json() == {"errors": [{"message": "PersistedQueryNotFound",
                                              "extensions": {"code":
                                                             "PERSISTED_QUERY_NOT_FOUND"}}]}
        assert unknown.headers["cache-control"] == "no-store"
        # 2. The link sends the query with its hash: checked, remembered and run.
        registered = client.post("/graphql", json={"query": QUERY,
                                                   "extensions": persisted(QUERY)})
        assert registered.json() == SUPERMAN
        # 3. From then on the hash alone runs it, over POST or GET, cacheable by ETag.
        assert client.post("/graphql", json={"extensions": persisted(QUERY)}).json() == \
            SUPERMAN
        params = {"extensions": json.dumps(persisted(QUERY))}
        got = client.get("/graphql", params=params)
        assert got.json() == SUPERMAN and got.headers["cache-control"] == "public, no-cache"
        revalidated = client.get("/graphql", params=params,
                                 headers={"if-none-match": got.headers["etag"]})
        assert revalidated.status_code == 304
        by_id = client.get("/graphql", params={"documentId": f"sha256:{sha256(QUERY)}"})
        assert by_id.json() == SUPERMAN


def test_a_wrong_hash_or_version_is_refused(tmp_path: Path) -> None:
    with client_for(tmp_path) as client:
        mismatch = client.post("/graphql", json={"query": QUERY,
                                                 "extensions": persisted("{ other }")})
        assert mismatch.status_code == 400
        assert mismatch.json()["errors"][0]["extensions"]["code"] == \
            "PERSISTED_QUERY_HASH_MISMATCH"
        assert client.post("/graphql", json={"extensions": persisted("{ other }")}).json()[
            "errors"][0]["message"] == "PersistedQueryNotFound"
        version = client.post("/graphql", json={"query": QUERY,
                                                "extensions": persisted(QUERY, version=2)})
        assert version.status_code == 400
        assert version.json()["errors"][0]["extensions"]["code"] == \
            "PERSISTED_QUERY_NOT_SUPPORTED"


def test_remembered_queries_are_bounded(tmp_path: Path) -> None:
    other = '{ exercise(slug: "superman") { slug } }'
    with client_for(tmp_path, apq_entries=1) as client:
        for query in (QUERY, other):
            client.post("/graphql", json={"query": query, "extensions": persisted(query)})
        assert client.post("/graphql", json={"extensions": persisted(other)}).json()[
            "data"]["exercise"] == {"slug": "superman"}
        assert client.post("/graphql", json={"extensions": persisted(QUERY)}).json()[
            "errors"][0]["message"] == "PersistedQueryNotFound"
    with client_for(tmp_path, apq_entries=0) as client:
        client.post("/graphql", json={"query": QUERY, "extensions": persisted(QUERY)})
        assert client.post("/graphql", json={"extensions": persisted(QUERY)}).json()[
            "errors"][0]["message"] == "PersistedQueryNotSupported"


@pytest.fixture
def manifest(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A manifest built by the CLI from two .graphql files, and each operation's id."""
    (tmp_path / "exercise.graphql").write_text(
        'query Exercise($slug: String!) { exercise(slug: $slug) { ...Named } }\n')
    (tmp_path / "shared.graphql").write_text(
        "fragment Named on Exercise { name }\nquery Muscles { muscles { slug } }\n")
    output = tmp_path / "manifest.json"
    result = CliRunner().invoke(main, ["persisted", "build", str(tmp_path / "exercise.graphql"),
                                       str(tmp_path / "shared.graphql"), "-o", str(output)])
    assert result.exit_code == 0, result.output
    ids = {line.split()[1]: line.split()[0] for line in result.output.splitlines()[:-1]}
    assert set(ids) == {"Exercise", "Muscles"}
    return output, ids


def test_the_manifest_holds_each_operation_with_its_fragments(
        manifest: tuple[Path, dict[str, str]]) -> None:
    path, ids = manifest
    documents = json.loads(path.read_text())
    exercise = documents[ids["Exercise"]]
    assert sha256(exercise) == ids["Exercise"]
    assert "fragment Named on Exercise" in exercise and "Muscles" not in exercise
    assert "fragment" not in documents[ids["Muscles"]]


def test_an_invalid_operation_fails_the_build(tmp_path: Path) -> None:
    (tmp_path / "bad.graphql").write_text("query Bad { exercise(slug: \"x\") { nope } }")
    result = CliRunner().invoke(main, ["persisted", "build", str(tmp_path / "bad.graphql"),
                                       "-o", str(tmp_path / "m.json")])
    assert result.exit_code == 1 and "operation Bad: Cannot query field 'nope'" in result.output
    assert not (tmp_path / "m.json").exists()


def test_trusted_documents_only(tmp_path: Path, manifest: tuple[Path, dict[str, str]]) -> None:
    path, ids = manifest
    documents = json.loads(path.read_text())
    with client_for(tmp_path, persisted_manifest=path, persisted_only=True) as client:
        by_hash = client.post("/graphql", json={
            "variables": {"slug": "superman"},
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": ids["Exercise"]}}})
        assert by_hash.json() == SUPERMAN
        assert client.get("/graphql", params={"documentId": ids["Muscles"]}).json()["data"][
            "muscles"]
        listed = client.post("/graphql", json={"query": documents[ids["Muscles"]]})
        assert listed.json()["data"]["muscles"]
        for body, status in (({"query": QUERY}, 403),
                             ({"query": QUERY, "extensions": persisted(QUERY)}, 403),
                             ({"extensions": persisted(QUERY)}, 404)):
            refused = client.post("/graphql", json=body)
            assert refused.status_code == status
            assert refused.json()["errors"][0]["extensions"]["code"] == \
                "PERSISTED_QUERY_NOT_IN_LIST"
    with client_for(tmp_path, persisted_manifest=path) as client:
        assert client.post("/graphql", json={"query": QUERY}).json() == SUPERMAN
        assert client.get("/graphql", params={"documentId": ids["Muscles"]}).json()["data"]


def test_a_manifest_must_be_usable(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="persisted_only needs persisted_manifest"):
        Settings(persisted_only=True)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({sha256("{ a }"): "{ b }"}))
    with pytest.raises(ManifestError, match="is not the SHA-256"):
        create_app(Settings(content_dir=BUNDLED_LIBRARY, index_dir=tmp_path / "index",
                            persisted_manifest=forged))


def test_serve_in_production_mode(tmp_path: Path,
                                  manifest: tuple[Path, dict[str, str]]) -> None:
    path, ids = manifest
    with exgraph_serve(BUNDLED_LIBRARY, "--index-dir", str(tmp_path / "index"),
                       "--persisted-manifest", str(path), "--persisted-only",
                       "--no-introspection", "--no-suggestions", "--no-ide") as server:
        graphql = f"{server.url}/graphql"
        muscles = httpx.get(graphql, params={"documentId": ids["Muscles"]})
        assert muscles.status_code == 200 and muscles.json()["data"]["muscles"]
        assert httpx.post(graphql, json={"query": QUERY}).status_code == 403
        browser = httpx.get(graphql, headers={"accept": "text/html,*/*;q=0.8"})
        assert browser.status_code == 400 and browser.json()["errors"]
    with exgraph_serve(BUNDLED_LIBRARY, "--index-dir", str(tmp_path / "index"),
                       "--no-introspection", "--no-suggestions") as server:
        graphql = f"{server.url}/graphql"
        introspection = httpx.post(graphql, json={"query": "{ __schema { types { name } } }"})
        assert "introspection" in introspection.json()["errors"][0]["message"].lower()
        typo = httpx.post(graphql, json={"query": '{ exercise(slug: "x") { nam } }'})
        assert "Did you mean" not in typo.json()["errors"][0]["message"]
