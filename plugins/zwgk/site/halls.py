"""Where to go: the service halls' pages, what item pages and boards say about them, the district
schematic drawn from the place tree, and the printed guides (a 办事指南 leaflet per domain and per
department, a handbook “一册在手” per town) planned from the same data. Pure data: no HTML.
Imports the content model and the site's addresses.
"""

from __future__ import annotations

import hashlib
import math
from itertools import groupby
from urllib.parse import quote

from ..content.model import Catalog, Domain, Hall, HallRef, Item, Place
from .addresses import (
    HALLS_INDEX,
    domain_uri,
    hall_uri,
    handbook_pdf,
    item_uri,
    leaflet_pdf,
    public_url,
    department_leaflet_pdf,
)
from .tables import catalog_order


def map_links(hall: Hall) -> list[tuple[str, str]]:
    """Links that open the hall in a map app (never an embedded map: no outside requests). With
    coordinates (GCJ-02) a marker; without, a search for the address."""
    name = quote(hall.name)
    if hall.coordinates:
        lat, lng = hall.coordinates
        return [
            ("高德地图", f"https://uri.amap.com/marker?position={lng},{lat}&name={name}&coordinate=gaode"),
            ("百度地图", f"https://api.map.baidu.com/marker?location={lat},{lng}&title={name}"
                         f"&content={quote(hall.address)}&coord_type=gcj02&output=html"),
            ("腾讯地图", f"https://apis.map.qq.com/uri/v1/marker?marker=coord:{lat},{lng};title:{name}"),
        ]
    address = quote(hall.address)
    return [
        ("高德地图", f"https://uri.amap.com/search?keyword={address}"),
        ("百度地图", f"https://api.map.baidu.com/geocoder?address={address}&output=html"),
        ("腾讯地图", f"https://apis.map.qq.com/uri/v1/search?keyword={address}"),
    ]


def town_of(catalog: Catalog, place: Place) -> Place | None:
    """The town or 街道 a place belongs to (itself for a town; None for the district)."""
    while place is not None and place.parent is not None:
        parent = catalog.places.by_id[place.parent]
        if parent.parent is None:
            return place
        place = parent
    return None


def _halls(catalog: Catalog) -> list[Hall]:
    return list(catalog.halls or ())


def ref_view(catalog: Catalog, ref: HallRef) -> dict:
    """One line of an item's 办理地点: the hall (or each hall of a level), its window, hours."""
    halls = ref.halls_in(_halls(catalog))
    if ref.hall is not None:
        hall = ref.hall
        return {"name": hall.name, "uri": hall_uri(hall), "window": ref.window_name,
                "anchor": "", "address": hall.address, "hours": hall.hours.lines, "phone": hall.phone,
                "note": ref.note, "halls": halls}
    sample = halls[0] if halls else None
    # the rules every hall of the level keeps; where one differs, its own page says so
    shared = [line for line in sample.hours.lines if all(line in h.hours.lines for h in halls)] if sample else []
    if sample and sample.hours.regular not in shared:  # not even the days and times are the same
        shared = ["各大厅办公时间不一，请看各大厅页面"]
    elif shared and any(len(h.hours.lines) != len(shared) for h in halls):
        shared.append("个别大厅另有安排，见各大厅页面")
    return {"name": ref.place_name, "uri": HALLS_INDEX,
            "anchor": f"level-{ref.level.id}", "window": ref.window_name, "address": "",
            "hours": tuple(shared), "phone": "", "note": ref.note, "halls": halls}


def item_halls(catalog: Catalog, item: Item) -> list[dict]:
    return [ref_view(catalog, ref) for ref in item.guide.halls] if item.guide else []


def _by_domain(catalog: Catalog, entries: list[tuple[Item, HallRef]]) -> list[dict]:
    """Items grouped by domain in the catalog's order, each with how it is handled here."""
    order = {d.id: n for n, d in enumerate(catalog.domains)}
    entries = sorted(entries, key=lambda e: (order[e[0].domain.id], *catalog_order(e[0])))
    return [{"domain": domain, "uri": domain_uri(domain),
             "items": [{"item": i, "uri": item_uri(i), "ref": r, "window": r.window_name} for i, r in found]}
            for domain, found in ((d, list(g)) for d, g in groupby(entries, key=lambda e: e[0].domain))]


