"""The site plan: everything the site publishes, decided once from the Catalog and the settings.

The MkDocs adapter, ``zwgk pdf``, the exports and ``zwgk check`` read the plan and never recompute
it: every generated page with its address, body data and flags; the date each page shows; the
boards (the web page and the PDF read the same board); the printed guides (leaflets and town
handbooks, read by the PDF writer); the feeds; the hand-written pages and the
files they publish; the pages left out of this build (the editors' pages, outside the preview);
what every page's header and footer show (the website marks); and the verdict on what must stop
publishing (personal data, front matter MkDocs cannot read, files that must not be published,
missing website marks in a public build). Imports the content layer and the site's views; nothing
from MkDocs.

Preview or production: ``settings.preview`` is true only under ``mkdocs serve`` (the editors'
preview). Every build and ``zwgk check`` are production: the editors' pages are left out and a
missing website mark stops publishing; in the preview the editors' pages are built and a missing
mark is a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..content.errors import ContentError
from ..content.history import Change, Tracked, histories, on_request
from ..content.layout import POSTINGS_DIR, SITE_FILE, in_folder
from ..content.model import Catalog
from ..content.pages import Page, content_pages, front_matter_errors, git_dates, git_file_date
from ..content.privacy import personal_data
from ..content.published import PublishedFiles, docs_uri, published_files
from ..content.settings import Settings
from ..content.website import PARTY_MARK_REGISTRY, mark_files
from .addresses import (
    APPLY_PAGE,
    EDITORS_DIR,
    FIELDS_PAGE,
    INTERACTION_PAGE,
    SITE_FEED,
    XXGK_GUIDE,
    category_feed_uri,
    category_uri,
    document_uri,
    item_uri,
    site_path,
)
from .boards import boards
from .entries import Entry, Listing, record_dates, search_filters
from .halls import handbooks, leaflets
from .views import PageSpec, home, home_date, site_pages

HOME_VIEW = "home"  # a hand-written page with `zwgk_view: home` is the home page
ICP_REGISTRY = "https://beian.miit.gov.cn/"
POLICE_REGISTRY = "https://beian.mps.gov.cn/#/query/webSearch?code="


@dataclass(frozen=True)
class Feed:
    """An Atom feed: where it is written, its title, the page it stands for and its records."""

    path: str
    title: str
    page_uri: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Site:
    settings: Settings
    catalog: Catalog
    listing: Listing
    pages: dict[str, PageSpec] = field(compare=False)  # by source path, in a stable order
    boards: dict[str, dict] = field(compare=False)  # place id → its board
    feeds: tuple[Feed, ...]
    hand_pages: tuple[Page, ...]
    files: PublishedFiles
    front_matter: tuple[ContentError, ...]  # hand-written pages MkDocs would print as text
    personal_data: tuple[ContentError, ...]  # full ID and mobile numbers in anything published, attachments too
    home: dict = field(compare=False)  # what the home page shows below the editors' text
    record_dates: dict[str, dt.date] = field(compare=False)
    newest: dt.date | None = None
    git_dates: dict[str, dt.date] = field(default_factory=dict, compare=False)
    view_dates: dict[str, dt.date] = field(default_factory=dict, compare=False)  # the home page's
    left_out: frozenset[str] = frozenset()  # the editors' pages, when this build is not for editors
    identity: tuple[ContentError, ...] = ()  # required website marks that site.yml lacks
    chrome: dict = field(default_factory=dict, compare=False)  # what every page's header and footer show
    personal_data_warnings: tuple[ContentError, ...] = ()  # bank card numbers, files whose text cannot be read
    history: dict[str, tuple[Change, ...]] = field(default_factory=dict, compare=False)  # 更新记录 by page
    history_warning: ContentError | None = None  # git history could not be read: records' dates used
    search_filters: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)  # by page
    guides: tuple[dict, ...] = field(default=(), compare=False)  # printed leaflets and handbooks (halls.py)

    def date_of(self, src_uri: str, generated: bool) -> dt.date | None:
        """The date a page shows and the sitemap's <lastmod>, always from records where a page has
        them: a record's page its record's; a list the newest record it lists; the home page the
        newest record of its 最新信息; pages made from site.yml that file's last commit; only
        hand-written pages the file's last git commit."""
        day = self.record_dates.get(src_uri)
        spec = self.pages.get(src_uri)
        if day is None and spec is not None and (generated or not spec.fallback):
            day = spec.date
        if day is None:
            day = self.view_dates.get(src_uri)
        if day is None and not generated and (spec is None or not spec.generated or spec.fallback):
            day = self.git_dates.get(src_uri)
        return day

    @property
    def home_uri(self) -> str | None:
        """The hand-written page that shows the home view (content/index.md in the demo)."""
        return next((p.src_uri for p in self.hand_pages if p.meta.get("zwgk_view") == HOME_VIEW), None)

    @property
    def public(self) -> bool:
        """A build the public gets (every build and `zwgk check`), not the editors' preview."""
        return not self.settings.preview

    @property
    def problems(self) -> list[ContentError]:
        """What stops publishing, all at once: front matter, personal data, unpublishable files,
        and in a public build the missing website marks."""
        identity = self.identity if self.public else ()
        return sorted({*self.front_matter, *self.personal_data, *self.files.errors, *identity})


