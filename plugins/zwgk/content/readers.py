"""Readers that turn schema-checked documents into model records, resolving references.

Each reader checks references even when the schema failed, so an editor sees every
error of a file at once; it builds a record only from a document that passed everything.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import posixpath
import re
from dataclasses import replace
from pathlib import Path

from . import privacy, timelimits, workdays
from .annual import REPORT_MARKERS, REPORT_SECTIONS, REPORT_TABLES
from .errors import ContentError
from .layout import DOCUMENTS_DIR, HALLS_DIR, INTERPRETATIONS_DIR, SITE_FILE, taxonomy_file
from .loader import Document, dotted
from .model import (
    AnnualReport,
    AudioMedia,
    Certificate,
    DataSeries,
    Draft,
    Guide,
    HallRef,
    Interpretation,
    Item,
    Material,
    Posting,
    Power,
    RecordList,
    Source,
    Step,
    VideoMedia,
    Vocabulary,
    normalise_term,
    unknown_term,
)
from .model import Attachment as AttachmentRecord
from .model import Document as DocumentRecord
from .published import SYMLINK_HINT, docs_uri, within
from .schema import field_label, load_schema
from .visibility import WITHHELD

_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")


class RecordReader:
    """Shared by all readers: errors with field labels, references, dates, files."""

    schema = "item"

    def __init__(self, run, doc: Document, vocabularies: dict):
        self.run, self.doc, self.v = run, doc, vocabularies
        self.data: dict = doc.data if isinstance(doc.data, dict) else {}
        self.failed = False

    def error(self, path: tuple, message: str, hint: str = "", line: int | None = None) -> None:
        label = field_label(load_schema(self.schema), path)
        field = f"{dotted(path)}（{label}）" if path else ""
        self.run.errors.append(ContentError(
            self.doc.file, line or self.doc.line_of(path), field, message, hint))
        self.failed = True

    def warn(self, path: tuple, message: str, hint: str = "", line: int | None = None) -> None:
        """A problem the office should fix that does not stop the record from being published."""
        label = field_label(load_schema(self.schema), path)
        field = f"{dotted(path)}（{label}）" if path else ""
        self.run.warnings.append(ContentError(
            self.doc.file, line or self.doc.line_of(path), field, message, hint))

    def term(self, vocabulary: Vocabulary, key: str, what: str, file: str):
        """Resolve a single reference such as domain; None when absent, malformed or unknown."""
        value = self.data.get(key)
        return self.resolve(vocabulary, value, (key,), what, file) if isinstance(value, str) else None

    def terms(self, vocabulary, key: str, what: str, file: str) -> tuple:
        values = self.data.get(key)
        if not isinstance(values, list):
            return ()
        found = [self.resolve(vocabulary, value, (key, i), what, file)
                 for i, value in enumerate(values) if isinstance(value, str)]
        return tuple(t for t in found if t is not None)

    def resolve(self, vocabulary: Vocabulary, value: str, path: tuple, what: str, file: str):
        found = vocabulary.resolve(value)
        if found is None:
            self.error(path, *unknown_term(vocabulary, value, what, file))
        return found

    def date(self, key: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.data[key])
        except (KeyError, TypeError, ValueError):
            return None  # absent or malformed: the schema has reported it

    def dates_in_order(self, earlier: str, later: str, earlier_name: str, later_name: str) -> None:
        first, second = self.date(earlier), self.date(later)
        if first and second and first > second:
            impossible = f"不可能先{later_name[:2]}后{earlier_name[:2]}"
            self.error((earlier,), f"{earlier_name} {first} 晚于{later_name} {second}，{impossible}。",
                       f"核对两个日期：{later_name}应在{earlier_name}当天或之后。")

    def existing_file(self, path: str | None, at: tuple) -> None:
        """A file a record names must exist inside the docs dir, symlinks followed: nothing outside
        it is read or published (and so never quoted)."""
        if not path or self.run.docs_dir is None:
            return
        docs = self.run.docs_dir
        folder = self.run.shown(docs)
        uri = docs_uri(path)
        if uri is None:
            self.error(at, f"路径“{path}”指向 {folder}/ 文件夹以外的地方，不能发布。",
                       f"把文件放进 {folder}/ 里，路径从 {folder}/ 下面写起，例如 attachments/docs/通知.pdf。")
        elif uri and (docs / uri).is_symlink() and not within(docs / uri, docs):
            self.error(at, f"“{path}”是指向 {folder}/ 以外的链接（符号链接），不能发布。", SYMLINK_HINT)
        elif not uri or not (docs / uri).is_file() or not within(docs / uri, docs):
            self.error(at, f"文件“{path}”不存在。",
                       f"把文件放到 {self.run.shown(docs / (uri or path))}，或改正路径（区分大小写）。")

    def source(self) -> Source:
        return Source(self.doc.file, 1)


# ---------------------------------------------------------------- items


class ItemReader(RecordReader):
    schema = "item"

    def read(self, schema_ok: bool) -> Item | None:
        d = self.data
        if not d:
            return None
        domain = self.term(self.v["domains"], "domain", "领域", taxonomy_file("domains"))
        if domain is not None and not domain.enabled:
            self.error(("domain",), f"领域“{domain.name}”在本区未启用。",
                       f"在 catalog/{taxonomy_file('domains')} 里把 {domain.id} 的 enabled 改为 true，或换一个领域。")
        category = self.term(self.v["categories"], "category", "信息类别", taxonomy_file("categories"))
        channels = self.terms(self.v["channels"], "channels", "公开渠道", taxonomy_file("channels"))
        levels = self.terms(self.v["levels"], "levels", "公开层级", taxonomy_file("levels"))
        four_ways = self.terms(self.v["four_ways"], "four_ways", "“四办”方式", taxonomy_file("four_ways"))
        self.dates_in_order("formed_date", "published_date", "形成日期", "发布日期")
        needs_guide = category is not None and category.guide_required and "guide" not in d
        draft = d.get("draft") is True
        if needs_guide and not draft:
            self.error(("category",), f"“{category.name}”类事项必须写办事指南（guide）。",
                       "补上 guide: 及其中的设定依据、申请条件、申请材料、办理流程、收费标准、"
                       "办理地点、办理时间、咨询电话等要素；可参照同领域已有事项。写好之前可以先加一行"
                       " draft: true（草稿不发布，zwgk check 会列出待完成的草稿）。")
        self._check_forms(d.get("guide"))
        halls = self._halls(d.get("guide"))
        refs = self._policy_refs(d)
        if refs:  # checked against the documents once all are read (catalog._resolve_policies)
            self.run.policy_refs[self.doc.file] = refs
        if not schema_ok:
            return None
        guide = self._guide(d["guide"], halls) if "guide" in d else None
        time_limit = self._time_limit(d.get("time_limit"))
        if self.failed:
            return None
        matter = tuple(d["matter"][k] for k in ("level1", "level2", "level3") if k in d["matter"])
        if draft:
            self.run.drafts.append(Draft(Source(self.doc.file, self.doc.line_of(("draft",))), domain, matter[-1],
                                         needs_guide))
        return Item(
            id=d["id"], domain=domain, category=category, matter=matter,
            content=d["content"], basis=tuple(_cited(v) for v in d["basis"]), time_limit=time_limit,
            publisher=d["publisher"], channels=channels, audience=_audience(d["audience"]),
            disclosure=_disclosure(d), levels=levels,
            published_date=self.date("published_date"), formed_date=self.date("formed_date"),
            max_one_visit=d.get("max_one_visit", False), four_ways=tuple(dict.fromkeys(four_ways)),
            guide=guide, notes=d.get("notes", ""), aliases=tuple(d.get("aliases", ())),
            source=Source(self.doc.file, self.doc.line_of(("id",))),
            disclosures=tuple(d["disclosure"]) if isinstance(d.get("disclosure"), list) else (),
            change_note=d.get("change_note", "").strip(), review_by=self.date("review_by"),
        )

    def _halls(self, guide) -> tuple[HallRef, ...]:
        """Where a guide's item is handled: halls by id or name, or a level meaning each hall of it;
        a window must exist in every hall named. Free text (location, hours) is listed by check."""
        if not isinstance(guide, dict):
            return ()
        entries = guide.get("halls") if isinstance(guide.get("halls"), list) else []
        halls = self.v.get("halls") or []
        refs = []
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("hall"), str):
                continue
            value, window = entry["hall"], entry.get("window") if isinstance(entry.get("window"), str) else ""
            hall = halls.resolve(value) if halls else None
            level = None if hall else self.v["levels"].resolve(value)
            if hall is None and level is None:
                known = "、".join(h.id for h in list(halls)[:6]) if halls else ""
                self.error(("guide", "halls", i, "hall"), f"找不到编号为“{value}”的办理大厅。",
                           f"写 catalog/{HALLS_DIR}/ 里大厅的编号" + (f"（如 {known}）" if known else "")
                           + f"，或写一个公开层级（{self.v['levels'].names()}）表示该层级的每个大厅。")
                continue
            ref = HallRef(hall=hall, level=level, window=window, note=entry.get("note", ""))
            named = ref.halls_in(halls)
            found = named[0].window(window) if named and window else None
            ref = replace(ref, window_name=found.name if found else "")
            if level is not None and not named:
                self.error(("guide", "halls", i, "hall"), f"“{level.name}”还没有任何办理大厅。",
                           f"先在 catalog/{HALLS_DIR}/ 里写这一层级的大厅，或改写具体大厅的编号。")
            lacking = [h for h in named if window and h.window(window) is None]
            if lacking:
                names = "、".join(h.name for h in lacking[:3]) + ("等" if len(lacking) > 3 else "")
                have = "、".join(w.id for w in lacking[0].windows) or "该大厅没有写窗口"
                self.error(("guide", "halls", i, "window"), f"{names}没有编号为“{window}”的窗口。",
                           f"写大厅 windows 里已有的窗口编号（{have}），或先在大厅文件里加上这个窗口。")
            refs.append(ref)
        if refs:
            for key, what in (("location", "地址"), ("hours", "办公时间")):
                if key in guide:
                    self.warn(("guide", key), f"写了办理大厅（halls），{what}取自大厅，这一行不再显示。",
                              f"删去 guide 里的 {key}；{what}有变化时改大厅文件（catalog/{HALLS_DIR}/）。")
        elif not entries:
            for key, what in (("location", "办理地点"), ("hours", "办理时间")):
                if key not in guide:
                    self.error(("guide",), f"办事指南缺少{what}。",
                               f"写 halls（catalog/{HALLS_DIR}/ 里的大厅编号，可加窗口），地址和办公时间取自大厅。")
            if "location" in guide:
                self.warn(("guide", "location"), "办理地点还是一段文字，没有指向办理大厅。",
                          f"改写成 halls: [{{hall: 大厅编号, window: 窗口编号}}]（大厅见 catalog/{HALLS_DIR}/），"
                          "再删去 location 和 hours：地址和办公时间取自大厅，改一处处处更新。")
        return tuple(refs)

    def _policy_refs(self, d: dict) -> list:
        """The 公开依据 and 设定依据 entries that cite a catalog document (document: id or 文号), as
        (field, index, reference, clause, line) for the catalog to resolve."""
        found = []
        guide = d.get("guide") if isinstance(d.get("guide"), dict) else {}
        for key, values in (("basis", d.get("basis")), ("legal_basis", guide.get("legal_basis"))):
            path = ("basis",) if key == "basis" else ("guide", "legal_basis")
            for i, entry in enumerate(values if isinstance(values, list) else []):
                if isinstance(entry, dict) and isinstance(entry.get("document"), str):
                    found.append((key, i, entry["document"], entry.get("text", ""),
                                  self.doc.line_of(path + (i, "document"))))
        return found

    def _time_limit(self, value) -> timelimits.TimeLimit | None:
        path = ("time_limit",)
        found = timelimits.time_limit_of(value)
        if found is None:
            self.error(path, f"公开时限规则“{value['rule']}”需要写天数 days。", "例如 days: 20。")
        elif found.rule is None:
            self.warn(path, f"公开时限“{value}”里看不出公开的期限。", timelimits.UNKNOWN_TIME_LIMIT_HINT)
        return found

    def _duration(self, value, path: tuple) -> timelimits.Duration | None:
        if value is None:
            return None
        if isinstance(value, dict):
            return timelimits.Duration(value["days"], value.get("day_type", timelimits.WORKING))
        parsed = timelimits.parse_duration(value)
        if parsed is None:
            self.error(path, f"看不懂办结时限“{value}”。", timelimits.DURATION_HINT)
        return parsed

    def _check_forms(self, guide) -> None:
        """The blank and sample forms a guide names, checked even when other fields are wrong."""
        materials = guide.get("materials") if isinstance(guide, dict) else None
        for i, m in enumerate(materials if isinstance(materials, list) else []):
            for key in ("blank_form", "sample_form"):
                if isinstance(m, dict) and isinstance(m.get(key), str):
                    self.existing_file(m[key], ("guide", "materials", i, key))

    def _guide(self, g: dict, halls: tuple = ()) -> Guide:
        statutory = self._duration(g.get("statutory_limit"), ("guide", "statutory_limit"))
        promised = self._duration(g.get("promised_limit"), ("guide", "promised_limit"))
        if (statutory and promised and statutory.day_type == promised.day_type
                and promised.days > statutory.days):
            self.error(("guide", "promised_limit"),
                       f"承诺办结时限（{promised.text}）比法定办结时限（{statutory.text}）还长。",
                       "承诺时限应当不超过法定时限，核对两个数字。")
        materials = []
        for m in g["materials"]:
            materials.append(Material(
                name=m["name"], form=m.get("form", ""), copies=m.get("copies"),
                required=m.get("required", True), source=m.get("source", ""), note=m.get("note", ""),
                blank_form=m.get("blank_form", ""), sample_form=m.get("sample_form", "")))
        return Guide(
            legal_basis=tuple(_cited(v) for v in g["legal_basis"]), implementing_body=g["implementing_body"],
            conditions=tuple(g["conditions"]), materials=tuple(materials),
            process=tuple(Step(s["name"], s.get("description", "")) for s in g["process"]),
            fee=g["fee"], location="" if halls else g.get("location", ""), hours="" if halls else g.get("hours", ""),
            phone=g["phone"], halls=halls,
            item_type=g.get("item_type", ""), deciding_body=g.get("deciding_body", ""),
            service_objects=tuple(g.get("service_objects", ())), scope=g.get("scope", ""),
            statutory_limit=statutory, promised_limit=promised, fee_basis=g.get("fee_basis", ""),
            result=g.get("result", ""), delivery=g.get("delivery", ""),
            complaint=tuple(g.get("complaint", ())), quantity_limit=g.get("quantity_limit", ""),
            online_url=g.get("online_url", ""),
        )


def _cited(entry) -> str:
    """A basis line as written; a cited document stands as its reference until the catalog
    replaces it with the document's title and 文号."""
    return entry if isinstance(entry, str) else entry["document"]


