"""What was computed from a file, kept while the file is unchanged (same ``loader.file_state``:
modification time and size), so a preview rebuild under ``mkdocs serve`` re-reads only the
files an editor changed. One cache per kind of result; each lives as long as the process, or
until ``forget_all`` (a build that no rebuild follows)."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

from .loader import file_state

T = TypeVar("T")
_CACHES: weakref.WeakSet[FileCache] = weakref.WeakSet()


class FileCache(Generic[T]):
    """Results keyed by a file and an extra key (how it was read), valid while the file's state is."""

    def __init__(self) -> None:
        self._entries: dict[tuple, tuple] = {}  # (path, key) → (file state, result)
        _CACHES.add(self)

    def fresh(self, path: Path, key: Hashable) -> bool:
        """Whether a result for ``path`` and ``key`` is kept and the file unchanged since."""
        entry = self._entries.get((str(path), key))
        state = file_state(path)
        return entry is not None and state is not None and entry[0] == state

    def get(self, path: Path, key: Hashable, compute: Callable[[], T]) -> T:
        """The result for ``path`` and ``key``: the kept one if the file has not changed since,
        else ``compute()`` (always, for a file that cannot be looked at)."""
        state = file_state(path)
        entry = self._entries.get((str(path), key))
        if entry is None or state is None or entry[0] != state:
            entry = (state, compute())
            self._entries[str(path), key] = entry
        return entry[1]


def forget_all() -> None:
    """Let go of every kept result: a production build reads each file once, and at 10,000 items
    the parsed documents kept for a rebuild are a seventh of its memory."""
    for cache in list(_CACHES):
        cache._entries.clear()
