"""Every QR code of three bulletin boards scans: on screen (device pixel ratio 1 and 2), on paper
printed from Chromium (its own A4 print path with the print stylesheet) and in the WeasyPrint
PDFs. A code that is cropped, lacks its quiet zone or is scaled into mush fails here."""

from __future__ import annotations

import io
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from conftest import ROOT, plan, serve_site
from zwgk.outputs.pdf import render_bulletin_pdfs
from zwgk.site.addresses import public_url
from zwgk.site.boards import board_items

SITE_URL = "https://luolong.example.gov.cn/"
BOARDS = ("lilou-donggao", "anle-dongzhaike", "lilou")  # two villages (one with a wide posting table), a town
OUTPUT = ROOT / "tests/output/qr"


@pytest.fixture(scope="module")
def site_plan():
    return plan()


@pytest.fixture(scope="module")
def portal(demo_build):
    with serve_site(demo_build.site) as base:
        yield base


def expected_urls(site_plan, place_id: str) -> list[str]:
    """What the board's codes must open: every item of the board, each its own page."""
    catalog = site_plan.catalog
    return [public_url(SITE_URL, f"items/{i.id}.md") for i in board_items(catalog, catalog.places.by_id[place_id])]


def to_png(pdf: Path, folder: Path) -> list[Path]:
    """The PDF's pages as a scanner sees them: 200 dpi."""
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def decode_pages(pngs: list[Path]) -> list[str]:
    return [code.text for png in pngs for code in zxingcpp.read_barcodes(Image.open(png))]


@pytest.mark.parametrize("scale", [1, 2])
def test_every_code_on_the_board_page_scans_on_screen(browser, portal, site_plan, scale):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=scale)
    page = context.new_page()
    for place in BOARDS:
        page.goto(f"{portal}bulletins/{place}/")
        codes = page.locator("svg.zwgk-qr")
        urls = expected_urls(site_plan, place)
        assert codes.count() == len(urls) > 0
        read = []
        for n in range(codes.count()):
            code = codes.nth(n)
            assert code.get_attribute("viewBox"), "sized by CSS through its viewBox"
            found = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())))
            read.append(found[0].text if len(found) == 1 else None)
        assert read == urls, (place, scale, sum(r is not None for r in read), len(urls))
    context.close()


def test_every_code_scans_from_the_browsers_a4_print(browser, portal, site_plan, tmp_path):
    """What village staff get from Ctrl+P: Chromium's print path, A4, at 200 dpi."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for place in BOARDS:
        page.goto(f"{portal}bulletins/{place}/")
        folder = tmp_path / place
        folder.mkdir()
        pdf = folder / "print.pdf"
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
        pngs = to_png(pdf, folder)
        if place == BOARDS[0]:  # kept to look at
            for png in pngs[:2]:
                Image.open(png).save(OUTPUT / f"browser-print-{png.name}")
        urls = decode_pages(pngs)
        assert Counter(urls) == Counter(expected_urls(site_plan, place)), (place, len(urls))
    context.close()


def test_every_code_scans_in_the_weasyprint_pdfs(site_plan, tmp_path):
    catalog = site_plan.catalog
    run = render_bulletin_pdfs(site_plan, tmp_path, places=[catalog.places.by_id[p] for p in BOARDS])
    assert len(run.files) == len(BOARDS)
    for place in BOARDS:
        pdf = next(f for f in run.files if f.name == f"{place}.pdf")
        folder = tmp_path / place
        folder.mkdir()
        urls = decode_pages(to_png(pdf, folder))
        assert urls == expected_urls(site_plan, place), place