def hall_context(catalog: Catalog, hall: Hall, pdfs: bool) -> dict:
    """A hall's page: details, map links, the halls above and below it, its items by domain."""
    place = hall.place
    above = catalog.hall_of(catalog.places.by_id[place.parent]) if place.parent else None
    below = [h for c in catalog.children_of(place) if (h := catalog.hall_of(c))]
    town = town_of(catalog, place)
    handbook = handbook_pdf(town) if pdfs and town is not None and town == place else ""
    items = catalog.items_at(hall)
    return {"hall": hall, "map_links": map_links(hall), "above": above, "above_uri": hall_uri(above) if above else "",
            "below": [(h, hall_uri(h)) for h in below], "groups": _by_domain(catalog, items), "count": len(items),
            "handbook": handbook, "index_uri": HALLS_INDEX,
            "handbook_town": town.name if handbook else ""}


def halls_index(catalog: Catalog, pdfs: bool) -> dict:
    """/halls/: the district centre, then every town with its centre and stations, and the schematic."""
    district = catalog.district
    towns = []
    for town in catalog.children_of(district):
        centre = catalog.hall_of(town)
        stations = [(h, hall_uri(h)) for c in catalog.children_of(town) if (h := catalog.hall_of(c))]
        towns.append({"place": town, "centre": centre, "uri": hall_uri(centre) if centre else "",
                      "stations": stations, "handbook": handbook_pdf(town) if pdfs and centre else ""})
    centre = catalog.hall_of(district)
    return {"centre": centre, "centre_uri": hall_uri(centre) if centre else "", "towns": towns,
            "schematic": schematic(catalog), "count": len(_halls(catalog)),
            "levels": [(lv, [h for h in _halls(catalog) if h.level == lv]) for lv in catalog.levels]}


def schematic(catalog: Catalog, width: int = 720, height: int = 560) -> dict:
    """A district overview from the place tree (not a map): the district centre in the middle,
    the towns on a ring around it, each town's villages on a small ring around the town."""
    cx, cy = width / 2, height / 2
    towns = catalog.children_of(catalog.district)
    ring, small = min(width, height) * 0.36, 38
    nodes, lines = [], []
    for n, town in enumerate(towns):
        angle = 2 * math.pi * n / max(len(towns), 1) - math.pi / 2
        x, y = cx + ring * math.cos(angle), cy + ring * math.sin(angle)
        lines.append((round(cx, 1), round(cy, 1), round(x, 1), round(y, 1)))
        children = catalog.children_of(town)
        for m, village in enumerate(children):
            spread = math.pi * 0.9
            a = angle + (spread * (m / (len(children) - 1) - 0.5) if len(children) > 1 else 0)
            vx, vy = x + small * math.cos(a), y + small * math.sin(a)
            lines.append((round(x, 1), round(y, 1), round(vx, 1), round(vy, 1)))
            nodes.append({"x": round(vx, 1), "y": round(vy, 1), "kind": "station", "label": village.name,
                          "has_hall": catalog.hall_of(village) is not None})
        # the label sits inside the ring, towards the centre, so villages never cover it
        lx, ly = cx + (ring - 34) * math.cos(angle), cy + (ring - 34) * math.sin(angle)
        nodes.append({"x": round(x, 1), "y": round(y, 1), "kind": "centre", "label": town.name,
                      "lx": round(lx, 1), "ly": round(ly + 5, 1), "has_hall": catalog.hall_of(town) is not None})
    nodes.append({"x": round(cx, 1), "y": round(cy, 1), "kind": "district", "label": catalog.district.name,
                  "lx": round(cx, 1), "ly": round(cy + 34, 1), "has_hall": catalog.hall_of(catalog.district) is not None})
    return {"width": width, "height": height, "nodes": nodes, "lines": lines,
            "towns": len(towns), "stations": sum(1 for nd in nodes if nd["kind"] == "station")}


def board_halls(catalog: Catalog, place: Place) -> list[dict]:
    """What a board says about where to go: the place's own hall, then the one above it (a
    village's station and its town's centre; a town's centre and the district's)."""
    found = []
    for where in (place, catalog.places.by_id.get(place.parent) if place.parent else None):
        hall = catalog.hall_of(where) if where is not None else None
        if hall is not None:
            found.append({"hall": hall, "uri": hall_uri(hall)})
    return found


