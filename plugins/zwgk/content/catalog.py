"""Load and validate catalog files into a Catalog: load → validate → model, in one pass.

All errors of all files are collected before anything is decided, so an editor sees
every mistake at once. Visibility (不予公开, future 发布日期) is decided here and only
here: what a Catalog does not hold, no view can publish.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from .annual import check_carry_over, read_report_data
from .errors import CatalogInvalid, ContentError
from .filecache import FileCache, open_stores, save_stores
from .halls import load_halls
from .layout import (
    DOCUMENTS_DIR,
    INTERPRETATIONS_DIR,
    ITEMS_DIR,
    LISTS_DIR,
    POSTINGS_DIR,
    REPORT_DATA_DIR,
    REPORTS_DIR,
    SITE_FILE,
    taxonomy_file,
)
from .loader import Document, dotted, read_front_matter, read_yaml
from .model import (
    Catalog,
    Organization,
    SiteInfo,
    Vocabulary,
    unknown_term,
)
from .published import field_uri, forget_folders, outside_links, shown, within
from .readers import (
    DocumentReader,
    InterpretationReader,
    ItemReader,
    PostingReader,
    annual_report,
    certificate,
    duplicate_codes,
    power,
    read_record_list,
)
from .schema import validate_document
from .search_words import check_popular
from .settings import CONFIG_FILE
from .standard import STANDARD_FILE, STANDARD_READS, Standard, extends_standard, without_standard
from .taxonomies import check_unique, load_taxonomies
from .visibility import WITHHELD, published_on, text_published
from .website import identity_gaps

_READS: FileCache[tuple] = FileCache("documents")  # file → (parsed document, its parse and schema errors)
_STORED = (_READS, STANDARD_READS)  # kept on disk between builds too


@dataclass
class _Run:
    """State of one load: where files are, how to show their names, errors so far."""

    catalog_dir: Path
    docs_dir: Path | None
    root: Path
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)  # publishable, but the office should act
    drafts: list = field(default_factory=list)  # model.Draft of every draft item read
    allowed_numbers: tuple = ()  # site.yml's: numbers the personal-data scan lets pass
    policy_refs: dict = field(default_factory=dict)  # item file → the documents its 依据 cite, unresolved
    standard: Standard | None = None  # the platform's standard catalog, when the site uses one
    standard_unusable: bool = False  # standard_dir is set but cannot be read (its error is recorded)

    def shown(self, path: Path) -> str:
        return self.standard.shown(path) if self.standard and self.standard.holds(path) else shown(self.root, path)

    def taxonomy(self, name: str) -> Path:
        """A taxonomy file: the site's own, else the standard catalog's (shared by the platform)."""
        path = self.catalog_dir / taxonomy_file(name)
        if self.standard is not None and not path.exists() and (self.standard.folder / taxonomy_file(name)).exists():
            return self.standard.folder / taxonomy_file(name)
        return path

    def inside(self, path: Path) -> bool:
        """Docs-dir files must stay in the docs dir, all others in the repository (symlinks followed);
        the standard catalog's in its folder."""
        if self.standard is not None and self.standard.holds(path):
            return within(path, self.standard.folder) and within(path, self.standard.repo)
        docs = self.docs_dir
        in_docs = docs is not None and os.path.abspath(path).startswith(os.path.abspath(docs) + os.sep)
        return within(path, docs if in_docs else self.root)

    def read(self, path: Path, schema: str, definition: str | None = None) -> Document | None:
        """A schema-valid document, or None once its errors are recorded."""
        doc, schema_ok = self.read_checked(path, schema, definition)
        return doc if schema_ok else None

    def read_checked(self, path: Path, schema: str, definition: str | None = None, markdown: bool = False):
        """(document or None, whether it passed the schema); errors are recorded.

        Results are kept per file state, so a preview rebuild re-reads only the files that changed.
        """
        if not self.inside(path):
            return None, False  # a symlink out of its folder: reported by outside_links, never read
        shown = self.shown(path)

        def read() -> tuple:
            doc, errors = (read_front_matter if markdown else read_yaml)(path, shown)
            if doc is not None:
                errors = errors + validate_document(doc, schema, definition)
            return doc, tuple(errors)

        doc, errors = _READS.get(path, (shown, schema, definition), read)
        self.errors.extend(errors)
        return doc, not errors

    def read_all(self, paths: list[Path], schema: str, markdown: bool = False) -> list:
        """(document, schema_ok) for every file that parsed at all."""
        found = (self.read_checked(p, schema, markdown=markdown) for p in paths)
        return [(doc, ok) for doc, ok in found if doc is not None]


