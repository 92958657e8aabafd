"""The site plan: everything the site publishes, decided once from the Catalog and the settings.

The MkDocs adapter, ``zwgk pdf``, the exports and ``zwgk check`` read the plan and never recompute
it: every generated page with its address, body data and flags; the date each page shows; the
boards (the web page and the PDF read the same board); the feeds; the hand-written pages and the
files they publish; and the verdict on what must stop publishing (personal data, front matter
MkDocs cannot read, files that must not be published). Imports the content layer and the site's
views; nothing from MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..content.errors import ContentError
from ..content.model import Catalog
from ..content.pages import Page, content_pages, front_matter_errors, git_dates
from ..content.privacy import personal_data
from ..content.published import PublishedFiles, published_files
from ..content.settings import Settings
from .addresses import SITE_FEED, category_feed_uri, category_uri, document_uri
from .boards import boards
from .entries import Entry, Listing, record_dates
from .views import PageSpec, home, site_pages


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
    personal_data_warnings: tuple[ContentError, ...] = ()  # bank card numbers, files whose text cannot be read

    def date_of(self, src_uri: str, generated: bool) -> dt.date | None:
        """The date a page shows and the sitemap's <lastmod>: its record's; the newest record's for
        a generated list; else the file's last git commit."""
        day = self.record_dates.get(src_uri)
        if day is None and generated and src_uri in self.pages:
            day = self.newest
        return day or self.git_dates.get(src_uri)

    @property
    def problems(self) -> list[ContentError]:
        """What stops publishing, all at once: front matter, personal data, unpublishable files."""
        return sorted({*self.front_matter, *self.personal_data, *self.files.errors})


def plan_site(catalog: Catalog, settings: Settings) -> Site:
    """The plan of the whole site. Reads the hand-written pages and git once; everything else
    comes from the Catalog."""
    listing = Listing.of(catalog)
    board_of = boards(catalog, settings.site_url)
    pages = site_pages(catalog, listing, board_of, pdfs=settings.bulletin_pdfs, search=settings.search_index,
                       preview=settings.preview)
    hand = tuple(content_pages(catalog, settings.docs_dir, settings.root))
    files = published_files(catalog, hand, settings.docs_dir, settings.root, document_uri, settings.configured_files)
    dates, newest = record_dates(catalog, listing)
    personal = personal_data(catalog, hand, settings.root, settings.catalog_dir, settings.docs_dir, files.uris)
    return Site(
        settings=settings, catalog=catalog, listing=listing, pages={p.src_uri: p for p in pages},
        boards=board_of, feeds=_feeds(catalog, listing, settings.site_name), hand_pages=hand, files=files,
        front_matter=tuple(front_matter_errors(hand)), personal_data=personal.errors,
        personal_data_warnings=personal.warnings,
        home=home(catalog, listing), record_dates=dates, newest=newest,
        git_dates=git_dates(settings.root, settings.docs_dir))


def _feeds(catalog: Catalog, listing: Listing, site_name: str) -> tuple[Feed, ...]:
    """The whole site's feed and one per information category."""
    found = [Feed(SITE_FEED, f"{site_name} · 最新信息", "index.md", listing.entries)]
    found += [Feed(category_feed_uri(c), f"{site_name} · {c.name}", category_uri(c), listing.by_category[c.id])
              for c in catalog.categories]
    return tuple(found)
