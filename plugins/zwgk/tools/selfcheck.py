"""Self-inspection (自查) before publishing: what a site inspector would flag
(国办秘函〔2019〕19号), rule by rule. ``inspect`` returns a Report: errors must be fixed
before publishing (broken links, personal data, missing website marks in a public build);
warnings are for the office to act on. Its ``verdict`` says what the inspection's 单项否决
items (首页更新, 栏目更新, 空白栏目, 互动回应) would decide, as an inspector would write it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path

from ..content import timelimits, workdays
from ..content.errors import ContentError
from ..content.layout import RECORD_PAGE_DIRS, SITE_FILE, in_folder, taxonomy_file
from ..content.model import Catalog
from ..content.pages import Page
from ..content.published import docs_uri, link_targets, within
from ..outputs.markdown import MarkdownPipeline
from ..site.addresses import document_uri
from ..site.entries import Listing
from ..site.plan import Site

CATEGORIES_FILE = f"catalog/{taxonomy_file('categories')}"
HOME_STALE_DAYS = 14
VETO_COLUMNS = 5  # 5 or more stale (or blank) columns: 单项否决
INSPECTION = "国办秘函〔2019〕19号"
LISTED_INHERITED = 30  # more inherited standard items are counted, not listed, in the text report


@dataclass(frozen=True)
class Veto:
    """One 单项否决 item of the inspection as this self-inspection judges it."""

    item: str  # 首页更新 | 栏目更新 | 空白栏目 | 互动回应 | 站点无法访问
    in_scope: bool
    vetoed: bool
    found: str  # what was found, in the inspection's terms

    def as_json(self) -> dict:
        return {"item": self.item, "in_scope": self.in_scope,
                "result": "不在自查范围" if not self.in_scope else ("单项否决" if self.vetoed else "通过"),
                "found": self.found}


@dataclass(frozen=True)
class Verdict:
    """What an inspector would conclude: 不合格 on any 单项否决; otherwise the site goes on to the
    deduction indicators (100 points, under 60 不合格), which need a person and a browser."""

    vetoes: tuple[Veto, ...]
    marks_missing: int  # required website marks site.yml lacks

    @property
    def failed(self) -> bool:
        return any(v.vetoed for v in self.vetoes)

    @property
    def result(self) -> str:
        return "不合格" if self.failed else "单项否决项通过"

    @property
    def line(self) -> str:
        checked = [v for v in self.vetoes if v.in_scope]
        failed = [v.item for v in checked if v.vetoed]
        skipped = "、".join(v.item for v in self.vetoes if not v.in_scope)
        head = (f"按{INSPECTION}：不合格（单项否决：{'、'.join(failed)}），不再进入扣分指标评分"
                if failed else
                f"按{INSPECTION}：单项否决 {len(checked)} 项（{'、'.join(v.item for v in checked)}）全部通过，"
                "可进入扣分指标评分（100 分制，低于 60 分为不合格）")
        marks = "网站标识齐全" if not self.marks_missing else f"网站标识缺 {self.marks_missing} 项"
        return f"{head}；{marks}；{skipped}不在自查范围。"

    def as_json(self) -> dict:
        return {"result": self.result, "failed": self.failed, "line": self.line,
                "vetoes": [v.as_json() for v in self.vetoes], "marks_missing": self.marks_missing}


@dataclass
class Report:
    errors: list[ContentError]
    warnings: list[ContentError]
    rules: list[tuple[str, int]]  # (rule, findings) in the order they ran
    verdict: Verdict | None = None
    upcoming_reviews: list[ContentError] = dataclasses.field(default_factory=list)  # due within REVIEW_NOTICE_DAYS
    standard: list[str] = dataclasses.field(default_factory=list)  # what the site took from the standard catalog


def inspect(site: Site, on: dt.date | None = None) -> Report:
    """Run every rule on the site plan; ``on`` is the inspection day (default: the build date)."""
    catalog = site.catalog
    on = on or catalog.build_date
    pages = list(site.hand_pages)
    blank = blank_columns(catalog, site.listing)
    stale = stale_columns(catalog, site.listing, on)
    home_day, home = home_freshness(site, on)
    overdue, upcoming = reviews(site, on)
    rules = [
        ("网站标识", "error" if site.public else "warning", list(site.identity)),
        ("首页更新", "warning", home),
        ("空白栏目", "warning", blank),
        ("栏目不更新", "warning", stale),
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
        ("内容提醒", "warning", [*catalog.warnings, *filter(None, [site.history_warning])]),
        ("待完成的草稿", "warning", unfinished_drafts(catalog)),
        ("复核过期", "warning", overdue),
    ]
    if catalog.standard is not None:  # a site of a platform: the standard items it owes a review
        rules.append(("标准目录审阅", "warning", list(catalog.standard.reviews)))
    errors = [f for _, level, found in rules if level == "error" for f in found]
    warnings = [f for _, level, found in rules if level == "warning" for f in found]
    verdict = Verdict((
        Veto("首页更新", True, bool(home), f"首页最新信息日期 {home_day}，距自查日 {(on - home_day).days} 天（超过 "
             f"{HOME_STALE_DAYS} 天即否决）" if home_day else "首页没有注明日期的信息（视为不更新）"),
        Veto("栏目更新", True, len(stale) >= VETO_COLUMNS,
             f"{len(stale)} 个栏目超期未更新（{VETO_COLUMNS} 个及以上即否决）"),
        Veto("空白栏目", True, len(blank) >= VETO_COLUMNS, f"{len(blank)} 个空白栏目（{VETO_COLUMNS} 个及以上即否决）"),
        interaction_veto(site),
        Veto("站点无法访问", False, False, "需要在线监测（1 周内打不开的次数），本工具不检查"),
    ), len(site.identity))
    return Report(sorted(errors), sorted(warnings), [(name, len(found)) for name, _, found in rules], verdict,
                  upcoming, standard_lines(catalog.standard))


# ---------------------------------------------------------------- the standard catalog


def standard_lines(use) -> list[str]:
    """What a platform's site inherited, overrode (which fields) and left out (why), as editors read it."""
    if use is None:
        return []
    lines = [f"标准目录 {use.folder}：原样沿用 {len(use.inherited)} 项，本站扩展 {len(use.overridden)} 项，"
             f"不采用 {len(use.left_out)} 项（见 {use.file}）。"]
    for o in use.overridden:
        change = "；".join(filter(None, ["改写 " + "、".join(o.written) if o.written else "",
                                          "删去 " + "、".join(o.removed) if o.removed else ""]))
        lines.append(f"  扩展 {o.id}（{o.file}）：{change or '只继承，没有改动'}")
    lines += [f"  不采用 {item_id}：{reason}" for item_id, reason in use.left_out]
    if use.inherited and len(use.inherited) <= LISTED_INHERITED:
        lines.append("  原样沿用：" + "、".join(use.inherited))
    elif use.inherited:
        lines.append(f"  原样沿用的 {len(use.inherited)} 项见 zwgk check --format json 的 standard.inherited。")
    return lines


