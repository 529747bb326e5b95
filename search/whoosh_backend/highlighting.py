"""Snippets with the matched words marked, HTML-escaped."""

from __future__ import annotations

from collections.abc import Mapping

from whoosh import highlight
from whoosh.analysis import Token

from ..engine import Highlight
from .analysis import PROSE_ANALYZER

HIGHLIGHT_FIELDS = ("name", "aliases", "body")


class MarkFormatter(highlight.HtmlFormatter):
    """Wraps each match in a plain `<mark>` element."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text: str, token: Token, replace: bool = False) -> str:
        return f"<mark>{highlight.htmlescape(highlight.get_text(text, token, replace))}</mark>"


FORMATTER = MarkFormatter()
FRAGMENTERS = {
    "name": highlight.WholeFragmenter(),
    "aliases": highlight.WholeFragmenter(),
    "body": highlight.ContextFragmenter(maxchars=160, surround=50),
}


def highlights(texts: Mapping[str, str], terms: frozenset[str]) -> tuple[Highlight, ...]:
    """A snippet for each highlightable field of a document that contains one of `terms`."""
    found = []
    for field in HIGHLIGHT_FIELDS:
        text = texts.get(field, "")
        if field == "aliases":
            text = ", ".join(text.splitlines())
        if not text:
            continue
        snippet = highlight.highlight(text, terms, PROSE_ANALYZER, FRAGMENTERS[field],
                                      FORMATTER, top=2)
        if snippet:
            found.append(Highlight(field, snippet))
    return tuple(found)
