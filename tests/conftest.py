"""Everything the tests share, in one place: the real demo project and copies of it to break,
small catalogs written on disk, the demo's catalog and site plan (in-process, cached), real MkDocs
builds, the command line run in-process, and reading built pages back."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gzip
import http.server
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = "2026-01-15"  # fixed so visibility by 发布日期 does not depend on the clock
DAY = dt.date.fromisoformat(BUILD_DATE)
PROJECT_PARTS = ("mkdocs.yml", "catalog", "content", "theme")
SITE_URL = "https://luolong.example.gov.cn/"  # the demo's site_url (mkdocs.yml)
FUZZ_EXAMPLES = int(os.environ.get("ZWGK_FUZZ_EXAMPLES", "30"))  # per property; raise it for a long run

# the demo's records that must never be published (planted in catalog/ on purpose)
WITHHELD_ID = "jiuye-jianxi-neibu-pingfen"
WITHHELD_TITLE = "就业见习基地内部评分细则"
WITHHELD_DOCUMENT = "llrs-2024-neibu-kaocha"
WITHHELD_DOCUMENT_TITLE = "关于拟任职干部考察情况的内部报告"


# ---------------------------------------------------------------- the demo in-process


@functools.cache
def demo_catalog():
    """The demo's Catalog on the build date, loaded once: it is frozen, tests only read it."""
    from zwgk.content.catalog import check_catalog

    catalog, errors = check_catalog(ROOT / "catalog", ROOT / "content", DAY, ROOT)
    assert not errors, [e.format() for e in errors]
    return catalog


def plan(project: Path = ROOT, day: str = BUILD_DATE, **settings):
    """The site plan of ``project`` as its build would make it (in-process, no MkDocs), on ``day``;
    ``settings`` override mkdocs.yml's (e.g. site_url=…, bulletin_pdfs=True)."""
    from zwgk.content.catalog import check_catalog
    from zwgk.content.settings import read_settings
    from zwgk.site.plan import plan_site

    found = dataclasses.replace(read_settings(project / "mkdocs.yml"), build_date=dt.date.fromisoformat(day),
                                **settings)
    if project == ROOT and day == BUILD_DATE:
        catalog = demo_catalog()
    else:
        catalog, errors = check_catalog(found.catalog_dir, found.docs_dir, found.build_date, found.root)
        assert not errors, [e.format() for e in errors]
    return plan_site(catalog, found)


@pytest.fixture(scope="session")
def demo_plan():
    """The demo's Site plan as `mkdocs build` of the repository makes it (git dates included)."""
    return plan()


def self_check(project: Path = ROOT, day: str = BUILD_DATE):
    """`zwgk check` in-process: the self-inspection Report of ``project`` on ``day``."""
    from zwgk.tools.selfcheck import inspect

    return inspect(plan(project, day))


def findings(report, words: str) -> list:
    """The errors and warnings of a self-inspection Report whose message holds ``words``."""
    return [f for f in report.errors + report.warnings if words in f.message]


# ---------------------------------------------------------------- projects on disk


def copy_project(dest: Path) -> Path:
    """A private copy of the demo project that a test may break."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def edit(path: Path, old: str, new: str, count: int = 1) -> str:
    """Replace text that must be in the file; the new text is returned."""
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    text = text.replace(old, new, count)
    path.write_text(text, "utf-8")
    return text


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, "utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def single(result: tuple) -> object:
    """The one error of a (catalog, errors) result that must have failed with exactly one."""
    catalog, errors = result
    assert catalog is None
    assert len(errors) == 1, [e.format() for e in errors]
    return errors[0]


def _replaced(text: str, replace: dict[str, str] | None) -> str:
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return text


SERVICE_ITEM = """\
id: {id}
domain: 就业创业
category: 公共服务
matter:
  level1: 就业服务
  level2: {title}
content: 办理依据、申请条件、办理流程
basis:
  - 《中华人民共和国就业促进法》
publisher: 洛龙区人力资源和社会保障局
channels: [政府网站, 公示栏]
audience: 全社会
levels: [区级, 村级]
formed_date: 2024-03-01
published_date: 2024-03-08
guide:
  legal_basis:
    - 《就业服务与就业管理规定》
  implementing_body: 洛龙区公共就业和人才服务中心
  conditions:
    - 处于无业状态
  materials:
    - name: 居民身份证
      form: 原件
  process:
    - name: 受理
  fee: 不收费
  halls:
    - hall: luolong-zhongxin
      window: renshe
  phone: 0379-65010001
