"""Change history (更新记录): what changed on a published record or page and when, read from git once
per build. Core module: imports the visibility rule and the privacy scan; nothing from the site.

Every commit that changed a record's file is an entry, dated by the commit, with the record's
``change_note`` of that revision (the commit's subject when the note did not change and the commit
touched only published records and pages, else 内容更新); a commit
whose message carries the trailer ``history: skip`` (a reformat) is left out; the first
publication is the first entry. Only revisions that were themselves publishable count (a draft,
a 不予公开 or a not-yet-due revision says nothing, nor does its note; commits after the build date
have not happened yet for a site built as of a past day), and nothing of a revision
but its note and date is ever read out, so the history cannot reveal unpublished content. A
build outside git (a tarball) or from a shallow clone falls back to the records' own dates.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ContentError
from .privacy import scan_text
from .visibility import ON_REQUEST, WITHHELD

FIRST = "首次发布"
CHANGED = "内容更新"  # when neither a note nor a commit subject can be shown
SKIP = re.compile(r"^history:\s*skip\s*$", re.IGNORECASE | re.MULTILINE)
FIELDS = ("change_note", "draft", "disclosure", "published_date")
# a top-level key of FIELDS with its value's lines: indented ones, a block list's "- " lines, blanks
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)  # the end of Markdown front matter
_PICK = re.compile(r"^(?:" + "|".join(FIELDS) + r")[ \t]*:.*(?:\n(?:[ \t#-].*)?)*", re.MULTILINE)
GIT_TIMEOUT = 120
NOTE_LENGTH = 200  # as change_note's schema allows
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster on every revision


@dataclass(frozen=True)
class Change:
    """One line of a page's 更新记录."""

    date: dt.date
    note: str
    first: bool = False  # the first publication


@dataclass(frozen=True)
class Tracked:
    """A published record or page whose history the site shows, as it is now."""

    file: str  # relative to the project root, as git names it
    published: dt.date | None  # its 发布日期; None for a hand-written page (its first commit then)
    note: str = ""  # its change_note now
    formed: dt.date | None = None  # an item's 形成或变更日期 (the fallback's one update)
    on_request: bool = False  # 依申请公开: commit subjects may speak of the unpublished text
    record: bool = True  # a record has publishing rules (draft, 公开属性, 发布日期); a page has none


@dataclass(frozen=True)
class _Revision:
    date: dt.date
    subject: str
    skip: bool
    blob: str | None  # None: the commit deleted the file
    subject_public: bool = True  # the commit changed only published records and pages


@dataclass(frozen=True)
class History:
    changes: dict[str, tuple[Change, ...]]  # by Tracked.file, newest first
    warning: ContentError | None = None  # git could not be read: the records' dates were used
    commits: int = 0  # how many commits were read (for the benchmark)


def histories(root: Path, tracked: list[Tracked], build_date: dt.date, folders: list[Path],
              allowed: tuple[str, ...] = ()) -> History:
    """The history of every tracked file, git read once (one ``git log``, one ``git cat-file``)."""
    state = _git(root, "rev-parse", "--is-shallow-repository")
    if state is None or state.strip() not in ("true", "false"):
        return _fallback(tracked, build_date, "这里不是 git 仓库（例如从压缩包构建），")
    if state.strip() == "true":
        return _fallback(tracked, build_date, "这是浅克隆（shallow clone），git 历史不完整，")
    log = _log(root, folders, {t.file for t in tracked})
    if log is None:
        return _fallback(tracked, build_date, "读取 git 历史失败，")
    revisions, commits = log
    blobs = _blobs(root, {r.blob for revs in revisions.values() for r in revs if r.blob})
    if blobs is None:
        return _fallback(tracked, build_date, "读取 git 历史失败，")
    changes = {}
    for t in tracked:
        found = _history(t, revisions.get(t.file, []), blobs, build_date, allowed)
        changes[t.file] = found if found is not None else _dated(t, build_date)
    return History(changes, commits=commits)


def _history(t: Tracked, revisions: list[_Revision], blobs: dict[str, dict], build_date: dt.date,
             allowed: tuple[str, ...]) -> tuple[Change, ...] | None:
    """Entries from the file's revisions, oldest first; None when git has no published revision of
    it (a file not committed yet: its own dates then)."""
    first = None
    previous = ""
    entries: list[Change] = []
    for rev in revisions:
        if rev.date > build_date:
            continue  # not yet made on the build date (a site built as of a past day)
        fields = blobs.get(rev.blob) if rev.blob else None
        if fields is None or not _publishable(fields, build_date, t.record):
            continue  # deleted, unreadable, a draft, withheld or not yet due: nothing of it is shown
        note = fields.get("change_note") or ""
        day = rev.date
        if first is None:
            first = t.published or day
        elif not rev.skip and day > first:
            told = rev.subject if rev.subject_public and not t.on_request else CHANGED
            text = note if note and note != previous else told
            entries.append(Change(day, _safe(text, allowed)))
        previous = note
    if first is None:
        return None
    return tuple(reversed([Change(first, FIRST, first=True), *entries]))