def plan_site(catalog: Catalog, settings: Settings) -> Site:
    """The plan of the whole site. Reads the hand-written pages and git once; everything else
    comes from the Catalog."""
    hand = tuple(content_pages(catalog, settings.docs_dir, settings.root))
    left_out = frozenset() if settings.for_editors else frozenset(
        {FIELDS_PAGE} | {p.src_uri for p in hand if in_folder(p.src_uri, EDITORS_DIR)})
    public_hand = tuple(p for p in hand if p.src_uri not in left_out)
    history, history_warning = _history(catalog, public_hand, settings)
    listing = Listing.of(catalog, {uri: changes[0] for uri, changes in history.items()
                                   if changes and not changes[0].first})
    board_of = boards(catalog, settings.site_url)
    config_date = _not_after(git_file_date(settings.root, settings.catalog_dir / SITE_FILE), settings.build_date)
    guides = tuple(leaflets(catalog, settings.site_url) + handbooks(catalog, settings.site_url))
    pages = site_pages(catalog, listing, board_of, pdfs=settings.bulletin_pdfs, search=settings.search_index,
                       preview=settings.preview, editors=settings.for_editors, config_date=config_date,
                       guides=guides)
    website = catalog.site.website if catalog.site else {}
    files = published_files(catalog, public_hand, settings.docs_dir, settings.root, document_uri,
                            set(settings.configured_files) | mark_files(website))
    dates, newest = record_dates(catalog, listing)
    home_view = home(catalog, listing)
    day = home_date(home_view)
    view_dates = {p.src_uri: day for p in hand if p.meta.get("zwgk_view") == HOME_VIEW and day}
    spec_of = {p.src_uri: p for p in pages}
    personal = personal_data(catalog, hand, settings.root, settings.catalog_dir, settings.docs_dir, files.uris)
    return Site(
        settings=settings, catalog=catalog, listing=listing, pages=spec_of,
        boards=board_of, feeds=_feeds(catalog, listing, settings.site_name), hand_pages=hand, files=files,
        front_matter=tuple(front_matter_errors(hand)), personal_data=personal.errors,
        personal_data_warnings=personal.warnings,
        home=home_view, record_dates=dates, newest=newest,
        git_dates={uri: _not_after(day, settings.build_date) for uri, day in
                   git_dates(settings.root, settings.docs_dir).items()},
        view_dates=view_dates, left_out=left_out,
        identity=catalog.site.identity_gaps if catalog.site else (), chrome=chrome(website, spec_of),
        history=history, history_warning=history_warning, search_filters=search_filters(catalog, listing),
        guides=guides)


