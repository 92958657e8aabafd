"""What the site publishes besides pages, and the repository boundary (design.md principle 7).

A file under the docs dir that is not a page (attachment, media, data, captions) is published
only when a published record or page references it. The set is decided here, once, from the
Catalog and the published hand-written pages; the build copies nothing else. Every path is
resolved with symlinks followed: what the project reads must stay inside the repository, and what
it publishes inside the docs dir. Nothing outside is ever opened, so no message can quote it.

Core module: imports model, loader and errors only, never MkDocs.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError
from .loader import read_front_matter
from .model import Catalog

_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # http:, mailto:, tel:, data:, javascript: …
_MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
_HTML_URL = re.compile(r"""\b(?:src|href|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
PAGE_SUFFIX = ".md"
SYMLINK_HINT = "把文件本身（不是链接）放进仓库的 content/ 文件夹，再从那里引用。"


def within(path: Path, boundary: Path) -> bool:
    """Whether ``path``, with every symlink followed, lies inside ``boundary`` (also followed).
    Folders are resolved once per load (``forget_folders``): a build asks this of thousands of
    files in a few folders, and each full resolution costs a system call per path component."""
    try:
        full = os.path.abspath(path)
        folder, name = os.path.split(full)
        if name in ("", ".", "..") or os.path.islink(full):
            real = str(Path(full).resolve())  # a loop raises
        else:
            real = os.path.join(_real_folder(folder), name)
        base = _real_folder(os.path.abspath(boundary))
    except (OSError, ValueError, RuntimeError):  # unreadable, or a symlink loop
        return False
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=8192)
def _real_folder(folder: str) -> str:
    return str(Path(folder).resolve())


def forget_folders() -> None:
    """A new load: folders may have been replaced by links since the last one (under serve)."""
    _real_folder.cache_clear()


def docs_uri(target: str, from_uri: str = "") -> str | None:
    """The docs-dir path that a relative link or path field names, written from the page
    ``from_uri`` (empty: from the docs dir itself). None for anything that leaves the docs dir
    (``../..``, absolute paths); external URLs and anchors are not paths and give ''."""
    target = target.strip()
    if not target or target.startswith(("#", "//")) or _EXTERNAL.match(target):
        return ""
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return ""
    if path.startswith(("/", "\\")) or "\\" in path or "\0" in path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_uri), path))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    return joined + ("/" if path.endswith("/") and joined != "." else "")


def link_targets(markdown: str) -> list[tuple[int, str]]:
    """(line index in ``markdown``, target) of every Markdown link and image, reference-style link
    definition and raw HTML src/href/poster, leaving out code (examples are not links)."""
    found = []
    for n, line in enumerate(without_code(markdown).split("\n")):
        found += [(n, t) for t in _MARKDOWN_LINK.findall(line)]
        found += [(n, t) for t in _REFERENCE_LINK.findall(line)]
        found += [(n, next(v for v in groups if v)) for groups in _HTML_URL.findall(line) if any(groups)]
    return found


def without_code(markdown: str) -> str:
    """Blank out fenced blocks and inline code, keeping line numbers."""
    out, fenced = [], False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append("")
            continue
        out.append("" if fenced else re.sub(r"`[^`]*`", "", line))
    return "\n".join(out)


def outside_links(root: Path, folder: Path, boundary: Path) -> list[ContentError]:
    """Every symlink under ``folder`` (not followed) whose target lies outside ``boundary``: such a
    file or folder is never read, and the error names the link, never its target."""
    found = []
    if not folder.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            if path.is_symlink() and not within(path, boundary):
                found.append(ContentError(
                    shown(root, path), 0, "",
                    f"“{shown(root, path)}”是指向{_boundary_name(root, boundary)}以外的链接（符号链接），"
                    "不能读取或发布。", SYMLINK_HINT))
    return found


def _boundary_name(root: Path, boundary: Path) -> str:
    return "仓库" if boundary.resolve() == root.resolve() else f" {shown(root, boundary)}/ 文件夹"


def shown(root: Path, path: Path) -> str:
    """A path as editors see it: relative to the repository, symlinks not followed."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path.as_posix()


# ---------------------------------------------------------------- what is published


@dataclass(frozen=True)
class Reference:
    """A file named by a record field or a link in a page body."""

    file: str  # the editor's file that names it
    line: int
    target: str  # as written
    uri: str  # the docs-dir path it names


@dataclass(frozen=True)
class PublishedFiles:
    """The docs-dir files (not pages) the site publishes, and what the office should know."""

    uris: frozenset[str]
    errors: tuple[ContentError, ...] = ()
    warnings: tuple[ContentError, ...] = ()


def field_uri(path: str) -> str:
    """The docs-dir path of a record's path field (written from the docs dir)."""
    return docs_uri(path) or path


