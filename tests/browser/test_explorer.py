"""The explorer in a real browser: Debian's Chromium driven by Playwright, with no internet.

The real app serves a copy of the bundled library (which the tests edit on disk) or the whole
imported Free Exercise DB. Every request beyond the test server is aborted and fails the test,
as do console errors and CSP violations; without a browser the tests skip, except under CI.
Screenshots of the views at desktop and phone widths are taken, and written to the folder
$EXGRAPH_SCREENSHOTS names, if set (`EXGRAPH_SCREENSHOTS=docs/screenshots` refreshes the
README's).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route, expect

from content.loader import BUNDLED_LIBRARY
from graph.app import create_app
from graph.settings import Settings
from tests.browser.test_ide import RECORD_CSP_VIOLATIONS, TIMEOUT_MS, browser
from tests.conftest import FREE_EXERCISE_DB, oversubscribed, serving

__all__ = ["browser"]  # the fixture, shared with the IDE's tests

SCREENSHOTS = os.environ.get("EXGRAPH_SCREENSHOTS")
IMAGES = FREE_EXERCISE_DB.parent / "images"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
FIRST_RENDER_BUDGET_MS = 300
LIVE_BUDGET_S = 1.0
BROKEN_YAML = "exercises/superman.md"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled library that tests may edit (and must put back)."""
    copy = tmp_path_factory.mktemp("explorer") / "library"
    shutil.copytree(BUNDLED_LIBRARY, copy)
    return copy


