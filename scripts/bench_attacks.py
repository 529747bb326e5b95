"""Hostile requests and files against a real `exgraph serve` on loopback.

Serves the imported Free Exercise DB and runs each attack of the hardening issue against
it, bounded in time (LIMIT seconds a request or start-up, unless stated) and memory (every
server and command runs under an address-space cap). Prints one row per measurement as it
goes, then the whole table: how long until the server answered or refused, the worst
/healthz latency seen by a poller every 20 ms meanwhile, memory, whether good content was
still served and whether injected code ran.

    nice -n 19 .venv/bin/python scripts/bench_attacks.py [--only N] [--memory-cap-gib 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import pickle
import random
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from benchlib import (
    FREE_EXERCISE_DB,
    Child,
    ExgraphServer,
    Finished,
    exgraph_command,
    imported_library,
    workspace,
)
from hostile import (
    Origin,
    billion_laughs,
    code_running_pickle,
    fragment_chain,
    gzip_bomb,
    large_markdown_body,
    self_signed,
    with_frontmatter_lines,
)

LIMIT = 60.0  # seconds one request, start-up or command may take before it counts as hung
TRICKLE_LIMIT = 100.0  # the slow-origin import is given longer, to see if it ever gives up
TRICKLE_DEADLINE = "30"  # its overall deadline (EXGRAPH_IMPORT_TIMEOUT; 120 s by default)
LARGE_FILE_LIMIT = 120.0  # start-up with a 50 MB Markdown file (about 77 s reported)
SETUP_LIMIT = 300.0  # the first start-up, which builds the index
GOOD_SLUG, GOOD_NAME = "barbell-squat", "Barbell Squat"
MiB = 1 << 20
_unique = itertools.count()


# --- talking to the server -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP exchange: status (None: no answer), seconds taken, body, transport problem."""

    status: int | None
    seconds: float
    body: bytes = b""
    problem: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    limit: float = LIMIT

    @property
    def document(self) -> dict[str, Any]:
        with contextlib.suppress(ValueError):
            parsed = json.loads(self.body)
            if isinstance(parsed, dict):
                return parsed
        return {}

    @property
    def message(self) -> str:
        errors = self.document.get("errors") or []
        return str(errors[0].get("message", ""))[:90] if errors else ""

    @property
    def refused(self) -> bool:
        return self.status is not None and (self.status >= 400 or bool(self.message))

    def verdict(self) -> str:
        if self.status is None:
            return (f"no answer within {self.limit:.0f} s" if self.problem == "timeout"
                    else f"connection failed ({self.problem})")
        if self.status >= 400:
            return f"refused: HTTP {self.status} {self.message or self.body[:60]!r}".strip()
        if self.message:
            return ("refused: " if not self.document.get("data") else "partial, error: ") \
                + self.message
        return f"answered ({len(self.body) / MiB:.2f} MB)"

    def took(self) -> str:
        return f"> {self.limit:.0f} s" if self.problem == "timeout" else f"{self.seconds:.2f} s"


def post(url: str, payload: dict[str, Any] | None = None, *, content: bytes | None = None,
         headers: dict[str, str] | None = None, timeout: float = LIMIT) -> Answer:
    """POST to /graphql (a JSON `payload`, or raw `content` with `headers`)."""
    started = time.monotonic()
    try:
        response = httpx.post(f"{url}/graphql", json=payload, content=content,
                              headers=headers, timeout=timeout)
    except httpx.TimeoutException:
        return Answer(None, time.monotonic() - started, problem="timeout", limit=timeout)
    except httpx.HTTPError as error:
        return Answer(None, time.monotonic() - started, problem=type(error).__name__,
                      limit=timeout)
    return Answer(response.status_code, time.monotonic() - started, response.content,
                  headers=dict(response.headers), limit=timeout)


def exercise_name(url: str, slug: str) -> tuple[str | None, Answer]:
    """The name the server gives the exercise `slug` (never from a cache), and the answer."""
    answer = post(url, {"query": f'query Name{next(_unique)} {{ exercise(slug: "{slug}") '
                                 "{ name } }"}, timeout=10)
    return ((answer.document.get("data") or {}).get("exercise") or {}).get("name"), answer


