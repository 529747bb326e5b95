"""The README stays true: its settings table is what `exgraph settings --markdown` prints, and
every `exgraph` command it shows exists."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def test_the_settings_table_is_the_settings() -> None:
    shown = re.search(r"<!-- settings -->\n(.*?)<!-- /settings -->", README, re.S)
    assert shown, "README.md has no settings table"
    printed = CliRunner().invoke(main, ["settings", "--markdown"])
    assert printed.exit_code == 0
    assert shown.group(1) == printed.output


def test_every_command_shown_exists() -> None:
    shell = "\n".join(re.findall(r"```sh\n(.*?)```", README, re.S))
    commands = set(re.findall(r"(?:^|&& |\.venv/bin/)exgraph ([a-z]+)", shell, re.M))
    assert {"serve", "check", "import", "index", "search", "persisted"} <= commands
    for command in commands:
        helped = CliRunner().invoke(main, [command, "--help"])
        assert helped.exit_code == 0, (command, helped.output)