def _disclosure(d: dict) -> str:
    """A draft is published no more than a record marked 不予公开: the same path keeps it out. An
    item with both 公开方式 ticked is published as 主动公开 (its catalog entry is public)."""
    if d.get("draft") is True:
        return WITHHELD
    value = d.get("disclosure", "主动公开")
    if isinstance(value, list):
        return "主动公开" if "主动公开" in value else value[0]
    return value


def _audience(value) -> str:
    """公开对象 as shown: one value, or both joined (特定群众 is another province's 特定群体)."""
    values = value if isinstance(value, list) else [value]
    return "、".join(dict.fromkeys("特定群体" if v == "特定群众" else v for v in values))


# ---------------------------------------------------------------- documents


class DocumentReader(RecordReader):
    schema = "document"

    def read(self, schema_ok: bool) -> DocumentRecord | None:
        """The document (its index number still unset), or None."""
        d = self.data
        if not d:
            return None
        category = self.term(self.v["categories"], "category", "信息类别", taxonomy_file("categories"))
        if category is not None and category.interpretations:
            self.error(("category",), f"{category.name}不写在 catalog/{DOCUMENTS_DIR}/ 里。",
                       f"解读写在 content/{INTERPRETATIONS_DIR}/ 下（见编辑指南），它会自动归入“{category.name}”类。")
        publisher = self.term(self.v["organizations"], "publisher", "发布机构", f"{SITE_FILE} 的 organizations")
        topic = self.term(self.v["topics"], "topic", "主题分类", taxonomy_file("topics"))
        domain = self.term(self.v["domains"], "domain", "领域", taxonomy_file("domains"))
        self.dates_in_order("written_date", "published_date", "成文日期", "发布日期")
        if d.get("validity") in ("废止", "失效") and not d.get("valid_until"):
            self.error(("validity",), f"文件已{d['validity']}，但没有写{d['validity']}日期。",
                       f"加一行 valid_until: 2024-03-31（{d['validity']}前有效的最后一天）；"
                       "年度报告按它统计本年废止件数。")
        for i, attachment in enumerate(d.get("attachments", []) if isinstance(d.get("attachments"), list) else []):
            if isinstance(attachment, dict) and isinstance(attachment.get("path"), str):
                self.existing_file(attachment["path"], ("attachments", i, "path"))
        if not schema_ok or self.failed:
            return None
        return DocumentRecord(
            id=d["id"], title=d["title"], category=category, index_number=d.get("index_number", ""),
            publisher=publisher, topic=topic, written_date=self.date("written_date"),
            published_date=self.date("published_date"), source=self.source(),
            doc_number=d.get("doc_number", ""), validity=d.get("validity", "有效"),
            valid_until=self.date("valid_until"), domain=domain, body=self.doc.body,
            body_line=self.doc.body_line,
            attachments=tuple(AttachmentRecord(a["title"], a["path"]) for a in d.get("attachments", ())),
            disclosure=_disclosure(d),
            decision_kind=d.get("decision", {}).get("kind", ""), decision_count=d.get("decision", {}).get("count", 1)
            if "decision" in d else 0, fee_amount=d.get("fee_amount"),
            change_note=d.get("change_note", "").strip(), review_by=self.date("review_by"),
        )


