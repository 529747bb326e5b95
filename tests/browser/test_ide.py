"""The IDE in a real browser: Debian's Chromium driven by Playwright, with no internet.

The real app runs under uvicorn on a loopback port. Every request that is not to it is
aborted and recorded; a test fails if any was attempted, or if the console reports an error
or the page a CSP violation. Without a browser the tests skip, except under CI, where they fail.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

import httpx
import pytest
from graphql import build_schema
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    Request,
    Route,
    expect,
    sync_playwright,
)

from content.loader import BUNDLED_LIBRARY
from graph.app import create_app
from graph.settings import Settings
from tests.conftest import serving

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCHEMA = Path(__file__).resolve().parents[2] / "graph" / "schema.graphql"
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(
  `${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}`));
"""
TIMEOUT_MS = 30_000


def unavailable(reason: str) -> NoReturn:
    """Skip loudly, or fail when running under CI, where the browser test must run."""
    message = f"BROWSER TEST NOT RUN: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message)
    warnings.warn(message, stacklevel=2)
    pytest.skip(message)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app over the bundled library, served on a free loopback port."""
    app = create_app(Settings(content_dir=BUNDLED_LIBRARY,
                              index_dir=tmp_path_factory.mktemp("index")))
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        playwright: Playwright = sync_playwright().start()
    except Error as error:
        unavailable(f"Playwright did not start: {error}")
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Error as error:
        playwright.stop()
        unavailable(f"{CHROMIUM} did not launch (apt-get install chromium): {error}")
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


@dataclass
class IDE:
    """One page of the IDE, with what it tried to reach and what its console said."""

    page: Page
    origin: str
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    violations_expected: bool = False

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.cspViolations")

    def run(self, query: str) -> object:
        """Replace the operation with `query` (a named one), run it once the IDE has taken it
        in (the tab is named after it), and return the JSON result shown."""
        name = re.match(r"query (\w+)", query)
        assert name is not None, "run() needs a named operation"
        editor = self.page.locator(".graphiql-query-editor .monaco-editor").first
        editor.click()
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.insert_text(query)
        self.page.keyboard.press("Shift+ControlOrMeta+End")  # brackets the editor auto-closed
        self.page.keyboard.press("Delete")
        expect(self.page.locator(".graphiql-tab-active")).to_have_text(name[1])
        self.page.get_by_role("button", name=re.compile(r"^Execute query")).click()
        lines = self.page.locator(".graphiql-response .view-lines")
        expect(lines).to_contain_text('"data"')
        return json.loads(lines.inner_text().replace("\xa0", " "))


@pytest.fixture
def ide(browser: Browser, server: str) -> Iterator[IDE]:
    """A fresh IDE page; after the test, fails on any outside request, error or violation."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    ide = IDE(context.new_page(), server)
    local = urlsplit(server).netloc

    def guard(route: Route) -> None:
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            ide.outside.append(route.request.url)
            route.abort()

    def record(request: Request) -> None:
        if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and \
                urlsplit(request.url).netloc != local:
            ide.outside.append(request.url)

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            ide.console_errors.append(message.text)

    context.route("**/*", guard)
    context.on("request", record)
    ide.page.on("console", console)
    ide.page.on("pageerror", lambda error: ide.console_errors.append(str(error)))
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    try:
        yield ide
        assert ide.outside == [], "requests beyond the test server"
        if not ide.violations_expected:
            assert ide.console_errors == []
            assert ide.csp_violations() == []
    finally:
        context.close()


def open_ide(ide: IDE) -> None:
    response = ide.page.goto(f"{ide.origin}/graphql")
    assert response is not None and response.status == 200
    expect(ide.page.locator(".graphiql-query-editor .view-lines")).to_contain_text("exercise")


def test_page_is_served_with_a_policy_that_blocks_injection(ide: IDE) -> None:
    ide.violations_expected = True
    response = ide.page.goto(f"{ide.origin}/graphql")
    assert response is not None
    headers = response.headers
    policy = headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy
    assert "connect-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    expect(ide.page.locator(".graphiql-query-editor .view-lines")).to_contain_text("exercise")
    blocked = ide.page.evaluate("""() => {
        const probe = document.createElement('div');
        probe.innerHTML = '<style>body { color: rgb(1, 2, 3); }</style>';
        document.body.append(probe);
        const script = document.createElement('script');
        script.textContent = 'window.inlineScriptRan = true';
        document.body.append(script);
        return { style: getComputedStyle(document.body).color !== 'rgb(1, 2, 3)',
                 script: window.inlineScriptRan === undefined };
    }""")
    assert blocked == {"style": True, "script": True}
    ide.page.wait_for_function("window.cspViolations.length >= 2")
    directives = {line.split()[0] for line in ide.csp_violations()}
    assert directives == {"style-src-elem", "script-src-elem"}


def test_runs_a_query_against_the_same_origin(ide: IDE) -> None:
    open_ide(ide)
    query = 'query PlankLevel {\nexercise(slug: "plank") { name level primaryMuscles { name } }\n}'
    shown = ide.run(query)
    assert shown == httpx.post(f"{ide.origin}/graphql", json={"query": query}).json()
    assert shown == {"data": {"exercise": {"name": "Plank", "level": "BEGINNER",
                                           "primaryMuscles": [{"name": "Abdominals"}]}}}


def test_default_query_runs(ide: IDE) -> None:
    open_ide(ide)
    ide.page.get_by_role("button", name=re.compile(r"^Execute query")).click()
    expect(ide.page.locator(".graphiql-response .view-lines")).to_contain_text('"Superman"')


def test_docs_explorer_lists_the_query_fields(ide: IDE) -> None:
    open_ide(ide)
    ide.page.get_by_role("button", name="Show Documentation Explorer").click()
    explorer = ide.page.locator(".graphiql-doc-explorer")
    explorer.get_by_role("link", name="Query", exact=True).click()
    expect(explorer.locator(".graphiql-doc-explorer-title")).to_have_text("Query")
    query_type = build_schema(SCHEMA.read_text(encoding="utf-8")).query_type
    assert query_type is not None
    fields = explorer.locator(".graphiql-doc-explorer-field-name")
    expect(fields).to_have_text(list(query_type.fields))


def test_history_keeps_the_queries_run(ide: IDE) -> None:
    open_ide(ide)
    ide.run('query WallSit {\nexercise(slug: "wall-sit") { name }\n}')
    ide.page.get_by_role("button", name="Show History").click()
    expect(ide.page.locator(".graphiql-history-item-label")).to_have_text(["WallSit"])
