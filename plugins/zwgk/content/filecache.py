"""What was computed from a file, kept while the file is unchanged, so a preview rebuild under
``mkdocs serve`` re-reads only the files an editor changed. One cache per kind of result.

In a process, a result stays valid while its file's state (``loader.file_state``: modification
time and size) is unchanged. Between processes (``zwgk build`` after ``zwgk build``, the preview
after a build), a cache can also keep its results on disk (``stored``): there a result is valid
while the file's bytes are, whatever its time (a git checkout gives every file a new one), and
only for the code that computed it. A stored file that cannot be read, or holds anything but our
own records, is ignored: the results are computed again, never taken on trust. A build that no
rebuild follows lets go of them all once it has read everything (``forget_all``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import tempfile
import weakref
from collections.abc import Callable, Hashable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Generic, TypeVar

from .loader import file_state

T = TypeVar("T")
_CACHES: weakref.WeakSet[FileCache] = weakref.WeakSet()

STORE_DIR = ".cache/zwgk/reads"  # beside mkdocs.yml; safe to delete (the next build reads every file)
# what a stored result also depends on besides our package's files
DISTRIBUTIONS = ("pyyaml", "jsonschema", "pypdf", "python-docx", "openpyxl", "xlrd")


class FileCache(Generic[T]):
    """Results keyed by a file and an extra key (how it was read), valid while the file's state is."""

    def __init__(self, name: str | None = None) -> None:
        """``name``: the file under STORE_DIR that keeps the results between processes (None: never kept)."""
        self.name = name
        self._entries: dict[tuple, tuple] = {}  # (path, key) → (file state, result)
        self._stored: dict[tuple, tuple] = {}  # (path, key) → (digest of the file's bytes, result)
        self._store: Path | None = None
        self._root = ""  # the repository whose files' results are kept in the store
        self._used: dict[tuple, tuple] = {}  # what this run read or computed, to keep for the next
        self._changed = False
        _CACHES.add(self)

    def fresh(self, path: Path, key: Hashable) -> bool:
        """Whether a result for ``path`` and ``key`` is kept and the file unchanged since."""
        name = (str(path), key)
        entry = self._entries.get(name)
        state = file_state(path)
        if state is None:
            return False
        if entry is not None and entry[0] == state:
            return True
        stored = self._from_store(path, name, _content_digest(path)) if self._kept(name) else None
        if stored is not None:
            self._entries[name] = (state, stored[1])
            return True
        return False

    def get(self, path: Path, key: Hashable, compute: Callable[[], T]) -> T:
        """The result for ``path`` and ``key``: the kept one if the file has not changed since,
        else ``compute()`` (always, for a file that cannot be looked at)."""
        state = file_state(path)
        name = (str(path), key)
        entry = self._entries.get(name)
        if entry is None or state is None or entry[0] != state:
            entry = (state, self._computed(path, name, compute) if state is not None else compute())
            self._entries[name] = entry
        elif self._kept(name) and name not in self._used:
            self._keep(path, name, entry[1])
        return entry[1]

    def _kept(self, name: tuple) -> bool:
        """Whether results for this file are kept on disk: those of files in the store's repository."""
        return self._store is not None and name[0].startswith(self._root)

    def _computed(self, path: Path, name: tuple, compute: Callable[[], T]) -> T:
        if not self._kept(name):
            return compute()
        content = _content_digest(path)
        stored = self._from_store(path, name, content)
        if stored is not None:
            return stored[1]
        result = compute()
        if content is not None:
            self._used[name] = (content, result)
            self._changed = True
        return result

    def _from_store(self, path: Path, name: tuple, content: bytes | None) -> tuple | None:
        """The stored (digest, result) of the file if its bytes are still those (then kept for the next run)."""
        stored = self._stored.get(name)
        if content is None or stored is None or stored[0] != content:
            return None
        self._used[name] = stored
        return stored

    def _keep(self, path: Path, name: tuple, result) -> None:
        """A result this process already had, kept for the next run too."""
        content = _content_digest(path)
        if content is not None:
            self._used[name] = (content, result)
            self._changed = self._changed or self._stored.get(name, (None,))[0] != content

    def forget(self) -> None:
        """Let go of every result (the store on disk stays; the next ``open_store`` reads it again)."""
        self._entries, self._stored, self._used, self._store, self._changed = {}, {}, {}, None, False

    def open_store(self, root: Path) -> None:
        """Take the results kept by earlier processes for the repository ``root``."""
        store = root / STORE_DIR / f"{self.name}.pickle" if self.name else None
        if store == self._store:
            return
        self._store, self._stored, self._used, self._changed = store, {}, {}, False
        self._root = os.path.join(str(root), "")
        if not self._store_inside():
            return  # a store linked to a file outside the repository is not read (nor written)
        with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
                                 ImportError, IndexError, KeyError):
            data = _OwnRecords(io.BytesIO(store.read_bytes())).load()
            if isinstance(data, dict) and data.get("version") == code_version() and isinstance(data["results"], dict):
                self._stored = data["results"]

    def _store_inside(self) -> bool:
        """Whether the store is in its repository, links followed."""
        return self._store is not None and os.path.realpath(self._store).startswith(
            os.path.join(os.path.realpath(self._root), ""))

    def save_store(self) -> None:
        """Keep this run's results for the next process (only those of files this run looked at,
        so the store does not grow with deleted files); nothing is lost if it cannot be written."""
        if not self._store_inside():
            return
        if not (self._changed or self._used.keys() != self._stored.keys()):
            return
        data = pickle.dumps({"version": code_version(), "results": self._used}, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
            _write(self._store, data)
        self._stored, self._used, self._changed = self._used, {}, False


def open_stores(caches: Iterable[FileCache], root: Path) -> None:
    for kept in caches:
        kept.open_store(root)


def save_stores(caches: Iterable[FileCache]) -> None:
    for kept in caches:
        kept.save_store()


def _write(path: Path, data: bytes) -> None:
    """Write under a temporary name, then rename: a build running beside this one reads the old
    store or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False) as out:
        out.write(data)
    try:
        os.replace(out.name, path)
    except OSError:
        os.unlink(out.name)
        raise


def _content_digest(path: Path) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


@cache
def code_version() -> str:
    """Our package's content code and the versions of the readers it uses: stored results of
    another version are not used."""
    return code_digest(Path(__file__).resolve().parent, (".py", ".json", ".yml", ".yaml"), DISTRIBUTIONS)


def code_digest(package: Path, suffixes: tuple[str, ...], distributions: Iterable[str]) -> str:
    """A digest of the files under ``package`` with these suffixes and of these installed
    distributions' versions: what made a kept result (or a built page) as it is."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in suffixes and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in distributions:
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-;".encode())
    return digest.hexdigest()


_BUILTINS = frozenset({"set", "frozenset", "tuple", "list", "dict", "str", "int", "float", "bool", "bytes",
                       "complex", "slice", "range"})


class _OwnRecords(pickle.Unpickler):
    """Unpickles only our records, dates and plain values: a stored file cannot run code."""

    def find_class(self, module: str, name: str):
        if (module.startswith("zwgk.") or module in ("datetime", "pathlib", "decimal")
                or (module == "builtins" and name in _BUILTINS)
                or (module == "copyreg" and name == "_reconstructor")):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name}")


def forget_all() -> None:
    """Let go of every kept result: a production build reads each file once, and at 10,000 items
    the parsed documents kept for a rebuild are a seventh of its memory."""
    for kept in list(_CACHES):
        kept.forget()