def serves_good_content(url: str) -> str:
    """Whether an ordinary exercise query still gets the right answer."""
    name, answer = exercise_name(url, GOOD_SLUG)
    return "yes" if name == GOOD_NAME else f"no ({answer.verdict()})"


SEARCH = "query S{n}($q: String!) {{ search(query: $q, first: 10) {{ totalCount }} }}"


def search_hits(url: str, text: str) -> str:
    answer = post(url, {"query": SEARCH.format(n=next(_unique)), "variables": {"q": text}})
    total = ((answer.document.get("data") or {}).get("search") or {}).get("totalCount")
    return f"{total} hits" if total is not None and not answer.message else answer.verdict()


def healthz(url: str) -> str:
    try:
        return f"HTTP {httpx.get(f'{url}/healthz', timeout=10).status_code}"
    except httpx.HTTPError as error:
        return f"no answer ({type(error).__name__})"


class HealthPoller:
    """Polls /healthz every `every` seconds in a thread; `worst` is the longest wait for an
    answer (including one still pending when the poller stops), `failures` the polls that
    did not get HTTP 200."""

    def __init__(self, url: str, every: float = 0.02) -> None:
        self.url = url
        self.every = every
        self.worst = 0.0
        self.failures = 0
        self.polls = 0
        self._pending_since: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=LIMIT * 2) as client:
            while not self._stop.is_set():
                started = self._pending_since = time.monotonic()
                try:
                    ok = client.get(f"{self.url}/healthz").status_code == 200
                except httpx.HTTPError:
                    ok = False
                self._pending_since = None
                self.worst = max(self.worst, time.monotonic() - started)
                self.polls += 1
                self.failures += not ok
                self._stop.wait(self.every)

    def __enter__(self) -> HealthPoller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        pending = self._pending_since
        if pending is not None:
            self.worst = max(self.worst, time.monotonic() - pending)
        self._stop.set()
        self._thread.join(timeout=0.5)  # a poll stuck on a frozen server is abandoned

    def summary(self) -> str:
        failed = f", {self.failures} of {self.polls} polls failed" if self.failures else ""
        return f"{self.worst * 1000:.0f} ms{failed}"


# --- the bench: workspace, servers, rows -----------------------------------------------

def mib(kib: int | None) -> str:
    return "?" if kib is None else f"{kib / 1024:.0f} MiB"