# ---------------------------------------------------------------- review dates

REVIEW_NOTICE_DAYS = 30  # reviews falling due this soon are listed (not warned about)


def review_due(site: Site, entry) -> tuple[dt.date | None, bool]:
    """When a record is due for review, and whether its own review_by says so: review_by if written;
    else its category's review_days (items: a year by default, the annual 标准目录 review;
    documents: none) after its last change
    (its history's latest) or, for items, the last review of the whole 标准目录 (site.yml
    catalog_review) if later."""
    record = entry.record
    if getattr(record, "review_by", None):
        return record.review_by, True
    is_item = entry.kind == "事项"
    days = entry.category.review_days
    if (days is None and not is_item) or days == 0 or entry.kind not in ("事项", "文件"):
        return None, False
    base = entry.changed_on
    reviewed = site.catalog.site.catalog_review if site.catalog.site else None
    if is_item and reviewed and reviewed > base:
        base = reviewed
    return (base + dt.timedelta(days=days) if days else _a_year_after(base)), False


def _a_year_after(day: dt.date) -> dt.date:
    """The same day next year (29 February: the 28th)."""
    return day.replace(year=day.year + 1, day=min(day.day, 28) if day.month == 2 else day.day)


def reviews(site: Site, on: dt.date) -> tuple[list[ContentError], list[ContentError]]:
    """Records whose review date has passed (warnings), and those due in the next 30 days (listed)."""
    overdue, upcoming = [], []
    for entry in site.listing.entries:
        due, written = review_due(site, entry)
        if due is None or (due - on).days > REVIEW_NOTICE_DAYS:
            continue
        record = entry.record
        field_name = "review_by（复核日期）" if written else ""
        rule = "" if written else (f"（按{entry.category.name}类每 {entry.category.review_days} 天复核一次）"
                                   if entry.category.review_days else "（按标准目录每年复核一次）")
        next_year = _a_year_after(on if due < on else due)
        hint = (f"核对“{entry.title}”是否仍然准确：要修改就修改，并写一句 change_note 说明改了什么；内容不变就写"
                f" review_by: {next_year}（下次复核日期）。全面复核标准目录后，也可以在 catalog/{SITE_FILE} 写"
                " catalog_review: 复核日期。")
        if due < on:
            overdue.append(ContentError(record.source.file, record.source.line, field_name,
                                        f"“{entry.title}”应在 {due} 前复核{rule}，已过期 {(on - due).days} 天。", hint))
        else:
            upcoming.append(ContentError(record.source.file, record.source.line, field_name,
                                         f"“{entry.title}”应在 {due} 前复核{rule}，还有 {(due - on).days} 天。", hint))
    return overdue, sorted(upcoming, key=lambda e: (e.message, e.file))


