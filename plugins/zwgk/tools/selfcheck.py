"""Self-inspection (自查) before publishing: what a site inspector would flag
(国办秘函〔2019〕19号), rule by rule. ``inspect`` returns a Report: errors must be fixed
before publishing (broken links, personal data); warnings are for the office to act on.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path

from ..content import timelimits, workdays
from ..content.errors import ContentError
from ..content.layout import RECORD_PAGE_DIRS, in_folder, taxonomy_file
from ..content.model import Catalog
from ..content.pages import Page
from ..content.published import docs_uri, link_targets, within
from ..outputs.markdown import MarkdownPipeline
from ..site.addresses import document_uri
from ..site.entries import Listing
from ..site.plan import Site

CATEGORIES_FILE = f"catalog/{taxonomy_file('categories')}"
HOME_STALE_DAYS = 14
# how MkDocs finds a page's front matter (mkdocs.utils.meta.YAML_RE); what it misses is shown as text


@dataclass
class Report:
    errors: list[ContentError]
    warnings: list[ContentError]
    rules: list[tuple[str, int]]  # (rule, findings) in the order they ran


def inspect(site: Site, on: dt.date | None = None) -> Report:
    """Run every rule on the site plan; ``on`` is the inspection day (default: the build date)."""
    catalog = site.catalog
    on = on or catalog.build_date
    pages = list(site.hand_pages)
    rules = [
        ("空白栏目", "warning", blank_columns(catalog, site.listing)),
        ("栏目不更新", "warning", stale_columns(catalog, site.listing, on)),
        ("页面没有发布日期", "warning", undated_pages(pages)),
        ("链接失效", "error", broken_links(site)),
        ("公开不及时", "warning", late_disclosure(catalog)),
        ("过期文件仍标有效", "warning", expired_documents(catalog, on)),
        ("个人信息", "error", list(site.personal_data)),
        ("疑似个人信息", "warning", list(site.personal_data_warnings)),
        ("不能发布的文件", "error", list(site.files.errors)),
        ("未被引用的文件", "warning", list(site.files.warnings)),
        ("页面元数据", "error", list(site.front_matter)),
        ("正文 HTML", "warning", html_problems(catalog, pages, site.settings.markdown_extensions)),
        ("内容提醒", "warning", list(catalog.warnings)),
        ("待完成的草稿", "warning", unfinished_drafts(catalog)),
    ]
    errors = [f for _, level, found in rules if level == "error" for f in found]
    warnings = [f for _, level, found in rules if level == "warning" for f in found]
    return Report(sorted(errors), sorted(warnings), [(name, len(found)) for name, _, found in rules])


# ---------------------------------------------------------------- columns


def blank_columns(catalog: Catalog, listing: Listing) -> list[ContentError]:
    """Categories with nothing published show 暂无信息: inspectors count them as 空白栏目."""
    return [
        ContentError(CATEGORIES_FILE, 0, category.id,
                     f"栏目“{category.name}”没有任何已发布的信息（空白栏目），网页上显示“暂无信息”。",
                     "发布这一类信息；国办秘函〔2019〕19号规定空白栏目达到 5 个即判为不合格。")
        for category in catalog.categories if not listing.by_category[category.id]
    ]


def stale_columns(catalog: Catalog, listing: Listing, on: dt.date) -> list[ContentError]:
    """A column's newest record older than its update period; the home page older than 2 weeks."""
    found = []
    for category in catalog.categories:
        records = listing.by_category[category.id]
        if category.stale_after_days and records:
            newest = records[0].date
            if (on - newest).days > category.stale_after_days:
                found.append(ContentError(
                    CATEGORIES_FILE, 0, category.id,
                    f"栏目“{category.name}”最新一条信息发布于 {newest}，已 {(on - newest).days} 天未更新"
                    f"（要求 {category.stale_after_days} 天内）。",
                    "发布这一栏目的新信息；国办秘函〔2019〕19号规定 5 个以上栏目不更新即判为不合格。"))
    newest = max((e.date for e in listing.entries), default=None)
    if newest and (on - newest).days > HOME_STALE_DAYS:
        found.append(ContentError("content/index.md", 0, "首页",
                                  f"全站最新信息发布于 {newest}，首页已 {(on - newest).days} 天没有更新。",
                                  "首页超过 2 周未更新即判为不合格：发布新的信息或动态。"))
    return found


def html_problems(catalog: Catalog, pages: list[Page], markdown_extensions: list | None = None,
                  ) -> list[ContentError]:
    """Raw HTML in a published body that the site closes early or whose text it cannot show."""
    bodies = [(p.file, p.body, p.body_line) for p in pages if not p.errors]
    bodies += [(d.source.file, d.body, d.body_line) for d in catalog.documents]
    found, md = [], None
    for file, body, line in bodies:
        if "<" in body:
            md = md or MarkdownPipeline(markdown_extensions)
            found += md.audit(body, file, line)
    return found


def undated_pages(pages: list[Page]) -> list[ContentError]:
    """Inspectors treat a page without a date as never updated (records' pages carry their own dates)."""
    return [ContentError(p.file, 1, "date", "页面没有发布日期。",
                         "在开头的元数据里加一行 date: 2026-01-15（页面发布或最近修改的日期）。")
            for p in pages if not in_folder(p.src_uri, *RECORD_PAGE_DIRS) and "date" not in p.meta and not p.errors]


