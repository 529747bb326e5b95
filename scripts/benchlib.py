"""Helpers shared by the benchmark scripts: the real data, servers on loopback, percentiles."""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
FREE_EXERCISE_DB = ROOT.parent / "shared" / "data" / "free-exercise-db" / "exercises.json"
sys.path.insert(0, str(ROOT))


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    """A temporary directory for one benchmark run, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="exgraph-bench-") as directory:
        yield Path(directory)


def imported_library(target: Path) -> Path:
    """The Free Exercise DB imported as content files into `target`."""
    from content.importers import free_exercise_db

    free_exercise_db.import_records(free_exercise_db.read_source(FREE_EXERCISE_DB), target)
    return target


def python(code: str, *args: str) -> str:
    """Run `code` in a fresh interpreter with the project importable; return its stdout."""
    prelude = f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(SCRIPTS)!r}]; "
    return subprocess.run([sys.executable, "-c", prelude + code, *args], check=True,
                          capture_output=True, text=True).stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, alive: Callable[[], bool], within: float) -> float | None:
    """Seconds until `url`/healthz answers 200, or None if `alive()` turns false or
    `within` seconds pass first."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        if not alive():
            return None
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return None


@contextlib.contextmanager
def serve(factory: str, *args: str) -> Iterator[str]:
    """Run `factory(*args)` (a "module:function" returning an ASGI app) under Uvicorn in a
    subprocess on loopback; yield its base URL."""
    port = free_port()
    module, function = factory.split(":")
    code = (f"import sys, uvicorn; sys.path[:0] = [{str(ROOT)!r}, {str(SCRIPTS)!r}]; "
            f"from {module} import {function}; "
            f"uvicorn.run({function}(*sys.argv[1:]), host='127.0.0.1', port={port}, "
            "log_level='warning', access_log=False)")
    process = subprocess.Popen([sys.executable, "-c", code, *args])
    url = f"http://127.0.0.1:{port}"
    try:
        if wait_healthy(url, lambda: process.poll() is None, 300) is None and \
                process.poll() is not None:
            raise RuntimeError(f"the server for {factory} exited with {process.returncode}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def proc_status_kib(pid: int, field: str) -> int | None:
    """A memory figure in KiB from /proc/<pid>/status (VmRSS: now, VmHWM: peak), or None
    once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


@dataclass(frozen=True, slots=True)
class Finished:
    """How a child process ended: its exit code (negative: the signal that ended it), its
    run time, its peak resident memory as last sampled, and whether it was killed for
    overrunning."""

    returncode: int
    seconds: float
    peak_kib: int
    timed_out: bool


class Child:
    """A subprocess, optionally under an address-space cap (`prlimit --as`), whose output
    goes to `output` and whose peak resident memory (VmHWM) is sampled while it runs."""

    def __init__(self, args: Sequence[str], *, output: Path, cap_bytes: int | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        prefix = ["prlimit", f"--as={cap_bytes}", "--"] if cap_bytes else []
        self.output = output
        with output.open("ab") as sink:
            self.process = subprocess.Popen([*prefix, *args], stdout=sink,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            env={**os.environ, **(env or {})})
        self.pid = self.process.pid
        self.started = time.monotonic()
        self.peak_kib = 0
        self.finished: Finished | None = None

    def rss_kib(self) -> int | None:
        """Resident memory now (KiB), None once the process is gone."""
        return proc_status_kib(self.pid, "VmRSS")

    def alive(self) -> bool:
        """Sample the peak memory; True while the process runs (it is reaped once ended)."""
        if self.finished is not None:
            return False
        self.peak_kib = max(self.peak_kib, proc_status_kib(self.pid, "VmHWM") or 0)
        if self.process.poll() is None:
            return True
        self._ended(timed_out=False)
        return False

    def _ended(self, timed_out: bool) -> None:
        self.finished = Finished(self.process.returncode, time.monotonic() - self.started,
                                 self.peak_kib, timed_out)

    def wait(self, within: float) -> Finished:
        """Wait until the process ends, killing it once `within` seconds have passed since
        it started."""
        while self.alive():
            if time.monotonic() - self.started > within:
                return self.stop(timed_out=True, grace=0)
            time.sleep(0.02)
        assert self.finished is not None
        return self.finished

    def stop(self, timed_out: bool = False, grace: float = 5) -> Finished:
        """SIGTERM, then SIGKILL after `grace` seconds; the process is reaped either way."""
        if self.alive() and grace:
            self.process.terminate()
            deadline = time.monotonic() + grace
            while self.alive() and time.monotonic() < deadline:
                time.sleep(0.05)
        if self.alive():
            self.process.kill()
            self.process.wait()
            self._ended(timed_out)
        assert self.finished is not None
        return self.finished

    def text(self) -> str:
        """Everything the process printed so far."""
        return self.output.read_text(errors="replace")


def exgraph_command(*args: str) -> list[str]:
    """The argument vector running the `exgraph` command line of this checkout."""
    code = f"import sys; sys.path[:0] = [{str(ROOT)!r}]; from graph.cli import main; main()"
    return [sys.executable, "-c", code, *args]


class ExgraphServer(Child):
    """`exgraph serve CONTENT_DIR` on a free loopback port (its index under
    $EXGRAPH_INDEX_DIR when `env` sets it); `url` is its base URL, `pid` its process."""

    def __init__(self, content_dir: Path, *, output: Path, cap_bytes: int | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        super().__init__(exgraph_command("serve", str(content_dir), "--port", str(port)),
                         output=output, cap_bytes=cap_bytes, env=env)

    def ready(self, within: float) -> float | None:
        """Seconds from launch until /healthz answered, or None if the server died or did
        not answer within `within` seconds."""
        waited = wait_healthy(self.url, self.alive, within - (time.monotonic() - self.started))
        return None if waited is None else time.monotonic() - self.started


def timed(call: Callable[[], object], repeat: int = 1) -> list[float]:
    """Milliseconds taken by each of `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def p50(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(label: str, values: list[float]) -> str:
    return f"{label:<44} p50 {p50(values):8.2f} ms   p95 {p95(values):8.2f} ms   n={len(values)}"
