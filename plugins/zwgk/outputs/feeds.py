"""Atom feeds of new and changed records: one for the whole site, one per information category.

Dates come from the records themselves (published, or 形成或变更日期 when later) and their git
history (the latest change, whose note is the entry's summary), never from the build clock, so
the same commit gives the same feed bytes.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from ..site.addresses import public_url
from ..site.entries import Entry
from ..site.plan import Site
from .render import chinese_date

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"  # Beijing time; records carry dates, not times


def _publisher(entry: Entry) -> str:
    publisher = getattr(entry.record, "publisher", "")
    return getattr(publisher, "name", publisher) or ""


def atom(title: str, feed_path: str, site_url: str, page_uri: str, found: list[Entry]) -> bytes:
    """One Atom document of the newest ``FEED_SIZE`` records in ``found``."""
    newest = sorted(found, key=lambda e: (-e.changed_on.toordinal(), e.uri))[:FEED_SIZE]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    feed_url = site_url.rstrip("/") + "/" + feed_path
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_url
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=feed_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=public_url(site_url, page_uri))
    last = max((e.changed_on for e in newest), default=dt.date(2000, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(last)
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = title.split("·")[0].strip()
    for entry in newest:
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = public_url(site_url, entry.uri)
        ET.SubElement(node, f"{{{ATOM}}}id").text = url
        ET.SubElement(node, f"{{{ATOM}}}title").text = entry.title
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", href=url)
        ET.SubElement(node, f"{{{ATOM}}}published").text = _stamp(entry.date)
        ET.SubElement(node, f"{{{ATOM}}}updated").text = _stamp(entry.changed_on)
        ET.SubElement(node, f"{{{ATOM}}}category", term=entry.category.name)
        if entry.update is not None and entry.update.date == entry.changed_on:  # an update: what changed
            summary = f"{chinese_date(entry.update.date)}更新：{entry.update.note}"
        else:
            summary = "｜".join(f for f in (entry.kind, entry.category.name, _publisher(entry), entry.note) if f)
        ET.SubElement(node, f"{{{ATOM}}}summary").text = summary
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def feeds(site: Site) -> dict[str, bytes]:
    """Every feed of the plan by its path in the site dir."""
    return {feed.path: atom(feed.title, feed.path, site.settings.site_url, feed.page_uri, list(feed.entries))
            for feed in site.feeds}