# ---------------------------------------------------------------- printed guides


def _guide_entry(catalog: Catalog, item: Item, site_url: str, town: Place | None = None) -> dict:
    """An item as a printed guide shows it: where (in a town's handbook, “each town centre” is that
    town's centre), the hours of each place named, and the address its QR code opens."""
    views = []
    for ref in item.guide.halls:
        if town is not None and ref.level is not None:
            centre = catalog.hall_of(town)
            if centre is not None and centre.level == ref.level:
                window = centre.window(ref.window) if ref.window else None
                ref = HallRef(hall=centre, window=ref.window, note=ref.note, window_name=window.name if window else "")
        view = ref_view(catalog, ref)
        if town is not None and ref.level is not None and ref.level.id == "village":
            view = {**view, "name": f"{town.name}各村（社区）便民服务站"}
        views.append(view)
    hours = []
    for view in views:
        if view["address"]:  # one hall: its regular and summer hours
            text = "；".join(line for line in view["halls"][0].hours.lines[:2])
        else:
            text = view["hours"][0] if view["hours"] else "见各大厅公告"
        if (view["name"], text) not in hours:
            hours.append((view["name"], text))
    return {"item": item, "url": public_url(site_url, item_uri(item)), "halls": views, "hours": hours}


def leaflets(catalog: Catalog, site_url: str) -> list[dict]:
    """A 办事指南 leaflet per domain (its service items), and one per department (the body that
    decides or carries out the items, as the guides name it)."""
    found = []
    for domain in catalog.active_domains:
        services = sorted((i for i in catalog.items_in(domain) if i.guide), key=catalog_order)
        if services:
            found.append({"kind": "domain", "path": leaflet_pdf(domain), "title": f"{domain.name}办事指南",
                          "subtitle": f"{catalog.district.name}{domain.name}领域 {len(services)} 个服务事项",
                          "domain": domain, "items": [_guide_entry(catalog, i, site_url) for i in services],
                          "district": catalog.district, "build_date": catalog.build_date})
    for department, services in departments(catalog):
        organization = catalog.organizations.resolve(department) if catalog.organizations else None
        key = organization.id if organization else hashlib.sha1(department.encode()).hexdigest()[:8]
        found.append({"kind": "department", "path": department_leaflet_pdf(key), "title": f"{department}办事指南",
                      "subtitle": f"{department} {len(services)} 个服务事项", "department": department,
                      "items": [_guide_entry(catalog, i, site_url) for i in services],
                      "district": catalog.district, "build_date": catalog.build_date})
    return found


def departments(catalog: Catalog) -> list[tuple[str, list[Item]]]:
    """Service items by the department that publishes them (公开主体), in name order."""
    services = sorted((i for i in catalog.items if i.guide), key=lambda i: (i.publisher, i.domain.id,
                                                                             *catalog_order(i)))
    return [(name, list(group)) for name, group in groupby(services, key=lambda i: i.publisher)]


def handbooks(catalog: Catalog, site_url: str) -> list[dict]:
    """Per town: everything its centre handles (一册在手), with the centre's and stations' details."""
    found = []
    order = {d.id: n for n, d in enumerate(catalog.domains)}
    for town in catalog.children_of(catalog.district):
        centre = catalog.hall_of(town)
        if centre is None:
            continue
        items = [i for i, _ in catalog.items_at(centre)]
        items.sort(key=lambda i: (order[i.domain.id], *catalog_order(i)))
        groups = [{"domain": d, "items": [_guide_entry(catalog, i, site_url, town) for i in g]}
                  for d, g in groupby(items, key=lambda i: i.domain)]
        stations = [h for c in catalog.children_of(town) if (h := catalog.hall_of(c))]
        found.append({"kind": "town", "path": handbook_pdf(town), "title": f"{town.name}便民服务手册",
                      "town": town, "centre": centre, "centre_map": map_links(centre), "stations": stations,
                      "district_centre": catalog.hall_of(catalog.district), "groups": groups,
                      "count": len(items), "district": catalog.district, "build_date": catalog.build_date})
    return found


def leaflet_links(catalog: Catalog, domain: Domain) -> str:
    """The domain page's link to its leaflet (only domains with service items have one)."""
    return leaflet_pdf(domain) if any(i.guide for i in catalog.items_in(domain)) else ""
