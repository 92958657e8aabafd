"""The typed, frozen Catalog that every view reads. Built only by ``catalog.check_catalog``
(which ``catalog.load_catalog`` calls)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Generic, TypeVar

from .timelimits import Duration, TimeLimit


@dataclass(frozen=True)
class Source:
    """Where a record came from, for error messages and 'edit this page' links."""

    file: str
    line: int = 1


@dataclass(frozen=True)
class Term:
    """A taxonomy entry: anything with an id, a display name and aliases."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Domain(Term):
    enabled: bool = True


@dataclass(frozen=True)
class Disclosure(Term):
    """One of the five disclosures (五公开)."""


@dataclass(frozen=True)
class Category(Term):
    disclosure: Disclosure | None = None
    guide_required: bool = False
    stale_after_days: int | None = None  # a column whose newest record is older counts as not updated
    review_days: int | None = None  # its records are due for review this long after their last change
    interpretations: bool = False  # the one category that holds the policy interpretations (政策解读)
    report_row: str = ""  # 规章 | 行政规范性文件: the row of annual-report table 2 its documents count in


@dataclass(frozen=True)
class PlaceKind(Term):
    """区, 镇, 街道办事处, 村, 社区…: what a place is; levels say which kinds they cover."""


@dataclass(frozen=True)
class Level(Term):
    place_kinds: tuple[PlaceKind, ...] = ()


@dataclass(frozen=True)
class Channel(Term):
    board: bool = False


@dataclass(frozen=True)
class Topic(Term):
    """主题分类 of a document's metadata header."""


@dataclass(frozen=True)
class PowerType(Term):
    """行政许可, 行政处罚…: a page of the power list (权责清单); its id is that page's address."""


@dataclass(frozen=True)
class FourWay(Term):
    """马上办, 网上办…: one group of the “四办” list an item may join."""


@dataclass(frozen=True)
class InterpretationForm(Term):
    """文字, 图解, 音频…: a form of policy interpretation and what it must carry."""

    requires: str = ""  # audio | video | data (that field) | image (a picture in the body)


@dataclass(frozen=True)
class Organization(Term):
    """A publishing body (发布机构); its code starts the 索引号."""

    code: str = ""


@dataclass(frozen=True)
class PostingKind(Term):
    """村务公开, 财务公开, 公示名单…: a kind of bulletin-board posting, with its minimum period."""

    period_rule: TimeLimit | None = None


@dataclass(frozen=True)
class Place(Term):
    kind: PlaceKind | None = None
    parent: str | None = None  # parent place id; None only for the district, the root

    @property
    def kind_name(self) -> str:
        return self.kind.name


T = TypeVar("T", bound=Term)


