"""HTTP caching (ETag, 304, Cache-Control, Vary) and compression, against the real app."""

from __future__ import annotations

import gzip
import shutil
import time
from pathlib import Path

import brotli
import pytest
import zstandard
from starlette.testclient import TestClient

from content.loader import BUNDLED_LIBRARY
from graph.app import create_app
from graph.settings import Settings

QUERY = '{ exercise(slug: "superman") { name aliases } }'
PAGE = ("{ exercises(first: 100) { edges { node { name slug level category force mechanic "
        "instructions aliases images bodyHtml } } } }")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, target)
    return target


def client_for(library: Path, index: Path, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(content_dir=library, index_dir=index, **settings)))


def test_a_revalidation_is_answered_304_without_running_anything(library: Path,
                                                                  tmp_path: Path) -> None:
    with client_for(library, tmp_path / "index", response_cache_entries=0) as client:
        executor = client.app.state.executor
        first = client.get("/graphql", params={"query": QUERY})
        tag = first.headers["etag"]
        assert first.status_code == 200 and tag.startswith('"') and len(tag) == 34
        assert first.headers["cache-control"] == "public, no-cache"
        assert first.headers["vary"] == "Accept, Accept-Encoding"
        ran = executor.executed
        for sent in (tag, f"W/{tag}", f'"other", {tag}'):
            again = client.get("/graphql", params={"query": QUERY},
                               headers={"if-none-match": sent})
            assert again.status_code == 304 and again.content == b""
            assert again.headers["etag"] == tag
        assert executor.executed == ran
        stale = client.get("/graphql", params={"query": QUERY},
                           headers={"if-none-match": '"other"'})
        assert stale.status_code == 200 and stale.headers["etag"] == tag
        assert executor.executed == ran + 1


def test_the_etag_follows_the_content_and_the_request(library: Path, tmp_path: Path) -> None:
    with client_for(library, tmp_path / "index") as client:
        tag = client.get("/graphql", params={"query": QUERY}).headers["etag"]
        other = client.get("/graphql", params={"query": QUERY.replace("aliases", "slug")})
        assert other.headers["etag"] != tag
        for headers in ({"accept": "application/graphql-response+json"},
                        {"accept-encoding": "identity"}):
            assert client.get("/graphql", params={"query": QUERY},
                              headers=headers).headers["etag"] != tag
        superman = library / "exercises" / "superman.md"
        superman.write_text(superman.read_text().replace("aliases: [", "aliases: [flying, "))
        client.app.state.exgraph.apply(["exercises/superman.md"])
        changed = client.get("/graphql", params={"query": QUERY},
                             headers={"if-none-match": tag})
        assert changed.status_code == 200 and "flying" in changed.text
        assert changed.headers["etag"] != tag


def test_replicas_of_one_artefact_agree_on_etags(library: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(library, elsewhere)
    with client_for(library, tmp_path / "a") as one, client_for(elsewhere, tmp_path / "b") as two:
        assert one.get("/graphql", params={"query": QUERY}).headers["etag"] == \
            two.get("/graphql", params={"query": QUERY}).headers["etag"]
    with client_for(library, tmp_path / "a", max_cost=1000) as configured:
        assert configured.get("/graphql", params={"query": QUERY}).headers["etag"] != \
            one.get("/graphql", params={"query": QUERY}).headers["etag"]


def test_errors_and_posts_carry_no_etag(library: Path, tmp_path: Path) -> None:
    with client_for(library, tmp_path / "index") as client:
        error = client.get("/graphql", params={"query": "{ nope }"})
        assert error.headers["cache-control"] == "no-store" and "etag" not in error.headers
        posted = client.post("/graphql", json={"query": QUERY})
        assert posted.status_code == 200 and "etag" not in posted.headers


def test_cache_control_is_configurable(library: Path, tmp_path: Path) -> None:
    with client_for(library, tmp_path / "index", cache_max_age=60,
                    cache_stale_while_revalidate=300, cache_scope="private") as client:
        answer = client.get("/graphql", params={"query": QUERY})
        assert answer.headers["cache-control"] == \
            "private, max-age=60, stale-while-revalidate=300"


@pytest.fixture(scope="module")
def imported_client(imported_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    with client_for(imported_dir, tmp_path_factory.mktemp("index")) as client:
        yield client


DECODERS = {"gzip": gzip.decompress, "br": brotli.decompress,
            "zstd": lambda data: zstandard.ZstdDecompressor().decompressobj().decompress(data)}


def test_large_answers_are_compressed(imported_client: TestClient) -> None:
    plain = imported_client.post("/graphql", json={"query": PAGE},
                                 headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and len(plain.content) > 100_000
    # Twice each: the second answer is the first one's bytes, from the response cache.
    sent: dict[str, bytes] = {}
    for encoding in ("gzip", "br", "zstd", "gzip", "br", "zstd"):
        answer = imported_client.stream("POST", "/graphql", json={"query": PAGE},
                                        headers={"accept-encoding": encoding})
        with answer as response:
            raw = b"".join(response.iter_raw())
            assert response.headers["content-encoding"] == encoding
            assert "Accept-Encoding" in response.headers["vary"]
        assert DECODERS[encoding](raw) == plain.content
        assert len(raw) < len(plain.content) / 5, (encoding, len(raw))
        assert sent.setdefault(encoding, raw) == raw
    again = imported_client.post("/graphql", json={"query": PAGE},
                                 headers={"accept-encoding": "identity"})
    assert "content-encoding" not in again.headers and again.content == plain.content


def test_a_repeated_answer_is_the_same_bytes(imported_client: TestClient) -> None:
    """A strong ETag promises identical bytes: a repeated answer is sent as first compressed
    (gzip stamps the time it compresses at, to the second)."""
    def gzipped() -> bytes:
        with imported_client.stream("GET", "/graphql", params={"query": PAGE},
                                    headers={"accept-encoding": "gzip"}) as response:
            assert response.headers["content-encoding"] == "gzip"
            return b"".join(response.iter_raw())

    first = gzipped()
    time.sleep(1.1)
    assert gzipped() == first


def test_small_answers_and_event_streams_are_not_compressed(
        imported_client: TestClient) -> None:
    small = imported_client.post("/graphql", json={"query": QUERY},
                                 headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small.headers
    with imported_client.stream("POST", "/graphql", json={"query": PAGE}, headers={
            "accept": "text/event-stream", "accept-encoding": "gzip"}) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert "content-encoding" not in stream.headers
        assert b"".join(stream.iter_raw()).startswith(b"event: next\ndata: {\"data\"")
