"""Taxonomies: the county's own lists (catalog/taxonomy/*.yml) read into vocabularies — domains,
the five disclosures and their categories, levels, channels, the place tree, topics, posting
kinds, power types, the four ways, interpretation forms and place kinds. Every name a county
might change lives there, not in code. Core module: imports the model, loader and timelimits.
"""

from __future__ import annotations

from . import timelimits
from .errors import ContentError
from .layout import TAXONOMY_DIR, taxonomy_file
from .loader import Document, dotted
from .model import (
    Category,
    Channel,
    Disclosure,
    Domain,
    FourWay,
    InterpretationForm,
    Level,
    Place,
    PlaceKind,
    PostingKind,
    PowerType,
    Topic,
    Vocabulary,
    normalise_term,
    unknown_term,
)
from .search_words import read_search_words

FILES = ("domains", "categories", "levels", "channels", "places", "topics", "postings", "place_kinds",
         "power_types", "four_ways", "interpretation_forms")


def load_taxonomies(run) -> dict | None:
    """Every vocabulary by name (plus "places"), or None once the errors are recorded in ``run``."""
    docs = {}
    for name in FILES:
        path = run.taxonomy(name)  # the site's own, else the standard catalog's
        if not path.exists():
            shared = f"；各站点共用的放在 {run.shown(run.standard.folder / TAXONOMY_DIR)}/ 下" if run.standard else ""
            run.errors.append(ContentError(run.shown(path), 0, "", "缺少分类文件。",
                                           f"从示例站点的 catalog/{TAXONOMY_DIR}/ 复制一份再修改{shared}。"))
            continue
        docs[name] = run.read(path, "taxonomy", name)
    words = read_search_words(run)  # optional: search works without it, with the items' aliases
    if len(docs) < len(FILES) or None in docs.values():
        return None
    found = _TaxonomyReader(run, docs).read()
    return None if found is None or words is None else {**found, "search_words": words}


def _base(entry: dict) -> dict:
    return {"id": entry["id"], "name": entry["name"], "aliases": tuple(entry.get("aliases", ()))}