def normalise_term(text: str) -> str:
    """Compare names the way an editor means them: full-width, spaces and case ignored."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


class Vocabulary(Generic[T]):
    """An ordered taxonomy that resolves ids, names and aliases to its entries."""

    def __init__(self, terms: list[T]):
        self.terms: tuple[T, ...] = tuple(terms)
        self.by_id = {t.id: t for t in terms}
        self._lookup: dict[str, T] = {}
        for term in terms:
            for key in (term.id, term.name, *term.aliases):
                self._lookup.setdefault(normalise_term(key), term)

    def resolve(self, text: str) -> T | None:
        return self._lookup.get(normalise_term(text))

    def names(self) -> str:
        return "、".join(t.name for t in self.terms)

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, term_id: str) -> T:
        return self.by_id[term_id]


def unknown_term(vocabulary: Vocabulary, value: str, what: str, file: str) -> tuple[str, str]:
    """Message and hint for a name that no entry of a taxonomy has: what may be written instead."""
    return (f"未知的{what}“{value}”。",
            f"可以写：{vocabulary.names()}（也认编号和别名）；需要新的{what}时先在 catalog/{file} 里添加。")


WEEKDAYS = "一二三四五六日"
HOLIDAY_RULES = {  # hours.holidays as written → what a resident reads
    "休息": "法定节假日休息，调休上班日照常办公",
    "照常": "法定节假日照常办公",
    "值班": "法定节假日安排值班，具体以节前公告为准",
}


@dataclass(frozen=True)
class Session:
    """One stretch of opening time in minutes after midnight (8:30—12:00)."""

    start: int
    end: int

    @staticmethod
    def clock(minutes: int) -> str:
        return f"{minutes // 60}:{minutes % 60:02d}"

    @property
    def text(self) -> str:
        return f"{self.clock(self.start)}—{self.clock(self.end)}"

    @property
    def part(self) -> str:
        """上午, 下午 or 晚上, by when it starts."""
        return "上午" if self.start < 12 * 60 else "下午" if self.start < 18 * 60 else "晚上"


def sessions_text(sessions: tuple[Session, ...]) -> str:
    """上午 8:30—12:00，下午 14:30—17:30（12:00—14:30 午休）: the gaps are the 午休."""
    parts = [f"{s.part} {s.text}" if len(sessions) > 1 else s.text for s in sessions]
    breaks = [Session(a.end, b.start).text for a, b in zip(sessions, sessions[1:], strict=False)]
    text = "，".join(parts)
    if breaks:
        text += "（" + "、".join(breaks) + " 午休）"
    return text


@dataclass(frozen=True)
class Hours:
    """A hall's opening hours as structure, rendered in words. A static page never says whether a
    hall is open now: it states the rule and the reader applies it to the day."""

    days: str  # 周一至周五, 工作日, 每天…
    sessions: tuple[Session, ...]
    holidays: str = "休息"  # a key of HOLIDAY_RULES
    summer: tuple[str, str, tuple[Session, ...]] | None = None  # (05-01, 09-30, sessions)
    extra: tuple[str, ...] = ()  # 周六上午户籍窗口预约服务…

    @property
    def regular(self) -> str:
        return f"{self.days} {sessions_text(self.sessions)}"

    @property
    def summer_text(self) -> str:
        if not self.summer:
            return ""
        start, end, sessions = self.summer
        return f"夏季（{_month_day(start)}至{_month_day(end)}）{sessions_text(sessions)}"

    @property
    def holiday_text(self) -> str:
        return HOLIDAY_RULES.get(self.holidays, self.holidays)

    @property
    def lines(self) -> tuple[str, ...]:
        """Each rule on its own line: regular, summer, holidays, extras."""
        return tuple(x for x in (self.regular, self.summer_text, self.holiday_text, *self.extra) if x)

    @property
    def text(self) -> str:
        return "；".join(self.lines)


def _month_day(text: str) -> str:
    month, day = text.split("-")
    return f"{int(month)}月{int(day)}日"


@dataclass(frozen=True)
class Window:
    """A counter (窗口) of a hall; items name it by id."""

    id: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class Hall(Term):
    """A service hall of the 1+N system: the district's 政务服务中心, a town's or 街道's 便民服务中心,
    a village's or community's 便民服务站. Items take their address and hours from it."""

    place: Place = None
    level: Level = None
    address: str = ""
    hours: Hours = None
    phone: str = ""
    transport: str = ""
    accessible: str = ""  # the barrier-free entrance
    windows: tuple[Window, ...] = ()
    coordinates: tuple[float, float] | None = None  # (lat, lng), GCJ-02 as the map apps' pickers give
    note: str = ""
    source: Source = None

    def window(self, window_id: str) -> Window | None:
        return next((w for w in self.windows if w.id == window_id), None)


LEVEL_HALLS = {  # how the halls of a level are named together, by the level's id (levels.yml)
    "district": "区政务服务中心", "town": "各镇（街道）便民服务中心", "village": "各村（社区）便民服务站"}


@dataclass(frozen=True)
class HallRef:
    """Where a guide's item is handled: one hall, or every hall of a level (各镇（街道）便民服务中心),
    optionally at one window, with a note (户籍所在地, 可代办…)."""

    hall: Hall | None = None
    level: Level | None = None
    window: str = ""  # a window id every named hall has
    note: str = ""
    window_name: str = ""  # that window's name (in the first hall named)

    @property
    def place_name(self) -> str:
        """The hall's name, or what the halls of the level are called together."""
        if self.hall is not None:
            return self.hall.name
        return LEVEL_HALLS.get(self.level.id, f"{self.level.name}各办事大厅")

    @property
    def label(self) -> str:
        """One line of a short 办理地点: 各镇（街道）便民服务中心 民政窗口."""
        return f"{self.place_name} {self.window_name}" if self.window_name else self.place_name

    def halls_in(self, halls) -> list[Hall]:
        """The halls this reference names, in the catalog's order."""
        if self.hall is not None:
            return [self.hall]
        return [h for h in halls if h.level == self.level]


@dataclass(frozen=True)
class Material:
    """申请材料: one document an applicant brings."""

    name: str
    form: str = ""
    copies: int | None = None
    required: bool = True
    source: str = ""
    note: str = ""
    blank_form: str = ""
    sample_form: str = ""


