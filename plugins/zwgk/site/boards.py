"""Bulletin boards (政务公开栏): what each town's, village's and community's board shows on the
build date. The web page and the printed PDF read the same board, made once per build.
Imports the content model and addresses.
"""

from __future__ import annotations

from ..content.model import Catalog, Item
from .addresses import BULLETINS_INDEX, bulletin_uri, handbook_pdf, item_uri, public_url
from .halls import board_halls, town_of
from .tables import catalog_order


def bulletin_places(catalog: Catalog) -> list:
    """Every town, office, village and community: each has a board."""
    return [p for p in catalog.places if p.parent is not None]


def board_items(catalog: Catalog, place) -> list[Item]:
    """Items disclosed at the place's level through the bulletin-board channel."""
    return _board_items(catalog, catalog.level_of(place))


def _board_items(catalog: Catalog, level) -> list[Item]:
    return sorted((i for i in catalog.items if level in i.levels and any(c.board for c in i.channels)),
                  key=lambda i: (i.domain.id, *catalog_order(i)))


def bulletin(catalog: Catalog, place, site_url: str, items: dict | None = None) -> dict:
    """What one place's board shows on the build date: current postings, then its items.
    ``items``: the entries of each level's items, shared by the boards of that level."""
    current = catalog.postings_of(place)  # the catalog holds only postings within their 公示期
    parent = catalog.places.by_id.get(place.parent)
    level = catalog.level_of(place)
    entries = (items or {}).get(level)
    if entries is None:
        entries = _item_entries(catalog, level, site_url)
    return {
        "place": place, "parent": parent, "level": level, "build_date": catalog.build_date,
        "postings": current,
        "items": entries,
        "board_url": public_url(site_url, bulletin_uri(place)),
        "index_uri": BULLETINS_INDEX,
        "district": catalog.district,
        "halls": board_halls(catalog, place),  # where to go: its own hall and the one above
        "handbook": handbook_pdf(town_of(catalog, place)) if town_of(catalog, place) else "",
    }


def _item_entries(catalog: Catalog, level, site_url: str) -> list[dict]:
    return [{"item": i, "uri": item_uri(i), "url": public_url(site_url, item_uri(i))}
            for i in _board_items(catalog, level)]


def boards(catalog: Catalog, site_url: str) -> dict[str, dict]:
    """Every place's board by place id, in the order of the places."""
    places = bulletin_places(catalog)
    # every board of a level shows the same items: found once per level, not by a pass over every
    # item for each place (400 places × 10,000 items were four million checks), and one list for all
    items = {level: _item_entries(catalog, level, site_url)
             for level in dict.fromkeys(catalog.level_of(place) for place in places)}
    return {place.id: bulletin(catalog, place, site_url, items) for place in places}