def record_references(catalog: Catalog, document_page) -> list[Reference]:
    """Files named by the path fields and bodies of published records; ``document_page`` gives
    the source path of a document's generated page (its body's links are written from there)."""
    refs = []
    for item in catalog.items:
        if item.guide:
            refs += [Reference(item.source.file, item.source.line, path, field_uri(path))
                     for _, path in item.guide.attachments]
    for document in catalog.documents:
        refs += [Reference(document.source.file, document.source.line, a.path, field_uri(a.path))
                 for a in document.attachments]
        refs += body_references(document.source.file, document.body, document.body_line,
                                document_page(document))
    for interpretation in catalog.interpretations:
        refs += [Reference(interpretation.source.file, interpretation.source.line, path, field_uri(path))
                 for path in sorted(interpretation.media_files)]
    return refs


def body_references(file: str, body: str, first_line: int, src_uri: str) -> list[Reference]:
    """Files named by links and images in a Markdown body published at ``src_uri``."""
    refs = []
    for n, target in link_targets(body):
        uri = docs_uri(target, src_uri)
        if uri:
            refs.append(Reference(file, first_line + n, target, uri))
    return refs


def published_files(catalog: Catalog, pages: Iterable, docs_dir: Path, root: Path, document_page,
                    extra: Iterable[str] = ()) -> PublishedFiles:
    """The non-page files of ``docs_dir`` that published records and ``pages`` (the published
    hand-written pages: objects with file, src_uri, body, body_line) reference, plus ``extra``
    (files the site configuration names, such as extra_css). Files that only unpublished records
    use, and copies of them, are never in the set."""
    refs = record_references(catalog, document_page)
    for page in pages:
        refs += body_references(page.file, page.body, page.body_line, page.src_uri)
    present = _files_on_disk(docs_dir)
    uris = {r.uri for r in refs if r.uri in present} | {u for u in extra if u in present}
    waiting = set(catalog.unpublished_files) | _unpublished_page_files(catalog, docs_dir)
    errors = []
    secret = [docs_dir / u for u in sorted(waiting - uris) if u in present]
    for uri in sorted(uris):
        twin = next((s for s in secret if _same_file(docs_dir / uri, s)), None)
        if twin is not None:
            ref = next((r for r in refs if r.uri == uri), None)
            errors.append(ContentError(
                ref.file if ref else shown(root, docs_dir / uri), ref.line if ref else 0, "",
                f"文件“{uri}”与只供不公开（不予公开、草稿、未到发布日期或依申请公开）记录使用的"
                f"“{shown(root, twin)}”是同一个文件（或内容相同），不能发布。",
                "确认这个文件可以公开；可以公开的，让记录直接引用同一个路径，并把那条记录改为主动公开。"))
            uris.discard(uri)
    unreferenced = sorted(present - uris - waiting)
    warnings = [ContentError(shown(root, docs_dir / uri), 0, "",
                             f"文件“{uri}”没有被任何已发布的页面或记录引用，不会发布到网站上。",
                             "需要公开的，在页面或记录里链接它；不再需要的，可以删除。")
                for uri in unreferenced]
    return PublishedFiles(frozenset(uris), tuple(errors), tuple(warnings))


def _unpublished_page_files(catalog: Catalog, docs_dir: Path) -> set[str]:
    """Files that pages kept off the site (withheld, draft, future, expired) link to."""
    found = set()
    for src_uri in sorted(catalog.unpublished_pages):
        path = docs_dir / src_uri
        if not within(path, docs_dir):
            continue
        doc, _ = read_front_matter(path, src_uri)
        body = doc.body if doc is not None else ""
        found |= {r.uri for r in body_references(src_uri, body, 1, src_uri)}
    return found


def _files_on_disk(docs_dir: Path) -> set[str]:
    """Every non-page file under the docs dir that stays inside it (symlinked folders not followed)."""
    found = set()
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = Path(dirpath) / name
            if name.startswith(".") or name.endswith(PAGE_SUFFIX):
                continue
            if path.is_symlink() and not within(path, docs_dir):
                continue  # reported by outside_links, never published
            found.add(path.relative_to(docs_dir).as_posix())
    return found


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.samefile(b):
            return True
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False