def _safe(text: str, allowed: tuple[str, ...]) -> str:
    """A note or subject with a full ID or mobile number in it is not shown (the current record's
    note is scanned with the record; past ones and commit messages only here)."""
    text = " ".join(text.split())
    if len(text) > NOTE_LENGTH:  # a commit message may run on; the page shows a line
        text = text[:NOTE_LENGTH - 1] + "…"
    return CHANGED if not text or scan_text(text, allowed) else text


def _publishable(fields: dict, build_date: dt.date, record: bool) -> bool:
    """visibility.published_on for a past revision, read from its raw fields; what cannot be read
    counts as unpublished."""
    if not record:
        return True
    if fields.get("draft") is True:
        return False
    disclosure = fields.get("disclosure", "主动公开")
    if isinstance(disclosure, list):
        disclosure = "主动公开" if "主动公开" in disclosure else (disclosure[0] if disclosure else WITHHELD)
    if disclosure == WITHHELD or not isinstance(disclosure, str):
        return False
    day = fields.get("published_date")
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            return False
    return isinstance(day, dt.date) and day <= build_date


def _dated(t: Tracked, build_date: dt.date) -> tuple[Change, ...]:
    """The records' own dates: 发布日期, and an item's later 形成或变更日期 with its note."""
    if t.published is None:
        return ()
    found = [Change(t.published, FIRST, first=True)]
    if t.formed and t.published < t.formed <= build_date:
        found.append(Change(t.formed, t.note or CHANGED))
    return tuple(reversed(found))


def _fallback(tracked: list[Tracked], build_date: dt.date, why: str) -> History:
    warning = ContentError(
        ".git", 0, "", f"{why}各页的“更新记录”只能按记录自己的发布日期和形成或变更日期显示。",
        "在完整的 git 仓库里构建（git clone 时不要加 --depth；CI 里设置 fetch-depth: 0）。")
    return History({t.file: _dated(t, build_date) for t in tracked}, warning)


# ---------------------------------------------------------------- git, read once


def _git(root: Path, *args: str, stdin: bytes | None = None, text: bool = True):
    try:
        out = subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=off", *args], input=stdin,
                             capture_output=True, check=True, timeout=GIT_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.decode("utf-8", "replace") if text else out.stdout


def _log(root: Path, folders: list[Path], wanted: set[str]) -> tuple[dict[str, list[_Revision]], int] | None:
    """Every non-merge commit under ``folders``: per wanted file, its revisions oldest first."""
    paths = [str(f) for f in folders if f.exists()]
    out = _git(root, "log", "--no-merges", "--no-renames", "--raw", "--no-abbrev", "--relative",
               "--format=%x00%H %cs%n%B%x1e", "--", *paths)
    if out is None:
        return None
    found: dict[str, list[_Revision]] = {}
    blocks = out.split("\x00")[1:]
    for block in reversed(blocks):  # git lists the newest first
        message, _, raw = block.partition("\x1e")
        head, _, body = message.partition("\n")
        try:
            day = dt.date.fromisoformat(head.split()[1])
        except (IndexError, ValueError):
            continue
        subject = body.strip().split("\n", 1)[0].strip()
        skip = bool(SKIP.search(body))
        changed = [line.partition("\t") for line in raw.splitlines() if line.startswith(":")]
        # a commit that also touched a file the site does not publish (a draft, a withheld record, a
        # taxonomy) may name it in its subject: then the subject is not shown, only 内容更新
        subject_public = all(name in wanted for _, _, name in changed)
        for info, _, name in changed:
            if name not in wanted:
                continue
            parts = info.split()
            blob = None if parts[-1].startswith("D") else parts[3]
            found.setdefault(name, []).append(_Revision(day, subject, skip, blob, subject_public))
    return found, len(blocks)


def _blobs(root: Path, shas: set[str]) -> dict[str, dict] | None:
    """The history fields of each blob, read in one ``git cat-file --batch``."""
    if not shas:
        return {}
    order = sorted(shas)
    out = _git(root, "cat-file", "--batch", stdin="".join(s + "\n" for s in order).encode(), text=False)
    if out is None:
        return None
    found, at = {}, 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "<sha> missing"
        size = int(header[2])
        found[header[0].decode()] = _fields(out[at:at + size].decode("utf-8", "replace"))
        at += size + 1
    return found


def _fields(text: str) -> dict | None:
    """The top-level history fields of a record (YAML, or Markdown front matter), read cheaply:
    only the lines of those keys are parsed. None when they cannot be read."""
    text = text.lstrip("\ufeff")
    if text.startswith("---"):
        end = _END.search(text, 3)
        if end is None:
            return None
        text = text[3:end.start()]
    picked = [m[0] for m in _PICK.finditer(text)]
    try:
        data = yaml.load("\n".join(picked), Loader=_LOADER) if picked else {}
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    note = data.get("change_note")
    data["change_note"] = note.strip() if isinstance(note, str) else ""
    return data


def on_request(record) -> bool:
    return getattr(record, "disclosure", None) == ON_REQUEST
