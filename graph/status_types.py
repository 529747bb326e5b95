"""GraphQL types for live authoring: the content's status, and its changes as they happen."""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import strawberry

from content.loader import LoadResult
from content.model import Kind
from content.problems import Problem

from .context import Info


class Change(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


strawberry.enum(Change, name="DocumentChange", description="What happened to a document.")


def _relative(root: Path, path: str) -> str:
    """A problem's path relative to the library, as authors see their files."""
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:
        return path


@strawberry.type(description="Something wrong in a content file, as `exgraph check` reports it.")
class ContentProblem:
    path: str = strawberry.field(description="The file, relative to the library.")
    line: int | None
    column: int | None
    field: str | None = strawberry.field(description="The frontmatter field, if one is at "
                                         "fault.")
    message: str
    suggestion: str | None

    @classmethod
    def of(cls, root: Path, problem: Problem) -> ContentProblem:
        return cls(path=_relative(root, problem.path), line=problem.line,
                   column=problem.column, field=problem.field, message=problem.message,
                   suggestion=problem.suggestion)


@strawberry.type(description="A document served as it last was valid, because its file is "
                 "now broken (its errors say why).")
class StaleDocument:
    path: str
    since: datetime = strawberry.field(description="When the broken version was saved.")


@strawberry.type(description="How many documents are served.")
class DocumentCounts:
    exercises: int
    muscles: int
    guides: int
    equipment: int


@strawberry.type(description="The content being served and everything found wrong with its "
                 "files: what `exgraph check` would say about them now.")
class ContentStatus:
    version: str
    loaded_at: datetime
    documents: DocumentCounts
    errors: list[ContentProblem]
    warnings: list[ContentProblem]
    stale: list[StaleDocument]

    @classmethod
    def of(cls, root: Path, loaded: LoadResult) -> ContentStatus:
        store = loaded.store
        return cls(
            version=store.version,
            loaded_at=datetime.fromtimestamp(loaded.loaded_at, UTC),
            documents=DocumentCounts(exercises=len(store.exercises), muscles=len(store.muscles),
                                     guides=len(store.guides), equipment=len(store.equipment)),
            errors=[ContentProblem.of(root, p) for p in loaded.errors],
            warnings=[ContentProblem.of(root, p) for p in loaded.warnings],
            stale=[StaleDocument(path=_relative(root, s.path),
                                 since=datetime.fromtimestamp(s.since, UTC))
                   for s in loaded.stale])


@strawberry.type(description="A document that a content change added, changed or removed.")
class ChangedDocument:
    kind: Kind
    slug: str
    change: Change


@strawberry.type(description="A new version of the content, now being served.")
class ContentChanged:
    version: str
    previous_version: str
    changed: list[ChangedDocument] = strawberry.field(description="Documents whose files "
                                                      "changed.")
    status: ContentStatus


def content_status(info: Info) -> ContentStatus:
    context = info.context
    assert context.loaded is not None, "the content status needs the served load"
    return ContentStatus.of(context.root, context.loaded)


async def content_changes(info: Info) -> AsyncGenerator[ContentChanged, None]:
    """Each content change from now on."""
    context = info.context
    if context.feed is None:
        return
    async with context.feed.subscribe() as changes:
        async for change in changes:
            yield ContentChanged(
                version=change.version, previous_version=change.previous_version,
                changed=[ChangedDocument(kind=c.kind, slug=c.slug, change=Change(c.change))
                         for c in change.changed],
                status=ContentStatus.of(context.root, change.loaded))