@dataclass(frozen=True)
class Step:
    name: str
    description: str = ""


@dataclass(frozen=True)
class Guide:
    """办事指南: the service guide of a service item."""

    legal_basis: tuple[str, ...]
    implementing_body: str
    conditions: tuple[str, ...]
    materials: tuple[Material, ...]
    process: tuple[Step, ...]
    fee: str
    location: str  # free text of a guide not yet migrated to halls ("" when halls are named)
    hours: str  # likewise: with halls, the hours come from each hall
    phone: str
    item_type: str = ""
    deciding_body: str = ""
    service_objects: tuple[str, ...] = ()
    scope: str = ""
    statutory_limit: Duration | None = None
    promised_limit: Duration | None = None
    fee_basis: str = ""
    result: str = ""
    delivery: str = ""
    complaint: tuple[str, ...] = ()
    quantity_limit: str = ""
    online_url: str = ""
    halls: tuple[HallRef, ...] = ()  # where it is handled; address and hours come from these halls

    @property
    def attachments(self) -> list[tuple[str, str]]:
        """(label, path) of every downloadable form, in material order."""
        found = []
        for material in self.materials:
            if material.blank_form:
                found.append((f"{material.name}（空白表格）", material.blank_form))
            if material.sample_form:
                found.append((f"{material.name}（示范样表）", material.sample_form))
        return found


@dataclass(frozen=True)
class Item:
    """A disclosure item (公开事项): one row of the standard catalog."""

    id: str
    domain: Domain
    category: Category
    matter: tuple[str, ...]  # 一级, 二级[, 三级] 事项
    content: str
    basis: tuple[str, ...]
    time_limit: TimeLimit
    publisher: str
    channels: tuple[Channel, ...]
    audience: str  # 全社会 | 特定群体 | 全社会、特定群体 (both ticked in the official table)
    disclosure: str  # 主动公开 | 依申请公开 (不予公开 never reaches a Catalog): decides visibility
    levels: tuple[Level, ...]
    published_date: dt.date
    source: Source
    formed_date: dt.date | None = None
    max_one_visit: bool = False
    four_ways: tuple[FourWay, ...] = ()
    guide: Guide | None = None
    notes: str = ""
    aliases: tuple[str, ...] = ()  # what residents call it (低保, 上户口): shown and searched
    disclosures: tuple[str, ...] = ()  # every 公开属性 written (主动公开 and 依申请公开 both ticked); () = disclosure
    change_note: str = ""  # what the last change was, for the page's 更新记录 and the feeds
    review_by: dt.date | None = None  # when the office must review it next (zwgk check warns after it)
    policies: tuple = ()  # the catalog Documents its 公开依据 and 设定依据 cite, in order (相关政策)

    def __repr__(self) -> str:
        """The text dataclasses would write, made once: a page's inputs are digested by their text
        (adapter/stubs.py), and an item is in dozens of lists and tables (a third of a
        10,000-item build's digesting was writing the same items again)."""
        text = self.__dict__.get("_text")
        if text is None:
            values = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))
            text = f"{type(self).__qualname__}({values})"
            object.__setattr__(self, "_text", text)
        return text

    @property
    def title(self) -> str:
        return self.matter[-1]

    @property
    def audiences(self) -> tuple[str, ...]:
        """The 公开对象 columns ticked in the official table."""
        return tuple(self.audience.split("、"))

    @property
    def modes(self) -> tuple[str, ...]:
        """The 公开方式 columns ticked (主动, 依申请 or both), derived from 公开属性."""
        return tuple("主动" if d == "主动公开" else "依申请" for d in (self.disclosures or (self.disclosure,)))

    @property
    def mode(self) -> str:
        """公开方式 of the standard catalog as text: 主动, 依申请 or 主动、依申请."""
        return "、".join(self.modes)

    @property
    def updated(self) -> dt.date:
        return max(d for d in (self.published_date, self.formed_date) if d)


@dataclass(frozen=True)
class Attachment:
    title: str
    path: str  # relative to the docs dir


