"""Publishing from the editor, for an office without developers: what the browser editor (or a
text editor) saved under catalog/ and content/ becomes one git commit in the editor's name with
their change note, only when `zwgk check` finds no error, and is pushed to the repository whose CI
builds the site. Nothing else in the working tree is committed."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT = 120


@dataclass(frozen=True)
class Published:
    """What ``commit_changes`` did: the files committed (empty: nothing to publish) and the commit."""

    files: tuple[str, ...]
    commit: str = ""
    pushed: bool = False


class PublishError(Exception):
    """A git step failed: the message says which, in words an editor can act on."""


def _git(root: Path, *args: str, env: dict | None = None) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=off", *args], capture_output=True,
                              text=True, timeout=GIT_TIMEOUT, env=env)
    except (OSError, subprocess.SubprocessError) as error:
        raise PublishError(f"无法运行 git（{error}）。请确认已安装 git。") from error
    if done.returncode:
        raise PublishError(f"git {args[0]} 失败：{(done.stderr or done.stdout).strip()}")
    return done.stdout


def changed_files(root: Path, folders: list[Path]) -> tuple[str, ...]:
    """Files under ``folders`` that differ from the last commit (new, changed or deleted)."""
    paths = [str(f.relative_to(root)) for f in folders if f.exists()]
    out = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths)
    return tuple(sorted(line[3:].split(" -> ")[-1].strip('"') for line in out.splitlines() if line.strip()))


def commit_changes(root: Path, folders: list[Path], name: str, note: str, email: str = "",
                   push: bool = False) -> Published:
    """Commit every change under ``folders`` as ``name`` with ``note`` as the message (the history's
    更新记录 shows it when a record's own change_note did not change), then push if asked."""
    files = changed_files(root, folders)
    if not files:
        return Published(())
    paths = [str(f.relative_to(root)) for f in folders if f.exists()]
    _git(root, "add", "--all", "--", *paths)
    author = f"{name} <{email or 'editor@localhost'}>"
    env = {**os.environ, "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email or "editor@localhost"}
    _git(root, "commit", "-q", "--author", author, "-m", note, "--", *paths, env=env)
    commit = _git(root, "rev-parse", "HEAD").strip()
    pushed = False
    if push:
        if not _git(root, "remote").strip():
            raise PublishError("已提交到本机，但这个仓库没有远程仓库（remote），无法推送。请让管理员设置后再运行。")
        _git(root, "push", "-q")
        pushed = True
    return Published(files, commit, pushed)
