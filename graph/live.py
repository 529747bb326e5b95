"""Live authoring: the content directory watched while serving, each burst of changes applied
as one new snapshot and announced to whoever subscribed."""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from watchfiles import Change, awatch

from content.loader import content_path, is_temporary

from .state import AppState, ContentChange

logger = logging.getLogger("exgraph")
logging.getLogger("watchfiles").setLevel(logging.WARNING)  # exgraph logs what it applies
STARTUP_RESCAN_DELAY = 1.0  # seconds after the watcher starts: changes made meanwhile
SUBSCRIBER_BUFFER = 16
RETRY_DELAY = 0.5  # seconds before applying again what failed to apply, then doubling
MAX_RETRY_DELAY = 60.0  # changes a slow subscriber may fall behind by before it is dropped


class ChangeFeed:
    """Hands each content change to every current subscriber."""

    def __init__(self) -> None:
        self._subscribers: set[MemoryObjectSendStream[ContentChange]] = set()

    def publish(self, change: ContentChange) -> None:
        for stream in list(self._subscribers):
            try:
                stream.send_nowait(change)
            except (anyio.WouldBlock, anyio.BrokenResourceError, anyio.ClosedResourceError):
                self._subscribers.discard(stream)
                stream.close()

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[MemoryObjectReceiveStream[ContentChange]]:
        """The changes published from now on, until the block ends."""
        send, receive = anyio.create_memory_object_stream[ContentChange](SUBSCRIBER_BUFFER)
        self._subscribers.add(send)
        try:
            async with receive:
                yield receive
        finally:
            self._subscribers.discard(send)
            send.close()


def _worth_watching(change: Change, path: str) -> bool:
    return not is_temporary(Path(path).name)


def _changed_file(root: Path, changed: str) -> str | None:
    """The library-relative path of a changed content file, or None when the change is to
    a folder (or unknown), which a rescan must sort out."""
    path = Path(changed)
    if not path.is_relative_to(root) or path.is_dir():
        return None
    relative = path.relative_to(root).as_posix()
    return relative if content_path(relative) else None


class Watcher:
    """Applies the changes made to a content directory while it is served."""

    def __init__(self, state: AppState, feed: ChangeFeed, *, settle_ms: int,
                 poll_ms: int | None) -> None:
        """`settle_ms`: how long the directory must stay quiet before a burst of changes is
        applied; `poll_ms`: poll every so many milliseconds instead of using the operating
        system's events (for volumes where events do not arrive)."""
        self.state = state
        self.feed = feed
        self.settle_ms = settle_ms
        self.poll_ms = poll_ms
        self.stopping = anyio.Event()  # set to stop watching promptly

    async def apply(self, paths: set[str] | None) -> None:
        """Apply changed paths (None: rescan the whole directory for changes); what fails
        to apply (say, the index folder cannot be written) is tried again, less and less
        often, while the last snapshot is served."""
        for attempt in itertools.count():
            try:
                change = await anyio.to_thread.run_sync(self.state.apply, paths)
                break
            except Exception:
                delay = min(RETRY_DELAY * 2 ** attempt, MAX_RETRY_DELAY)
                logger.exception("applying content changes failed; the last snapshot is "
                                 "served, and the change is tried again in %g s", delay)
                await anyio.sleep(delay)
                paths = None
        if change is not None:
            logger.info("content %s: %d document(s) changed", change.version,
                        len(change.changed))
            self.feed.publish(change)

    async def watch(self) -> None:
        """Watch until cancelled (or `stopping` is set). Changes made while the watcher
        starts are caught by a rescan once it runs."""
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(self._events)
            await anyio.sleep(STARTUP_RESCAN_DELAY)
            await self.apply(None)

    async def _events(self) -> None:
        root = self.state.root.resolve()
        async for changes in awatch(root, watch_filter=_worth_watching, step=self.settle_ms,
                                    debounce=60_000, force_polling=self.poll_ms is not None,
                                    poll_delay_ms=self.poll_ms or 300,
                                    ignore_permission_denied=True, stop_event=self.stopping):
            files = {_changed_file(root, changed) for _, changed in changes}
            await self.apply(None if None in files else {f for f in files if f})

    async def rescan_every(self, seconds: float) -> None:
        """Repair any drift (events the operating system dropped) by rescanning."""
        while True:
            await anyio.sleep(seconds)
            await self.apply(None)
