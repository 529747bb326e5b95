"""The command line: help, scaffolding new files, importing from a URL."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from content.loader import BUNDLED_LIBRARY, load_library
from graph.cli import main
from tests.conftest import FREE_EXERCISE_DB

COMMANDS = [[], ["serve"], ["check"], ["import"], ["import", "free-exercise-db"], ["new"],
            ["index"], ["search"], ["schema"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_new_files_pass_check(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library)
    runner = CliRunner()
    for kind, name in (("muscle", "Serratus Anterior"), ("exercise", "Jefferson Curl"),
                       ("guide", "Morning Mobility")):
        result = runner.invoke(main, ["new", kind, name, "--dir", str(library)])
        assert result.exit_code == 0, result.output
    assert (library / "exercises" / "jefferson-curl.md").exists()
    loaded = load_library(library)
    assert loaded.problems == ()
    assert "jefferson-curl" in loaded.store.exercises
    again = runner.invoke(main, ["new", "exercise", "Jefferson Curl", "--dir", str(library)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_new_exercise_needs_a_muscle(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", "exercise", "Plank", "--dir", str(tmp_path)])
    assert result.exit_code == 1 and "create a muscle first" in result.output


@pytest.fixture
def served_data() -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(FREE_EXERCISE_DB.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_import_from_a_url(served_data: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", "free-exercise-db",
                                       f"{served_data}/exercises.json", "--into", str(tmp_path),
                                       "--allow-http"])
    assert result.exit_code == 0, result.output
    assert len(load_library(tmp_path).store.exercises) == 873
    missing = CliRunner().invoke(main, ["import", "free-exercise-db",
                                        f"{served_data}/missing.json", "--into", str(tmp_path),
                                        "--allow-http"])
    assert missing.exit_code == 1 and "404" in missing.output
