"""What the previous production build made, reused when its inputs did not change.

A build's outputs (pages, PDFs) are each recorded with the key of their inputs and a digest of
their bytes, in a state file beside mkdocs.yml (``.cache/zwgk/build/``, never published). The
next build asks for an output by its site-relative path and the key of its present inputs: if
the key is the one recorded and the file in the previous site still has the recorded bytes, the
bytes are reused instead of rendered. Anything else — no state, another version, another
``scope`` (what every output depends on: code, theme, settings, navigation), a file changed or
missing in the previous site, unreadable state — means "render it", never a wrong output.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .files import own_path, plain_file_bytes, write_atomically

STATE_DIR = ".cache/zwgk/build"  # beside mkdocs.yml; safe to delete (the next build is a full one)
STATE_VERSION = 1


def digest(data: bytes | str) -> str:
    """A short digest of an output's bytes or of an input's text."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def state_file(root: Path, target: Path) -> Path:
    """The state of the builds published to ``target`` (one per site folder)."""
    return root / STATE_DIR / f"{digest(str(target.resolve()))}.json"


class BuildCache:
    """One build's view of the previous build: ``reuse`` what it may, ``record`` what it made."""

    def __init__(self, state: Path, previous: Path | None, scope: str) -> None:
        self.state = state
        self.previous = previous
        self.scope = scope
        self.old: dict[str, list] = self._read() if previous is not None else {}
        self.new: dict[str, list] = {}
        self.reused: set[str] = set()
        self._root = os.path.realpath(previous) if previous is not None else None
        self._seen: dict[str, tuple] = {}  # output → its file's identity when reuse checked it

    def _read(self) -> dict[str, list]:
        try:
            data = json.loads(self.state.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION or data.get("scope") != self.scope:
            return {}
        outputs = data.get("outputs")
        return outputs if isinstance(outputs, dict) else {}

    @property
    def warm(self) -> bool:
        """Whether there is anything to reuse (else this is a full build)."""
        return bool(self.old)

    def reuse(self, rel: str, key: str) -> bool:
        """Whether the previous build's ``rel`` was made from ``key`` and is still there as it was
        made: then it is this build's too (read it with ``read``)."""
        entry = self.old.get(rel)
        if not (isinstance(entry, list) and len(entry) >= 2 and entry[0] == key):
            return False
        if self._bytes(rel, entry[1], remember=True) is None:
            return False  # changed since (by hand, or a half-finished earlier build): render it
        self.new[rel] = entry
        self.reused.add(rel)
        return True

    def read(self, rel: str) -> bytes:
        """The bytes of an output ``reuse`` accepted, checked once more as they are read: the same
        file (not a link: its device, inode, size and time are those ``reuse`` checked), else its
        place and its bytes all over again."""
        data = self._same_file(rel)
        if data is None:
            data = self._bytes(rel, self.new[rel][1])
        if data is None:
            raise CacheChanged(f"上次构建的 {rel} 在本次构建中途被改动或删除，请重新构建。")
        return data

    def _bytes(self, rel: str, expected: str, remember: bool = False) -> bytes | None:
        if self.previous is None:
            return None
        path = own_path(self.previous, rel, self._root)  # the previous site is ours, its links are not
        if path is None:
            return None
        try:
            with open(path, "rb") as file:
                data = file.read()
                seen = _identity(os.fstat(file.fileno()))
        except OSError:
            return None
        if digest(data) != expected:
            return None
        if remember:
            self._seen[rel] = seen
        return data

    def _same_file(self, rel: str) -> bytes | None:
        seen = self._seen.pop(rel, None)
        if seen is None:
            return None
        return plain_file_bytes(self.previous / rel, lambda status: _identity(status) == seen)

    def extra(self, rel: str):
        """What was recorded with a reused output (e.g. a PDF's page count)."""
        entry = self.new.get(rel) or ()
        return entry[2] if len(entry) > 2 else None

    def record(self, rel: str, key: str, data: bytes | None = None, *, data_digest: str | None = None,
               extra=None) -> None:
        """``rel`` was made from ``key`` in this build, with these bytes (or bytes of this digest)."""
        self.new[rel] = [key, data_digest or digest(data or b"")] + ([extra] if extra is not None else [])

    def save(self) -> None:
        """Keep this build's records for the next one (call only once the build succeeded)."""
        text = json.dumps({"version": STATE_VERSION, "scope": self.scope, "outputs": self.new},
                          ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        write_atomically(self.state, text.encode("utf-8"))


def _identity(status: os.stat_result) -> tuple:
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


class CacheChanged(Exception):
    """A reused output changed while the build was using it (the build fails; the next is full)."""