def load_catalog(
    catalog_dir: Path | str,
    docs_dir: Path | str | None = None,
    build_date: dt.date | None = None,
    root: Path | str | None = None,
    standard_dir: Path | str | None = None,
) -> Catalog:
    """Build the publishable Catalog, or raise CatalogInvalid with every error found."""
    catalog, errors = check_catalog(catalog_dir, docs_dir, build_date, root, standard_dir)
    if errors:
        raise CatalogInvalid(errors)
    return catalog


def load_vocabularies(catalog_dir, root=None, standard_dir=None) -> tuple[dict | None, list[ContentError]]:
    """Only the taxonomies (for tools such as the importer that need names, not records); a platform
    site's from the standard catalog where it has none of its own."""
    run = _Run(Path(catalog_dir), None, Path(root or Path.cwd()))
    if standard_dir is not None:
        run.standard = Standard.open(run, Path(standard_dir), run.root / CONFIG_FILE, items=False)
    vocabularies = load_taxonomies(run)
    return vocabularies, sorted(set(run.errors))


def check_catalog(catalog_dir, docs_dir=None, build_date=None, root=None, standard_dir=None):
    """Like load_catalog, but return (catalog or None, errors) instead of raising. ``standard_dir``:
    the platform's standard catalog the site inherits (standard.py), None for a site on its own."""
    forget_folders()
    run = _Run(Path(catalog_dir), Path(docs_dir) if docs_dir else None, Path(root or Path.cwd()))
    open_stores(_STORED, run.root)
    try:
        return _check(run, build_date, standard_dir)
    finally:
        save_stores(_STORED)


def _check(run: _Run, build_date, standard_dir):
    run.errors += outside_links(run.root, run.catalog_dir, run.root)
    if standard_dir is not None:
        run.standard = Standard.open(run, Path(standard_dir), run.root / CONFIG_FILE)
        run.standard_unusable = run.standard is None
    elif (run.catalog_dir / STANDARD_FILE).exists():
        run.warnings.append(ContentError(run.shown(run.catalog_dir / STANDARD_FILE), 0, "",
                                         f"站点没有设置标准目录（standard_dir），{STANDARD_FILE} 不起作用。",
                                         f"在 mkdocs.yml 的 zwgk 插件下写 standard_dir，或删去 {STANDARD_FILE}。"))
    if run.docs_dir is not None:
        run.errors += outside_links(run.root, run.docs_dir, run.docs_dir)
    vocabularies = load_taxonomies(run)
    site = _load_site(run)
    sources = _Sources.read(run)
    lists = {name: _load_list(run, name, make, key, vocabularies) for name, (make, key) in LISTS.items()}
    reports = _load_reports(run)
    if vocabularies is None or site is None:
        return None, _explained(run)
    info, organizations = site
    run.allowed_numbers = info.allowed_numbers
    vocabularies["organizations"] = organizations
    vocabularies["halls"] = load_halls(run, vocabularies)
    records = _Records.read(run, sources, vocabularies, info.index_pattern)
    check_popular(run, vocabularies["search_words"],  # ids as written: an item with errors still exists
                  {doc.data.get("id") for doc, _ in sources.items if isinstance(doc.data, dict)})
    build_date = build_date or dt.date.today()
    public = _publishable(run, records, sources, build_date, reports)
    if run.errors:
        return None, _explained(run)
    return Catalog(**vocabularies, **public, build_date=build_date, site=info, certificates=lists["certificates"],
                   powers=lists["powers"], warnings=tuple(sorted(set(run.warnings))),
                   standard=run.standard.use() if run.standard else None), []


def _explained(run: _Run) -> list[ContentError]:
    """Every error once, in order; those in values inherited from the standard catalog say so."""
    errors = sorted(set(run.errors))
    return sorted(set(run.standard.explain(errors))) if run.standard else without_standard(errors)


