"""Addresses: every page's source path, every URL and every folder of the built site.

A page's address follows its record's id, never its title (printed QR codes keep working when a
title changes). Views, outputs and the adapter name pages and files only through this module.
Imports the content model only.
"""

from __future__ import annotations

from ..content.layout import INTERPRETATIONS_DIR, REPORTS_DIR
from ..content.model import Category, Document, Domain, Item, Level

DOMAINS_INDEX = "domains/index.md"
EDITORS_DIR = "help"  # the editors' guide and field reference: built only for editors (see plan.py)
FIELDS_PAGE = f"{EDITORS_DIR}/fields.md"
SEARCH_PAGE = "search.md"
DATA_PAGE = "xxgk/data.md"
DISCLOSURES_INDEX = "disclosures/index.md"
INTERPRETATIONS_INDEX = f"{INTERPRETATIONS_DIR}/index.md"  # beside the editors' interpretations
LISTS_INDEX = "lists/index.md"
MAX_ONE_VISIT = "lists/max-one-visit.md"
FOUR_WAYS = "lists/four-ways.md"
CERTIFICATES = "lists/certificates.md"
POWERS_INDEX = "lists/powers/index.md"
XXGK_INDEX = "xxgk/index.md"
XXGK_GUIDE = "xxgk/guide.md"
XXGK_RULES = "xxgk/zhidu/index.md"  # hand-written
XXGK_STATUTORY = "xxgk/fdzdgknr.md"
APPLY_PAGE = "xxgk/ysqgk/index.md"  # 依申请公开: how to apply, what happens next, the forms
APPLICANTS = {"gongmin": "公民", "faren": "法人或者其他组织"}  # the two 申请表, by their address
INTERACTION_PAGE = "hudong.md"  # 互动交流: the hotline and message platforms site.yml names
REPORTS_INDEX = f"{REPORTS_DIR}/index.md"  # beside the editors' reports
BULLETINS_INDEX = "bulletins/index.md"
HALLS_INDEX = "halls/index.md"  # 办事大厅: where to go, the “1+N” halls by town
PDF_DIR = "bulletins/pdf"  # inside the site dir
SITE_FEED = "feed.xml"  # Atom feed of the whole site
DATA_DIR = "data"  # open data: data/<dataset>.json|csv|schema.json
INDEX_DIR = "pagefind"  # the search index, loaded by the search page
SEARCH_WORDS = "search/words.json"  # residents' words, suggestions and character tables for the search page
SEARCH_TITLES = "search/titles.bin"  # the item titles the search page suggests, gzipped
ASSETS_DIR = "assets/zwgk"  # our scripts and styles


def written_after_render(uri: str) -> bool:
    """Files written after the pages (PDFs, table downloads, open data, the search page's words):
    pages link them by path."""
    return uri.startswith((PDF_DIR + "/", DOWNLOADS_DIR + "/", DATA_DIR + "/")) or uri in (SEARCH_WORDS, SEARCH_TITLES)


def item_uri(item: Item) -> str:
    """The source path of an item page; its URL follows the id, never the title."""
    return f"items/{item.id}.md"


def domain_uri(domain: Domain) -> str:
    return f"domains/{domain.id}.md"


DOWNLOADS_DIR = "downloads"


def download_path(name: str, extension: str) -> str:
    """The official table of a domain or level as a download (xlsx, csv)."""
    return f"{DOWNLOADS_DIR}/{name}.{extension}"


def hall_uri(hall) -> str:
    """A service hall's page: its id names it (printed handbooks point here)."""
    return f"halls/{hall.id}.md"


def leaflet_pdf(domain: Domain) -> str:
    """A domain's 办事指南 leaflet, written with the other downloads after the render."""
    return download_path(f"zhinan-{domain.id}", "pdf")


def department_leaflet_pdf(key: str) -> str:
    """A department's 办事指南 leaflet (``key``: its organization id in site.yml)."""
    return download_path(f"zhinan-bumen-{key}", "pdf")


def handbook_pdf(town) -> str:
    """A town's handbook (一册在手) of everything its 便民服务中心 handles."""
    return download_path(f"shouce-{town.id}", "pdf")


def apply_form_uri(applicant: str) -> str:
    """The printable 申请表 of an applicant kind (gongmin, faren)."""
    return f"xxgk/ysqgk/{applicant}.md"


def apply_form_pdf(applicant: str) -> str:
    """The 申请表 as an A4 PDF: written after the render, like the other downloads."""
    return download_path(f"ysqgk-shenqingbiao-{applicant}", "pdf")


def site_path(src_uri: str) -> str:
    """A page's path from the site root, as the theme links it (xxgk/guide.md → xxgk/guide/)."""
    return public_url("", src_uri).lstrip("/")


def document_uri(document: Document) -> str:
    return f"documents/{document.id}.md"


def category_uri(category: Category, page: int = 1) -> str:
    return f"categories/{category.id}.md" if page == 1 else f"categories/{category.id}/{page}.md"


def category_feed_uri(category: Category) -> str:
    """The category's Atom feed (written by feeds.py), beside its first page."""
    return f"categories/{category.id}/feed.xml"


def disclosure_uri(disclosure) -> str:
    return f"disclosures/{disclosure.id}.md"


def level_uri(level: Level, domain: Domain | None = None) -> str:
    """A level's overview, or its items of one domain (one page a domain keeps pages small)."""
    return f"levels/{level.id}.md" if domain is None else f"levels/{level.id}/{domain.id}.md"


def powers_uri(power_type) -> str:
    """A power type's page of the 权责清单: its id (catalog/taxonomy/power_types.yml) names it."""
    return f"lists/powers/{power_type.id}.md"


def bulletin_uri(place) -> str:
    return f"bulletins/{place.id}.md"


def pdf_path(place, size: str = "A4") -> str:
    """Where a place's bulletin PDF lives in the site (A3 copies get their own name)."""
    return f"{PDF_DIR}/{place.id}.pdf" if size == "A4" else f"{PDF_DIR}/{place.id}-{size.lower()}.pdf"


def public_url(site_url: str, src_uri: str) -> str:
    """The absolute address of a page, as printed in QR codes (directory URLs)."""
    path = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    path = "" if path == "index" else (path[: -len("/index")] + "/" if path.endswith("/index") else path + "/")
    return site_url.rstrip("/") + "/" + path


def record_uri(record) -> str:
    if isinstance(record, Item):
        return item_uri(record)
    if isinstance(record, Document):
        return document_uri(record)
    return record.src_uri


def annual_report_download(report, extension: str) -> str:
    return download_path(f"nianbao-{report.year}", extension)