# ---------------------------------------------------------------- interpretations


class InterpretationReader(RecordReader):
    schema = "interpretation"
    MEDIA = ("audio", "video", "data")  # what a form may require besides a picture in the body (image)

    def read(self, schema_ok: bool, documents: dict, src_uri: str,
             failed_documents: frozenset = frozenset()) -> Interpretation | None:
        d = self.data
        if not d:
            return None
        publisher = self.term(self.v["organizations"], "publisher", "发布机构", f"{SITE_FILE} 的 organizations")
        interpreted = []
        for i, doc_id in enumerate(d.get("interprets", []) if isinstance(d.get("interprets"), list) else []):
            document = documents.get(doc_id)
            if document is None and doc_id in failed_documents:
                self.failed = True  # that document's own errors are reported: not "unknown" as well
            elif document is None:
                self.error(("interprets", i), f"找不到编号为“{doc_id}”的文件。",
                           f"写 catalog/{DOCUMENTS_DIR}/ 下被解读文件的 id（不是标题、文号或文件名）。")
            else:
                interpreted.append(document)
        form = self.term(self.v["interpretation_forms"], "form", "解读形式", taxonomy_file("interpretation_forms"))
        needed = form.requires if form is not None and form.requires in self.MEDIA else None
        if needed and needed not in d:
            self.error(("form",), f"“{form.name}”形式的解读必须写 {needed}。",
                       load_schema(self.schema)["properties"][needed]["description"])
        for key in ("audio", "video"):
            media = d.get(key)
            if isinstance(media, dict):
                for part in ("src", "captions", "poster"):
                    if isinstance(media.get(part), str):
                        self.existing_file(media[part], (key, part))
        images = self._check_images(form, src_uri)
        spec = d.get("data")
        if isinstance(spec, dict) and isinstance(spec.get("csv"), str):
            self.existing_file(spec["csv"], ("data", "csv"))
        data = self._data(spec) if isinstance(spec, dict) and schema_ok and not self.failed else None
        if not schema_ok or self.failed:
            return None
        audio, video = d.get("audio"), d.get("video")
        return Interpretation(
            id=Path(src_uri).stem, src_uri=src_uri, title=d["title"], documents=tuple(interpreted),
            form=form, publisher=publisher, published_date=self.date("published_date"),
            source=self.source(), summary=d.get("summary", ""),
            audio=AudioMedia(audio["src"], audio["transcript"]) if audio else None,
            video=VideoMedia(video["src"], video["transcript"], video.get("captions", ""),
                             video.get("poster", "")) if video else None,
            data=data, images=tuple(images), disclosure=_disclosure(d),
            change_note=d.get("change_note", "").strip(),
        )

    def _check_images(self, form, src_uri: str) -> list[str]:
        """Every image needs alt text; return the docs-dir paths of local images."""
        images = []
        for n, line in enumerate(self.doc.body.split("\n")):
            for match in _IMAGE.finditer(line):
                src = match["src"]
                if "://" not in src and not src.startswith("/"):
                    images.append(posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), src)))
                if not match["alt"].strip():
                    self.error((), f"图片“{match['src']}”没有替代文字。",
                               "写成 ![图片说的内容](图片路径)：方括号里用一句话说明图片的内容，"
                               "看不见图片的读者靠它理解。", line=self.doc.body_line + n)
        if form is not None and form.requires == "image" and not images:
            self.error(("form",), f"{form.name}形式的解读正文里没有图片。",
                       "在正文里插入图片：![图片说的内容](../media/jiedu/图片文件名.svg)。")
        return images

    def _data(self, spec: dict) -> DataSeries | None:
        """The series of a 数据 interpretation, from its CSV (already checked to exist)."""
        if self.run.docs_dir is None:
            return None
        path = self.run.docs_dir / spec["csv"]
        shown = self.run.shown(path)
        try:
            table = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
        except (UnicodeDecodeError, csv.Error) as exc:
            self.error(("data", "csv"), f"CSV 文件 {shown} 读不出来：{exc}。", "用 UTF-8 编码保存为 CSV。")
            return None
        columns = list(table[0]) if table else []
        for key, names in (("label", [spec["label"]]), ("values", spec["values"])):
            for name in names:
                if name not in columns:
                    self.error(("data", key), f"CSV 文件 {shown} 里没有“{name}”这一列。",
                               "可用的列：" + ("、".join(columns) or "（文件是空的）") + "。")
        if self.failed:
            return None
        rows = []
        for n, row in enumerate(table, start=2):
            try:
                rows.append((row[spec["label"]], tuple(float(row[v].replace(",", "")) for v in spec["values"])))
            except (ValueError, AttributeError):
                self.error(("data", "values"), f"CSV 文件 {shown} 第 {n} 行有不是数字的值。",
                           "数值列只写数字，不写单位和文字。")
                return None
        return DataSeries(spec["csv"], spec["caption"], spec["label"], tuple(spec["values"]), tuple(rows),
                          spec.get("unit", ""), spec.get("chart", "柱状图"))