class Bench:
    """The workspace, the imported library, its index and the rows measured so far."""

    def __init__(self, root: Path, cap_bytes: int) -> None:
        self.root = root
        self.cap_bytes = cap_bytes
        self.library = imported_library(root / "library")
        self.index = root / "index"
        self.rows: list[tuple[str, str, str]] = []
        self._logs = itertools.count()

    def row(self, attack: str, metric: str, value: str) -> None:
        self.rows.append((attack, metric, value))
        print(f"{attack:<42} {metric:<44} {value}", flush=True)

    def output(self, name: str) -> Path:
        """A fresh file for one process's output."""
        path = self.root / "logs" / f"{next(self._logs):03d}-{name}.log"
        path.parent.mkdir(exist_ok=True)
        return path

    def launch(self, content: Path | None = None, index: Path | None = None) -> ExgraphServer:
        """An `exgraph serve` of `content` (default: the library) under the memory cap, its
        index under `index` (default: one shared by the library's servers, or one of the
        content's own); not yet waited for."""
        index = index or (self.root / f"index-{content.name}" if content else self.index)
        return ExgraphServer(content or self.library, output=self.output("serve"),
                             cap_bytes=self.cap_bytes,
                             env={"EXGRAPH_INDEX_DIR": str(index), "PYTHONUNBUFFERED": "1"})

    @contextlib.contextmanager
    def server(self, index: Path | None = None) -> Iterator[ExgraphServer]:
        """A started server of the library, stopped afterwards."""
        server = self.launch(index=index)
        try:
            if server.ready(LIMIT) is None:
                raise RuntimeError(f"the server did not start:\n{server.text()[-2000:]}")
            yield server
        finally:
            server.stop()

    def command(self, *args: str, within: float = LIMIT, env: dict[str, str] | None = None
                ) -> tuple[Finished, str]:
        """Run an `exgraph` command under the memory cap; how it ended and what it printed."""
        child = Child(exgraph_command(*args), output=self.output(args[0]),
                      cap_bytes=self.cap_bytes, env=env)
        return child.wait(within), child.text().replace(str(self.root), "$WORKSPACE")

    def copy_library(self, name: str) -> Path:
        return Path(shutil.copytree(self.library, self.root / name))

    def copy_index(self, name: str) -> Path:
        """A private copy of the shared index (reused as is by a server of the library)."""
        return Path(shutil.copytree(self.index, self.root / f"index-{name}"))

    def ended(self, finished: Finished, text: str, limit: float = LIMIT) -> str:
        """How a process that was meant to keep running or finish ended."""
        if finished.timed_out:
            return f"> {limit:.0f} s (killed)"
        cap = f"{self.cap_bytes / (1 << 30):g} GiB"
        if "MemoryError" in text or "Cannot allocate memory" in text:
            return f"killed at cap ({cap}: MemoryError) after {finished.seconds:.1f} s"
        if finished.returncode < 0:
            return f"died by signal {-finished.returncode} after {finished.seconds:.1f} s " \
                   f"(cap {cap})"
        return f"exit {finished.returncode} after {finished.seconds:.1f} s"

    def start_up(self, attack: str, server: ExgraphServer, limit: float = LIMIT) -> bool:
        """Wait for `server`; row its start-up time (or how it failed) and peak memory."""
        ready = server.ready(limit)
        server.alive()  # updates the peak
        if ready is None:
            finished = server.stop(timed_out=server.alive(), grace=0)
            text = server.text()
            self.row(attack, "start-up", self.ended(finished, text, limit))
            last = [line for line in text.splitlines() if line.strip()][-1:] or [""]
            self.row(attack, "last line logged", last[0][:100])
        else:
            self.row(attack, "start-up", f"{ready:.1f} s")
        self.row(attack, "peak RSS during start-up", mib(server.peak_kib))
        return ready is not None


