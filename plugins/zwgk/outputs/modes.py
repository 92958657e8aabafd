"""File modes of what zwgk publishes. Whatever the umask of the person or job that builds, a web
server running as another user must be able to read the site, its PDFs and its downloads: files
are 0644 and folders 0755. Imports nothing from MkDocs."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FILE_MODE = 0o644
DIR_MODE = 0o755


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


def write_atomically(path: Path, data: bytes) -> None:
    """Write under a temporary name, then rename: a reader never sees half a file, and the web
    server's user can read it whatever the umask."""
    make_dirs(path.parent)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.chmod(FILE_MODE)
    tmp.replace(path)


def swap_in(fresh: Path, target: Path) -> None:
    """Replace the folder ``target`` by ``fresh`` (made beside it): readers see the old site or the
    new one, never a mixture; the old one is removed afterwards."""
    import shutil

    fresh.chmod(DIR_MODE)  # mkdtemp makes it private
    old = target.with_name(f"{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)  # the site is replaced between these two renames
    shutil.rmtree(old, ignore_errors=True)