@pytest.fixture(scope="module")
def server(library: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app over the copied library, watching it, with the Free Exercise DB's images."""
    app = create_app(Settings(content_dir=library, index_dir=tmp_path_factory.mktemp("index"),
                              images_dir=IMAGES if IMAGES.is_dir() else None))
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def search_server(imported_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app over the whole imported Free Exercise DB (no images folder)."""
    app = create_app(Settings(content_dir=imported_dir, watch=False,
                              index_dir=tmp_path_factory.mktemp("search-index")))
    with serving(app) as url:
        yield url


def api(origin: str, document: str, **variables: Any) -> dict[str, Any]:
    """The data of one operation, asked of the API directly (what the page should show)."""
    body = httpx.post(f"{origin}/graphql", json={"query": document,
                                                  "variables": variables}).json()
    assert "errors" not in body, body
    return body["data"]


@dataclass
class Explorer:
    """A browser context on one server, with what its pages tried to reach and reported."""

    browser: Browser
    origin: str
    pages: list[Page] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    violations_expected: bool = False

    def open(self, path: str, viewport: dict[str, int] = DESKTOP, intercept: bool = True,
             prepare: Callable[[Page], None] | None = None) -> Page:
        """A new page (its own context: a cold cache) showing `path`, after `prepare` saw it
        blank. Requests beyond the server are recorded, and also aborted unless `intercept`
        is off (interception sends every request through this process, which a timing should
        not include)."""
        context = self.browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        context.set_default_timeout(TIMEOUT_MS)
        local = urlsplit(self.origin).netloc

        def guard(route: Route) -> None:
            if urlsplit(route.request.url).netloc == local:
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        def console(message: ConsoleMessage) -> None:
            # A picture the content lists but the images folder lacks is asked for, answered
            # 404 and hidden: the only error the page is allowed.
            missing_image = "404" in message.text and \
                urlsplit(message.location.get("url", "")).path.startswith("/images/")
            if (message.type == "error" and not missing_image) or \
                    "Content Security Policy" in message.text:
                self.console_errors.append(message.text)

        def record(request: Request) -> None:
            if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and \
                    urlsplit(request.url).netloc != local:
                self.outside.append(request.url)

        if intercept:
            context.route("**/*", guard)
        context.on("request", record)
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        page = context.new_page()
        page.on("console", console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.pages.append(page)
        if prepare is not None:
            prepare(page)
        response = page.goto(self.origin + path)
        assert response is not None and response.status == 200
        return page

    def check(self) -> None:
        assert self.outside == [], "requests beyond the test server"
        if not self.violations_expected:
            assert self.console_errors == []
            for page in self.pages:
                assert page.evaluate("window.cspViolations") == []


def explorer_on(browser: Browser, origin: str) -> Iterator[Explorer]:
    explorer = Explorer(browser, origin)
    try:
        yield explorer
        explorer.check()
    finally:
        for page in explorer.pages:
            page.context.close()


@pytest.fixture
def explorer(browser: Browser, server: str) -> Iterator[Explorer]:
    yield from explorer_on(browser, server)


@pytest.fixture
def searcher(browser: Browser, search_server: str) -> Iterator[Explorer]:
    yield from explorer_on(browser, search_server)


def screenshot(page: Page, name: str) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    picture = page.screenshot()
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}-{'phone' if width < 600 else 'desktop'}.png").write_bytes(picture)


def mark_page(page: Page) -> None:
    """Leave a mark in the page's JavaScript state: gone if the page reloads."""
    page.evaluate("window.explorerTestMark = 'still here'")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.explorerTestMark") == "still here"


# Search ------------------------------------------------------------------------------------

SUGGEST = """query ($prefix: String!) { suggest(prefix: $prefix, first: 8) {
  text node { ... on Exercise { slug name } ... on Muscle { slug name }
              ... on Guide { slug } } } }"""


def test_misspelt_query_then_a_suggestion_picked_with_the_keyboard(searcher: Explorer) -> None:
    page = searcher.open("/")
    box = page.get_by_role("combobox", name="Search exercises, muscles and guides")
    box.focus()
    box.press_sequentially("deadlfit", delay=40)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(listbox).to_have_accessible_name("Suggestions for “deadlift”")
    expected = api(searcher.origin, SUGGEST, prefix="deadlift")["suggest"]
    assert api(searcher.origin, SUGGEST, prefix="deadlfit")["suggest"] == []
    options = page.get_by_role("option")
    expect(options).to_have_count(len(expected))
    for option, suggestion in zip(options.all(), expected, strict=True):
        expect(option.locator(".suggestion-text")).to_have_text(suggestion["text"])
    # The results follow the typing, and the URL with them.
    expect(page.locator(".did-you-mean a")).to_have_text("deadlift")
    expect(page).to_have_url(f"{searcher.origin}/?q=deadlfit")
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id") or "-")
    box.press("ArrowUp")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    mark_page(page)
    box.press("Enter")
    first = expected[0]["node"]
    expect(page).to_have_url(f"{searcher.origin}/exercises/{first['slug']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(first["name"])
    expect(page.locator("main")).to_be_focused()
    assert_not_reloaded(page)
    page.go_back()
    expect(page.get_by_role("combobox")).to_have_value("deadlfit")
    box = page.get_by_role("combobox")
    box.focus()
    box.press("ArrowDown")
    expect(page.get_by_role("listbox")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")


SEARCH_COUNT = """query ($query: String!, $filter: ExerciseFilter) {
  search(query: $query, filter: $filter, first: 1) { totalCount
    facets { level { value count } equipment { value count } } } }"""


def test_facet_filter_shows_the_api_count(searcher: Explorer) -> None:
    page = searcher.open("/?q=back")
    unfiltered = api(searcher.origin, SEARCH_COUNT, query="back", filter=None)["search"]
    total = page.locator(".result-count")
    expect(total).to_have_attribute("data-total", str(unfiltered["totalCount"]))
    level = page.locator('.facet[data-facet="level"] a[data-value="BEGINNER"]')
    shown = int(level.locator(".count").inner_text())
    assert shown == next(item["count"] for item in unfiltered["facets"]["level"]
                         if item["value"] == "BEGINNER")
    mark_page(page)
    level.click()
    expect(page).to_have_url(f"{searcher.origin}/?q=back&level=BEGINNER")
    filtered = api(searcher.origin, SEARCH_COUNT, query="back",
                   filter={"level": "BEGINNER"})["search"]
    expect(total).to_have_attribute("data-total", str(filtered["totalCount"]))
    expect(total).to_have_text(f"{filtered['totalCount']} results for “back”")
    assert filtered["totalCount"] == shown
    expect(page.locator('.facet[data-facet="level"] a[aria-current="true"]')).to_have_count(1)
    expect(page.locator(".result .tags .level-beginner")).to_have_count(20)
    expect(page.locator(".result .tags .level-intermediate")).to_have_count(0)
    # A second filter combines with the first; the equipment counts come from the API too.
    equipment = filtered["facets"]["equipment"][0]
    page.locator(f'.facet[data-facet="equipment"] a[data-value="{equipment["value"]}"]').click()
    expect(total).to_have_attribute("data-total", str(equipment["count"]))
    page.go_back()
    expect(total).to_have_attribute("data-total", str(filtered["totalCount"]))
    # Snippets keep only <mark> as markup.
    snippets = page.locator(".result .snippet, .result h3 a")
    assert page.locator(".result mark").count() > 0
    for tags in snippets.evaluate_all(
            "nodes => nodes.map(n => [...n.querySelectorAll('*')].map(e => e.localName))"):
        assert set(tags) <= {"mark", "span"}
    assert_not_reloaded(page)


def test_search_state_lives_in_the_url(searcher: Explorer) -> None:
    page = searcher.open("/?q=curl&category=STRENGTH")
    expect(page.get_by_role("combobox")).to_have_value("curl")
    count = api(searcher.origin, SEARCH_COUNT, query="curl",
                filter={"category": "STRENGTH"})["search"]["totalCount"]
    expect(page.locator(".result-count")).to_have_attribute("data-total", str(count))
    expect(page.locator('.facet[data-facet="category"] a[aria-current="true"]')).to_have_attribute(
        "data-value", "STRENGTH")
    # Nothing in the query to understand: no chips.
    expect(page.locator(".understood")).to_have_count(0)


def test_understood_words_show_as_chips_that_remove_them(explorer: Explorer) -> None:
    page = explorer.open("/?q=core+routine+with+no+gear")
    mark_page(page)
    chips = page.locator(".chip")
    expect(chips).to_have_count(2)
    expect(chips.filter(has_text="No equipment")).to_have_attribute("data-kind", "filter")
    expect(chips.filter(has_text="Abdominals")).to_have_attribute("data-kind", "body part")
    chips.filter(has_text="Abdominals").get_by_role(
        "link", name="Search again without “core”").click()
    expect(page.get_by_role("combobox")).to_have_value("routine with no gear")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("No equipment")
    assert_not_reloaded(page)


# Markdown entities: the text says "<img …>" and "<mark>", which must show as written.
PROBE = """---
name: Zorblax Hold
level: beginner
category: strength
equipment: body-only
primary_muscles: [lower-back]
---
1. Hold the zorblax position &lt;img src=x onerror="window.pwned = 1"&gt; & \
&lt;mark&gt;this&lt;/mark&gt;, 3 < 5, don't rush.
"""
PROBE_TEXT = ("""Hold the zorblax position <img src=x onerror="window.pwned = 1"> & """
              "<mark>this</mark>, 3 < 5, don't rush.")


def test_markup_in_content_shows_as_text(explorer: Explorer, library: Path) -> None:
    """Snippets are HTML-escaped by the API; the page turns only their <mark> into markup."""
    probe = library / "exercises" / "zorblax-hold.md"
    probe.write_text(PROBE, encoding="utf-8")
    try:
        deadline = time.monotonic() + 10
        while not api(explorer.origin, '{ exercise(slug: "zorblax-hold") { slug } }')["exercise"]:
            assert time.monotonic() < deadline, "the new file was not served"
            time.sleep(0.05)
        page = explorer.open("/?q=zorblax+position")
        snippet = page.locator('.result[data-slug="zorblax-hold"] .snippet')
        expect(snippet).to_contain_text(PROBE_TEXT.removesuffix(" rush."))
        assert snippet.evaluate("n => [...n.querySelectorAll('*')].map(e => e.localName)") == [
            "span", "mark", "mark"]
        page.goto(f"{explorer.origin}/exercises/zorblax-hold")
        expect(page.locator("ol.steps li")).to_have_text(PROBE_TEXT)
        assert page.evaluate("window.pwned") is None
    finally:
        probe.unlink()


# The exercise page -------------------------------------------------------------------------

PROFILE = """query ($slug: String!, $kg: Float!) { exercise(slug: $slug) {
  instructions images
  related { peers { totalCount } substitutes(equipment: []) { exercise { slug } }
            progressions { exercise { slug } reason } }
  profile { recruitment { muscle { slug } role share }
            intensity { met zone calories(bodyMassKg: $kg, minutes: 30) }
            provenance { field source } disclaimer } } }"""
ZONES = [(3, "LIGHT"), (6, "MODERATE"), (9, "VIGOROUS"), (float("inf"), "VERY_VIGOROUS")]


def zone_of(met: float) -> str:
    return next(zone for limit, zone in ZONES if met < limit)


@pytest.mark.parametrize("slug", ["superman", "bird-dog", "deadlift-with-bands", "cat-stretch",
                                  "kettlebell-swing"])
def test_recruitment_and_intensity_charts(explorer: Explorer, slug: str) -> None:
    page = explorer.open(f"/exercises/{slug}")
    data = api(explorer.origin, PROFILE, slug=slug, kg=70)["exercise"]
    profile = data["profile"]
    shares = page.locator("svg g.share")
    expect(shares).to_have_count(len(profile["recruitment"]))
    shown = shares.evaluate_all("""nodes => nodes.map(n => ({muscle: n.dataset.muscle,
        role: n.dataset.role, share: Number(n.dataset.share)}))""")
    assert shown == [{"muscle": item["muscle"]["slug"], "role": item["role"],
                      "share": item["share"]} for item in profile["recruitment"]]
    assert sum(item["share"] for item in shown) == pytest.approx(100)
    expect(page.locator(".chart-total")).to_have_text("Total 100 %")
    widths = shares.locator("rect.bar").evaluate_all(
        "nodes => nodes.map(n => n.width.baseVal.value)")
    track = shares.first.locator("rect.track").evaluate("n => n.width.baseVal.value")
    assert sum(widths) == pytest.approx(track)
    # Intensity: the exercise's MET in its zone, beside everyday activities, on the four bands.
    intensity = profile["intensity"]
    assert intensity["zone"] == zone_of(intensity["met"])
    met = page.locator("p.met")
    expect(met).to_have_attribute("data-zone", intensity["zone"])
    expect(met).to_contain_text(f"{intensity['met']:.1f} MET · "
                                f"{intensity['zone'].replace('_', ' ').lower()}")
    own = page.locator("svg g.activity.own")
    expect(own).to_have_attribute("data-zone", intensity["zone"])
    expect(own).to_have_attribute("data-met", str(intensity["met"]).removesuffix(".0"))
    activities = page.locator("svg g.activity").evaluate_all(
        "nodes => nodes.map(n => [Number(n.dataset.met), n.dataset.zone])")
    assert len(activities) == 6 and activities == sorted(activities, key=lambda row: row[0])
    assert all(zone == zone_of(value) for value, zone in activities)
    assert {value for value, _ in activities} >= {3.5, 4.0, 7.0, 9.8}
    bands = page.locator("svg g.zone").evaluate_all("""nodes => nodes.map(n => [n.dataset.zone,
        Number(n.dataset.from), Number(n.dataset.to), Number(n.dataset.x),
        Number(n.dataset.width)])""")
    top = bands[-1][2]
    assert [band[:3] for band in bands] == [["LIGHT", 0, 3], ["MODERATE", 3, 6],
                                            ["VIGOROUS", 6, 9], ["VERY_VIGOROUS", 9, top]]
    scale = bands[0][4] / 3
    for _, low, high, x, width in bands:
        assert (x, width) == (pytest.approx(low * scale), pytest.approx((high - low) * scale))
    own_bar = own.locator("rect.bar").evaluate("n => n.width.baseVal.value")
    assert own_bar == pytest.approx(intensity["met"] * scale)


def test_exercise_page_shows_the_profile_and_related(explorer: Explorer) -> None:
    page = explorer.open("/exercises/superman")
    expect(page.get_by_role("heading", level=1)).to_have_text("Superman")
    data = api(explorer.origin, PROFILE, slug="superman", kg=82.5)["exercise"]
    profile = data["profile"]
    intensity = profile["intensity"]
    # Calories for a body mass the user types, as the API computes them.
    page.get_by_label("Body mass (kg)").fill("82.5")
    expect(page.locator("[data-kcal]")).to_have_attribute(
        "data-kcal", str(intensity["calories"]))
    # Provenance badges and the notice.
    expect(page.locator("p.notice")).to_have_text(profile["disclaimer"])
    authored = {item["field"] for item in profile["provenance"] if item["source"] == "AUTHORED"}
    assert authored == {"commonMistakes"}
    mistakes = page.get_by_role("heading", name="Common mistakes")
    expect(mistakes.locator(".provenance")).to_have_text("authored")
    expect(page.get_by_role("heading", name="Who it is for").locator(".provenance")).to_have_text(
        "derived")
    # Steps, images, related exercises with reasons and the real peer count.
    expect(page.locator("ol.steps > li")).to_have_text(data["instructions"])
    if IMAGES.is_dir():
        pictures = page.locator(".images img")
        expect(pictures).to_have_count(len(data["images"]))
        for picture in pictures.all():
            picture.scroll_into_view_if_needed()
            expect(picture).to_have_js_property("complete", True)
            assert picture.evaluate("img => img.naturalWidth") > 0
    expect(page.locator("#peers .count")).to_have_text(str(data["related"]["peers"]["totalCount"]))
    progressions = page.locator("section[aria-labelledby=progressions] .reason")
    expect(progressions).to_have_text([item["reason"] for item in data["related"]["progressions"]])
    # The equipment picker: nothing ticked means only exercises needing no equipment.
    page.get_by_label("Only equipment I have").check()
    substitutes = page.locator(".substitutes .related a")
    expect(substitutes).to_have_count(len(data["related"]["substitutes"]))
    assert substitutes.evaluate_all("links => links.map(a => a.pathname)") == [
        f"/exercises/{item['exercise']['slug']}" for item in data["related"]["substitutes"]]


def test_exercise_page_renders_within_budget(explorer: Explorer) -> None:
    """First render (the exercise painted, from navigation start) in a fresh context each time,
    so the page and its modules come over the network; the best of five, against the noise of
    a shared machine. The budget holds for an idle machine; while the CPU is oversubscribed
    (load above the number of cores, as when other jobs share the machine) it stretches by
    that factor, and the paint of the bare HTML is printed beside it for comparison."""
    timings, bare = [], []
    for _ in range(5):
        page = explorer.open("/exercises/plank", intercept=False)
        expect(page.get_by_role("heading", level=1)).to_have_text("Plank")
        expect(page.locator("svg g.share").first).to_be_visible()
        timings.append(page.evaluate(
            "performance.getEntriesByName('explorer-exercise-rendered')[0].startTime"))
        bare.append(page.evaluate(
            "performance.getEntriesByName('first-contentful-paint')[0].startTime"))
    budget = FIRST_RENDER_BUDGET_MS * oversubscribed()
    print(f"\nexercise page first render: {[round(t) for t in timings]} ms (median "
          f"{statistics.median(timings):.0f}); bare HTML painted at {[round(t) for t in bare]} "
          f"ms; budget {budget:.0f} ms (load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    assert min(timings) <= budget, timings


# Muscles and guides ------------------------------------------------------------------------

MUSCLE = """query { muscle(slug: "lower-back") {
  primary: exercises(role: PRIMARY) { totalCount }
  secondary: exercises(role: SECONDARY) { totalCount } } }"""
GUIDE = """query { guide(slug: "three-day-lower-back-strength-programme") {
  exercises { slug name } routine { day items { exercise { slug } } } } }"""


def test_muscle_lists_exercises_by_role(explorer: Explorer) -> None:
    page = explorer.open("/muscles/lower-back")
    counts = api(explorer.origin, MUSCLE)["muscle"]
    for role in ("primary", "secondary"):
        section = page.locator(f'section[data-role="{role}"]')
        expect(section.locator("h2 .count")).to_have_text(str(counts[role]["totalCount"]))
        expect(section.locator(".exercise-list > li")).to_have_count(
            min(counts[role]["totalCount"], 30))
    mark_page(page)
    page.locator('section[data-role="primary"] .exercise-list a', has_text="Superman").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Superman")
    assert_not_reloaded(page)


def test_guide_links_its_exercises_and_tables_its_routine(explorer: Explorer) -> None:
    page = explorer.open("/guides/three-day-lower-back-strength-programme")
    guide = api(explorer.origin, GUIDE)["guide"]
    rows = page.locator("table.routine tbody tr")
    expect(rows).to_have_count(sum(len(day["items"]) for day in guide["routine"]))
    routine_links = rows.locator("a").evaluate_all("links => links.map(a => a.pathname)")
    assert routine_links == [f"/exercises/{item['exercise']['slug']}"
                             for day in guide["routine"] for item in day["items"]]
    expect(page.locator("table.routine tbody th[scope=rowgroup]")).to_have_text(
        [day["day"] for day in guide["routine"]])
    body_links = page.locator(".guide-layout .prose a").evaluate_all(
        "links => links.map(a => a.pathname)")
    slugs = {exercise["slug"] for exercise in guide["exercises"]}
    assert {link.removeprefix("/exercises/") for link in body_links} == slugs
    mark_page(page)
    page.locator(".guide-layout .prose a", has_text="Romanian Deadlift").click()
    expect(page).to_have_url(f"{explorer.origin}/exercises/romanian-deadlift")
    assert_not_reloaded(page)


# Content status ----------------------------------------------------------------------------

STATUS = "{ contentStatus { version errors { path line column } stale { path } } }"


def test_status_follows_a_broken_file_and_its_fix(explorer: Explorer, library: Path) -> None:
    page = explorer.open("/status")
    errors = page.locator("li.problem.error")
    expect(page.locator("#errors .count")).to_have_text("0")
    expect(page.locator(".badge")).to_contain_text("0 errors")
    mark_page(page)
    target = library / BROKEN_YAML
    original = target.read_text(encoding="utf-8")
    broken_at = None
    try:
        target.write_text(original.replace("level: beginner", "level: [beginner", 1),
                          encoding="utf-8")
        saved = time.monotonic()
        mine = page.locator(f'li.problem.error[data-path="{BROKEN_YAML}"]')
        expect(mine).to_have_count(1)
        broken_at = time.monotonic() - saved
        status = api(explorer.origin, STATUS)["contentStatus"]
        problem = next(item for item in status["errors"] if item["path"] == BROKEN_YAML)
        expect(mine).to_have_attribute("data-line", str(problem["line"]))
        expect(mine.locator(".where code")).to_have_text(
            f"{BROKEN_YAML}:{problem['line']}:{problem['column']}")
        expect(mine.locator(".message")).to_contain_text("broken YAML")
        expect(mine.locator(".suggestion")).to_contain_text("Suggestion:")
        expect(mine.locator(".stale-mark")).to_have_text("stale")
        expect(page.locator(".stale li")).to_have_attribute("data-path", BROKEN_YAML)
        expect(errors).to_have_count(len(status["errors"]))
        expect(page.locator(".badge")).to_contain_text(f"{len(status['errors'])} errors")
        expect(page.locator(".summary")).to_contain_text("received live")
        assert page.evaluate(LOW_CONTRAST) == []
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)  # type: ignore[arg-type]
            screenshot(page, "status")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        target.write_text(original, encoding="utf-8")
    fixed = time.monotonic()
    expect(errors).to_have_count(0)
    fixed_at = time.monotonic() - fixed
    expect(page.locator(".stale")).to_have_count(0)
    expect(page.locator(".badge")).to_contain_text("0 errors")
    assert_not_reloaded(page)
    print(f"\nstatus view: error shown {broken_at:.2f} s after the save, gone {fixed_at:.2f} s "
          "after the fix")
    assert broken_at is not None and broken_at <= LIVE_BUDGET_S * 2
    assert fixed_at <= LIVE_BUDGET_S * 2


def test_other_views_follow_edits_too(explorer: Explorer, library: Path) -> None:
    page = explorer.open("/exercises/wall-sit")
    target = library / "exercises" / "wall-sit.md"
    original = target.read_text(encoding="utf-8")
    mark_page(page)
    try:
        target.write_text(original.replace("name: Wall Sit", "name: Wall Squat Hold", 1),
                          encoding="utf-8")
        # A reload on a loaded machine may take longer than an assertion's 5 s default.
        expect(page.get_by_role("heading", level=1)).to_have_text("Wall Squat Hold",
                                                                  timeout=TIMEOUT_MS)
    finally:
        target.write_text(original, encoding="utf-8")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wall Sit", timeout=TIMEOUT_MS)
    assert_not_reloaded(page)


def test_an_edit_before_the_first_status_still_shows(explorer: Explorer, library: Path) -> None:
    # The page's first answer can be older than the first status it learns of (an edit landed
    # in between, while the status was on its way): it asks for its data again all the same.
    held: list[Route] = []
    holding = [True]

    def hold_status(route: Route) -> None:
        if holding[0] and "query ContentStatus" in (route.request.post_data or ""):
            held.append(route)
        else:
            route.fallback()

    page = explorer.open("/exercises/wall-sit",
                         prepare=lambda page: page.route("**/graphql", hold_status))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wall Sit")
    target = library / "exercises" / "wall-sit.md"
    original = target.read_text(encoding="utf-8")
    try:
        target.write_text(original.replace("name: Wall Sit", "name: Wall Squat Hold", 1),
                          encoding="utf-8")
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while api(explorer.origin, '{ exercise(slug: "wall-sit") { name } }')["exercise"][
                "name"] != "Wall Squat Hold":
            assert time.monotonic() < deadline, "the edit never reached the API"
            page.wait_for_timeout(50)
        page.wait_for_timeout(300)  # the push, if the channel is open, has arrived
        assert held, "the page asked for no status"
        holding[0] = False
        for route in held:
            route.fallback()
        expect(page.get_by_role("heading", level=1)).to_have_text("Wall Squat Hold",
                                                                  timeout=TIMEOUT_MS)
    finally:
        target.write_text(original, encoding="utf-8")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wall Sit", timeout=TIMEOUT_MS)


# Screenshots, accessibility and the policy -------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots(searcher: Explorer, explorer: Explorer, viewport: dict[str, int]) -> None:
    page = searcher.open("/?q=deadlfit&level=INTERMEDIATE", viewport)
    expect(page.locator(".did-you-mean")).to_be_visible()
    box = page.get_by_role("combobox")
    box.focus()
    expect(page.get_by_role("listbox")).to_be_visible()  # the suggestions have arrived
    box.press("ArrowDown")
    expect(page.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    screenshot(page, "search")
    page = explorer.open("/exercises/superman", viewport)
    expect(page.locator("svg g.share").first).to_be_visible()
    for picture in page.locator(".images img").all():
        expect(picture).to_have_js_property("complete", True)
    screenshot(page, "exercise")
    page.locator(".charts").scroll_into_view_if_needed()
    page.get_by_role("heading", name="Muscle recruitment").evaluate(
        "heading => heading.scrollIntoView()")
    screenshot(page, "exercise-profile")


UNLABELLED_CONTROLS = """() => [...document.querySelectorAll('input, select, textarea, button')]
  .filter(control => !(control.labels?.length || control.getAttribute('aria-label')
    || control.getAttribute('aria-labelledby') || control.textContent.trim()))
  .map(control => control.outerHTML)"""
# Text colour against the nearest opaque background behind it (WCAG relative luminance).
LOW_CONTRAST = """() => {
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const channel = (c) => (c / 255 <= 0.03928 ? c / 255 / 12.92
    : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || colour[3] === 1) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !element.checkVisibility()) continue;
    if (element.closest('svg, .visually-hidden')) continue;
    const style = getComputedStyle(element);
    const [a, b] = [luminance(rgb(style.color).slice(0, 3)), luminance(background(element))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      failures.push(`${ratio.toFixed(2)} ${element.outerHTML.slice(0, 80)}`);
    }
  }
  return failures;
}"""
VIEWS = ["/?q=back&level=BEGINNER", "/exercises/superman", "/muscles/lower-back",
         "/guides/three-day-lower-back-strength-programme", "/status"]


@pytest.mark.parametrize("path", VIEWS)
def test_views_are_accessible_on_a_phone(explorer: Explorer, path: str) -> None:
    page = explorer.open(path, PHONE)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".loading")).to_have_count(0)
    expect(page.locator(".badge")).to_contain_text("error")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    assert page.evaluate(LOW_CONTRAST) == []
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    badge = page.get_by_role("link", name=re.compile(r"^content \w+ · \d+ errors?$"))
    expect(badge).to_be_visible()


def test_policy_blocks_injected_script_style_and_html(explorer: Explorer) -> None:
    explorer.violations_expected = True
    page = explorer.open("/exercises/superman")
    expect(page.get_by_role("heading", level=1)).to_have_text("Superman")
    blocked = page.evaluate("""() => {
        const refused = (attempt) => {
            try { attempt(); return 'allowed'; }
            catch (error) { return error instanceof TypeError ? 'refused' : String(error); }
        };
        const style = document.createElement('style');
        style.textContent = 'body { color: rgb(1, 2, 3); }';
        document.head.append(style);
        return {
            scriptUrl: refused(() => { document.createElement('script').src = 'data:,1'; }),
            scriptText: refused(() => {
                document.createElement('script').textContent = 'window.injected = 1'; }),
            html: refused(() => document.body.insertAdjacentHTML('beforeend', '<b>x</b>')),
            style: getComputedStyle(document.body).color !== 'rgb(1, 2, 3)',
        };
    }""")
    assert blocked == {"scriptUrl": "refused", "scriptText": "refused", "html": "refused",
                       "style": True}
    expect(page.locator("main h1")).to_have_text("Superman")
    assert page.evaluate("window.injected") is None
    violations = page.evaluate("window.cspViolations")
    directives = {line.split()[0] for line in violations}
    assert directives == {"style-src-elem", "require-trusted-types-for"}
