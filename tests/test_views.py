"""The site room's views on the demo, in-process: what each generated page lists, counts and marks
(site/views.py, tables.py, entries.py, boards.py), checked against the catalog itself. How a page
renders through Material is checked once per page kind on the real build (test_build.py,
test_disclosure_views.py, test_bulletins.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import yaml

from conftest import DAY, ROOT, SITE_URL, demo_catalog, render
from zwgk.site import views
from zwgk.site.addresses import category_uri, disclosure_uri, item_uri, level_uri, public_url
from zwgk.site.boards import board_items, bulletin_places
from zwgk.site.entries import Listing, overview
from zwgk.site.tables import catalog_order, catalog_table
from zwgk.site.views import PAGE_SIZE


def pages_of(site, template: str) -> list:
    return [p for p in site.pages.values() if p.template == template]


def records_of(catalog, category) -> set[str]:
    """The addresses of every published record of ``category``, straight from the catalog."""
    found = {item_uri(i) for i in catalog.items if i.category == category}
    found |= {f"documents/{d.id}.md" for d in catalog.documents if d.category == category}
    if category == catalog.interpretation_category:
        found |= {i.src_uri for i in catalog.interpretations}
    return found


def test_demo_has_the_content_the_views_need():
    catalog = demo_catalog()
    assert len(catalog.documents) >= 60
    assert len(catalog.interpretations) >= 8
    assert {i.form.name for i in catalog.interpretations} == {"文字", "图解", "音频", "视频", "数据"}
    assert catalog.certificates and len(catalog.certificates.entries) == 25
    assert catalog.powers and len(catalog.powers.entries) >= 200
    assert len(catalog.reports) == 2
    assert all(Listing.of(catalog).by_category.values()), "every category has content in the demo"


# ---------------------------------------------------------------- lists of records


def test_listing_is_every_record_once_newest_first():
    catalog = demo_catalog()
    entries = Listing.of(catalog).entries
    uris = [e.uri for e in entries]
    assert len(uris) == len(set(uris)) == len(catalog.items) + len(catalog.documents) + len(catalog.interpretations)
    assert [(e.date, e.uri) for e in entries] == sorted(((e.date, e.uri) for e in entries),
                                                        key=lambda d: (-d[0].toordinal(), d[1]))
    kinds = Counter(e.kind for e in entries)
    assert kinds == {"事项": len(catalog.items), "文件": len(catalog.documents), "解读": len(catalog.interpretations)}


def test_every_category_page_lists_exactly_its_records_newest_first(demo_plan):
    catalog = demo_plan.catalog
    for category in catalog.categories:
        pages = [p for p in pages_of(demo_plan, "category.html") if p.context["category"] == category]
        assert pages[0].src_uri == category_uri(category)
        shown = [e for p in pages for e in p.context["entries"]]
        assert {e.uri for e in shown} == records_of(catalog, category), category.id
        assert len(shown) == len({e.uri for e in shown})  # none twice, none on two pages
        dates = [e.date for e in shown]
        assert dates == sorted(dates, reverse=True), category.id
        for n, page in enumerate(pages, start=1):
            assert page.context["page"] == n and page.context["total"] == len(shown)
            assert len(page.context["entries"]) == (PAGE_SIZE if n < len(pages) else len(shown) - PAGE_SIZE * (n - 1))
            assert page.context["page_uris"] == [p.src_uri for p in pages]


def test_a_long_category_pages_by_page_size_and_every_page_knows_the_others(demo_plan, monkeypatch):
    """The demo's categories fit on one page: with a page size of 4 the same records spread over several."""
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    catalog = demo_plan.catalog
    pages = views.site_pages(catalog, demo_plan.listing, demo_plan.boards)
    for category in catalog.categories:
        found = demo_plan.listing.by_category[category.id]
        chunks = [p for p in pages if p.template == "category.html" and p.context["category"] == category]
        assert len(chunks) == max(1, -(-len(found) // 4))
        assert [p.src_uri for p in chunks] == [category_uri(category, n) for n in range(1, len(chunks) + 1)]
        assert [e for p in chunks for e in p.context["entries"]] == list(found)
        assert all(p.context["page_uris"] == [c.src_uri for c in chunks] for p in chunks)
        assert [p.title for p in chunks[1:]] == [f"{category.name}（第 {n} 页）" for n in range(2, len(chunks) + 1)]


def test_repealed_and_expired_documents_are_marked_in_their_lists():
    catalog = demo_catalog()
    notes = {e.uri: e.note for e in Listing.of(catalog).entries if e.kind == "文件"}
    repealed = [d for d in catalog.documents if d.validity == "废止"]
    assert repealed
    for document in catalog.documents:
        assert notes[f"documents/{document.id}.md"] == ("" if document.validity == "有效" else f"已{document.validity}")


def test_overview_counts_add_up(demo_plan):
    catalog = demo_plan.catalog
    listing = demo_plan.listing
    found = overview(catalog, listing)
    assert found["domains"] == catalog.active_domains
    assert [r["category"] for r in found["rows"]] == [c for d in catalog.disclosures for c in catalog.categories
                                                      if c.disclosure == d]
    for row in found["rows"]:
        records = listing.by_category[row["category"].id]
        assert row["total"] == len(records) == row["general"] + sum(row["counts"])
        for domain, count in zip(found["domains"], row["counts"], strict=True):
            assert count == sum(1 for e in records if e.domain == domain)
    for domain, total in zip(found["domains"], found["totals"], strict=True):
        assert total == sum(1 for e in listing.entries if e.domain == domain)
    assert found["total"] == len(listing.entries) == sum(found["totals"]) + found["general"]
    # the 五公开 cell spans exactly its categories
    for disclosure in catalog.disclosures:
        rows = [r for r in found["rows"] if r["disclosure"] == disclosure]
        assert rows[0]["span"] == len(rows) and all(r["span"] == 0 for r in rows[1:])
    [index] = pages_of(demo_plan, "disclosures_index.html")
    assert index.context["overview"] == found


def test_each_disclosure_page_holds_its_categories_with_their_newest(demo_plan):
    catalog = demo_plan.catalog
    for page in pages_of(demo_plan, "disclosure.html"):
        disclosure = page.context["disclosure"]
        assert page.src_uri == disclosure_uri(disclosure)
        sections = page.context["sections"]
        assert [s["category"] for s in sections] == [c for c in catalog.categories if c.disclosure == disclosure]
        for section in sections:
            records = demo_plan.listing.by_category[section["category"].id]
            assert section["latest"] == records[:5] and section["total"] == len(records)
            assert section["uri"] == category_uri(section["category"])


def test_home_counts_the_catalog(demo_plan):
    catalog = demo_plan.catalog
    home = demo_plan.home
    assert home["item_count"] == len(catalog.items) == sum(d["count"] for d in home["domains"])
    services = sum(1 for i in catalog.items if i.guide)
    assert home["service_count"] == services == sum(d["services"] for d in home["domains"])
    assert [e.kind for e in home["latest"]] and "事项" not in {e.kind for e in home["latest"]}
    assert home["latest"] == [e for e in demo_plan.listing.entries if e.kind != "事项"][:8]


# ---------------------------------------------------------------- the 标准目录 tables


def test_each_domain_table_merges_its_matter_cells_over_exactly_their_rows():
    catalog = demo_catalog()
    merged = 0
    for domain in catalog.active_domains:
        table = catalog_table(catalog, domain)
        items = catalog.items_in(domain)
        assert [r.item for r in table.rows] == sorted(items, key=catalog_order)
        assert [r.number for r in table.rows] == list(range(1, len(items) + 1))
        for col in range(table.matter_depth):
            covered = []
            for n, row in enumerate(table.rows):
                for cell in row.matter:
                    if cell.column == col:
                        span = table.rows[n:n + cell.rowspan]
                        assert len(span) == cell.rowspan
                        # a merged cell covers rows of the same 事项 path only
                        assert {r.item.matter[:col + 1] for r in span} == {row.item.matter[:col + 1]}
                        covered += [r.number for r in span] if cell.item is None else [row.number]
                        merged += cell.rowspan > 1
            # every row is covered once by the column's cells, unless its own last 事项 spans it
            assert len(covered) == len(set(covered))
            assert set(covered) == {r.number for r in table.rows if len(r.item.matter) > col}
        for row in table.rows:
            [link] = [c for c in row.matter if c.item is not None]
            assert link.item == row.item and link.text == row.item.matter[-1]
            assert link.column + link.colspan == table.matter_depth  # the last 事项 fills the rest of the row
            assert row.channels == tuple(c in row.item.channels for c in catalog.channels)
            assert row.levels == tuple(lv in row.item.levels for lv in catalog.levels)
    assert merged >= 5  # the demo has merged 一级 cells to check


def test_the_domain_page_carries_its_table_and_downloads(demo_plan):
    catalog = demo_plan.catalog
    for page in pages_of(demo_plan, "domain.html"):
        domain = page.context["table"].domain
        assert page.src_uri == f"domains/{domain.id}.md" and not page.searchable
        assert page.context["table"] == catalog_table(catalog, domain)
        assert page.context["xlsx"] == f"downloads/{domain.id}.xlsx"
    assert len(pages_of(demo_plan, "domain.html")) == len(catalog.active_domains)


def test_level_views_split_items_by_level_and_domain(demo_plan):
    catalog = demo_plan.catalog
    for level in catalog.levels:
        [index] = [p for p in pages_of(demo_plan, "level_index.html") if p.context["level"] == level]
        assert index.src_uri == level_uri(level)
        for group in index.context["groups"]:
            domain = group["domain"]
            [page] = [p for p in pages_of(demo_plan, "level.html")
                      if p.context["level"] == level and p.context["domain"] == domain]
            expected = sorted((i for i in catalog.items_in(domain) if level in i.levels), key=catalog_order)
            assert page.context["members"] == group["members"] == expected
            assert page.src_uri == group["uri"] == level_uri(level, domain)
        assert index.context["count"] == sum(1 for i in catalog.items if level in i.levels)
        assert {o for o, _ in index.context["others"]} == set(catalog.levels) - {level}


def test_service_lists_come_from_item_flags(demo_plan):
    catalog = demo_plan.catalog
    [one_visit] = pages_of(demo_plan, "max_one_visit.html")
    assert set(one_visit.context["items"]) == {i for i in catalog.items if i.max_one_visit}
    assert one_visit.context["items"]
    [four] = pages_of(demo_plan, "four_ways.html")
    assert [w.name for w, _ in four.context["groups"]] == ["马上办", "网上办", "就近办", "一次办"]
    for way, members in four.context["groups"]:
        assert set(members) == {i for i in catalog.items if way in i.four_ways}, way.name
    [index] = pages_of(demo_plan, "lists_index.html")
    assert index.context["one_visit"] == len(one_visit.context["items"])
    assert index.context["four_ways"] == [(w, len(m)) for w, m in four.context["groups"]]
    [certificates] = pages_of(demo_plan, "certificates.html")
    assert len(certificates.context["list"].entries) == 25


def test_power_list_pages_by_type_hold_every_row_once(demo_plan):
    catalog = demo_plan.catalog
    pages = pages_of(demo_plan, "powers.html")
    rows = [p for page in pages for p in page.context["powers"]]
    assert sorted(rows, key=lambda p: p.code) == sorted(catalog.powers.entries, key=lambda p: p.code)
    for page in pages:
        assert {p.type for p in page.context["powers"]} <= {page.context["type"]}
    [index] = pages_of(demo_plan, "powers_index.html")
    assert index.context["total"] == len(catalog.powers.entries) == sum(n for _, n, _ in index.context["types"])
    assert "行政处罚（" in render(index)


def test_document_page_links_its_interpretations(demo_plan):
    catalog = demo_plan.catalog
    numbers = [d.index_number for d in catalog.documents]
    assert len(numbers) == len(set(numbers))
    linked = 0
    for page in pages_of(demo_plan, "document.html"):
        document = page.context["document"]
        assert page.context["interpretations"] == [i for i in catalog.interpretations if document in i.documents]
        assert page.body == document.body
        linked += bool(page.context["interpretations"])
    assert linked >= 5


# ---------------------------------------------------------------- boards


def current_postings() -> dict[str, set[str]]:
    """place id → titles of its postings on the build date, read from the files themselves."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "content/gongshi").rglob("*.md"):
        meta = yaml.safe_load(path.read_text("utf-8").split("---")[1])
        start, end = (dt.date.fromisoformat(str(meta[k])) for k in ("start_date", "end_date"))
        if start <= DAY <= end and not meta.get("draft"):
            found.setdefault(meta["place"], set()).add(meta["title"])
    return found


def test_boards_hold_only_their_current_postings_and_their_levels_board_items(demo_plan):
    catalog = demo_plan.catalog
    places = bulletin_places(catalog)
    assert list(demo_plan.boards) == [p.id for p in places] and len(places) == 36
    current = current_postings()
    all_titles = {t for path in (ROOT / "content/gongshi").rglob("*.md")
                  for t in [yaml.safe_load(path.read_text("utf-8").split("---")[1])["title"]]}
    assert all_titles - {t for titles in current.values() for t in titles}, "the demo has postings out of period"
    for place in places:
        board = demo_plan.boards[place.id]
        assert {p.title for p in board["postings"]} == current.get(place.id, set()), place.id
        assert all(p.place == place for p in board["postings"])
        level = catalog.level_of(place)
        assert board["level"] == level
        items = [e["item"] for e in board["items"]]
        assert set(items) == {i for i in catalog.items if level in i.levels and any(c.board for c in i.channels)}
        assert items == board_items(catalog, place)
        assert [e["url"] for e in board["items"]] == [public_url(SITE_URL, item_uri(i)) for i in items]
        assert board["board_url"] == f"{SITE_URL}bulletins/{place.id}/"


def test_the_boards_index_lists_every_town_with_its_villages(demo_plan):
    catalog = demo_plan.catalog
    [index] = pages_of(demo_plan, "bulletins_index.html")
    listed = [t["place"] for t in index.context["towns"]] + [c["place"] for t in index.context["towns"]
                                                             for c in t["children"]]
    assert sorted(p.id for p in listed) == sorted(p.id for p in bulletin_places(catalog))
    assert all(not t["pdf"] for t in index.context["towns"])  # PDFs are linked only when they are built


# ---------------------------------------------------------------- addresses


def test_each_generated_page_has_its_own_address_from_ids(demo_plan):
    uris = [p.src_uri for p in demo_plan.pages.values()]
    assert len(uris) == len(set(uris))
    assert all(uri.isascii() and uri.endswith(".md") and " " not in uri for uri in uris)
    hand = {p.src_uri for p in demo_plan.hand_pages}
    # a generated page never takes an editor's page, except the fallback the editors replaced
    clash = {p.src_uri for p in demo_plan.pages.values() if p.generated and p.src_uri in hand}
    assert clash == {p.src_uri for p in demo_plan.pages.values() if p.fallback}
    counts = Counter(p.template for p in demo_plan.pages.values())
    catalog = demo_plan.catalog
    assert counts["item.html"] == len(catalog.items) and counts["document.html"] == len(catalog.documents)
    assert counts["bulletin.html"] == 36 and counts["posting.html"] == len(catalog.postings)
