"""`exgraph import` from a URL against hostile servers: refused quickly, in bounded memory."""

from __future__ import annotations

import gzip
import http.server
import ssl
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import trustme
from click.testing import CliRunner

from content.loader import load_library
from graph.cli import main
from graph.download import DownloadFailed, DownloadLimits, download
from tests.conftest import FREE_EXERCISE_DB

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]
LIMITS = DownloadLimits(max_bytes=4 * 2**20, timeout=3, allow_http=True)


class Server:
    """A local HTTP(S) server whose every GET is answered by one handler function."""

    def __init__(self, handler: Handler, tls: ssl.SSLContext | None = None) -> None:
        class Answer(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                handler(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def start(handler: Handler, tls: ssl.SSLContext | None = None) -> Server:
        servers.append(Server(handler, tls))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def send(body: bytes, status: int = 200, **headers: str) -> Handler:
    def handler(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        for name, value in {"content-length": str(len(body)), **headers}.items():
            request.send_header(name.replace("_", "-"), value)
        request.end_headers()
        request.wfile.write(body)
    return handler


def test_https_imports_and_plain_http_needs_a_flag(serve: Callable[..., Server], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    authority = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(tls)
    authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    data = FREE_EXERCISE_DB.read_bytes()
    secure = serve(send(data), tls)
    result = CliRunner().invoke(main, ["import", "free-exercise-db", f"{secure.url}/x.json",
                                       "--into", str(tmp_path / "library")])
    assert result.exit_code == 0, result.output
    assert len(load_library(tmp_path / "library").store.exercises) == 873
    plain = serve(send(data))
    refused = CliRunner().invoke(main, ["import", "free-exercise-db", f"{plain.url}/x.json",
                                        "--into", str(tmp_path / "other")])
    assert refused.exit_code == 1 and "refusing plain http" in refused.output
    assert not (tmp_path / "other").exists()
    allowed = CliRunner().invoke(main, ["import", "free-exercise-db", f"{plain.url}/x.json",
                                        "--into", str(tmp_path / "other"), "--allow-http"])
    assert allowed.exit_code == 0, allowed.output


@pytest.mark.parametrize("target", ["http://127.0.0.1:9/", "http://169.254.169.254/latest/",
                                    "http://[::1]:9/", "http://10.0.0.1/", "file:///etc/passwd"])
def test_redirects_never_reach_private_addresses(serve: Callable[..., Server],
                                                 target: str) -> None:
    server = serve(send(b"", 302, location=target))
    started = time.monotonic()
    with pytest.raises(DownloadFailed, match=r"refusing a redirect|unsupported URL scheme"):
        download(f"{server.url}/data.json", LIMITS)
    assert time.monotonic() - started < 1


def test_size_is_capped_declared_streamed_and_decompressed(serve: Callable[..., Server]) -> None:
    declared = serve(send(b"[]", **{"content-length": str(10 * 2**30)}))
    with pytest.raises(DownloadFailed, match="more than the limit"):
        download(declared.url, LIMITS)

    def endless(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.end_headers()  # no length: read until the server closes
        chunk = b"x" * 65536
        try:
            while True:
                request.wfile.write(chunk)
        except OSError:
            pass

    streamed = serve(endless)
    with pytest.raises(DownloadFailed, match="larger than"):
        download(streamed.url, LIMITS)
    bomb = gzip.compress(b"\0" * (256 * 2**20), 9)  # 256 MB of zeros in about 250 kB
    assert len(bomb) < 2**20
    bombed = serve(send(bomb, **{"content-encoding": "gzip"}))
    tracemalloc.start()
    try:
        with pytest.raises(DownloadFailed, match="once decompressed"):
            download(bombed.url, LIMITS)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * LIMITS.max_bytes


def test_a_trickling_server_meets_the_deadline(serve: Callable[..., Server]) -> None:
    def trickle(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("content-length", "1000")
        request.end_headers()
        try:
            for _ in range(1000):
                request.wfile.write(b" ")
                request.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass

    server = serve(trickle)
    started = time.monotonic()
    with pytest.raises(DownloadFailed, match=r"gave up after 3 s: .* \(EXGRAPH_IMPORT_TIMEOUT\)"):
        download(server.url, LIMITS)
    assert time.monotonic() - started < LIMITS.timeout + 1.5


@pytest.mark.parametrize("body, message", [
    (b"[]", "holds no exercises"),
    (b'{"exercises": []}', "is not a Free Exercise DB exercises.json"),
    (b'[{"id": "x"}]', "record 1 is not a Free Exercise DB exercise"),
    (b"<html>not json</html>", "is not JSON"),
    (b"[" * 100_000, "is not JSON"),
])
def test_data_that_is_not_the_data_set_is_an_error(serve: Callable[..., Server], tmp_path: Path,
                                                   body: bytes, message: str) -> None:
    server = serve(send(body))
    result = CliRunner().invoke(main, ["import", "free-exercise-db", f"{server.url}/x.json",
                                       "--into", str(tmp_path), "--allow-http"])
    assert result.exit_code == 1 and message in result.output
    assert not (tmp_path / "exercises").exists()


def test_an_error_status_is_reported(serve: Callable[..., Server], tmp_path: Path) -> None:
    server = serve(send(b"gone", 404))
    result = CliRunner().invoke(main, ["import", "free-exercise-db", f"{server.url}/x.json",
                                       "--into", str(tmp_path), "--allow-http"])
    assert result.exit_code == 1 and "answered 404" in result.output
