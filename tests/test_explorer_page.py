"""The explorer page, its files and the images route over HTTP: headers, policy, deep links,
shipped modules, and path-traversal protection."""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from content.loader import BUNDLED_LIBRARY
from graph.app import create_app
from graph.explorer import STATIC_DIR, asset_digest, image_file
from graph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
HTML = {"accept": "text/html"}
DEEP_LINKS = ["/", "/?q=squat&level=BEGINNER", "/exercises/superman", "/exercises/no-such-thing",
              "/muscles/lower-back", "/muscles/no-such-thing",
              "/guides/a-gentle-routine-for-an-aching-lower-back", "/guides/no-such-thing",
              "/status"]
# The smallest valid PNG: one transparent pixel.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082")


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An images folder with one picture, beside a secret that must never be served."""
    root = tmp_path_factory.mktemp("served")
    folder = root / "images"
    (folder / "Plank").mkdir(parents=True)
    (folder / "Plank" / "0.png").write_bytes(PIXEL)
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "0.png").write_bytes(PIXEL)
    (folder / "notes.txt").write_text("not an image")
    (root / "secret.png").write_bytes(PIXEL)
    (folder / "escape.png").symlink_to(root / "secret.png")
    (folder / "inside.png").symlink_to(folder / "Plank" / "0.png")
    return folder


@pytest.fixture(scope="module")
def client(images: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(Settings(content_dir=BUNDLED_LIBRARY, images_dir=images, watch=False,
                              index_dir=tmp_path_factory.mktemp("index")))
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize("path", DEEP_LINKS)
def test_every_deep_link_serves_the_page_with_security_headers(client: TestClient,
                                                               path: str) -> None:
    page = client.get(path, headers=HTML)
    assert page.status_code == (404 if "no-such" in path else 200)
    assert page.headers["content-type"].startswith("text/html")
    assert '<div id="app" data-endpoint="/graphql" data-images="/images/">' in page.text
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-cache"
    policy = directives(page.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == policy["style-src"] == policy["connect-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'"]
    assert policy["frame-ancestors"] == policy["base-uri"] == policy["object-src"] == ["'none'"]
    assert policy["require-trusted-types-for"] == ["'script'"]
    assert policy["trusted-types"] == ["explorer"]
    every_source = " ".join(" ".join(values) for values in policy.values())
    assert "unsafe" not in every_source and "nonce" not in every_source
    assert "data:" not in every_source and "http" not in every_source and "*" not in every_source


def test_page_has_no_inline_script_or_style(client: TestClient) -> None:
    page = client.get("/exercises/superman").text
    prefix = f"/_exgraph/explorer/{asset_digest()}"
    assert re.findall(r"<script\b[^>]*>", page) == [
        f'<script type="module" async src="{prefix}/boot.js">',
        f'<script type="module" src="{prefix}/app.js">']
    assert "<style" not in page and " style=" not in page and "cdn" not in page.lower()


def test_page_loads_every_module_from_the_digest_path(client: TestClient) -> None:
    page = client.get("/").text
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    files = [url for url in urls if url != "/graphql"]
    prefix = f"/_exgraph/explorer/{asset_digest()}/"
    assert all(url.startswith(prefix) for url in files), files
    shipped_modules = {path.relative_to(STATIC_DIR).as_posix() for path in STATIC_DIR.rglob("*.js")}
    assert {url.removeprefix(prefix) for url in files if url.endswith(".js")} == shipped_modules
    for url in files:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert asset.headers["x-content-type-options"] == "nosniff"
        if url.endswith(".js"):
            assert asset.headers["content-type"].startswith("text/javascript"), url
    assert client.get(f"/_exgraph/explorer/{'0' * 16}/app.js").status_code == 404
    assert client.get(f"{prefix}missing.js").status_code == 404


def test_modules_import_only_shipped_files() -> None:
    """No bare or remote specifiers (they would need an import map or the internet)."""
    specifier = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']""")
    for module in STATIC_DIR.rglob("*.js"):
        imported = specifier.findall(module.read_text(encoding="utf-8"))
        for name in imported:
            assert name.startswith("./") or name.startswith("../"), (module.name, name)
            assert (module.parent / name).resolve().is_file(), (module.name, name)
    app = (STATIC_DIR / "app.js").read_text(encoding="utf-8")
    assert "./exercise.js" in app and "./status.js" in app


