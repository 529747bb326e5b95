"""Fetching a data file from a URL the way an untrusted server cannot abuse: https only
(unless allowed), redirects never into private networks, bounded in size before and after
decompression, and finished within one overall deadline."""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx


class DownloadFailed(Exception):
    """The URL could not be fetched within the limits; the message says why."""


@dataclass(frozen=True, slots=True)
class DownloadLimits:
    max_bytes: int  # compressed and decompressed, each
    timeout: float  # seconds for the whole download, redirects included
    allow_http: bool = False
    max_redirects: int = 5


def _refuse_private(url: str) -> None:
    """Refuse a URL whose host is, or resolves to, a private, loopback or link-local
    address (where a redirect could reach services that are not meant to be public)."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError) as error:
        raise DownloadFailed(f"cannot resolve {host!r}: {error}") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise DownloadFailed(f"refusing a redirect to {host} ({ip}): not a public address")


def _check_scheme(url: str, limits: DownloadLimits) -> None:
    scheme = urlsplit(url).scheme
    if scheme == "https" or (scheme == "http" and limits.allow_http):
        return
    if scheme == "http":
        raise DownloadFailed(f"refusing plain http ({url}); use https, or --allow-http for "
                             "a server you trust on a network you trust")
    raise DownloadFailed(f"unsupported URL scheme {scheme!r}")


class _Decoder:
    """Decompresses a response body (gzip or deflate), at most `limit` bytes of output."""

    def __init__(self, encoding: str, limit: int) -> None:
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header
        else:
            raise DownloadFailed(f"unsupported content encoding {encoding!r}")
        self.limit = limit
        self.size = 0

    def feed(self, data: bytes) -> bytes:
        if self._zlib is None:
            out = data
        else:
            try:
                out = self._zlib.decompress(data, self.limit - self.size + 1)
            except zlib.error as error:
                raise DownloadFailed(f"the body cannot be decompressed: {error}") from None
            if self._zlib.unconsumed_tail:
                self.size = self.limit + 1
        self.size += len(out)
        if self.size > self.limit:
            raise DownloadFailed(f"the file is larger than {self.limit:,} bytes once "
                                 "decompressed")
        return out


def download(url: str, limits: DownloadLimits) -> bytes:
    """The body at `url`, within `limits`; DownloadFailed says why not."""
    deadline = time.monotonic() + limits.timeout

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise DownloadFailed(f"gave up after {limits.timeout:g} s: the download did not "
                                 "finish in time (EXGRAPH_IMPORT_TIMEOUT)")
        return left

    timeout = httpx.Timeout(min(10.0, limits.timeout))
    with httpx.Client(follow_redirects=False, timeout=timeout,
                      headers={"accept-encoding": "gzip"}) as client:
        for hop in range(limits.max_redirects + 1):
            _check_scheme(url, limits)
            if hop:
                _refuse_private(url)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("location", ""))
                        continue
                    if response.status_code != 200:
                        raise DownloadFailed(f"{url} answered {response.status_code} "
                                             f"{response.reason_phrase}")
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > limits.max_bytes:
                        raise DownloadFailed(f"the file is {int(declared):,} bytes, more than "
                                             f"the limit of {limits.max_bytes:,}")
                    decoder = _Decoder(response.headers.get("content-encoding", "").lower(),
                                       limits.max_bytes)
                    received = 0
                    body = bytearray()
                    for chunk in response.iter_raw():
                        remaining()
                        received += len(chunk)
                        if received > limits.max_bytes:
                            raise DownloadFailed(f"the file is larger than "
                                                 f"{limits.max_bytes:,} bytes")
                        body += decoder.feed(chunk)
                    remaining()
                    return bytes(body)
            except httpx.HTTPError as error:
                raise DownloadFailed(f"cannot fetch {url}: {error}") from None
    raise DownloadFailed(f"more than {limits.max_redirects} redirects")