def last_line(text: str) -> str:
    """A command's closing message: its error or summary line, else its last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    summary = [line for line in lines if line.startswith("Error:") or " exercises from " in line
               or re.match(r"\d+ exercises, ", line)]
    return (summary or lines or [""])[-1][:110]


# --- the attacks -----------------------------------------------------------------------

def fragment_bomb(bench: Bench) -> None:
    """1. Each fragment spreads the next twice: 2**levels paths in ~40 bytes a level."""
    for levels in (22, 24):
        query = fragment_chain(levels)
        attack = f"1 fragment chain, {levels} levels ({len(query)} B)"
        with bench.server() as server:
            with HealthPoller(server.url) as poller:
                answer = post(server.url, {"query": query})
            bench.row(attack, "outcome", answer.verdict())
            bench.row(attack, "time to answer/refusal", answer.took())
            bench.row(attack, "worst /healthz latency during", poller.summary())
            bench.row(attack, "good content served after", serves_good_content(server.url))


UNDERCOUNTED = ("query Loop{n} { exercises(first:100) { edges { node { related { "
                "substitutes(first:50) { exercise { related { substitutes(first:50) { exercise "
                "{ slug } } } } } } } } } }")


def undercounted_lists(bench: Bench) -> None:
    """2. Lists whose `first` the cost estimate ignores: 100 x 50 x 50 substitutes."""
    attack = "2 undercounted lists"
    with bench.server() as server:
        with HealthPoller(server.url) as poller:
            answer = post(server.url, {"query": UNDERCOUNTED.replace("{n}", "0")})
        bench.row(attack, "outcome (one request)", answer.verdict())
        bench.row(attack, "time to answer/refusal", answer.took())
        bench.row(attack, "worst /healthz latency during", poller.summary())

        outcomes: list[Answer] = []

        def client() -> None:
            started = time.monotonic()
            while time.monotonic() - started < 15:  # unique operation names: no cache hits
                query = UNDERCOUNTED.replace("{n}", str(next(_unique) + 1))
                outcomes.append(post(server.url, {"query": query}))

        started = time.monotonic()
        with HealthPoller(server.url) as poller:
            clients = [threading.Thread(target=client) for _ in range(4)]
            for thread in clients:
                thread.start()
            for thread in clients:
                thread.join()
        answered = sum(a.status == 200 and not a.message for a in outcomes)
        refused = sum(a.refused for a in outcomes)
        attack4 = "2 undercounted lists, 4 clients x 15 s"
        bench.row(attack4, "requests answered / refused / no answer",
                  f"{answered} / {refused} / {len(outcomes) - answered - refused}")
        bench.row(attack4, "until the last client finished", f"{time.monotonic() - started:.1f} s")
        bench.row(attack4, "worst /healthz latency during", poller.summary())
        bench.row(attack4, "good content served after", serves_good_content(server.url))


LARGE_FIELDS = ("fragment X on Exercise { name slug level category force mechanic instructions "
                "aliases images bodyHtml profile { summary commonMistakes whoItIsFor "
                "whoShouldAvoid safetyNotes progressionPath disclaimer } }")
LARGE = ("query Big{n} {{ e{n}: exercises(first: 100, sort: {sort}) {{ edges {{ node {{ ...X "
         "related {{ substitutes(first: 13) {{ reason exercise {{ ...X }} }} variations {{ "
         "exercise {{ ...X }} }} }} }} }} }} }}\n")
SORTS = ("NAME_ASC", "NAME_DESC", "LEVEL_ASC", "LEVEL_DESC")


def large_query(n: int) -> str:
    """The n-th of many distinct queries answered with several megabytes."""
    return LARGE.format(n=n, sort=SORTS[n % len(SORTS)]) + LARGE_FIELDS


def response_cache_growth(bench: Bench, count: int = 80) -> None:
    """3. Distinct large answers, each of which a response cache may keep."""
    attack = f"3 response cache, {count} large answers"
    with bench.server() as server:
        serves_good_content(server.url)
        before = server.rss_kib()
        sizes: list[int] = []  # of the answers (their bodies are not kept)
        first = ("", "")  # the first answer's verdict and time
        started = time.monotonic()
        sent = 0
        while sent < count and time.monotonic() - started < 5 * LIMIT:
            answer = post(server.url, {"query": large_query(sent)})
            sent += 1
            if sent == 1:
                first = answer.verdict(), answer.took()
            if answer.status == 200 and not answer.message:
                sizes.append(len(answer.body))
        after = server.rss_kib()
        each = f"{sum(sizes) / max(1, len(sizes)) / MiB:.1f} MB each" if sizes else first[0]
        bench.row(attack, "answered / sent", f"{len(sizes)} / {sent} ({each})")
        bench.row(attack, "time for all", f"{time.monotonic() - started:.1f} s")
        bench.row(attack, "RSS before / after", f"{mib(before)} / {mib(after)}")
        bench.row(attack, "RSS growth", mib((after or 0) - (before or 0)))
        again = post(server.url, {"query": large_query(0)})
        bench.row(attack, "first request: first time / repeated",
                  f"{first[1]} / {again.took()}")
        bench.row(attack, "good content served after", serves_good_content(server.url))


def first_exercise(library: Path) -> Path:
    return sorted((library / "exercises").glob("*.md"))[0]


def yaml_alias_bomb(bench: Bench) -> None:
    """4. Billion laughs in one exercise file's frontmatter, at 7, 8 and 9 levels."""
    for levels in (7, 8, 9):
        bomb = billion_laughs(levels)
        library = bench.copy_library(f"yaml-bomb-{levels}")
        victim = first_exercise(library)
        victim.write_text(with_frontmatter_lines(victim.read_text(), bomb))
        attack = f"4 YAML alias bomb, {len(bomb)} B ({levels} levels)"
        server = bench.launch(library)
        try:
            if bench.start_up(attack, server):
                bench.row(attack, "good content served", serves_good_content(server.url))
        finally:
            server.stop()
        finished, text = bench.command("check", str(library))
        outcome = bench.ended(finished, text)
        if outcome.startswith("exit"):
            outcome = f"finished, {outcome}: {last_line(text)}"
        bench.row(attack, "`exgraph check`", outcome)
        bench.row(attack, "`exgraph check` peak RSS", mib(finished.peak_kib))


