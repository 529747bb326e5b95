"""Exercise pages prepared in the background: once the content has stayed unchanged for a
moment, every exercise's related exercises and profile are worked out in a worker thread, so
the first request for a page only reads them. A newer snapshot abandons the work."""

from __future__ import annotations

import time
from collections.abc import Callable

import anyio

from content.pages import prepare
from content.store import Store


class PagePreparation:
    """Prepares the pages of the store `current()` serves, when it has `up_to` exercises or
    fewer (larger libraries work out each page when it is first asked for)."""

    def __init__(self, current: Callable[[], Store], settle: float, up_to: int) -> None:
        self.current = current
        self.settle = settle
        self.up_to = up_to
        self._prepared: Store | None = None

    @property
    def status(self) -> str:
        """`prepared`, `preparing`, or `on request` (too many exercises, or switched off)."""
        store = self.current()
        if len(store.exercises) > self.up_to:
            return "on request"
        return "prepared" if store is self._prepared else "preparing"

    async def run(self) -> None:
        """Prepare each snapshot that stays served for `settle` seconds; never returns."""
        while True:
            store = self.current()
            await anyio.sleep(self.settle)
            if store is self._prepared or store is not self.current() or \
                    len(store.exercises) > self.up_to:
                continue
            if await anyio.to_thread.run_sync(self._prepare, store, abandon_on_cancel=True):
                self._prepared = store

    def _prepare(self, store: Store) -> bool:
        """Every exercise's page, giving the GIL back between exercises; False when a newer
        snapshot came first."""
        for exercise in store.exercises.values():
            if store is not self.current():
                return False
            prepare(store, exercise)
            time.sleep(0)
        return True