class _TaxonomyReader:
    """Reads the schema-valid taxonomy documents, resolving the references between them."""

    def __init__(self, run, docs: dict[str, Document]):
        self.run, self.docs = run, docs

    def terms(self, name: str, key: str, make) -> list:
        return [make(entry, (key, i)) for i, entry in enumerate(self.docs[name].data[key])]

    def error(self, name: str, path: tuple, message: str, hint: str) -> None:
        doc = self.docs[name]
        self.run.errors.append(ContentError(doc.file, doc.line_of(path), dotted(path), message, hint))

    def read(self) -> dict | None:
        before = len(self.run.errors)
        simple = {
            "domains": self.terms("domains", "domains",
                                  lambda e, _: Domain(**_base(e), enabled=e.get("enabled", True))),
            "topics": self.terms("topics", "topics", lambda e, _: Topic(**_base(e))),
            "channels": self.terms("channels", "channels",
                                   lambda e, _: Channel(**_base(e), board=e.get("board", False))),
            "power_types": self.terms("power_types", "power_types", lambda e, _: PowerType(**_base(e))),
            "four_ways": self.terms("four_ways", "four_ways", lambda e, _: FourWay(**_base(e))),
            "interpretation_forms": self.terms("interpretation_forms", "forms", lambda e, _: InterpretationForm(
                **_base(e), requires=e.get("requires", ""))),
            "place_kinds": self.terms("place_kinds", "place_kinds", lambda e, _: PlaceKind(**_base(e))),
            "posting_kinds": self.terms("postings", "kinds", self.posting_kind),
        }
        disclosures = self.terms("categories", "disclosures", lambda e, _: Disclosure(**_base(e)))
        categories = self.categories(disclosures)
        self.kinds = Vocabulary(simple["place_kinds"])
        levels = self.terms("levels", "levels", self.level)
        places = self.places()
        found = {**simple, "disclosures": disclosures, "categories": categories, "levels": levels}
        where = {"posting_kinds": ("postings", "kinds"), "disclosures": ("categories", "disclosures"),
                 "interpretation_forms": ("interpretation_forms", "forms")}
        for name, entries in found.items():
            file, key = where.get(name, (name, name))
            check_unique(self.run, self.docs[file], [(t, (key, i)) for i, t in enumerate(entries)])
        check_unique(self.run, self.docs["places"], places, names_too=False)
        if len(self.run.errors) > before:
            return None
        self.levels_cover(places, levels)
        return {**{name: Vocabulary(entries) for name, entries in found.items()},
                "places": Vocabulary([p for p, _ in places])}

    def categories(self, disclosures: list[Disclosure]) -> list[Category]:
        by_id = {d.id: d for d in disclosures}

        def category(entry: dict, path: tuple) -> Category:
            disclosure = by_id.get(entry["disclosure"])
            if disclosure is None:
                self.error("categories", path + ("disclosure",), f"“{entry['disclosure']}”不是五公开之一。",
                           "写 disclosures 里的编号之一：" + "、".join(by_id) + "。")
            return Category(**_base(entry), disclosure=disclosure, guide_required=entry.get("guide_required", False),
                            stale_after_days=entry.get("stale_after_days"), review_days=entry.get("review_days"),
                            interpretations=entry.get("interpretations", False),
                            report_row=entry.get("report_row", ""))

        categories = self.terms("categories", "categories", category)
        self.interpretation_role(categories)
        return categories

    def kind(self, name: str, value: str, path: tuple) -> PlaceKind | None:
        found = self.kinds.resolve(value)
        if found is None:
            self.error(name, path, *unknown_term(self.kinds, value, "地点类型", taxonomy_file("place_kinds")))
        return found

    def level(self, entry: dict, path: tuple) -> Level:
        found = (self.kind("levels", k, path + ("place_kinds", j)) for j, k in enumerate(entry["place_kinds"]))
        return Level(**_base(entry), place_kinds=tuple(k for k in found if k is not None))

    def places(self) -> list[tuple[Place, tuple]]:
        """The place tree, depth first from the district, each with its path in places.yml."""
        places = []

        def walk(entry: dict, path: tuple, parent: str | None) -> None:
            places.append((Place(**_base(entry), kind=self.kind("places", entry["kind"], path + ("kind",)),
                                 parent=parent), path))
            for i, child in enumerate(entry.get("children", [])):
                walk(child, path + ("children", i), entry["id"])

        walk(self.docs["places"].data["district"], ("district",), None)
        return places

    def posting_kind(self, entry: dict, path: tuple) -> PostingKind:
        rule = None
        if "period_rule" in entry:
            rule = timelimits.parse_time_limit(entry["period_rule"])
            if rule is None or rule.rule != timelimits.RULE_PUBLICITY:
                self.error("postings", path + ("period_rule",), f"看不懂公示期要求“{entry['period_rule']}”。",
                           "写成“公示7个工作日”或“公示5日”。")
                rule = None
        return PostingKind(**_base(entry), period_rule=rule)

    def interpretation_role(self, categories: list[Category]) -> None:
        """Exactly one category holds the policy interpretations: they are filed under it."""
        doc = self.docs["categories"]
        marked = [(i, c) for i, c in enumerate(categories) if c.interpretations]
        if not marked:
            self.run.errors.append(ContentError(
                doc.file, doc.line_of(("categories",)), "categories", "没有标明政策解读归入哪一类。",
                "在收录政策解读的那一类（如“政策解读”）后面加上 interpretations: true，只能标一类。"))
        for i, other in marked[1:]:
            path = ("categories", i, "interpretations")
            self.run.errors.append(ContentError(
                doc.file, doc.line_of(path), dotted(path),
                f"“{other.name}”和“{marked[0][1].name}”都标了 interpretations: true。",
                "政策解读只能归入一类：只在其中一类写 interpretations: true，删去其他的。"))

    def levels_cover(self, places: list, levels: list[Level]) -> None:
        """A place whose kind no level covers has an empty board: publishable, but surely an oversight."""
        doc = self.docs["places"]
        covered = {k for level in levels for k in level.place_kinds}
        for place, path in places:
            if place.kind not in covered:
                self.run.warnings.append(ContentError(
                    doc.file, doc.line_of(path + ("kind",)), dotted(path + ("kind",)),
                    f"地点类型“{place.kind.name}”不属于任何公开层级，{place.name}的公开栏上不会有公开事项。",
                    f"在 catalog/{taxonomy_file('levels')} 里把它写进某一层级的 place_kinds。"))


def check_unique(run, doc: Document, entries: list, names_too: bool = True) -> None:
    """Ids must be unique; an id, name or alias must not point at two entries."""
    ids: set[str] = set()
    owners: dict[str, str] = {}
    for term, path in entries:
        if term.id in ids:
            run.errors.append(ContentError(
                doc.file, doc.line_of(path + ("id",)), dotted(path + ("id",)),
                f"编号“{term.id}”重复。", "每个条目的编号必须不同，网址由编号生成。"))
        ids.add(term.id)
        if not names_too:
            continue
        for what, key in [("id", term.id), ("name", term.name), *(("aliases", a) for a in term.aliases)]:
            owner = owners.setdefault(normalise_term(key), term.id)
            if owner != term.id:
                run.errors.append(ContentError(
                    doc.file, doc.line_of(path + (what,)), dotted(path + (what,)),
                    f"“{key}”已经是“{owner}”的编号、名称或别名。",
                    "同一个文件里，编号、名称和别名都不能重复，否则无法判断指的是哪一个。"))