def home_freshness(site: Site, on: dt.date) -> tuple[dt.date | None, list[ContentError]]:
    """The home page's date (the newest record it lists) and, if older than 2 weeks or missing,
    the finding: inspectors veto a home page not updated for 2 weeks, and an undated one counts
    as not updated."""
    uri = site.home_uri
    day = site.date_of(uri, generated=False) if uri else None
    file = f"{site.settings.docs_dir.name}/{uri}" if uri else f"{site.settings.docs_dir.name}/index.md"
    if day is None:
        return None, [ContentError(file, 0, "首页", "首页没有注明日期的最新信息，检查时视为没有更新。",
                                   "在首页元数据里写 zwgk_view: home，让首页列出最新发布的信息。")]
    if (on - day).days > HOME_STALE_DAYS:
        return day, [ContentError(file, 0, "首页", f"首页最新信息发布于 {day}，首页已 {(on - day).days} 天没有更新。",
                                  "首页超过 2 周未更新即判为不合格：发布新的信息或动态。")]
    return day, []


def interaction_veto(site: Site) -> Veto:
    """互动回应差 vetoes unanswered messages older than 3 months in a site's own 留言 columns. This
    site collects no messages: its 互动交流 leads to the hotline and the city's platform, which
    answer them; without any such channel there is nothing to answer through."""
    links = site.chrome.get("interaction") or []
    if not links:
        return Veto("互动回应", True, False, f"没有互动交流渠道（catalog/{SITE_FILE} 的 website.interaction），"
                                         "本站不设留言栏目，不会出现未回应的留言；建议提供 12345 热线等渠道")
    names = "、".join(link.get("title", "") for link in links)
    return Veto("互动回应", True, False, f"本站不设留言栏目，互动交流链接到 {names}，由这些平台答复")


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
    """A column's newest record older than its update period (the home page: home_freshness)."""
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
        # the editors' pages link each other: they exist together, in the preview
        editors = src_uri in site.left_out
        for n, target in link_targets(body):
            uri = docs_uri(target, src_uri)
            if uri is None:
                found.append(ContentError(file, first + n, "链接", f"链接“{target}”指向 content/ 文件夹以外的地方。",
                                          "只能链接网站内的页面和 content/ 里的文件：改正路径（相对于本页面）。"))
            elif uri and not editors and _resolves(uri, docs_dir, site.left_out, files=False):
                found.append(ContentError(file, first + n, "链接",
                                          f"链接“{target}”指向只给编辑人员看的页面，公开的网站上没有这个页面。",
                                          "删去这个链接；编辑指南和字段参考只在预览（mkdocs serve）里出现。"))
            elif uri and not _resolves(uri, docs_dir, generated | (site.left_out if editors else set())):
                found.append(ContentError(file, first + n, "链接", f"链接“{target}”指向的页面或文件不存在。",
                                          "改正路径（相对于本页面），或删去这个链接。"))
    return found


def _resolves(uri: str, docs_dir: Path, generated: set[str] | frozenset[str], files: bool = True) -> bool:
    """Whether a docs-dir path names one of ``generated`` or (``files``) a file in the docs dir."""
    resolved = uri.rstrip("/")
    candidates = [resolved]
    if uri.endswith("/") or not posixpath.splitext(resolved)[1]:
        candidates += [resolved + ".md", resolved + "/index.md"]
    if resolved == ".":
        candidates = ["index.md"]
    return any(c in generated or (files and (docs_dir / c).is_file() and within(docs_dir / c, docs_dir))
               for c in candidates)


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
