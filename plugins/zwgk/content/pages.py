"""Hand-written pages: the Markdown files of the docs dir that the site publishes as they are,
read once per build (front matter checked as MkDocs will read it), with the date of their last
git commit. Core module: imports the loader, the model and the repository boundary.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError
from .loader import parse_front_matter, read_text
from .model import Catalog
from .published import shown, within

MKDOCS_META = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


@dataclass
class Page:
    """A hand-written page as MkDocs will publish it."""

    file: str  # as shown to editors
    src_uri: str
    meta: dict
    body: str
    body_line: int
    errors: tuple[ContentError, ...] = ()  # its front matter cannot be read


def content_pages(catalog: Catalog, docs_dir: Path, root: Path) -> list[Page]:
    """Hand-written Markdown pages that will be published (withheld ones are skipped, and those
    MkDocs leaves out by default: hidden files and folders, and templates/)."""
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        src_uri = path.relative_to(docs_dir).as_posix()
        if src_uri in catalog.unpublished_pages or src_uri.startswith("templates/") \
                or any(part.startswith(".") for part in src_uri.split("/")):
            continue
        if path.is_symlink() and not within(path, docs_dir):
            continue  # never read: the catalog's boundary check names it
        pages.append(_read_page(path, shown(root, path), src_uri))
    return pages


def _read_page(path: Path, shown: str, src_uri: str) -> Page:
    """A page as MkDocs will publish it. A page whose first line is "---" has front matter; if
    MkDocs cannot read it, it prints it as text and drops the title and settings, so that is an
    error (the other rules read such a page as plain text)."""
    text, errors = read_text(path, shown)
    if text is None:
        return Page(shown, src_uri, {}, "", 1, tuple(errors))
    if text.split("\n", 1)[0].strip() != "---":
        return Page(shown, src_uri, {}, text, 1)
    doc, errors = parse_front_matter(text, shown)
    errors = [_front_matter_error(e.file, e.line, e.message, e.hint) for e in errors]
    if doc is not None and not isinstance(doc.data, dict):
        errors.append(_front_matter_error(
            shown, 2, "不是“字段: 值”的形式",
            "照“title: 页面标题”的样子逐行写字段；若第一行的“---”本想画分隔线，改用“***”。"))
    elif doc is not None and not _read_by_mkdocs(text, doc.body_line):
        errors.append(_front_matter_error(shown, doc.body_line - 1, "的写法网站程序认不出",
                                          "开头和结尾的“---”各占一行、顶格书写，结尾的“---”后面要换行。"))
    if errors:
        return Page(shown, src_uri, {}, text, 1, tuple(errors))
    return Page(shown, src_uri, doc.data, doc.body, doc.body_line)


def _read_by_mkdocs(text: str, body_line: int) -> bool:
    """MkDocs finds the same front matter: the same closing line, with a newline after it."""
    match = MKDOCS_META.match(text)
    return match is not None and text.count("\n", 0, match.end()) == body_line - 1


def _front_matter_error(file: str, line: int, problem: str, hint: str) -> ContentError:
    if problem == "文件是空的。":
        problem, hint, line = "里没有任何字段", "在两行“---”之间写上 title 等字段，或删去这两行。", 1
    elif not problem.startswith(("不是", "的写法")):
        problem = "有误：" + problem.rstrip("。")
    return ContentError(file, line, "元数据",
                        f"页面的元数据（开头两行“---”之间）{problem}；网页上会把它当作正文显示，标题等设置也不起作用。",
                        hint)


def front_matter_errors(pages: list[Page]) -> list[ContentError]:
    """Front matter MkDocs cannot read is published as page text: every page's, not only records'."""
    return [error for page in pages for error in page.errors]


def git_dates(repo: Path, folder: Path) -> dict[str, dt.date]:
    """Last commit date of every file under ``folder`` (relative to it); {} outside a git checkout."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "log", "--format=%x00%cs", "--name-only", "--relative",
                              "--", str(folder)], capture_output=True, text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    prefix = str(folder.resolve().relative_to(repo.resolve())).rstrip("/") + "/"
    dates: dict[str, dt.date] = {}
    for block in out.split("\x00")[1:]:
        day, *names = block.strip().splitlines()
        for name in names:
            if name.startswith(prefix):
                dates.setdefault(name[len(prefix):], dt.date.fromisoformat(day))  # newest commit first
    return dates


def git_file_date(repo: Path, path: Path) -> dt.date | None:
    """The last commit date of one file (site.yml: the date of the pages made from it); None
    outside a git checkout or for a file never committed."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%cs", "--", str(path)],
                             capture_output=True, text=True, check=True, timeout=60).stdout.strip()
        return dt.date.fromisoformat(out) if out else None
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