"""

DOCUMENT = """\
---
id: {id}
title: {title}
category: 规范性文件
publisher: 区政府办公室
topic: 民政、扶贫、救灾
written_date: 2024-03-01
published_date: 2024-03-05
doc_number: 洛龙政办〔2024〕5号
domain: 社会救助
---
## 第一条

为保障困难群众基本生活，制定本办法。
"""

INTERPRETATION = """\
---
title: {title}
interprets: [{doc_id}]
form: 文字
publisher: 洛龙区民政局
published_date: 2024-03-10
---
## 出台背景

解读正文。
"""

POSTING = """\
---
title: {title}
place: {place}
kind: 公示名单
publisher: 东高村村民委员会
start_date: 2026-01-05
end_date: 2026-01-16
---
| 序号 | 姓名 | 村（组） |
| --- | --- | --- |
| 1 | 王某某 | 东高村一组 |

公示期间如有异议，请向村委会反映，监督电话：0379-65050001。
"""


def service_item(item_id: str = "jiuye-test", title: str = "测试事项",
                 replace: dict[str, str] | None = None) -> str:
    """The valid service item, with text replaced: {"  fee: 不收费\n": ""} deletes the fee."""
    return _replaced(SERVICE_ITEM.format(id=item_id, title=title), replace)


def document(doc_id: str = "llzb-2024-05", title: str = "关于印发低保实施办法的通知",
             replace: dict[str, str] | None = None) -> str:
    return _replaced(DOCUMENT.format(id=doc_id, title=title), replace)


def interpretation(title: str = "低保办法解读", doc_id: str = "llzb-2024-05",
                   replace: dict[str, str] | None = None) -> str:
    return _replaced(INTERPRETATION.format(title=title, doc_id=doc_id), replace)


def posting(title: str = "2026年第一季度低保拟保对象名单公示", place: str = "lilou-donggao",
            replace: dict[str, str] | None = None) -> str:
    return _replaced(POSTING.format(title=title, place=place), replace)


def make_catalog(tmp_path: Path, items: dict[str, str]) -> Path:
    """A catalog folder with the demo taxonomies and the given item files (name → text)."""
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog" / "taxonomy", catalog / "taxonomy")
    shutil.copy2(ROOT / "catalog" / "site.yml", catalog / "site.yml")
    words = catalog / "taxonomy" / "search_words.yml"  # its 常用事项 name demo items this catalog lacks
    words.write_text(re.sub(r"^popular: \[.*?\]", "popular: []", words.read_text("utf-8"), flags=re.S | re.M), "utf-8")
    shutil.copytree(ROOT / "catalog" / "halls", catalog / "halls")  # SERVICE_ITEM names a hall
    for name, text in items.items():
        write(catalog / "items" / name, text)
    (tmp_path / "content").mkdir(exist_ok=True)
    return catalog


def make_project(tmp_path: Path, documents: dict[str, str] | None = None,
                 pages: dict[str, str | bytes] | None = None, items: dict[str, str] | None = None) -> Path:
    """A catalog (demo taxonomies and site.yml) plus docs-dir pages, e.g. {"jiedu/a.md": text}."""
    catalog = make_catalog(tmp_path, items or {"jiuye/jiuye-test.yml": service_item()})
    for name, text in (documents or {}).items():
        write(catalog / "documents" / name, text)
    for name, text in (pages or {}).items():
        write(tmp_path / "content" / name, text)
    return catalog


# ---------------------------------------------------------------- real builds and the command line


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path
    project: Path | None = None

    def page(self, path: str) -> str:
        return (self.site / path).read_text("utf-8")

    def assert_nowhere(self, *markers: str, suffixes: tuple[str, ...] = ()) -> None:
        """No output file (pages, search index chunks, sitemap, downloads…) holds any of the markers."""
        for path in self.site.rglob("*"):
            if path.is_file() and (not suffixes or path.suffix in suffixes):
                data = readable_bytes(path)
                for marker in markers:
                    assert marker.encode() not in data, (marker, path)


def readable_bytes(path: Path) -> bytes:
    """A file's content as a reader would get it: gzipped index chunks unpacked, every member of
    an XLSX (zip) file, the text of a PDF."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind's index chunks, sitemap.xml.gz
        return gzip.decompress(data)
    if data[:2] == b"PK":
        with zipfile.ZipFile(path) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    if data[:5] == b"%PDF-":
        return subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, check=True).stdout
    return data