def test_vendored_libraries_match_the_vendoring_script() -> None:
    script = (ROOT / "scripts" / "vendor_explorer.sh").read_text(encoding="utf-8")
    versions = dict(re.findall(r"^(PREACT|HTM)_VERSION=(\S+)$", script, re.MULTILINE))
    vendor = STATIC_DIR / "vendor"
    headers = {path.name: path.read_text(encoding="utf-8").splitlines()[0]
               for path in vendor.glob("*.js")}
    assert headers == {
        "preact.js": f"/* preact@{versions['PREACT']} (MIT), vendored by "
                     "scripts/vendor_explorer.sh */",
        "hooks.js": f"/* preact/hooks@{versions['PREACT']} (MIT), vendored by "
                    "scripts/vendor_explorer.sh */",
        "htm.js": f"/* htm@{versions['HTM']} (Apache-2.0), vendored by "
                  "scripts/vendor_explorer.sh */",
    }
    licences = (vendor / "LICENSES.txt").read_text(encoding="utf-8")
    assert f"preact@{versions['PREACT']} (MIT)" in licences and "Apache License" in licences


def test_files_are_package_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["graph"]
    package = STATIC_DIR.parents[1]
    files = {path for path in STATIC_DIR.rglob("*") if path.is_file()}
    shipped = {path for pattern in globs for path in package.glob(pattern)}
    assert len(files) >= 15 and files <= shipped, sorted(str(path) for path in files - shipped)


def test_images_are_served_from_the_images_folder(client: TestClient) -> None:
    image = client.get("/images/Plank/0.png")
    assert image.status_code == 200 and image.content == PIXEL
    assert image.headers["content-type"] == "image/png"
    assert image.headers["x-content-type-options"] == "nosniff"
    assert image.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert client.get("/images/inside.png").content == PIXEL


@pytest.mark.parametrize("path", [
    "/images/../secret.png", "/images/%2e%2e/secret.png", "/images/Plank/%2e%2e/%2e%2e/secret.png",
    "/images/escape.png", "/images/.hidden/0.png", "/images/notes.txt", "/images/Plank/1.png",
    "/images/Plank", "/images/", "/images/%2Fetc%2Fpasswd", "/images/Plank%5C0.png",
    "/images/Plank/0.png%00.png", f"/images/{'a' * 5000}.png", "/images/" + "a/" * 3000 + "0.png"])
def test_images_outside_the_folder_or_not_images_are_refused(client: TestClient,
                                                              path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404, path
    assert answer.content != PIXEL


@pytest.mark.parametrize("path", ["../secret.png", "Plank/../../secret.png", "/etc/passwd",
                                  "escape.png", ".hidden/0.png", "notes.txt", "Plank/0.png\0",
                                  "Plank\\0.png", ""])
def test_image_file_refuses_paths_leaving_the_folder(images: Path, path: str) -> None:
    assert image_file(images.resolve(), path) is None
    assert image_file(images.resolve(), "Plank/0.png") == images.resolve() / "Plank" / "0.png"


def test_images_folder_defaults_to_the_content_directory(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library)
    settings = Settings(content_dir=library, index_dir=tmp_path / "index", watch=False)
    with TestClient(create_app(settings)) as without:
        assert 'data-images=""' in without.get("/").text
        assert without.get("/images/Plank/0.png").status_code == 404
    (library / "images" / "Plank").mkdir(parents=True)
    (library / "images" / "Plank" / "0.png").write_bytes(PIXEL)
    with TestClient(create_app(settings)) as with_images:
        assert 'data-images="/images/"' in with_images.get("/").text
        assert with_images.get("/images/Plank/0.png").content == PIXEL


def test_browsers_still_get_the_ide_and_clients_graphql(client: TestClient) -> None:
    assert "GraphiQL" in client.get("/graphql", headers=HTML).text
    answer = client.post("/graphql", json={"query": '{ exercise(slug: "plank") { name } }'})
    assert answer.json() == {"data": {"exercise": {"name": "Plank"}}}


def test_deep_links_follow_the_content(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library)
    app = create_app(Settings(content_dir=library, watch=False, index_dir=tmp_path / "index"))
    with TestClient(app) as client:
        assert client.get("/exercises/superman").status_code == 200
        (library / "exercises" / "superman.md").unlink()
        app.state.exgraph.apply(["exercises/superman.md"])
        assert client.get("/exercises/superman").status_code == 404
        assert client.get("/guides/superman").status_code == 404  # a slug of another kind


def test_the_explorer_can_be_switched_off(tmp_path: Path) -> None:
    app = create_app(Settings(content_dir=BUNDLED_LIBRARY, watch=False, explorer=False,
                              index_dir=tmp_path / "index"))
    with TestClient(app) as client:
        assert client.get("/", headers=HTML).status_code == 404
        assert client.get(f"/_exgraph/explorer/{asset_digest()}/app.js").status_code == 404
        assert client.post("/graphql", json={"query": "{ __typename }"}).status_code == 200