def broken_links(site: Site) -> list[ContentError]:
    """Relative links in pages and record bodies must reach a file or a generated page inside the
    docs dir (symlinks followed: nothing outside it is published)."""
    catalog, pages, docs_dir = site.catalog, site.hand_pages, site.settings.docs_dir
    generated = set(site.pages)
    texts = [(p.file, p.src_uri, p.body, p.body_line) for p in pages]
    texts += [(d.source.file, document_uri(d), d.body, d.body_line) for d in catalog.documents]
    found = []
    for file, src_uri, body, first in texts:
        for n, target in link_targets(body):
            uri = docs_uri(target, src_uri)
            if uri is None:
                found.append(ContentError(file, first + n, "链接", f"链接“{target}”指向 content/ 文件夹以外的地方。",
                                          "只能链接网站内的页面和 content/ 里的文件：改正路径（相对于本页面）。"))
            elif uri and not _resolves(uri, docs_dir, generated):
                found.append(ContentError(file, first + n, "链接", f"链接“{target}”指向的页面或文件不存在。",
                                          "改正路径（相对于本页面），或删去这个链接。"))
    return found


def _resolves(uri: str, docs_dir: Path, generated: set[str]) -> bool:
    resolved = uri.rstrip("/")
    candidates = [resolved]
    if uri.endswith("/") or not posixpath.splitext(resolved)[1]:
        candidates += [resolved + ".md", resolved + "/index.md"]
    if resolved == ".":
        candidates = ["index.md"]
    return any(c in generated or ((docs_dir / c).is_file() and within(docs_dir / c, docs_dir)) for c in candidates)


def unfinished_drafts(catalog: Catalog) -> list[ContentError]:
    """Draft items (e.g. new service items an import wrote before their 办事指南 exists): work to
    finish, counted per domain, each with what it still lacks."""
    found = []
    by_domain: dict[str, list] = {}
    for draft in catalog.drafts:
        by_domain.setdefault(draft.domain.name if draft.domain else "（未知领域）", []).append(draft)
    for name, drafts in sorted(by_domain.items()):
        guides = sum(1 for d in drafts if d.needs_guide)
        lacking = f"，其中 {guides} 个缺办事指南" if guides else ""
        for draft in drafts:
            todo = "补写办事指南（guide）后删去 draft: true" if draft.needs_guide else "定稿后删去 draft: true"
            message = f"“{draft.title}”是草稿，不会发布（{name}领域共 {len(drafts)} 个草稿{lacking}）。"
            found.append(ContentError(draft.source.file, draft.source.line, "draft", message,
                                      todo + "；办事指南的要素见编辑指南，可参照同领域已有事项。"))
    return found


# ---------------------------------------------------------------- timeliness


def _due(start: dt.date, rule: timelimits.TimeLimit) -> workdays.Counted[dt.date] | None:
    """The last day a disclosure counted from ``start`` may appear (the day after start is day 1)."""
    if rule.rule != timelimits.RULE_PERIOD or not rule.days or rule.days > workdays.MAX_DAYS:
        return None
    if rule.day_type == timelimits.WORKING:
        return workdays.add_working_days(start + dt.timedelta(days=1), rule.days)
    return workdays.Counted(start + dt.timedelta(days=rule.days))


def late_disclosure(catalog: Catalog) -> list[ContentError]:
    """发布日期 after 形成日期 + 公开时限 (items: their own rule; documents: 20 working days).
    Years without an official holiday schedule are estimated, and a finding that rests on an
    estimate says so."""
    found = []
    checks = [(i.source.file, "published_date", i.title, i.formed_date, i.published_date, i.time_limit)
              for i in catalog.items if i.formed_date]
    checks += [(d.source.file, "published_date", d.title, d.written_date, d.published_date,
                timelimits.DEFAULT_TIME_LIMIT) for d in catalog.documents]
    for file, field, title, start, published, rule in checks:
        due = _due(start, rule)
        if due is None or published <= due.value:
            continue
        if rule.day_type == timelimits.WORKING:
            late = workdays.working_days_between(due.value + dt.timedelta(days=1), published)
        else:
            late = workdays.Counted((published - due.value).days)
        message = (f"“{title}”公开不及时：按“{rule.text}”应在 {due.value} 前公开，实际发布于 {published}，"
                   f"晚了 {late.value} 个{rule.day_type}。")
        hint = "核对形成日期和发布日期；确属延迟的，今后在时限内发布。"
        if due.provisional or late.provisional:
            what = "是否超期是暂估的" if due.provisional else "晚了几个工作日是暂估的"
            message += f"（{workdays.provisional_note(sorted(set(due.estimated) | set(late.estimated)))}，{what}。）"
            hint += "放假安排公布后升级 chinesecalendar 软件包（pip install -U chinesecalendar）并重新检查。"
        found.append(ContentError(file, _line_of(file, field + ":"), field, message, hint))
    return found


def expired_documents(catalog: Catalog, on: dt.date) -> list[ContentError]:
    return [ContentError(d.source.file, _line_of(d.source.file, "validity:") or _line_of(d.source.file, "valid_until:"),
                         "validity", f"“{d.title}”有效期至 {d.valid_until}，已过期，但仍标为“有效”。",
                         "把 validity 改为“失效”（或“废止”）；仍然有效的，更新有效期。")
            for d in catalog.documents if d.in_force and d.valid_until and d.valid_until < on]


def _line_of(file: str, needle: str) -> int:
    try:
        for n, line in enumerate(Path(file).read_text("utf-8-sig").split("\n"), start=1):
            if line.lstrip().startswith(needle):
                return n
    except OSError:
        pass
    return 0


# ---------------------------------------------------------------- personal information
