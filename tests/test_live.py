"""Live authoring: a served library is edited on disk, as authors and their tools do, and the
API follows within moments, never losing good content and always saying what is wrong."""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from content.loader import BUNDLED_LIBRARY, Stale, Workspace, load_library
from graph.app import create_app
from graph.cli import main
from graph.settings import Settings
from tests.conftest import serving

T = TypeVar("T")
STATUS = """{ contentStatus { version documents { exercises muscles guides equipment }
  errors { path line column field message suggestion } warnings { path message }
  stale { path since } } }"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, target)
    return target


def app(library: Path, index: Path, **settings: Any) -> TestClient:
    return TestClient(create_app(Settings(content_dir=library, index_dir=index, **settings)))


@pytest.fixture
def client(library: Path, tmp_path: Path) -> Iterator[TestClient]:
    with app(library, tmp_path / "index", rescan_interval=0) as test_client:
        yield test_client


def eventually(check: Callable[[], T], timeout: float = 10) -> T:
    """The first truthy result of `check`, polled until `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            assert found, "the condition was not met in time"
            return found
        time.sleep(0.02)


def data(client: TestClient, query: str) -> dict[str, Any]:
    body = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in body, body
    return body["data"]


def status(client: TestClient) -> dict[str, Any]:
    return data(client, STATUS)["contentStatus"]


def superman(client: TestClient) -> dict[str, Any] | None:
    return data(client, '{ exercise(slug: "superman") { name level aliases } }')["exercise"]


def test_an_edit_is_served_with_its_search_and_status(client: TestClient,
                                                     library: Path) -> None:
    path = library / "exercises" / "superman.md"
    before = status(client)["version"]
    path.write_text(path.read_text().replace("aliases: [", "aliases: [flying zebra hold, "))
    eventually(lambda: "flying zebra hold" in superman(client)["aliases"])
    assert status(client)["version"] != before and status(client)["errors"] == []
    found = data(client, '{ search(query: "flying zebra") { edges { node { ... on Exercise '
                         '{ slug } } } } }')["search"]["edges"]
    assert found[0]["node"] == {"slug": "superman"}
    assert client.get("/healthz").json()["status"] == "ok"
    assert gc.isenabled()  # garbage collection, paused while a snapshot is built, is back


FAULTS: dict[str, Callable[[str], str | bytes]] = {
    "broken YAML": lambda text: text.replace("level: beginner", "level: [beginner"),
    "required field removed": lambda text: text.replace("level: beginner\n", ""),
    "non-UTF-8 bytes": lambda text: text.encode().replace(b"Superman", b"Superm\xe4n"),
    "empty file": lambda text: "",
    "binary file": lambda text: bytes(range(256)) * 8,
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_broken_save_keeps_the_last_valid_version(client: TestClient, library: Path,
                                                    fault: str) -> None:
    path = library / "exercises" / "superman.md"
    original = path.read_text()
    broken = FAULTS[fault](original)
    if isinstance(broken, bytes):
        path.write_bytes(broken)
    else:
        path.write_text(broken)
    found = eventually(lambda: status(client)["errors"])
    # The file's own error, then what `check` says follows from it (the guides listing the
    # exercise), while the last valid version is still served.
    assert found[0]["path"] == "exercises/superman.md"
    assert found[0]["line"] is not None or fault == "required field removed"
    assert {e["message"] for e in found[1:]} == {'unknown exercise "superman"'}
    assert [s["path"] for s in status(client)["stale"]] == ["exercises/superman.md"]
    assert superman(client) == {"name": "Superman", "level": "BEGINNER",
                                "aliases": superman(client)["aliases"]}
    assert client.get("/healthz").json()["status"] == "degraded"
    path.write_text(original)
    eventually(lambda: not status(client)["errors"])
    assert status(client)["stale"] == [] and client.get("/healthz").json()["status"] == "ok"


def test_an_unknown_muscle_is_reported_and_the_rest_served(client: TestClient,
                                                          library: Path) -> None:
    path = library / "exercises" / "superman.md"
    path.write_text(path.read_text().replace("secondary_muscles: [glutes", "secondary_muscles:"
                                             " [glutez"))
    error = eventually(lambda: status(client)["errors"])[0]
    assert (error["field"], error["message"]) == ("secondary_muscles", 'unknown muscle "glutez"')
    assert error["suggestion"] == 'did you mean "glutes"?' and error["line"]
    muscles = data(client, '{ exercise(slug: "superman") { secondaryMuscles { slug } } }')
    assert {"slug": "glutes"} not in muscles["exercise"]["secondaryMuscles"]
    assert status(client)["stale"] == []


def test_a_new_broken_file_is_not_served(client: TestClient, library: Path) -> None:
    (library / "exercises" / "wall-angel.md").write_text("---\nname: Wall Angel\nlevel: [\n")
    error = eventually(lambda: status(client)["errors"])[0]
    assert error["path"] == "exercises/wall-angel.md"
    assert data(client, '{ exercise(slug: "wall-angel") { name } }')["exercise"] is None
    assert status(client)["stale"] == []


def test_a_duplicate_slug_is_reported_and_the_first_kept(client: TestClient,
                                                        library: Path) -> None:
    original = (library / "exercises" / "superman.md").read_text()
    (library / "exercises" / "Superman.md").write_text(original.replace("name: Superman",
                                                                        "name: Superman Two"))
    errors = eventually(lambda: status(client)["errors"])
    assert any(e["path"] == "exercises/Superman.md" and "duplicate slug" in e["message"]
               for e in errors)
    assert superman(client)["name"] == "Superman"


def test_a_deleted_file_is_gone_and_references_to_it_reported(client: TestClient,
                                                             library: Path) -> None:
    (library / "exercises" / "plank.md").unlink()
    errors = eventually(lambda: status(client)["errors"])
    assert data(client, '{ exercise(slug: "plank") { name } }')["exercise"] is None
    assert {e["path"] for e in errors} >= {"guides/no-equipment-lower-back-workout-at-home.md",
                                           "exercises/side-bridge.md"}
    assert all(e["message"] == 'unknown exercise "plank"' for e in errors)
    assert status(client)["documents"]["exercises"] == 33


def test_content_status_is_what_check_says(client: TestClient, library: Path) -> None:
    (library / "exercises" / "plank.md").unlink()
    bad = library / "muscles" / "glutes.md"
    bad.write_text(bad.read_text().replace("region: hips", "region: hipps"))
    (library / "exercises" / "notes.txt").write_text("not content")
    eventually(lambda: len(status(client)["warnings"]) == 1)
    expected = load_library(library).problems
    found = status(client)

    def shown(problem: Any) -> tuple[Any, ...]:
        return (str(Path(problem.path).relative_to(library)), problem.line, problem.column,
                problem.field, problem.message, problem.suggestion)

    assert [tuple(e.values()) for e in found["errors"]] == [shown(p) for p in expected
                                                             if p.is_error]
    assert [w["message"] for w in found["warnings"]] == [p.message for p in expected
                                                          if not p.is_error]


def test_a_partial_write_completed_later(client: TestClient, library: Path) -> None:
    path = library / "exercises" / "superman.md"
    full = path.read_text().replace("name: Superman", "name: Superman").replace(
        "aliases: [", "aliases: [completed later, ")
    with open(path, "w") as handle:
        handle.write(full[: len(full) // 3])
        handle.flush()
        time.sleep(0.2)
        handle.write(full[len(full) // 3:])
    eventually(lambda: "completed later" in superman(client)["aliases"])
    eventually(lambda: not status(client)["errors"] and not status(client)["stale"])


def test_two_quick_edits_end_with_the_second(client: TestClient, library: Path) -> None:
    path = library / "exercises" / "superman.md"
    original = path.read_text()
    path.write_text(original.replace("aliases: [", "aliases: [first edit, "))
    path.write_text(original.replace("aliases: [", "aliases: [second edit, "))
    eventually(lambda: "second edit" in superman(client)["aliases"])
    time.sleep(0.3)
    assert "first edit" not in superman(client)["aliases"]


def test_editor_files_are_ignored_and_atomic_saves_applied(client: TestClient,
                                                          library: Path) -> None:
    folder = library / "exercises"
    version = status(client)["version"]
    for name in (".superman.md.swp", "superman.md~", "4913", ".#superman.md",
                 "superman.md.tmp"):
        (folder / name).write_text("---\nnot: [valid\n")
    time.sleep(0.5)
    assert status(client)["version"] == version and status(client)["warnings"] == []
    temporary = folder / ".superman.md.tmp123"
    temporary.write_text((folder / "superman.md").read_text().replace(
        "aliases: [", "aliases: [saved atomically, "))
    os.replace(temporary, folder / "superman.md")
    eventually(lambda: "saved atomically" in superman(client)["aliases"])


def test_a_renamed_folder(client: TestClient, library: Path) -> None:
    (library / "guides").rename(library / "guides-old")
    eventually(lambda: status(client)["documents"]["guides"] == 0)
    (library / "guides-old").rename(library / "guides")
    eventually(lambda: status(client)["documents"]["guides"] == 4)
    assert status(client)["errors"] == []


def test_a_bulk_change_is_applied_as_one_snapshot(library: Path, tmp_path: Path) -> None:
    template = (library / "exercises" / "superman.md").read_text()
    with app(library, tmp_path / "index", rescan_interval=0, watch_settle_ms=200) as client:
        state = client.app.state.exgraph
        applied: list[str] = []
        apply = state.apply

        def counting(paths: Any = None) -> Any:
            change = apply(paths)
            if change is not None:
                applied.append(change.version)
            return change

        state.apply = counting
        for number in range(500):
            (library / "exercises" / f"bulk-{number}.md").write_text(
                template.replace("name: Superman", f"name: Bulk {number}"))
        eventually(lambda: status(client)["documents"]["exercises"] == 534, timeout=30)
        assert len(applied) <= 2, applied  # one snapshot, or two if the OS paused writing
        assert data(client, '{ exercise(slug: "bulk-499") { name } }')["exercise"]


def test_an_update_forgets_deleted_files_valid_or_not(library: Path) -> None:
    workspace = Workspace(library)
    workspace.scan()
    broken = library / "exercises" / "broken.md"
    broken.write_text("no frontmatter")
    assert any(p.path == str(broken) for p in workspace.update(["exercises/broken.md"]).errors)
    broken.unlink()
    (library / "exercises" / "superman.md").unlink()
    loaded = workspace.update(["exercises/broken.md", "exercises/superman.md"])
    assert "superman" not in loaded.store.exercises and not loaded.stale
    assert not any(p.path == str(broken) for p in loaded.problems)


def test_a_broken_file_stays_stale_from_one_load_to_the_next(library: Path) -> None:
    """Without a parse cache too; `since` is when the broken version was written."""
    workspace = Workspace(library)
    workspace.scan()
    superman = library / "exercises" / "superman.md"
    superman.write_text(superman.read_text().replace("level: beginner", "level: hard"))
    written = superman.stat().st_mtime_ns / 1e9
    for _ in range(2):
        loaded = workspace.update(["exercises/superman.md"])
        assert loaded.store.exercises["superman"].level.value == "beginner"
        assert loaded.stale == (Stale(str(superman), written),)


def test_the_index_removed_while_serving(client: TestClient, library: Path,
                                         tmp_path: Path) -> None:
    shutil.rmtree(tmp_path / "index")
    path = library / "exercises" / "superman.md"
    path.write_text(path.read_text().replace("aliases: [", "aliases: [indexed again, "))
    eventually(lambda: "indexed again" in superman(client)["aliases"])
    found = data(client, '{ search(query: "indexed again") { edges { node { ... on Exercise '
                         '{ slug } } } } }')["search"]["edges"]
    assert found[0]["node"] == {"slug": "superman"}
    assert (tmp_path / "index" / "CURRENT").exists()


def test_polling_and_rescans_find_what_events_miss(library: Path, tmp_path: Path) -> None:
    """With events polled only once a minute, the periodic rescan still finds the edit."""
    with app(library, tmp_path / "index", watch_poll_ms=60_000,
             rescan_interval=0.2) as client:
        path = library / "exercises" / "superman.md"
        path.write_text(path.read_text().replace("aliases: [", "aliases: [found by rescan, "))
        eventually(lambda: "found by rescan" in superman(client)["aliases"])
    with app(library, tmp_path / "index", watch_poll_ms=50, rescan_interval=0) as client:
        path.write_text(path.read_text().replace("found by rescan", "found by polling"))
        eventually(lambda: "found by polling" in superman(client)["aliases"])


def test_each_error_is_logged_once_when_it_appears_and_once_when_fixed(
        library: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="exgraph")
    with app(library, tmp_path / "index", rescan_interval=0.1) as client:
        path = library / "exercises" / "superman.md"
        original = path.read_text()
        path.write_text(original.replace("level: beginner", "level: [beginner"))
        eventually(lambda: status(client)["errors"])
        time.sleep(0.5)  # several rescans
        path.write_text(original)
        eventually(lambda: not status(client)["errors"])
        time.sleep(0.3)
    mentions = [r for r in caplog.records if "superman.md" in r.getMessage()]
    assert [(r.levelname, r.getMessage().startswith("fixed:")) for r in mentions] == [
        ("ERROR", False), ("INFO", True)]


def test_answers_cached_before_an_edit_are_not_served_after_it(client: TestClient,
                                                              library: Path) -> None:
    query = {"query": '{ exercise(slug: "superman") { aliases } }'}
    first = client.post("/graphql", json=query).content
    assert client.post("/graphql", json=query).content == first
    path = library / "exercises" / "superman.md"
    path.write_text(path.read_text().replace("aliases: [", "aliases: [after the swap, "))
    eventually(lambda: b"after the swap" in client.post("/graphql", json=query).content)


def test_changes_are_pushed_to_subscribers(library: Path, tmp_path: Path) -> None:
    application = create_app(Settings(content_dir=library, index_dir=tmp_path / "index",
                                      rescan_interval=0))
    subscription = ("subscription { contentChanged { version previousVersion "
                    "changed { kind slug change } status { errors { path } } } }")
    received: list[dict[str, Any]] = []
    listening = threading.Event()
    with serving(application) as url:
        def listen() -> None:
            with httpx.stream("GET", f"{url}/graphql", params={"query": subscription},
                              headers={"accept": "text/event-stream"}, timeout=20) as events:
                assert events.headers["content-type"].startswith("text/event-stream")
                listening.set()
                for line in events.iter_lines():
                    if line.startswith("data: {"):
                        received.append(json.loads(line[6:]))
                        return

        listener = threading.Thread(target=listen)
        listener.start()
        assert listening.wait(10)
        eventually(lambda: len(application.state.feed._subscribers) == 1)
        path = library / "exercises" / "superman.md"
        path.write_text(path.read_text().replace("level: beginner", "level: intermediate"))
        listener.join(20)
    change = received[0]["data"]["contentChanged"]
    assert change["changed"] == [{"kind": "EXERCISE", "slug": "superman", "change": "CHANGED"}]
    assert change["version"] != change["previousVersion"] and change["status"]["errors"] == []


def test_queries_over_server_sent_events(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": '{ exercise(slug: "plank") { name } }'},
                          headers={"accept": "text/event-stream"})
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.text == ('event: next\ndata: {"data":{"exercise":{"name":"Plank"}}}\n\n'
                             "event: complete\ndata:\n\n")


@pytest.mark.parametrize("command", [["serve"], ["index"], ["check"], ["search", "plank",
                                                                       "--dir"]])
def test_commands_refuse_a_directory_that_is_not_a_library(tmp_path: Path,
                                                           command: list[str]) -> None:
    for directory, what in ((tmp_path / "missing", "does not exist"),
                            (tmp_path, "holds no equipment.yaml, muscles/, exercises/ or guides/")):
        result = CliRunner().invoke(main, [*command, str(directory)])
        assert result.exit_code == 1
        assert f"{directory} {what}: not a content library (`exgraph new` creates files in one; " \
            "`exgraph import` makes one from the Free Exercise DB)" in result.output, result.output


def test_an_empty_library_answers_searches_with_nothing(tmp_path: Path) -> None:
    library = tmp_path / "library"
    (library / "exercises").mkdir(parents=True)
    with app(library, tmp_path / "index") as client:
        found = data(client, '{ search(query: "squat") { totalCount edges { cursor } } '
                             'suggest(prefix: "sq") { text } }')
    assert found == {"search": {"totalCount": 0, "edges": []}, "suggest": []}


def test_an_edit_that_cannot_be_indexed_is_applied_once_it_can(client: TestClient,
                                                               library: Path,
                                                               tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.rmtree(index)
    index.write_text("not a folder: the index cannot be written")
    path = library / "exercises" / "superman.md"
    path.write_text(path.read_text().replace("aliases: [", "aliases: [applied later, "))
    time.sleep(1)
    assert "applied later" not in superman(client)["aliases"]  # the last snapshot is served
    assert gc.isenabled()  # garbage collection, paused while a snapshot is built, is back
    index.unlink()
    eventually(lambda: "applied later" in superman(client)["aliases"])
