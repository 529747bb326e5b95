"""Text analysis: one analyzer for indexing and querying, so both agree on every word.

It lower-cases and folds accents, drops apostrophes (`child's` → `childs`), splits on
punctuation (`push-up` → `push up`), also emits each adjacent pair joined (`push up` →
`pushup`, `skull crushers` → `skullcrushers`) so spacing variants meet, and stems
(`squatting` → `squat`).
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.lang.porter2 import stem
from whoosh.support.charset import accent_map

TOKEN_PATTERN = r"\w+(?:['’]\w+)*"
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "into", "is",
    "it", "its", "of", "or", "so", "that", "the", "then", "this", "to", "with", "you", "your",
))
MAX_TOKEN_LENGTH = 40


class ApostropheFilter(Filter):
    """`child's` → `childs`."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if "'" in token.text or "’" in token.text:
                token.text = token.text.replace("'", "").replace("’", "")
            yield token


class JoinedPairFilter(Filter):
    """After each word, also emit it joined to the word before (marked `joined=True`)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        previous: str | None = None
        for token in tokens:
            token.joined = False
            text = token.text
            if previous is not None and not token.stopped:
                pair = token.copy()
                pair.text = previous + text
                pair.joined = True
                if hasattr(token, "pos"):
                    pair.pos = token.pos - 1
                yield token
                yield pair
            else:
                yield token
            previous = None if token.stopped else text


def text_analyzer(joined_pairs: bool) -> Analyzer:
    """The analyzer for full-text fields; short fields (names) also index joined pairs."""
    chain = (RegexTokenizer(TOKEN_PATTERN)
             | LowercaseFilter()
             | CharsetFilter(accent_map)
             | ApostropheFilter()
             | StopFilter(stoplist=STOP_WORDS, minsize=1, maxsize=MAX_TOKEN_LENGTH))
    if joined_pairs:
        chain = chain | JoinedPairFilter()
    return chain | StemFilter(stemfn=stem, cachesize=-1)


NAME_ANALYZER = text_analyzer(joined_pairs=True)
PROSE_ANALYZER = text_analyzer(joined_pairs=False)


def terms(text: str) -> list[tuple[str, str, bool]]:
    """(surface word, stemmed term, joined?) for each token of `text`, stop words removed."""
    found = []
    for token in NAME_ANALYZER(text, mode="query", chars=True):
        if not token.stopped:
            found.append((token.text if token.joined else _surface(text, token), token.text,
                          token.joined))
    return found


def _surface(text: str, token: Token) -> str:
    return text[token.startchar:token.endchar].lower()


def exact_key(text: str) -> str:
    """A normal form of a whole name: its stemmed words, space-separated."""
    return " ".join(stem for _, stem, joined in terms(text) if not joined)