# ---------------------------------------------------------------- bulletin-board postings


class PostingReader(RecordReader):
    schema = "posting"

    def read(self, schema_ok: bool, src_uri: str) -> Posting | None:
        d = self.data
        if not d:
            return None
        place = self._place(d.get("place"))
        kind = self.term(self.v["posting_kinds"], "kind", "公开类别", taxonomy_file("postings"))
        self.dates_in_order("start_date", "end_date", "公示开始日期", "公示结束日期")
        rule = self._rule(d.get("period_rule"), kind)
        self._check_period(rule)
        self._check_personal_data()
        if not schema_ok or self.failed:
            return None
        return Posting(
            id=Path(src_uri).stem, src_uri=src_uri, title=d["title"], place=place, kind=kind,
            publisher=d["publisher"], start_date=self.date("start_date"), end_date=self.date("end_date"),
            source=self.source(), body=self.doc.body, summary=d.get("summary", ""), period_rule=rule,
            draft=d.get("draft") is True,
        )

    def _place(self, value):
        """By id, or by a name that only one place has (two towns may both have a 东岗村)."""
        if not isinstance(value, str):
            return None
        places: Vocabulary = self.v["places"]
        if value in places.by_id:
            return places.by_id[value]
        named = [p for p in places if normalise_term(p.name) == normalise_term(value)]
        if len(named) == 1:
            return named[0]
        if named:
            self.error(("place",), f"有 {len(named)} 个地点叫“{value}”。",
                       "写地点编号：" + "、".join(f"{p.id}" for p in named) + "。")
        else:
            self.error(("place",), f"未知的地点“{value}”。",
                       f"写 catalog/{taxonomy_file('places')} 里的地点编号，例如 lilou-donggao。")
        return None

    def _rule(self, text, kind) -> timelimits.TimeLimit | None:
        if isinstance(text, str):
            rule = timelimits.parse_time_limit(text)
            if rule is None or rule.rule != timelimits.RULE_PUBLICITY:
                self.error(("period_rule",), f"看不懂公示期要求“{text}”。", "写成“公示7个工作日”或“公示5日”。")
                return None
            return rule
        return kind.period_rule if kind is not None else None

    def _check_period(self, rule) -> None:
        start, end = self.date("start_date"), self.date("end_date")
        if rule is None or not rule.days or not start or not end or end < start:
            return
        if rule.day_type != timelimits.WORKING:
            actual, earliest = (end - start).days + 1, start + dt.timedelta(days=rule.days - 1)
            if actual < rule.days:
                self.error(("end_date",), f"公示期只有 {actual} 个{rule.day_type}，少于要求的“{rule.text}”。",
                           f"把公示结束日期改到 {earliest} 或之后。")
            return
        counted = workdays.working_days_between(start, end)
        # The earliest end says whether the verdict rests on an estimate: a period whose first
        # N working days all fall in officially known years is long enough whatever comes later.
        earliest = workdays.add_working_days(start, rule.days) if rule.days <= workdays.MAX_DAYS else None
        if counted.value >= rule.days:
            if counted.provisional:  # every record whose period reaches an unpublished year is named
                if earliest is not None and not earliest.provisional:
                    verdict = (f"按已公布的安排，{earliest.value} 已满“{rule.text}”，正式安排公布后也不会不够")
                else:
                    verdict = (f"满足“{rule.text}”（暂估最早可在 {earliest.value if earliest else end} 结束）；"
                               "正式安排可能多放几天（如春节、国庆连休），公布后可能不够")
                self.warn(("end_date",),
                          f"{workdays.provisional_note(counted.estimated)}：公示期 {start} 至 {end} 暂按 "
                          f"{counted.value} 个工作日计，{verdict}。",
                          "国务院公布放假安排后，升级 chinesecalendar 软件包（pip install -U chinesecalendar）"
                          "并重新运行 zwgk check；离要求天数很近的，稳妥起见把结束日期往后放几天。")
            return
        if earliest is None:
            hint = "核对公示期要求的天数。"
        elif earliest.provisional:
            note = workdays.provisional_note(earliest.estimated)
            hint = (f"把公示结束日期改到 {earliest.value} 或之后（暂估：{note}，"
                    "公布后请升级 chinesecalendar 软件包并重新检查）。")
        else:
            hint = f"把公示结束日期改到 {earliest.value} 或之后（已扣除周末和法定节假日，计入调休上班日）。"
        estimate = "按估算" if counted.provisional else ""
        self.error(("end_date",),
                   f"公示期{estimate}只有 {counted.value} 个{rule.day_type}，少于要求的“{rule.text}”。", hint)

    def _check_personal_data(self) -> None:
        """The body, title and summary of a posting, as the rest of the site is scanned (allowed
        numbers pass; a bank card number is a warning)."""
        allowed = getattr(self.run, "allowed_numbers", ())
        texts = [((), self.doc.body, self.doc.body_line)]
        texts += [((key,), self.data[key], self.doc.line_of((key,))) for key in ("title", "summary")
                  if isinstance(self.data.get(key), str)]
        for path, text, line in texts:
            for finding in privacy.scan_text(text, allowed, first_line=line):
                message, hint = privacy.describe(finding, posting=True)
                if path:
                    message = message.removeprefix("正文")
                (self.error if finding.blocking else self.warn)(path, message, hint, line=finding.line)