def mkdocs_build(project: Path, site: Path, *extra: str, strict: bool = True, day: str = BUILD_DATE,
                 env: dict[str, str] | None = None) -> BuildResult:
    """Run a real `mkdocs build --strict` of ``project`` into ``site`` on ``day``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": day, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-f",
         str(project / "mkdocs.yml"), "-d", str(site), *extra],
        capture_output=True, text=True, env=env, cwd=project, timeout=600,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site, project)


DEMO_COMMIT_DATE = "2026-01-10T09:00:00+08:00"  # the one commit of the demo copy that demo_build builds


def commit_all(project: Path, date: str = DEMO_COMMIT_DATE) -> None:
    """Make ``project`` a git repository holding everything in one commit made on ``date``: hand-written
    pages then take their date from git as in a real checkout, the same date on every run."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    git = ["git", "-C", str(project), "-c", "user.name=zwgk", "-c", "user.email=zwgk@example.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "demo"]):
        subprocess.run([*git, *args], check=True, env=env, capture_output=True)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> BuildResult:
    """The demo district's site, built once per test session from a copy of the project committed to
    git on one fixed day (DEMO_COMMIT_DATE), so every output byte is the same on every run. The
    copy keeps its site (``demo_build.project / "site"``) for tests that start from a finished build."""
    project = copy_project(tmp_path_factory.mktemp("demo") / "project")
    commit_all(project)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.output
    return result


def copy_built_project(build: BuildResult, dest: Path, with_site: bool = True) -> Path:
    """A copy of a built project (git history, caches and, by default, its site, with their times:
    the site stays newer than its sources, as right after the build)."""
    site = build.site.relative_to(build.project).as_posix()
    shutil.copytree(build.project, dest, symlinks=True,
                    ignore=None if with_site else lambda folder, names: [site] if folder == str(build.project) else [])
    return dest


@dataclass
class CliRun:
    code: int
    output: str


def zwgk(project: Path, command: str, *args: str) -> CliRun:
    """`zwgk <command> <args>` for ``project``, run in this process: the command line's own code
    (parsing, output, exit code) without starting Python again. `zwgk build` is not for this: it
    runs MkDocs, use mkdocs_build."""
    from zwgk.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([command, "--config", str(project / "mkdocs.yml"), *args])
    return CliRun(code, out.getvalue())


# ---------------------------------------------------------------- reading built pages


class Links(HTMLParser):
    """Collects href/src attributes and table header texts of one page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self._in_th = False
        self.headers: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
        if tag == "th":
            self._in_th = True
            self.headers.append("")

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_th = False

    def handle_data(self, data):
        if self._in_th:
            self.headers[-1] += data.strip()


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def render(page, link=lambda uri: uri) -> str:
    """A generated page's body as the site renders it from its view data, in-process; links are
    left as source paths unless ``link`` maps them."""
    return _renderer().render(page.template, {**page.context, "content": "", "here": page.src_uri}, link)


@functools.cache
def _renderer():
    from zwgk.outputs.render import Renderer

    return Renderer()


class _PrefixedSite(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` under ``prefix`` only, as a county portal would serve a township's site."""

    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return "/nonexistent-outside-the-prefix"
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_site(site: Path, prefix: str = "/"):
    """An HTTP server for a built site under ``prefix``; yields the site's base URL."""
    handler = functools.partial(type("Handler", (_PrefixedSite,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (never Playwright's own browser download)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium package is installed by scripts/test"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


SUB_PATH = "/xxgk/luolong/"  # a county portal's sub-folder: every link must work under it


@pytest.fixture(scope="module")
def portal(demo_build):
    """The demo site served under SUB_PATH, as on a county portal."""
    with serve_site(demo_build.site, SUB_PATH) as base:
        yield base


@pytest.fixture
def context(browser):
    """A desktop browser context in Chinese."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A desktop page that keeps its script errors in ``page.problems``."""
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    return page


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""

    def luminance(css: str) -> float:
        values = [float(v) for v in css[css.index("(") + 1:-1].split(",")[:3]]
        linear = [(v / 255) / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in values]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)

POSTING_WITH_BODY = """---
title: {title}
place: lilou-donggao
kind: 公示名单
publisher: 东高村村民委员会
start_date: {start}
end_date: {end}
{extra}---

{body}
"""