@dataclass
class _Sources:
    """Every record file that parsed at all, as (document, passed its schema)."""

    items: list
    documents: list
    interpretations: list
    postings: list

    @classmethod
    def read(cls, run: _Run) -> _Sources:
        paths = _files(run, run.catalog_dir / ITEMS_DIR, ("*.yml", "*.yaml"),
                       required=run.standard is None and not run.standard_unusable)
        if run.standard is None and run.standard_unusable:  # judged once the standard catalog can be read
            paths = [p for p in paths if not extends_standard(p)]
        items = run.standard.item_sources(paths) if run.standard else run.read_all(paths, "item")
        documents = run.read_all(_files(run, run.catalog_dir / DOCUMENTS_DIR, ("*.md",)), "document", markdown=True)
        interpretations, postings = [], []
        if run.docs_dir is not None:  # records kept as pages in the docs dir
            interpretations = run.read_all(_files(run, run.docs_dir / INTERPRETATIONS_DIR, ("*.md",)),
                                           "interpretation", markdown=True)
            postings = run.read_all(_files(run, run.docs_dir / POSTINGS_DIR, ("*.md",)), "posting", markdown=True)
        return cls(items, documents, interpretations, postings)


@dataclass
class _Records:
    """Every record that passed all its checks, published or not."""

    items: list
    documents: list
    interpretations: list
    postings: list

    @classmethod
    def read(cls, run: _Run, sources: _Sources, vocabularies: dict, index_pattern: str) -> _Records:
        clashes = _id_clashes(run, sources.items, "事项编号") | _id_clashes(run, sources.documents, "文件编号")
        items = [r for r in (ItemReader(run, doc, vocabularies).read(ok) for doc, ok in sources.items)
                 if r and r.source.file not in clashes]
        documents = [r for r in (DocumentReader(run, doc, vocabularies).read(ok) for doc, ok in sources.documents)
                     if r and r.source.file not in clashes]
        sources_of = {doc.file: doc for doc, _ in sources.documents}
        documents = _assign_index_numbers(run, documents, index_pattern, sources_of)
        by_id = {d.id: d for d in documents}
        failed = frozenset(doc.data["id"] for doc, _ in sources.documents
                           if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str)) - set(by_id)
        interpretations = [InterpretationReader(run, doc, vocabularies).read(ok, by_id, _src_uri(run, doc), failed)
                           for doc, ok in sources.interpretations]
        postings = [PostingReader(run, doc, vocabularies).read(ok, _src_uri(run, doc)) for doc, ok in sources.postings]
        return cls(items, documents, [i for i in interpretations if i], [p for p in postings if p])


def _publishable(run: _Run, records: _Records, sources: _Sources, build_date: dt.date, reports: list) -> dict:
    """The Catalog's records: what may be published on ``build_date`` (visibility.py decides each),
    and the pages and files that must stay off the site."""
    items, documents, interpretations, postings = (records.items, records.documents, records.interpretations,
                                                   records.postings)
    withheld_docs = {d.id for d in documents if d.disclosure == WITHHELD}
    items = _resolve_policies(run, items, documents, sources, withheld_docs, build_date)
    public_items = [i for i in items if published_on(i, build_date)]
    on_request = {d.id for d in documents if not text_published(d)}
    # 依申请公开: the catalog entry is published, the text and attachments go only to an applicant
    public_docs = [d if text_published(d) else replace(d, body="", attachments=())
                   for d in documents if published_on(d, build_date)]
    public_interpretations = [i for i in interpretations if published_on(i, build_date)]
    _check_interpreted_documents(run, public_interpretations, sources.interpretations, withheld_docs, on_request)
    withheld_interpretations = {i.src_uri for i in interpretations} - {i.src_uri for i in public_interpretations}
    public_doc_ids = {d.id for d in public_docs}
    public_item_ids = {i.id for i in public_items}
    # files that records which are not published name: never copied unless a published page uses them
    unpublished_files = {field_uri(path) for path in set().union(
        *(i.media_files for i in interpretations if i.src_uri in withheld_interpretations),
        *({a.path for a in d.attachments} for d in documents if d.id not in public_doc_ids or d.id in on_request),
        *({path for _, path in i.guide.attachments} for i in items if i.guide and i.id not in public_item_ids))}
    future_reports = {r.src_uri for r in reports if not published_on(r, build_date)}
    future_postings = {p.src_uri for p in postings if not published_on(p, build_date)}
    return dict(
        items=tuple(sorted(public_items, key=lambda i: i.id)),
        documents=tuple(sorted(public_docs, key=lambda d: d.id)),
        interpretations=tuple(sorted(public_interpretations, key=lambda i: i.id)),
        reports=tuple(sorted((r for r in reports if r.src_uri not in future_reports), key=lambda r: -r.year)),
        withheld=(len(items) - len(public_items)) + (len(documents) - len(public_docs))
        + len(withheld_interpretations) + len(future_postings),
        postings=tuple(sorted((p for p in postings if p.src_uri not in future_postings),
                              key=lambda p: (p.place.id, -p.start_date.toordinal(), p.id))),
        unpublished_pages=frozenset(withheld_interpretations | future_reports | future_postings),
        unpublished_files=frozenset(unpublished_files),
        drafts=tuple(sorted(run.drafts, key=lambda d: d.source.file)),
    )