# ---------------------------------------------------------------- lists and reports


def read_record_list(doc: Document, key: str, make) -> RecordList:
    d = doc.data
    published = d.get("published_date")
    return RecordList(d["title"], tuple(make(e) for e in d[key]),
                      dt.date.fromisoformat(published) if published else None, d.get("publisher", ""))


def certificate(entry: dict, vocabularies: dict) -> Certificate:
    return Certificate(entry["name"], entry["issuer"], entry["used_for"], entry["basis"], entry.get("notes", ""))


def power(entry: dict, vocabularies: dict) -> Power:
    """A power-list row; its type already checked against taxonomy/power_types.yml."""
    return Power(entry["code"], entry["name"], vocabularies["power_types"].resolve(entry["type"]),
                 entry["department"], entry["basis"], entry.get("responsibility", ""), entry.get("notes", ""))


def duplicate_codes(doc: Document, key: str, field: str) -> list[ContentError]:
    seen: dict[str, int] = {}
    errors = []
    for i, entry in enumerate(doc.data[key]):
        first = seen.setdefault(entry[field], i)
        if first != i:
            errors.append(ContentError(
                doc.file, doc.line_of((key, i, field)), dotted((key, i, field)),
                f"“{entry[field]}”与第 {first + 1} 项重复。", "每一项的编码必须不同。"))
    return errors


