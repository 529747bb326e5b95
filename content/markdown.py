"""Markdown bodies: numbered steps, sanitised HTML, plain text, excerpts and reading time."""

from __future__ import annotations

import math
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
WORDS_PER_MINUTE = 200
EXCERPT_LENGTH = 200


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def numbered_steps(body: str) -> tuple[str, ...]:
    """The items of the body's first top-level numbered list, as plain text."""
    tokens = _PARSER.parse(body)
    steps: list[str] = []
    depth = 0
    inside = False
    for token in tokens:
        if token.type == "ordered_list_open" and token.level == 0 and not steps:
            inside = True
        elif inside and token.type == "ordered_list_close" and token.level == 0:
            break
        elif inside and token.type == "list_item_open":
            depth += 1
            if depth == 1:
                steps.append("")
        elif inside and token.type == "list_item_close":
            depth -= 1
        elif inside and depth >= 1 and token.type == "inline":
            steps[-1] = f"{steps[-1]} {_inline_text(token)}".strip()
    return tuple(steps)


@lru_cache(maxsize=8192)  # room for every page of a library prepared by default
def render_html(body: str) -> str:
    """Render Markdown to HTML with anything unsafe (scripts, handlers, iframes) removed."""
    return nh3.clean(_PARSER.render(body))


def plain_text(body: str) -> str:
    """The body's words without Markdown syntax."""
    return " ".join(
        _inline_text(token) for token in _PARSER.parse(body) if token.type == "inline"
    )


def excerpt(body: str, length: int = EXCERPT_LENGTH) -> str:
    """The first paragraph, cut at a word boundary to at most `length` characters."""
    tokens = _PARSER.parse(body)
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and index + 1 < len(tokens):
            text = _inline_text(tokens[index + 1])
            if text:
                if len(text) <= length:
                    return text
                return text[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return ""


def reading_minutes(body: str) -> int:
    """Minutes an average reader needs, at least one."""
    return max(1, math.ceil(len(plain_text(body).split()) / WORDS_PER_MINUTE))
