"""Feeds, sitemap, open data and a site published under a county portal's sub-path."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from conftest import (
    DEMO_COMMIT_DATE,
    SITE_URL,
    WITHHELD_TITLE,
    copy_project,
    demo_catalog,
    mkdocs_build,
    parse,
    serve_site,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_site_feed_carries_the_newest_records_with_their_dates(demo_build):
    feed = ET.fromstring(demo_build.site.joinpath("feed.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    assert 10 <= len(entries) <= 50
    catalog = demo_catalog()
    newest = max(d.published_date for d in catalog.documents)
    assert entries[0].findtext(f"{ATOM}updated").startswith(newest.isoformat())
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == updated[0]
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(SITE_URL)
        page = demo_build.site / link[len(SITE_URL):] / "index.html"
        assert page.exists(), link
    assert WITHHELD_TITLE not in demo_build.site.joinpath("feed.xml").read_text("utf-8")
    assert 'type="application/atom+xml"' in demo_build.page("index.html")


def test_each_category_has_a_feed_of_its_own_records(demo_build):
    catalog = demo_catalog()
    penalties = catalog.categories.resolve("依法行政")
    page = demo_build.page(f"categories/{penalties.id}/index.html")
    assert 'href="feed.xml"' in page and "订阅本栏目" in page
    feed = ET.fromstring(demo_build.site.joinpath(f"categories/{penalties.id}/feed.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    assert {e.find(f"{ATOM}category").get("term") for e in entries} == {"依法行政"}


def test_sitemap_lists_every_page_with_the_records_own_date(demo_build):
    tree = ET.fromstring(demo_build.site.joinpath("sitemap.xml").read_bytes())
    dates = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in tree.findall(f"{SITEMAP}url")}
    pages = [p for p in demo_build.site.rglob("index.html") if "404" not in p.parts]
    for page in pages:
        rel = page.parent.relative_to(demo_build.site).as_posix()
        assert SITE_URL + ("" if rel == "." else rel + "/") in dates, rel
    for item in demo_catalog().items:
        assert dates[f"{SITE_URL}items/{item.id}/"] == max(item.published_date, item.formed_date).isoformat()
    # a hand-written page: the day of its file's last commit (the demo copy's one commit)
    assert dates[SITE_URL + "xxgk/zhidu/baomi-shencha/"] == DEMO_COMMIT_DATE[:10]
    assert "更新日期：2026年1月10日" in demo_build.page("xxgk/zhidu/baomi-shencha/index.html")


def test_open_data_parses_matches_the_catalog_and_its_schema(demo_build):
    catalog = demo_catalog()
    data = demo_build.site / "data"
    items = json.loads((data / "items.json").read_text("utf-8"))
    jsonschema.validate(items, json.loads((data / "items.schema.json").read_text("utf-8")))
    assert sorted(i["id"] for i in items) == sorted(i.id for i in catalog.items)
    documents = json.loads((data / "documents.json").read_text("utf-8"))
    jsonschema.validate(documents, json.loads((data / "documents.schema.json").read_text("utf-8")))
    assert {d["index_number"] for d in documents} == {d.index_number for d in catalog.documents}
    rows = list(csv.reader(io.StringIO((data / "items.csv").read_text("utf-8-sig"))))
    assert rows[0][:2] == ["事项编号", "事项名称"] and len(rows) == len(catalog.items) + 1
    one = next(i for i in catalog.items if i.max_one_visit)
    row = next(r for r in rows if r[0] == one.id)
    assert "是" in row and "；".join(lv.name for lv in one.levels) in row
    page = demo_build.page("xxgk/data/index.html")
    for name in ("items.json", "items.csv", "items.schema.json", "documents.csv"):
        assert f'href="../../data/{name}"' in page, name


@pytest.fixture(scope="module")
def sub_path_build(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("subpath") / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "site_url: https://luolong.example.gov.cn/", "site_url: https://www.example.gov.cn/xxgk/luolong/"), "utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.output
    return result


def test_every_link_works_under_a_sub_path(sub_path_build):
    """Served at /xxgk/luolong/ of a county portal, every link and asset of every page answers."""
    site = sub_path_build.site
    prefix = "/xxgk/luolong/"
    checked: dict[str, int] = {}
    with serve_site(site, prefix) as base:
        for page in site.rglob("*.html"):
            rel = page.relative_to(site).as_posix()
            page_url = base + rel
            for link in parse(page.read_text("utf-8")).links:
                if link.startswith(("http://", "https://", "mailto:", "tel:", "data:", "#")):
                    continue
                # a root-absolute link must carry the sub-path (only 404.html has them: it is served anywhere)
                assert not link.startswith("/") or link.startswith(prefix), (rel, link)
                target = urllib.parse.urljoin(page_url, link).split("#")[0]
                if target not in checked:
                    try:
                        checked[target] = urllib.request.urlopen(target, timeout=10).status
                    except urllib.error.HTTPError as exc:
                        checked[target] = exc.code
                assert checked[target] == 200, (rel, link)
    assert len(checked) > 300
    sitemap = ET.fromstring((site / "sitemap.xml").read_bytes())
    assert all(u.findtext(f"{SITEMAP}loc").startswith("https://www.example.gov.cn/xxgk/luolong/")
               for u in sitemap.findall(f"{SITEMAP}url"))
    feed = (site / "feed.xml").read_text("utf-8")
    assert "https://www.example.gov.cn/xxgk/luolong/items/" in feed or "/xxgk/luolong/documents/" in feed


def test_filter_bar_is_plain_links_to_generated_pages(demo_build):
    """Without JavaScript, every filter value is a link to the page that lists exactly that value."""
    html = demo_build.page("domains/jiuye/index.html")
    bar = html[html.index('<nav class="zwgk-filters'):]
    bar = bar[:bar.index("</nav>")]
    links = parse(bar).links
    assert 'aria-current="page">就业创业</a>' in bar
    assert "../../levels/village/jiuye/" in links  # this domain's village-level items
    assert "../../lists/max-one-visit/" in links and "../../disclosures/fuwu/" in links
    for link in links:
        assert (demo_build.site / "domains/jiuye" / link / "index.html").resolve().exists(), link
    level = demo_build.page("levels/village/jiuye/index.html")
    assert 'aria-current="page">村（社区）级</a>' in level