def _history(catalog: Catalog, hand: tuple[Page, ...], settings: Settings,
             ) -> tuple[dict[str, tuple[Change, ...]], ContentError | None]:
    """The 更新记录 of every item, document, interpretation and hand-written page (not postings,
    which come down after their 公示期, nor the home page), by page; git is read once."""
    pages = {item_uri(i): Tracked(i.source.file, i.published_date, i.change_note, i.formed_date)
             for i in catalog.items}
    pages |= {document_uri(d): Tracked(d.source.file, d.published_date, d.change_note, on_request=on_request(d))
              for d in catalog.documents}
    pages |= {i.src_uri: Tracked(i.source.file, i.published_date, i.change_note) for i in catalog.interpretations}
    records = {p.src_uri for p in catalog.postings} | set(pages)
    reports = {r.src_uri: r.published_date for r in catalog.reports}  # first published on their date
    pages |= {p.src_uri: Tracked(p.file, reports.get(p.src_uri), str(p.meta.get("change_note") or "").strip(),
                                 record=False)
              for p in hand if p.src_uri not in records and not in_folder(p.src_uri, POSTINGS_DIR)
              and p.meta.get("zwgk_view") != HOME_VIEW and not p.errors}
    allowed = catalog.site.allowed_numbers if catalog.site else ()
    found = histories(settings.root, list(pages.values()), settings.build_date,
                      [settings.catalog_dir, settings.docs_dir], allowed)
    return {uri: found.changes.get(t.file, ()) for uri, t in pages.items()}, found.warning


def _tel(phones: str) -> str:
    """A tel: link to the first of the numbers an office writes ("0379-1、0379-2")."""
    first = re.split(r"[、，,/;；\s]+", phones.strip(), maxsplit=1)[0]
    digits = re.sub(r"[^0-9+]", "", first)
    return f"tel:{digits}" if digits else ""


def _not_after(day: dt.date | None, limit: dt.date) -> dt.date | None:
    """A commit date as of the build date: a site judged on a fixed day (the demo, a rebuild of the
    past) never shows a page as changed after that day."""
    return min(day, limit) if day else day


def chrome(website: dict, pages: dict[str, PageSpec]) -> dict:
    """What the header and footer of every page show: the website marks with the registries they
    link to, the 网上办事 and 互动交流 entries, and the site's own pages on applying and contact.
    Paths are from the site root (the theme makes them relative to each page)."""
    police = website.get("police") or ""
    digits = "".join(ch for ch in police if ch.isdigit())
    image = {k: docs_uri(website[k]) for k in ("party_mark", "logo") if website.get(k)}
    return {
        **{k: website.get(k) or "" for k in ("sponsor", "operator", "address", "postcode", "phone", "email",
                                              "site_code", "icp", "police")},
        "phone_link": _tel(website.get("phone") or ""),
        "icp_url": ICP_REGISTRY,
        "police_url": POLICE_REGISTRY + digits if digits else "",
        "party_mark": image.get("party_mark") or "",
        "party_mark_url": website.get("party_mark_url") or PARTY_MARK_REGISTRY,
        "logo": image.get("logo") or "",
        "services": list(website.get("services") or ()),
        "interaction": list(website.get("interaction") or ()),
        "links": {name: site_path(uri) for name, uri in (("guide", XXGK_GUIDE), ("apply", APPLY_PAGE),
                                                          ("interaction", INTERACTION_PAGE)) if uri in pages},
    }


def _feeds(catalog: Catalog, listing: Listing, site_name: str) -> tuple[Feed, ...]:
    """The whole site's feed and one per information category."""
    found = [Feed(SITE_FEED, f"{site_name} · 最新信息", "index.md", listing.entries)]
    found += [Feed(category_feed_uri(c), f"{site_name} · {c.name}", category_uri(c), listing.by_category[c.id])
              for c in catalog.categories]
    return tuple(found)
