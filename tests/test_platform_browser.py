"""The demo platform in Debian's headless Chromium, served under a sub-path as a city would host it:
the home page's one search box finds an item of every site (Pagefind's mergeIndex over the three
indexes), each result labelled with its site and leading to its page; the home page and each site's
pages pass axe-core and load nothing from another host; each site's own search still works."""

from __future__ import annotations

import pytest
import yaml
from test_browser import axe_violations, open_page
from test_platform import SITES, build_platform_once

from conftest import serve_site

PREFIX = "/zwgk/"  # the platform itself under a folder of the city's web server


@pytest.fixture(scope="session")
def built_platform(tmp_path_factory):
    return build_platform_once(tmp_path_factory)


@pytest.fixture(scope="module")
def platform_server(built_platform):
    with serve_site(built_platform / "public", PREFIX) as base:
        yield base


def own_item(built_platform, site: str) -> tuple[str, str]:
    """(id, title) of a published item of ``site`` whose title no other site has."""
    folders = {s: built_platform / ("catalog" if s == "luolong" else f"sites/{s}/catalog") / "items" for s in SITES}
    titles = {s: {} for s in SITES}
    for s, folder in folders.items():
        for path in sorted(folder.rglob("*.yml")):
            data = yaml.safe_load(path.read_text("utf-8"))
            if "extends" in data:  # a standard item this site localises: its title is the standard's
                [standard] = (built_platform / "standard/items").rglob(f"{data['extends']}.yml")
                data = yaml.safe_load(standard.read_text("utf-8"))
            if data.get("disclosure", "主动公开") == "主动公开" and not data.get("draft"):
                titles[s][data["matter"].get("level2") or data["matter"]["level1"]] = data["id"]
    others = {t for s, found in titles.items() if s != site for t in found}
    for title, item_id in titles[site].items():
        if title not in others and (built_platform / "public" / site / "items" / item_id / "index.html").is_file():
            return item_id, title
    raise AssertionError(f"no item of its own in {site}")


def search(page, query: str) -> list[dict]:
    page.fill("#zwgk-platform-q", query)
    page.press("#zwgk-platform-q", "Enter")
    page.wait_for_function("""() => { const s = document.getElementById('zwgk-platform-status').textContent;
                                       return s && s.indexOf('正在') < 0; }""", timeout=30000)
    return page.evaluate("""() => [...document.querySelectorAll('#zwgk-platform-results li')].map(li => ({
        site: (li.querySelector('.zwgk-site-label') || {}).textContent,
        title: li.querySelector('a').textContent, href: li.querySelector('a').href}))""")


@pytest.mark.parametrize("site", list(SITES))
def test_platform_search_finds_an_item_of_each_site_labelled_by_site(context, built_platform,
                                                                      platform_server, site):
    item_id, title = own_item(built_platform, site)
    page = open_page(context, platform_server)
    results = search(page, title)
    assert page.problems == []
    mine = [r for r in results if r["title"] == title]
    assert mine, (title, results[:5])
    assert mine[0]["site"] == SITES[site]
    assert mine[0]["href"] == f"{platform_server}{site}/items/{item_id}/"
    status = page.inner_text("#zwgk-platform-status")
    assert "来自" in status and SITES[site] in status
    page.click(f"#zwgk-platform-results a[href$='{site}/items/{item_id}/']")
    page.wait_for_load_state("load")
    assert page.url == mine[0]["href"] and title in page.inner_text("h1")


def test_platform_home_lists_the_sites_and_passes_axe(context, platform_server):
    page = open_page(context, platform_server)
    assert page.problems == []
    assert page.title() == "洛阳市基层政务公开平台"
    assert [a.inner_text() for a in page.locator(".zwgk-sites a").all()] == list(SITES.values())
    assert axe_violations(page) == []
    results = search(page, "低保")  # one query, every district's pages; and axe with results on the page
    assert {r["site"] for r in results} == set(SITES.values())  # the first 20 come from all three
    assert axe_violations(page) == []
    assert page.problems == []
    # keyboard only: Tab reaches the box, Enter searches
    page.goto(platform_server)
    for _ in range(len(SITES) + 1):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "zwgk-platform-q"


@pytest.mark.parametrize("site", list(SITES))
def test_each_site_under_the_platform_passes_axe_and_searches_itself(context, built_platform,
                                                                     platform_server, site):
    item_id, title = own_item(built_platform, site)
    for path in ("", f"items/{item_id}/", "bulletins/"):
        page = open_page(context, f"{platform_server}{site}/{path}")
        assert page.problems == [], path
        assert axe_violations(page) == [], path
    page = open_page(context, f"{platform_server}{site}/search/?q={title}")
    links = page.locator("[data-zwgk-results] li a")
    assert any(f"/{site}/items/{item_id}/" in (a.get_attribute("href") or "") or a.inner_text() == title
               for a in links.all())
