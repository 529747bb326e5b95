"""Hostile inputs for `bench_attacks.py`: queries, files, pickles and a misbehaving origin.

Everything here only builds bytes or serves them on loopback; nothing runs an attack.
"""

from __future__ import annotations

import contextlib
import http.server
import itertools
import json
import os
import pickle
import ssl
import subprocess
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ANCHORS = "abcdefghijklmnopqrstuvwxyz"


def fragment_chain(levels: int) -> str:
    """A query whose fragment F1 spreads F2 twice, F2 spreads F3 twice, and so on: 2**levels
    paths to one cheap field, in about 40 bytes a level."""
    lines = ["query { ...F1 }"]
    lines += [f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(1, levels)]
    lines.append(f"fragment F{levels} on Query {{ __typename }}")
    return "\n".join(lines)


def billion_laughs(levels: int) -> str:
    """YAML frontmatter lines where each anchor lists the previous one nine times: 9**levels
    leaves in a few hundred bytes."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in itertools.pairwise(ANCHORS[:levels]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def with_frontmatter_lines(markdown: str, lines: str) -> str:
    """`markdown` with `lines` added at the end of its frontmatter."""
    closing = markdown.index("\n---", 3) + 1
    return markdown[:closing] + lines + markdown[closing:]


class _Touch:
    """Unpickling this runs a shell command that creates `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def code_running_pickle(marker: Path) -> bytes:
    return pickle.dumps(_Touch(marker))


def large_markdown_body(size: int) -> str:
    """Plain Markdown paragraphs of about `size` bytes."""
    block = ("Keep your back straight and brace your core before each repetition, then lower "
             "the weight under control and breathe out as you push it back up.\n\n")
    return block * (size // len(block) + 1)


def gzip_bomb(inflated: int) -> bytes:
    """A gzip stream of a JSON list padded with `inflated` bytes of spaces (about 1/1000 of
    that on the wire)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b" " * (1 << 20)
    parts = [compressor.compress(b"[")]
    parts += [compressor.compress(chunk) for _ in range(inflated // len(chunk))]
    parts += [compressor.compress(b"]"), compressor.flush()]
    return b"".join(parts)


def self_signed(directory: Path, *hosts: str) -> tuple[Path, ssl.SSLContext]:
    """A certificate for the loopback addresses `hosts` (its file, for the client to trust
    through SSL_CERT_FILE) and a server context using it."""
    certificate, key = directory / "origin-cert.pem", directory / "origin-key.pem"
    subject_names = ",".join(f"IP:{host}" for host in hosts)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={hosts[0]}", "-addext", f"subjectAltName={subject_names}",
                    "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    return certificate, context


class Origin:
    """A misbehaving HTTP(S) origin for the importer, on a loopback address, in a thread.

    Routes: /records.json (a few real records), /redirect (302 to `redirect_to`), /big
    (`big_bytes` of padding), /gzip (a gzip bomb sent with Content-Encoding: gzip),
    /trickle (one byte every `trickle_every` seconds), /empty (`[]`), /mismatch (JSON that
    is not a Free Exercise DB). `hits` counts requests by path.
    """

    def __init__(self, host: str, records: list[dict[str, Any]], *, redirect_to: str = "",
                 big_bytes: int = 0, bomb: bytes = b"", trickle_every: float = 5.0,
                 tls: ssl.SSLContext | None = None) -> None:
        self.hits: dict[str, int] = {}
        self.stopping = threading.Event()
        origin = self
        routes = {
            "/records.json": json.dumps(records).encode(),
            "/empty": b"[]",
            "/mismatch": json.dumps([{"title": "Back Squat", "muscles": ["quadriceps"]}]
                                    ).encode(),
        }

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                origin.hits[self.path] = origin.hits.get(self.path, 0) + 1
                with contextlib.suppress(OSError):
                    self._answer()

            def _start(self, length: int, **headers: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(length))
                for name, value in headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()

            def _answer(self) -> None:
                if self.path in routes:
                    self._start(len(routes[self.path]))
                    self.wfile.write(routes[self.path])
                elif self.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif self.path == "/big":
                    self._start(big_bytes + 2)
                    self.wfile.write(b"[")
                    chunk = b" " * (1 << 20)
                    for start in range(0, big_bytes, len(chunk)):
                        self.wfile.write(chunk[:big_bytes - start])
                    self.wfile.write(b"]")
                elif self.path == "/gzip":
                    self._start(len(bomb), Content_Encoding="gzip")
                    self.wfile.write(bomb)
                elif self.path == "/trickle":
                    body = json.dumps(records).encode()
                    self._start(len(body))
                    for byte in body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        if origin.stopping.wait(trickle_every):
                            return
                else:
                    self.send_error(404)

        self.server = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://{host}:{self.server.server_address[1]}"

    @contextlib.contextmanager
    def running(self) -> Iterator[Origin]:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.stopping.set()
            self.server.shutdown()
            self.server.server_close()
            thread.join(timeout=10)
