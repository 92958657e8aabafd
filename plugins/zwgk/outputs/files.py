"""Writing files: the one way zwgk writes a file (atomically) and swaps a new site in, and the
modes of what it publishes. Whatever the umask of the person or job that builds, a web server
running as another user must be able to read the site, its PDFs and its downloads: files are
0644 and folders 0755. Imports nothing from MkDocs."""

from __future__ import annotations

import contextlib
import filecmp
import os
import secrets
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

FILE_MODE = 0o644
DIR_MODE = 0o755


def own_path(root: Path, rel: str | PurePath, real_root: str | None = None) -> Path | None:
    """``root/rel`` if it is reached from ``root`` without following a link: a file or folder a
    build wrote there, not one that a link in it (to a file or a folder) points to, which must not
    make a build read anything outside. ``real_root``: the root's real path, when the caller
    resolved it once for thousands of files."""
    path = Path(root) / rel
    inside = os.path.join(real_root or os.path.realpath(root), *PurePath(rel).parts)
    return path if os.path.realpath(path) == inside else None


def plain_file_bytes(path: Path, accept: Callable[[os.stat_result], bool]) -> bytes | None:
    """The bytes of ``path`` if it is a plain file, not a link (its folders are the caller's to
    check, see ``own_path``), whose status ``accept`` takes; else None (also when it cannot be read)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with open(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        return file.read() if stat.S_ISREG(status.st_mode) and accept(status) else None


def make_dirs(folder: Path) -> None:
    """``mkdir -p`` whose new folders are 0755 rather than what the umask allows; folders that
    already exist are left alone (they may be the user's own, such as the home folder)."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another worker made it first
            new.mkdir()
        new.chmod(DIR_MODE)


def write_atomically(path: Path, data: bytes, mode: int | None = FILE_MODE) -> None:
    """Write under a temporary name beside ``path``, then rename: a reader (the web server, a
    preview) never sees half a file, and a failed write leaves the old file as it was. The file
    gets ``mode`` whatever the umask; ``None`` keeps the mode of the file it replaces (an editor's
    file in the repository), and a new file gets the umask's. Missing folders are made 0755."""
    make_dirs(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")  # unique: workers may write side by side
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as out:
            out.write(data)
        if mode is None and path.exists():
            mode = stat.S_IMODE(path.stat().st_mode)  # the rename would otherwise give it the umask's
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def swap_in(fresh: Path, target: Path) -> None:
    """Put the folder ``fresh`` (a sibling of ``target``, fully written) in the place of ``target``:
    the old folder is moved aside and discarded, so a reader sees the old site or the new one,
    never a mix (the site is replaced between two renames). ``fresh`` becomes 0755: mkdtemp
    makes it private."""
    fresh.chmod(DIR_MODE)
    old = target.with_name(f"{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    discard(old)


TRASH = ".zwgk-trash-"  # a discarded folder, being deleted (hidden, beside the site: never published)


def discard(folder: Path) -> None:
    """Delete ``folder`` without waiting: it is renamed to a hidden sibling at once (so nothing can
    find it under its name, and a build starting meanwhile cannot collide with it), then deleted
    by a detached process, which outlives the build (deleting a district's 4,000 page folders took
    a second of every build). Trash an earlier deletion left, if any, goes too."""
    if not folder.exists():
        return
    parent = folder.parent
    trash = parent / f"{TRASH}{folder.name}-{secrets.token_hex(4)}"
    try:
        folder.rename(trash)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    leftovers = [str(p) for p in parent.glob(f"{TRASH}*") if p.is_dir() and not p.is_symlink()]
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys\nfor p in sys.argv[1:]: "
                          "shutil.rmtree(p, ignore_errors=True)", *leftovers],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)
    except OSError:
        shutil.rmtree(trash, ignore_errors=True)


def make_readable(root: Path) -> int:
    """Give every file under ``root`` mode 0644 and every folder (``root`` too) 0755, whoever wrote
    them (MkDocs copies static files with the umask's mode, Pagefind and WeasyPrint write their
    own). Symbolic links are left alone. Returns how many modes had to change."""
    changed = 0
    folders = [root]
    while folders:
        folder = folders.pop()
        if stat.S_IMODE(os.stat(folder).st_mode) != DIR_MODE:
            os.chmod(folder, DIR_MODE)
            changed += 1
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_symlink():
                    continue
                if entry.is_dir():
                    folders.append(Path(entry.path))
                elif stat.S_IMODE(entry.stat().st_mode) != FILE_MODE:
                    os.chmod(entry.path, FILE_MODE)
                    changed += 1
    return changed


@dataclass(frozen=True)
class Changes:
    """What a build changed in a site folder, by site-relative path."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def written(self) -> tuple[str, ...]:
        return tuple(sorted(self.added + self.changed))


def keep_unchanged(fresh: Path, previous: Path | None, same: frozenset[str] | set[str] = frozenset()) -> Changes:
    """Give every file of the new site ``fresh`` that has the same bytes as in the ``previous``
    site the previous file's modification time, so a sync by size and time (rsync, a web
    server's cache) moves only what this build changed. ``same`` names files known to be equal
    (reused from the previous build): only their sizes are compared. Returns the changes."""
    added, changed, old, seen = [], [], {}, set()
    if previous is not None and previous.is_dir():
        old = dict(_files(previous))
    for rel, entry in _files(fresh):
        seen.add(rel)
        if rel in same and rel not in old:
            continue  # the previous build's own file, moved into this site (keeps its time)
        if rel not in old:
            added.append(rel)
            continue
        now, then = entry.stat(), old[rel].stat()
        if now.st_ino == then.st_ino and now.st_dev == then.st_dev:
            continue  # the previous build's own file, linked into this site
        if now.st_size == then.st_size and (rel in same or filecmp.cmp(entry.path, old[rel].path, shallow=False)):
            os.utime(entry.path, ns=(then.st_atime_ns, then.st_mtime_ns))
        else:
            changed.append(rel)
    return Changes(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(old.keys() - seen - same)))


def _files(root: Path, prefix: str = ""):
    """(site-relative path, DirEntry) of the regular files of a site under ``root``: not symbolic
    links, not the hidden entries at its top (MkDocs keeps them there: a git checkout of the web
    server's copy, say)."""
    with os.scandir(root) as entries:
        for entry in entries:
            if not prefix and entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _files(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.is_file(follow_symlinks=False):
                yield f"{prefix}{entry.name}", entry