def parse_cache_rows(database: Path, payload: bytes) -> str:
    """Put `payload` into the first row of every table of `database`, in its first blob
    column (else its last column); names what was rewritten."""
    rewritten = []
    with contextlib.closing(sqlite3.connect(database)) as connection, connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [info[1] for info in connection.execute(f'PRAGMA table_info("{table}")')]
            row = connection.execute(f'SELECT rowid, * FROM "{table}" LIMIT 1').fetchone()
            if row is None:
                continue
            target = next((c for c, v in zip(columns, row[1:], strict=True)
                           if isinstance(v, bytes)), columns[-1])
            connection.execute(f'UPDATE "{table}" SET "{target}" = ? WHERE rowid = ?',
                               (payload, row[0]))
            rewritten.append(f"{table}.{target}")
    return ", ".join(rewritten) or "nothing (no rows)"


def parse_cache_pickle(bench: Bench) -> None:
    """5. A parse-cache row rewritten to a pickle that runs a command, then to a well-formed
    pickle of the wrong type."""
    index = bench.copy_index("pickle")
    with bench.server(index=index):
        pass  # a first start writes the parse cache
    databases = sorted(index.rglob("*.sqlite"))
    attack = "5 parse-cache pickle"
    if not databases:
        bench.row(attack, "parse cache", f"no *.sqlite under {index}")
        return
    marker = bench.root / "pickle-ran-code.marker"
    bench.row(attack, "rewritten", parse_cache_rows(databases[0],
                                                    code_running_pickle(marker)))
    server = bench.launch(index=index)
    try:
        started = bench.start_up(attack, server)
        bench.row(attack, "injected code ran (marker file created)",
                  "YES" if marker.exists() else "no")
        if started:
            bench.row(attack, "good content served", serves_good_content(server.url))
    finally:
        server.stop()
    attack = "5 parse-cache row of the wrong type"
    parse_cache_rows(databases[0], pickle.dumps(["not", "a", "parsed", "file"]))
    server = bench.launch(index=index)
    try:
        if bench.start_up(attack, server):
            bench.row(attack, "good content served", serves_good_content(server.url))
    finally:
        server.stop()


# Where garbage goes in a segment (shares of its size): spread through the data, sparing
# the first and last 1 % where segment formats keep their framing.
GARBAGE = random.Random(20240601)  # the same "random" bytes every run
GARBAGE_AT = (0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98)


def segment_files(index: Path) -> list[Path]:
    """The index's segment files, largest first."""
    return sorted(index.rglob("*.seg"), key=lambda p: p.stat().st_size, reverse=True)


