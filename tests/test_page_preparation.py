"""Exercise pages prepared in the background once content settles, and prepared again for
each new version; libraries past the size limit work pages out on request."""

from __future__ import annotations

import shutil
from pathlib import Path

from starlette.testclient import TestClient

from content.loader import BUNDLED_LIBRARY
from content.markdown import render_html
from content.profile import _profiles
from content.related import relations
from graph.app import create_app
from graph.settings import Settings
from tests.test_live import eventually


def served(library: Path, index: Path, up_to: int = 5000) -> TestClient:
    return TestClient(create_app(Settings(content_dir=library, index_dir=index,
                                          prepare_pages_after=0.05, prepare_pages_up_to=up_to,
                                          rescan_interval=0)))


def pages(client: TestClient) -> str:
    status: str = client.get("/healthz").json()["pages"]
    return status


def test_pages_are_prepared_once_content_settles_and_again_after_an_edit(
        tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library)
    with served(library, tmp_path / "index") as client:
        eventually(lambda: pages(client) == "prepared")
        store = client.app.state.exgraph.snapshot.loaded.store
        # Every page's lists, profile and HTML were worked out (white-box: what a cold page no
        # longer pays for).
        assert set(relations(store)._substitutes) == set(store.exercises)
        assert set(_profiles(store)) == set(store.exercises)
        misses = render_html.cache_info().misses
        for exercise in store.exercises.values():
            render_html(exercise.body)
        assert render_html.cache_info().misses == misses
        before = client.get("/healthz").json()["version"]
        path = library / "exercises" / "superman.md"
        path.write_text(path.read_text().replace("aliases: [", "aliases: [flying zebra, "))
        eventually(lambda: client.get("/healthz").json()["version"] != before)
        assert pages(client) == "preparing"
        eventually(lambda: pages(client) == "prepared")


def test_a_library_past_the_limit_prepares_pages_on_request(tmp_path: Path) -> None:
    with served(BUNDLED_LIBRARY, tmp_path / "index", up_to=10) as client:
        assert pages(client) == "on request"

