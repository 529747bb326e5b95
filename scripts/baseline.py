"""A deliberately plain comparison point: SQLite FTS5 (BM25) behind a bare Starlette route.

Same documents (names, aliases, instructions), default tokenizer, no typo tolerance,
stemming, synonyms, facets or highlights.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from content.loader import load_library
from content.store import Store

_WORD = re.compile(r"\w+")


class FtsIndex:
    """An in-memory FTS5 table of exercises."""

    def __init__(self, store: Store) -> None:
        self._local = threading.local()
        self._rows = [(e.slug, e.name, " ".join(e.aliases), " ".join(e.instructions))
                      for e in store.exercises.values()]
        self._names = sorted((e.name.lower(), e.slug) for e in store.exercises.values())

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(":memory:")
            db.execute("CREATE VIRTUAL TABLE doc USING fts5(slug UNINDEXED, name, aliases, body)")
            db.executemany("INSERT INTO doc VALUES (?, ?, ?, ?)", self._rows)
            self._local.db = db
        return db

    def search(self, text: str, limit: int = 10) -> list[str]:
        words = _WORD.findall(text.lower())[:12]
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = self._db().execute(
            "SELECT slug FROM doc WHERE doc MATCH ? ORDER BY bm25(doc, 0, 10, 5, 1) LIMIT ?",
            (match, limit)).fetchall()
        return [slug for (slug,) in rows]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        wanted = prefix.lower()
        return [slug for name, slug in self._names if name.startswith(wanted)][:limit]


def app(content_dir: str) -> Starlette:
    index = FtsIndex(load_library(Path(content_dir)).store)

    async def search(request: Request) -> JSONResponse:
        return JSONResponse({"hits": index.search(request.query_params.get("q", ""))})

    async def suggest(request: Request) -> JSONResponse:
        return JSONResponse({"suggestions": index.suggest(request.query_params.get("p", ""))})

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/search", search), Route("/suggest", suggest),
                             Route("/healthz", health)])
