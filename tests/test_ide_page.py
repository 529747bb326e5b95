"""The IDE page and its files over HTTP: headers, CSP nonce, asset caching, shipped build."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from content.loader import BUNDLED_LIBRARY
from graph.app import create_app
from graph.ide import ASSETS_DIR, BUILD_DIR, MANIFEST
from graph.settings import Settings

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(Settings(content_dir=BUNDLED_LIBRARY,
                              index_dir=tmp_path_factory.mktemp("index")))
    with TestClient(app) as test_client:
        yield test_client


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def test_page_headers_and_policy(client: TestClient) -> None:
    page = client.get("/graphql", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    policy = directives(page.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == policy["base-uri"] == policy["object-src"] == ["'none'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["worker-src"] == ["'self'"]
    every_source = " ".join(" ".join(values) for values in policy.values())
    assert "unsafe-eval" not in every_source and "blob:" not in every_source
    assert "http" not in every_source and "*" not in every_source


def test_each_page_has_its_own_style_nonce(client: TestClient) -> None:
    nonces = []
    for _ in range(2):
        page = client.get("/graphql", headers=HTML)
        nonce = re.search(r'<meta property="csp-nonce" nonce="([^"]+)">', page.text)
        assert nonce is not None
        policy = directives(page.headers["content-security-policy"])
        assert policy["style-src-elem"] == ["'self'", f"'nonce-{nonce[1]}'"]
        nonces.append(nonce[1])
    assert nonces[0] != nonces[1] and len(nonces[0]) >= 22


def test_page_loads_only_same_origin_files_that_exist(client: TestClient) -> None:
    page = client.get("/graphql", headers=HTML).text
    assert "<script>" not in page and "cdn" not in page.lower()
    assert 'data-endpoint="/graphql"' in page
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    files = [url for url in urls if url != "data:,"]
    assert len(files) >= 2 and all(url.startswith("/_exgraph/ide/") for url in files)
    for url in files:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert asset.headers["x-content-type-options"] == "nosniff"
    script = next(url for url in files if url.endswith(".js"))
    assert client.get(script).headers["content-type"].startswith("text/javascript")


def test_json_clients_still_get_graphql(client: TestClient) -> None:
    query = '{ exercise(slug: "plank") { name } }'
    answer = client.get("/graphql", params={"query": query}, headers=HTML)
    assert answer.json() == {"data": {"exercise": {"name": "Plank"}}}
    assert client.get("/_exgraph/ide/missing.js").status_code == 404


def test_built_files_are_package_data() -> None:
    """pyproject's package-data patterns cover every file of the build."""
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    globs = pyproject["tool"]["setuptools"]["package-data"]["graph"]
    package = BUILD_DIR.parents[1]
    built = {path for path in BUILD_DIR.rglob("*") if path.is_file()}
    shipped = {path for pattern in globs for path in package.glob(pattern)}
    assert MANIFEST in built and any(ASSETS_DIR.iterdir())
    assert built <= shipped, sorted(str(path) for path in built - shipped)