@dataclass(frozen=True)
class Document:
    """A piece of government information (政府信息) with its metadata header."""

    id: str
    title: str
    category: Category
    index_number: str
    publisher: Organization
    topic: Topic
    written_date: dt.date
    published_date: dt.date
    source: Source
    doc_number: str = ""
    validity: str = "有效"  # 有效 | 失效 | 废止
    valid_until: dt.date | None = None
    domain: Domain | None = None
    body: str = ""  # Markdown
    body_line: int = 1  # the file line on which the body starts (for link errors)
    attachments: tuple[Attachment, ...] = ()
    disclosure: str = "主动公开"  # 主动公开 | 依申请公开 | 不予公开 (the last never reaches a Catalog)
    decision_kind: str = ""  # 行政许可 | 行政处罚 | 行政强制: the decisions it publishes (annual report table 2)
    decision_count: int = 0
    fee_amount: float | None = None  # 行政事业性收费, 万元
    change_note: str = ""  # what the last change was, for the page's 更新记录 and the feeds
    review_by: dt.date | None = None  # when the office must review it next (zwgk check warns after it)

    @property
    def in_force(self) -> bool:
        return self.validity == "有效"


@dataclass(frozen=True)
class AudioMedia:
    src: str
    transcript: str


@dataclass(frozen=True)
class VideoMedia:
    src: str
    transcript: str
    captions: str = ""
    poster: str = ""


@dataclass(frozen=True)
class DataSeries:
    """The data of a 数据 interpretation, read from its CSV at build time."""

    csv: str
    caption: str
    label: str
    values: tuple[str, ...]
    rows: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str = ""
    chart: str = "柱状图"


@dataclass(frozen=True)
class Interpretation:
    """A policy interpretation (政策解读): a page in content/ that explains documents."""

    id: str
    src_uri: str  # its page in the docs dir, e.g. jiedu/dibao-banfa.md
    title: str
    documents: tuple[Document, ...]
    form: InterpretationForm
    publisher: Organization
    published_date: dt.date
    source: Source
    summary: str = ""
    audio: AudioMedia | None = None
    video: VideoMedia | None = None
    data: DataSeries | None = None
    images: tuple[str, ...] = ()  # docs-dir paths of the images its body shows
    disclosure: str = "主动公开"
    change_note: str = ""  # what the last change was, for the page's 更新记录 and the feeds

    @property
    def media_files(self) -> set[str]:
        found = set(self.images)
        if self.audio:
            found.add(self.audio.src)
        if self.video:
            found |= {p for p in (self.video.src, self.video.captions, self.video.poster) if p}
        if self.data:
            found.add(self.data.csv)
        return found


@dataclass(frozen=True)
class Posting:
    """A bulletin-board posting (村务/党务/财务公开, 公示名单) of one place, shown for a period."""

    id: str
    src_uri: str  # its page in the docs dir, e.g. gongshi/lilou-donggao/2025q4-caiwu.md
    title: str
    place: Place
    kind: PostingKind
    publisher: str
    start_date: dt.date
    end_date: dt.date
    source: Source
    body: str = ""  # Markdown
    summary: str = ""
    period_rule: TimeLimit | None = None
    draft: bool = False

    @property
    def published_date(self) -> dt.date:
        return self.start_date


@dataclass(frozen=True)
class Certificate:
    """A certificate that a service still requires (证明事项清单)."""

    name: str
    issuer: str
    used_for: str
    basis: str
    notes: str = ""


@dataclass(frozen=True)
class Power:
    """One row of the power list (权责清单)."""

    code: str
    name: str
    type: PowerType
    department: str
    basis: str
    responsibility: str = ""
    notes: str = ""


@dataclass(frozen=True)
class RecordList(Generic[T]):
    """A published list (证明事项清单, 权责清单) with its header."""

    title: str
    entries: tuple
    published_date: dt.date | None = None
    publisher: str = ""


@dataclass(frozen=True)
class AnnualReport:
    """政府信息公开工作年度报告: a page kept in content/ (its tables come later)."""

    year: int
    title: str
    src_uri: str
    published_date: dt.date | None = None
    data: object = None  # annual.ReportData: tables 3 and 4 as the office keeps them


@dataclass(frozen=True)
class SiteInfo:
    """catalog/site.yml: the disclosure office and how to apply (政府信息公开指南), and the marks every
    government website shows (网站标识: 主办单位, 备案号, 党政机关网站标识)."""

    office: dict
    request: dict
    index_pattern: str
    allowed_numbers: tuple[str, ...] = ()  # duty mobiles, permit numbers that look like ID numbers
    website: dict = field(default_factory=dict)
    # required marks that are missing (ContentErrors): the plan decides whether they stop publishing
    identity_gaps: tuple = ()
    catalog_review: dt.date | None = None  # the last annual review of the whole 标准目录