def document_number_key(text: str) -> str:
    """A 文号 as compared: full-width and spaces ignored, any bracket around the year the same."""
    key = "".join(unicodedata.normalize("NFKC", text).split())
    return re.sub(r"[\[【〔(（]", "〔", re.sub(r"[\]】〕)）]", "〕", key))


def _resolve_policies(run: _Run, items: list, documents: list, sources: _Sources, withheld: set[str],
                      build_date: dt.date) -> list:
    """Replace each cited document (by id or 文号) in an item's 公开依据 and 设定依据 with its title
    and 文号, and list it as the item's policy. Every reference is checked, also those of items with
    other errors: unknown ones are errors at their line; a withheld document cannot be cited; one
    not yet published stays as written, without a link."""
    by_id = {d.id: d for d in documents}
    by_number = {document_number_key(d.doc_number): d for d in documents if d.doc_number}
    # documents with errors of their own: a reference to them is not “unknown” as well (by id or 文号)
    failed = {key for doc, _ in sources.documents if isinstance(doc.data, dict) and doc.data.get("id") not in by_id
              for key in (doc.data.get("id"), document_number_key(str(doc.data.get("doc_number") or "")))}
    cited: dict[str, list] = {}
    for file, refs in run.policy_refs.items():
        for key, index, reference, clause, line in refs:
            document = by_id.get(reference) or by_number.get(document_number_key(reference))
            field_name = "basis（公开依据）" if key == "basis" else "guide.legal_basis（办事指南 › 设定依据）"
            if document is None:
                if reference not in failed and document_number_key(reference) not in failed:
                    run.errors.append(ContentError(
                        file, line, field_name, f"找不到编号或文号为“{reference}”的文件。",
                        f"写 catalog/{DOCUMENTS_DIR}/ 里文件的编号（id）或它的文号（如 洛龙政办〔2024〕15号）；"
                        "引用的不是本站发布的文件时，直接写一行文字。"))
            elif document.id in withheld:
                run.errors.append(ContentError(
                    file, line, field_name, f"引用的文件“{reference}”不予公开。",
                    "不予公开的文件不能作为公开事项的依据列出：改写成一行文字（不写它的标题），或删去这一行。"))
            elif published_on(document, build_date):  # not yet public: the line stays as written
                cited.setdefault(file, []).append((key, index, clause, document))
    resolved = []
    for item in items:
        if item.source.file not in cited:
            resolved.append(item)
            continue
        lines = {"basis": list(item.basis), "legal_basis": list(item.guide.legal_basis) if item.guide else []}
        policies = []
        for key, index, clause, document in cited[item.source.file]:
            title = f"{document.title}（{document.doc_number}）" if document.doc_number else document.title
            lines[key][index] = f"{title}{clause}" if clause else title
            if document not in policies:
                policies.append(document)
        guide = replace(item.guide, legal_basis=tuple(lines["legal_basis"])) if item.guide else None
        resolved.append(replace(item, basis=tuple(lines["basis"]), guide=guide, policies=tuple(policies)))
    return resolved


def _src_uri(run: _Run, doc: Document) -> str:
    """A docs-dir page's path as MkDocs names it (jiedu/x.md)."""
    return Path(doc.file).relative_to(run.shown(run.docs_dir)).as_posix()


