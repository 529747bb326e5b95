"""Helpers shared by the benchmark scripts: the real data, servers on loopback, percentiles."""

from __future__ import annotations

import contextlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
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
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server for {factory} exited with {process.returncode}")
            try:
                httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


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