@dataclass(frozen=True)
class Draft:
    """An item marked ``draft: true``: never published, listed by ``zwgk check`` as work to finish.
    Holds where it is and what it lacks, not its content."""

    source: Source
    domain: Domain | None
    title: str
    needs_guide: bool = False  # its category requires a 办事指南 it does not have yet


@dataclass(frozen=True)
class Catalog:
    """Everything that may be published, and nothing that may not."""

    domains: Vocabulary[Domain]
    disclosures: Vocabulary[Disclosure]
    categories: Vocabulary[Category]
    levels: Vocabulary[Level]
    channels: Vocabulary[Channel]
    places: Vocabulary[Place]
    items: tuple[Item, ...]
    build_date: dt.date
    topics: Vocabulary[Topic] = None
    organizations: Vocabulary[Organization] = None
    site: SiteInfo | None = None
    documents: tuple[Document, ...] = ()
    interpretations: tuple[Interpretation, ...] = ()
    certificates: RecordList | None = None
    powers: RecordList | None = None
    reports: tuple[AnnualReport, ...] = ()
    posting_kinds: Vocabulary[PostingKind] = None
    place_kinds: Vocabulary[PlaceKind] = None
    power_types: Vocabulary[PowerType] = None
    four_ways: Vocabulary[FourWay] = None
    interpretation_forms: Vocabulary[InterpretationForm] = None
    postings: tuple[Posting, ...] = ()
    halls: Vocabulary[Hall] = None  # the 1+N service halls, district centre first
    search_words: object = None  # search_words.SearchWords: residents' words for the site search
    withheld: int = 0  # how many records visibility rules kept out (for the build log)
    unpublished_pages: frozenset[str] = frozenset()  # content/ pages that must not be output
    unpublished_files: frozenset[str] = frozenset()  # media used only by such pages
    warnings: tuple = ()  # ContentErrors found while loading that do not stop publishing
    drafts: tuple[Draft, ...] = ()  # draft items, for the self-inspection's list of work to finish
    standard: object = None  # standard.StandardUse: what the site took from the platform's standard catalog
    _by_domain: dict = field(default_factory=dict, compare=False, repr=False)
    _interpretations_of: dict = field(default_factory=dict, compare=False, repr=False)
    _items_at: dict = field(default_factory=dict, compare=False, repr=False)
    _citing: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        halls = list(self.halls or ())
        for item in self.items:
            self._by_domain.setdefault(item.domain.id, []).append(item)
            for ref in item.guide.halls if item.guide else ():
                for hall in ref.halls_in(halls):
                    found = self._items_at.setdefault(hall.id, {})
                    found.setdefault(item.id, (item, ref))
            for document in item.policies:
                self._citing.setdefault(document.id, []).append(item)
        for interpretation in self.interpretations:
            for document in interpretation.documents:
                self._interpretations_of.setdefault(document.id, []).append(interpretation)

    def items_at(self, hall: Hall) -> list[tuple[Item, HallRef]]:
        """Every item handled at ``hall`` (named directly or through its level), with how."""
        return list(self._items_at.get(hall.id, {}).values())

    def items_citing(self, document: Document) -> list[Item]:
        """The items whose 公开依据 or 设定依据 cite ``document`` (依据本文件办理的事项)."""
        return list(self._citing.get(document.id, ()))

    def hall_of(self, place: Place) -> Hall | None:
        """The hall serving ``place`` itself (its station, centre or the district's centre)."""
        return next((h for h in self.halls or () if h.place == place), None)

    def interpretations_of(self, document: Document) -> list[Interpretation]:
        return list(self._interpretations_of.get(document.id, ()))

    @property
    def active_domains(self) -> list[Domain]:
        return [d for d in self.domains if d.enabled]

    def items_in(self, domain: Domain) -> list[Item]:
        return list(self._by_domain.get(domain.id, ()))

    @property
    def district(self) -> Place:
        """The root of places.yml, whatever its kind is called."""
        return next(p for p in self.places if p.parent is None)

    @property
    def interpretation_category(self) -> Category:
        """The category marked ``interpretations: true`` (exactly one, checked on load)."""
        return next(c for c in self.categories if c.interpretations)

    def level_of(self, place: Place) -> Level | None:
        return next((level for level in self.levels if place.kind in level.place_kinds), None)

    def children_of(self, place: Place) -> list[Place]:
        return [p for p in self.places if p.parent == place.id]

    def postings_of(self, place: Place) -> list[Posting]:
        return [p for p in self.postings if p.place == place]