def _files(run: _Run, folder: Path, patterns: tuple[str, ...], required: bool = False) -> list[Path]:
    """The files under ``folder`` that stay inside their boundary (symlinked folders are not followed)."""
    paths = sorted(p for pattern in patterns for p in folder.rglob(pattern) if run.inside(p))
    if required and not paths:
        run.errors.append(ContentError(run.shown(folder), 0, "", "没有找到任何事项文件。",
                                       f"在 {run.shown(folder)}/ 下为每个公开事项写一个 .yml 文件。"))
    return paths


def _id_clashes(run: _Run, docs: list, what: str) -> set[str]:
    """Files whose id an earlier file already uses, each clash reported once. Read from the raw
    data, so a clash is found even while the files have other errors (which are reported too)."""
    first: dict[str, Document] = {}
    clashes = set()
    for doc, _ in docs:
        record_id = doc.data.get("id") if isinstance(doc.data, dict) else None
        owner = first.setdefault(record_id, doc) if isinstance(record_id, str) else doc
        if owner is not doc:
            run.errors.append(ContentError(
                doc.file, doc.line_of(("id",)), f"id（{what}）", f"{what}“{record_id}”已被 {owner.file} 使用。",
                "每条记录的编号必须不同：给这一条换一个编号。"))
            clashes.add(doc.file)
    return clashes


def _check_interpreted_documents(run: _Run, interpretations, docs, withheld_docs: set[str],
                                 on_request: set[str]) -> None:
    """A published interpretation must not reveal a withheld or 依申请公开 document, nor appear before it."""
    source_of = {doc.file: doc for doc, _ in docs}
    for interpretation in interpretations:
        doc = source_of[interpretation.source.file]
        for i, document in enumerate(interpretation.documents):
            path = ("interprets", i)
            if document.id in withheld_docs:
                run.errors.append(ContentError(
                    doc.file, doc.line_of(path), dotted(path), f"被解读的文件“{document.id}”不予公开。",
                    "不予公开的文件不能有公开的解读：删去这个编号，或把解读也标为不予公开。"))
            elif document.id in on_request:
                run.errors.append(ContentError(
                    doc.file, doc.line_of(path), dotted(path), f"被解读的文件“{document.id}”依申请公开。",
                    "依申请公开的文件只向申请人提供，不能有公开的解读：删去这个编号，"
                    "或把解读标为不予公开（或把文件改为主动公开）。"))
            elif document.published_date > interpretation.published_date:
                run.errors.append(ContentError(
                    doc.file, doc.line_of(("published_date",)), "published_date（发布日期）",
                    f"解读的发布日期 {interpretation.published_date} 早于被解读文件“{document.id}”的发布日期 "
                    f"{document.published_date}。", "解读应与文件同步或在文件发布之后发布。"))


def _assign_index_numbers(run: _Run, documents: list, pattern: str, sources: dict) -> list:
    """Give each document without an 索引号 the next free number of its body and year.

    Numbers follow publication order, so adding a newer document never renumbers older ones.
    """
    taken: dict[str, str] = {}
    for document in documents:
        if document.index_number:
            owner = taken.setdefault(document.index_number, document.id)
            if owner != document.id:
                doc = sources[document.source.file]
                run.errors.append(ContentError(
                    doc.file, doc.line_of(("index_number",)), "index_number（索引号）",
                    f"索引号“{document.index_number}”已被文件“{owner}”使用。", "索引号必须唯一。"))
    counters: dict[tuple[str, int], int] = {}
    numbered = {}
    for document in sorted(documents, key=lambda d: (d.published_date, d.id)):
        if document.index_number:
            continue
        key = (document.publisher.code, document.published_date.year)
        while True:
            counters[key] = counters.get(key, 0) + 1
            number = pattern.format(code=key[0], year=key[1], seq=counters[key])
            if number not in taken:
                break
        taken[number] = document.id
        numbered[document.id] = number
    return [replace(d, index_number=numbered[d.id]) if d.id in numbered else d for d in documents]