def annual_report(doc: Document, src_uri: str) -> tuple[AnnualReport | None, list[ContentError]]:
    """A report page needs a whole-number year and may carry a publication date."""
    d = doc.data if isinstance(doc.data, dict) else {}
    year, title = d.get("year"), d.get("title")
    errors = []
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        errors.append(ContentError(doc.file, doc.line_of(("year",)), "year（年度）",
                                   "年度报告必须写 year（四位数的年份）。", "例如 year: 2024。"))
    if not isinstance(title, str) or not title.strip():
        errors.append(ContentError(doc.file, doc.line_of(("title",)), "title（标题）",
                                   "年度报告必须写标题。",
                                   "例如 title: 洛龙区人民政府2024年政府信息公开工作年度报告。"))
    published = d.get("published_date")
    try:
        published = dt.date.fromisoformat(published) if published else None
    except (TypeError, ValueError):
        errors.append(ContentError(doc.file, doc.line_of(("published_date",)), "published_date（发布日期）",
                                   f"“{published}”不是有效的日期。", "写成 2025-01-20。"))
    lines = doc.body.splitlines()
    headings = [(n, line[3:].strip()) for n, line in enumerate(lines) if line.startswith("## ")]
    if [h for _, h in headings] != list(REPORT_SECTIONS):
        expected = iter(REPORT_SECTIONS)
        wrong = next(((n, h) for (n, h), e in zip(headings, expected, strict=False) if h != e), None)
        line = doc.body_line + (wrong[0] if wrong else len(lines))
        errors.append(ContentError(doc.file, line, "正文", "年度报告的六个部分不全或顺序不对"
                                   + (f"：这里是“{wrong[1]}”。" if wrong else "。"),
                                   "按国办公开办函〔2021〕30号，依次写六个二级标题："
                                   + "；".join(f"## {t}" for t in REPORT_SECTIONS)))
    for table, marker in zip(REPORT_TABLES, REPORT_MARKERS, strict=True):
        if marker not in lines and marker not in (line.strip() for line in lines):
            errors.append(ContentError(doc.file, doc.body_line, "正文", f"年度报告正文里没有 {marker} 这一行。",
                                       f"在对应一节的标题下单独写一行 {marker}，网站会在那里生成{table}。"))
    if errors:
        return None, errors
    return AnnualReport(year, title, src_uri, published), []

