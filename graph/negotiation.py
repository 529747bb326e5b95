"""Which media type a GraphQL answer is sent as, and with which status (GraphQL over HTTP).

`application/graphql-response+json` when the client names it at least as highly as anything
else it accepts; the legacy `application/json` otherwise: when the client sends no `Accept`,
only wildcards, or accepts neither (the spec lets a server disregard such an `Accept`, so a
browser's address bar gets JSON rather than 406).

Under `application/graphql-response+json` an answer with no `data` entry (the request failed
before execution: parse, validation or variable errors) is a 400; under `application/json`
every well-formed request is answered 200.
"""

from __future__ import annotations

import functools

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
EVENT_STREAM = "text/event-stream"
CHARSET = "; charset=utf-8"


def _ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an `Accept` header with their weights, lowercased."""
    found = []
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        if not media:
            continue
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        found.append((media.lower(), weight))
    return found


def _weight(media: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """How much `media` is wanted, and how specifically (2 named, 1 `type/*`, 0 `*/*`)."""
    kind = media.split("/")[0]
    best: tuple[int, float] | None = None
    for candidate, weight in ranges:
        specificity = 2 if candidate == media else 1 if candidate == f"{kind}/*" else \
            0 if candidate == "*/*" else -1
        if specificity >= 0 and (best is None or specificity > best[0]):
            best = (specificity, weight)
    return (0.0, -1) if best is None else (best[1], best[0])


@functools.lru_cache(maxsize=256)
def negotiate(accept: str) -> str:
    """The media type to answer a client sending `accept` with."""
    ranges = _ranges(accept)
    response_weight, response_named = _weight(GRAPHQL_RESPONSE, ranges)
    json_weight, _ = _weight(JSON, ranges)
    if response_weight > json_weight or (response_named == 2 and response_weight > 0 and
                                         response_weight == json_weight):
        return GRAPHQL_RESPONSE
    return JSON


def wants_event_stream(accept: str) -> bool:
    """The client asks for Server-Sent Events."""
    return any(media == EVENT_STREAM and weight > 0 for media, weight in _ranges(accept))


def status_for(media: str, has_data: bool) -> int:
    """The status of an answer with (or without) a `data` entry, sent as `media`."""
    return 200 if has_data or media == JSON else 400
