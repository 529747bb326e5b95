"""A bounded least-recently-used cache, limited by entries and by bytes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LRUCache(Generic[V]):
    """Keeps at most `entries` values of at most `total_bytes` together; safe across threads.

    Values larger than `item_bytes` are never kept.
    """

    def __init__(self, entries: int, total_bytes: int, item_bytes: int) -> None:
        self.entries = entries
        self.total_bytes = total_bytes
        self.item_bytes = min(item_bytes, total_bytes)
        self.size = 0
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0

    def put(self, key: Hashable, value: V, size: int) -> None:
        """Keep `value`, which takes `size` bytes, unless it is too large."""
        if self.entries <= 0 or size > self.item_bytes:
            return
        with self._lock:
            if key in self._items:
                self.size -= self._items.pop(key)[1]
            self._items[key] = (value, size)
            self.size += size
            while len(self._items) > self.entries or self.size > self.total_bytes:
                self.size -= self._items.popitem(last=False)[1][1]
