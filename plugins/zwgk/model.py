"""The typed, frozen Catalog that every view reads. Built only by ``catalog.build_catalog``."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .timelimits import Duration, TimeLimit

PLACE_KIND_NAMES = {
    "district": "区",
    "town": "镇",
    "subdistrict": "街道办事处",
    "village": "村",
    "community": "社区",
}


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


@dataclass(frozen=True)
class Level(Term):
    place_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Channel(Term):
    board: bool = False


@dataclass(frozen=True)
class Place(Term):
    kind: str = "village"
    parent: str | None = None  # parent place id

    @property
    def kind_name(self) -> str:
        return PLACE_KIND_NAMES[self.kind]


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
    location: str
    hours: str
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
    audience: str  # 全社会 | 特定群体
    disclosure: str  # 主动公开 | 依申请公开 (不予公开 never reaches a Catalog)
    levels: tuple[Level, ...]
    published_date: dt.date
    source: Source
    formed_date: dt.date | None = None
    max_one_visit: bool = False
    four_ways: tuple[str, ...] = ()
    guide: Guide | None = None
    notes: str = ""

    @property
    def title(self) -> str:
        return self.matter[-1]

    @property
    def mode(self) -> str:
        """公开方式 of the standard catalog, derived from 公开属性."""
        return "主动" if self.disclosure == "主动公开" else "依申请"

    @property
    def updated(self) -> dt.date:
        return max(d for d in (self.published_date, self.formed_date) if d)


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
    withheld: int = 0  # how many records visibility rules kept out (for the build log)
    _by_domain: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for item in self.items:
            self._by_domain.setdefault(item.domain.id, []).append(item)

    @property
    def active_domains(self) -> list[Domain]:
        return [d for d in self.domains if d.enabled]

    def items_in(self, domain: Domain) -> list[Item]:
        return list(self._by_domain.get(domain.id, ()))

    @property
    def district(self) -> Place:
        return next(p for p in self.places if p.kind == "district")