def _load_site(run: _Run):
    path = run.catalog_dir / SITE_FILE
    if not path.exists():
        run.errors.append(ContentError(run.shown(path), 0, "", f"缺少站点信息文件 {SITE_FILE}。",
                                       f"从示例站点复制 catalog/{SITE_FILE} 再修改。"))
        return None
    doc = run.read(path, "site")
    if doc is None:
        return None
    d = doc.data
    organizations = [Organization(o["id"], o["name"], tuple(o.get("aliases", ())), o["code"])
                     for o in d["organizations"]]
    before = len(run.errors)
    check_unique(run, doc, [(o, ("organizations", i)) for i, o in enumerate(organizations)])
    try:
        d["index_number"]["pattern"].format(code="X", year=2024, seq=1)
    except (KeyError, IndexError, ValueError) as exc:
        run.errors.append(ContentError(doc.file, doc.line_of(("index_number", "pattern")),
                                       "index_number.pattern（索引号规则 › 格式）",
                                       f"索引号格式写错了（{exc}）。",
                                       "只能用 {code}、{year}、{seq}，例如 {code}/{year}-{seq:05d}。"))
    if len(run.errors) > before:
        return None
    info = SiteInfo(d["office"], d.get("request", {}), d["index_number"]["pattern"],
                    tuple(d.get("allowed_numbers", ())), d.get("website", {}),
                    tuple(identity_gaps(doc, run.docs_dir)), _date(d.get("catalog_review")))
    return info, Vocabulary(organizations)


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None  # the schema has reported it


LISTS = {"certificates": (certificate, "name"), "powers": (power, "code")}


def _load_list(run: _Run, name: str, make, key: str, vocabularies: dict | None):
    path = run.catalog_dir / LISTS_DIR / f"{name}.yml"
    if not path.exists():
        return None
    doc = run.read(path, "lists", name)
    if doc is None:
        return None
    errors = duplicate_codes(doc, name, key) if key == "code" else []
    if name == "powers" and vocabularies is not None:
        errors += _unknown_terms(doc, "powers", "type", vocabularies["power_types"], "权力类型",
                                 taxonomy_file("power_types"))
    run.errors.extend(errors)
    if errors or vocabularies is None:  # broken taxonomies are reported on their own
        return None
    return read_record_list(doc, name, lambda entry: make(entry, vocabularies))


def _unknown_terms(doc: Document, key: str, field: str, vocabulary: Vocabulary, what: str,
                   file: str) -> list[ContentError]:
    """Each entry of a list whose ``field`` names no term of ``vocabulary``, with its line."""
    errors = []
    for i, entry in enumerate(doc.data[key]):
        if vocabulary.resolve(entry[field]) is None:
            path = (key, i, field)
            errors.append(ContentError(doc.file, doc.line_of(path), dotted(path),
                                       *unknown_term(vocabulary, entry[field], what, file)))
    return errors


def _load_reports(run: _Run) -> list:
    if run.docs_dir is None:
        return []
    reports = []
    for path in _files(run, run.docs_dir / REPORTS_DIR, ("*.md",)):
        if path.name == "index.md":
            continue
        doc, errors = read_front_matter(path, run.shown(path))
        if doc is not None:
            report, errors = annual_report(doc, path.relative_to(run.docs_dir).as_posix())
            if report:
                reports.append(report)
        run.errors.extend(errors)
    data = _load_report_data(run)
    for report in reports:
        if report.year not in data:
            run.errors.append(ContentError(
                run.shown(run.docs_dir / report.src_uri), 1, "年度报告数据",
                f"{report.year} 年度报告缺少表三、表四的数据文件。",
                f"新建 {run.catalog_dir.name}/{REPORT_DATA_DIR}/{report.year}.yml"
                "（照上一年度的文件填写，格式见“字段参考”）。"))
    return [replace(r, data=data.get(r.year)) for r in reports]


def _load_report_data(run: _Run) -> dict:
    """Every year's data file, checked on its own and against the year before."""
    found = {}
    for path in _files(run, run.catalog_dir / REPORT_DATA_DIR, ("*.yml",)):
        doc = run.read(path, "report")
        if doc is None:
            continue
        data, errors = read_report_data(doc)
        run.errors.extend(errors)
        if data is not None and path.stem != str(data.year):
            run.errors.append(ContentError(doc.file, doc.line_of(("year",)), "year（年度）",
                                           f"文件名是 {path.name}，但 year 写的是 {data.year}。",
                                           f"把文件改名为 {data.year}.yml，或改正 year。"))
        elif data is not None:
            found[data.year] = (data, doc)
    for year, (data, doc) in found.items():
        if year - 1 in found:
            run.errors.extend(check_carry_over(found[year - 1][0], data, doc.line_of(("applications",))))
    return {year: data for year, (data, _) in found.items()}


# ---------------------------------------------------------------- taxonomies