async def concurrent_searches(url: str, count: int) -> dict[str, int]:
    """`count` searches for distinct strings at once; how each ended."""
    async with httpx.AsyncClient(timeout=LIMIT,
                                 limits=httpx.Limits(max_connections=count)) as client:
        async def one(n: int) -> str:
            try:
                response = await client.post(f"{url}/graphql", json={
                    "query": SEARCH.format(n=n), "variables": {"q": f"squat variation {n}"}})
            except httpx.HTTPError as error:
                return type(error).__name__
            if response.status_code != 200:
                return f"HTTP {response.status_code}"
            return "GraphQL error" if "errors" in response.json() else "ok"

        outcomes = await asyncio.gather(*(one(n) for n in range(count)))
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def index_corruption(bench: Bench) -> None:
    """6. Segments overwritten under a running server or while stopped; the index directory
    deleted under a running server."""
    index = bench.copy_index("segments")
    attack = "6a half a segment overwritten, running"
    with bench.server(index=index) as server:
        # "squat" is first searched after the damage, so no cache can answer it.
        bench.row(attack, "search 'curl' before", search_hits(server.url, "curl"))
        segments = segment_files(index)
        if not segments:
            bench.row(attack, "segment", "no *.seg file found")
            return
        with segments[0].open("r+b") as handle:  # in place: readers see the new bytes
            size = handle.seek(0, os.SEEK_END)
            handle.seek(size // 2)
            handle.write(GARBAGE.randbytes(size - size // 2))
        bench.row(attack, "overwritten", f"second half of {segments[0].name} ({size} B)")
        bench.row(attack, "search 'squat' after", search_hits(server.url, "squat"))
        bench.row(attack, "search 'curl' after", search_hits(server.url, "curl"))
        bench.row(attack, "/healthz after", healthz(server.url))
        bench.row(attack, "good content served after", serves_good_content(server.url))

    attack = "6b garbage in a segment, stopped"
    index = bench.copy_index("garbage")
    segment = segment_files(index)[0]
    size = segment.stat().st_size
    with segment.open("r+b") as handle:  # the framing at either end is left intact
        for fraction in GARBAGE_AT:
            handle.seek(int(size * fraction))
            handle.write(GARBAGE.randbytes(4096))
    bench.row(attack, "written", f"4 KiB of random bytes at {len(GARBAGE_AT)} places in "
              f"{segment.name}")
    for attempt in ("restart", "second restart"):
        server = bench.launch(index=index)
        try:
            if bench.start_up(f"{attack}, {attempt}", server):
                bench.row(f"{attack}, {attempt}", "search 'squat'",
                          search_hits(server.url, "squat"))
                bench.row(f"{attack}, {attempt}", "good content served",
                          serves_good_content(server.url))
        finally:
            server.stop()

    index = bench.copy_index("deleted")
    attack = "6c index dir deleted, running"
    with bench.server(index=index) as server:
        search_hits(server.url, "squat")
        for root in index.iterdir():
            shutil.rmtree(root) if root.is_dir() else root.unlink()
        counts = asyncio.run(concurrent_searches(server.url, 400))
        failed = sum(n for outcome, n in counts.items() if outcome != "ok")
        detail = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())
                           if outcome != "ok")
        bench.row(attack, "400 concurrent searches failed",
                  f"{failed}" + (f" ({detail})" if detail else ""))
        bench.row(attack, "/healthz after", healthz(server.url))
        bench.row(attack, "good content served after", serves_good_content(server.url))


def hostile_import(bench: Bench) -> None:
    """7. `exgraph import free-exercise-db URL` against misbehaving origins on loopback.

    Only 7a uses plain http; the rest use https with a throw-away certificate the importer
    is told to trust (SSL_CERT_FILE), so that refusing plain http does not hide them. The
    redirect goes to another loopback address (127.0.0.2) standing in for an internal one:
    no traffic may leave loopback here, so 169.254.169.254 itself is never contacted.
    """
    records = json.loads(FREE_EXERCISE_DB.read_text())[:3]
    bomb = gzip_bomb(1 << 30)
    certificate, tls = self_signed(bench.root, "127.0.0.1", "127.0.0.2")
    plain = Origin("127.0.0.1", records)
    internal = Origin("127.0.0.2", records, tls=tls)
    origin = Origin("127.0.0.1", records, redirect_to=f"{internal.url}/records.json",
                    big_bytes=400 * 10**6, bomb=bomb, tls=tls)
    with plain.running(), internal.running(), origin.running():
        def run(attack: str, route: str, limit: float = LIMIT, source: Origin = origin,
                **settings: str) -> tuple[Finished, int]:
            """Import from `route`; row how it ended; its end and the exercises written."""
            target = bench.root / "imports" / f"{next(_unique)}"
            finished, text = bench.command("import", "free-exercise-db",
                                           f"{source.url}{route}", "--into", str(target),
                                           within=limit, env={"SSL_CERT_FILE": str(certificate),
                                                              **settings})
            ending = bench.ended(finished, text, limit)
            bench.row(attack, "exit / message",
                      ending if finished.timed_out else f"{ending}: {last_line(text)}")
            return finished, len(list((target / "exercises").glob("*.md")))

        finished, files = run("7a plain http", "/records.json", source=plain)
        bench.row("7a plain http", "accepted",
                  f"yes ({files} exercises written)" if finished.returncode == 0 else "no")
        run("7b redirect to internal address", "/redirect")
        bench.row("7b redirect to internal address", "redirect followed (internal hit)",
                  "YES" if internal.hits else "no")
        for attack, route in (("7c 400 MB body", "/big"),
                              (f"7d gzip bomb ({len(bomb) / MiB:.1f} MB -> 1 GiB)", "/gzip")):
            finished, _ = run(attack, route)
            bench.row(attack, "importer peak RSS", mib(finished.peak_kib))
        run(f"7e 1 byte every 5 s, {TRICKLE_DEADLINE} s deadline", "/trickle", TRICKLE_LIMIT,
            EXGRAPH_IMPORT_TIMEOUT=TRICKLE_DEADLINE)
        run("7f empty list []", "/empty")
        run("7f non-matching JSON", "/mismatch")


NESTED_JSON = (b'{"query": "{ __typename }", "variables": {"v": ' + b"[" * 30_000
               + b"]" * 30_000 + b"}}")
NON_NODE_ID = "UGFnZUluZm86eA=="  # base64 of "PageInfo:x"
INTROSPECTION = "{ __schema { types { fields { type { fields { name } } } } } }"


def log_lines(server: ExgraphServer) -> int:
    return len(server.text().splitlines())


def http_odds_and_ends(bench: Bench) -> None:
    """8. Deep JSON, a non-Node global id, Content-Type and the cache, GraphiQL headers,
    introspection cost."""
    with bench.server() as server:
        answer = post(server.url, content=NESTED_JSON,
                      headers={"content-type": "application/json"})
        bench.row(f"8 JSON nested 30,000 deep ({len(NESTED_JSON)} B)", "response",
                  f"HTTP {answer.status} ({answer.verdict()})")

        time.sleep(0.5)
        before = log_lines(server)
        answer = post(server.url, {"query": f'{{ node(id: "{NON_NODE_ID}") {{ id }} }}'})
        time.sleep(0.5)
        attack = "8 node(id:) of a non-Node type"
        bench.row(attack, "response",
                  f"HTTP {answer.status}: {answer.message or answer.body[:80]!r}")
        bench.row(attack, "server log lines printed", str(log_lines(server) - before))

        attack = "8 text/plain body equal to a cached one"
        body = json.dumps({"query": f'query Plain {{ exercise(slug: "{GOOD_SLUG}") {{ name }} }}'})
        as_json = post(server.url, content=body.encode(),
                       headers={"content-type": "application/json"})
        as_plain = post(server.url, content=body.encode(), headers={"content-type": "text/plain"})
        fresh = post(server.url, content=body.replace("Plain", "Fresh").encode(),
                     headers={"content-type": "text/plain"})
        bench.row(attack, "as JSON, then as text/plain",
                  f"HTTP {as_json.status}, then HTTP {as_plain.status}"
                  + (" with the cached answer" if as_plain.body == as_json.body else ""))
        bench.row(attack, "uncached text/plain body (control)",
                  f"HTTP {fresh.status} ({fresh.verdict()})")

        attack = "8 GraphiQL page"
        page = httpx.get(f"{server.url}/graphql", headers={"accept": "text/html"}, timeout=10)
        csp = page.headers.get("content-security-policy", "")
        wanted = {"Content-Security-Policy": bool(csp),
                  "X-Content-Type-Options": "x-content-type-options" in page.headers,
                  "frame-ancestors/X-Frame-Options": "frame-ancestors" in csp
                  or "x-frame-options" in page.headers,
                  "Referrer-Policy": "referrer-policy" in page.headers}
        bench.row(attack, "security headers present",
                  ", ".join(k for k, v in wanted.items() if v) or "none")
        bench.row(attack, "security headers missing",
                  ", ".join(k for k, v in wanted.items() if not v) or "none")
        hosts = sorted(set(re.findall(r'(?:src|href)="https?://([^/"]+)', page.text)))
        bench.row(attack, "external hosts the page loads from", ", ".join(hosts) or "none")

        attack = "8 introspection query"
        with HealthPoller(server.url) as poller:
            answer = post(server.url, {"query": INTROSPECTION})
        bench.row(attack, "outcome", f"{answer.verdict()} in {answer.took()}")
        bench.row(attack, "worst /healthz latency during", poller.summary())

    broken_equipment(bench)
    large_markdown_file(bench)


def broken_equipment(bench: Bench) -> None:
    attack = "8 one broken line in equipment.yaml"
    library = bench.copy_library("broken-equipment")
    path = library / "equipment.yaml"
    lines = path.read_text().splitlines(keepends=True)
    entries = sum(line.startswith("- ") for line in lines)
    broken = next(i for i, line in enumerate(lines) if "aliases: [" in line)
    lines[broken] = lines[broken].rstrip().rstrip("]") + "\n"  # an unclosed flow list
    path.write_text("".join(lines))
    finished, text = bench.command("check", str(library))
    summary = re.search(r"(\d+) equipment: (\d+) errors", text)
    bench.row(attack, "equipment entries loaded",
              f"{summary.group(1)} of {entries}" if summary else last_line(text))
    bench.row(attack, "errors reported", summary.group(2) if summary else
              bench.ended(finished, text))


def large_markdown_file(bench: Bench) -> None:
    attack = "8 50 MB Markdown exercise file"
    library = bench.copy_library("large-markdown")
    victim = first_exercise(library)
    victim.write_text(victim.read_text() + large_markdown_body(50 * 10**6))
    server = bench.launch(library)
    try:
        if bench.start_up(attack, server, LARGE_FILE_LIMIT):
            served, answer = exercise_name(server.url, victim.stem)
            bench.row(attack, "the file is served",
                      "yes" if served else "no" if answer.status == 200 and not answer.message
                      else f"no ({answer.verdict()})")
            errors = re.findall(r"^ERROR.*", server.text(), re.MULTILINE)
            bench.row(attack, "errors logged about it",
                      str(sum(victim.name in line for line in errors)))
    finally:
        server.stop()


ATTACKS: dict[int, Callable[[Bench], None]] = {
    1: fragment_bomb, 2: undercounted_lists, 3: response_cache_growth, 4: yaml_alias_bomb,
    5: parse_cache_pickle, 6: index_corruption, 7: hostile_import, 8: http_odds_and_ends,
}


def setup(bench: Bench) -> None:
    """A first start (building the index) and a restart (reusing it), as the yardstick."""
    for label in ("first start-up (index build)", "restart (index reused)"):
        server = bench.launch()
        try:
            if not bench.start_up(f"0 unmodified library: {label}", server, SETUP_LIMIT):
                raise RuntimeError(f"the server did not start:\n{server.text()[-2000:]}")
        finally:
            server.stop()


def print_table(rows: list[tuple[str, str, str]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    print()
    print(f"{'attack':<{widths[0]}}  {'metric':<{widths[1]}}  value")
    print(f"{'-' * widths[0]}  {'-' * widths[1]}  -----")
    for attack, metric, value in rows:
        print(f"{attack:<{widths[0]}}  {metric:<{widths[1]}}  {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", type=int, choices=sorted(ATTACKS), help="run one attack")
    parser.add_argument("--memory-cap-gib", type=float, default=3.0,
                        help="address-space cap of every server and command (default 3)")
    arguments = parser.parse_args()
    started = time.monotonic()
    with workspace() as root:
        bench = Bench(root, int(arguments.memory_cap_gib * (1 << 30)))
        setup(bench)
        for number, attack in ATTACKS.items():
            if arguments.only in (None, number):
                attack(bench)
        print_table(bench.rows)
    print(f"\ntotal run time {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
