"""Bulletin boards of the demo district: web pages, print CSS, and real WeasyPrint PDFs
checked by reading their text, page sizes and QR codes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from conftest import BUILD_DATE, ROOT, SITE_URL, copy_project, demo_catalog, edit, mkdocs_build, zwgk
from zwgk.content.visibility import published_on
from zwgk.site.addresses import public_url
from zwgk.site.boards import board_items, bulletin_places

ARTIFACTS = ROOT / "tests" / "output"


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", text.stdout)  # CJK lines wrap anywhere: compare without white space


def page_sizes(path: Path) -> set[tuple[int, int]]:
    from pypdf import PdfReader

    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(path).pages}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory):
    """A real build with the optional PDF step (every place, A4). Its boards are the demo's without
    their item lists (no channel is the board's): the step then prints ~100 pages instead of ~350.
    What a board with its items prints is checked on a village's PDF (``village_pdf``)."""
    project = copy_project(tmp_path_factory.mktemp("pdfs") / "project")
    edit(project / "catalog/taxonomy/channels.yml", "    board: true\n", "")
    result = mkdocs_build(project, project / "site", env={"ZWGK_PDFS": "true"})
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def village_pdf(tmp_path_factory) -> Path:
    """The demo village's board as `zwgk pdf` prints it: postings, then every item with its QR code."""
    out = tmp_path_factory.mktemp("village")
    run = zwgk(ROOT, "pdf", "--place", "lilou-donggao", "--jobs", "1", "--out", str(out), "--date", BUILD_DATE)
    assert run.code == 0, run.output
    return out / "bulletins/pdf/lilou-donggao.pdf"


def places_with_postings(catalog):
    day = catalog.build_date
    return [p for p in bulletin_places(catalog) if any(published_on(x, day) for x in catalog.postings_of(p))]


def test_every_place_has_a_board_page_and_a_pdf(pdf_build):
    catalog = demo_catalog()
    places = bulletin_places(catalog)
    assert len(places) == 36
    index = pdf_build.page("bulletins/index.html")
    for place in places:
        board = pdf_build.page(f"bulletins/{place.id}/index.html")
        pdf = pdf_build.site / f"bulletins/pdf/{place.id}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
        assert f'href="pdf/{place.id}.pdf"' in index and f"pdf/{place.id}.pdf" in board
    assert sorted(p.name for p in (pdf_build.site / "bulletins/pdf").iterdir()) == sorted(
        f"{p.id}.pdf" for p in places)  # nothing else, no half-written files
    text = pdf_text(pdf_build.site / "bulletins/pdf/anle-donggang.pdf")
    assert squeeze("东岗村政务公开栏") in text and "暂无信息" in text  # the planted empty item list


def test_pdf_holds_its_place_and_nothing_of_another(village_pdf):
    catalog = demo_catalog()
    village = catalog.places.by_id["lilou-donggao"]
    other = next(p for p in places_with_postings(catalog) if p != village)
    text = pdf_text(village_pdf)
    assert squeeze(f"{village.name}政务公开栏") in text
    assert catalog.postings_of(village)
    for posting in catalog.postings_of(village):
        assert (squeeze(posting.title) in text) == published_on(posting, catalog.build_date), posting.title
    for item in board_items(catalog, village):
        assert squeeze(item.title)[:12] in text, item.title
    for posting in catalog.postings_of(other):
        assert squeeze(posting.title) not in text
    assert "第1页，共" in text and "打印日期：2026年1月15日" in text


def test_pdf_pages_are_a4_with_embedded_cjk_fonts(village_pdf):
    assert page_sizes(village_pdf) == {(595, 842)}
    fonts = subprocess.run(["pdffonts", str(village_pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes yes " in line for line in cjk)  # embedded and subset


def test_qr_code_on_paper_opens_the_item_page(village_pdf):
    catalog = demo_catalog()
    village = catalog.places.by_id["lilou-donggao"]
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / f"bulletin-{village.id}"
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(village_pdf), str(prefix)], check=True)
    pages = sorted(ARTIFACTS.glob(f"bulletin-{village.id}-*.png"))
    urls = [code.text for page in pages for code in zxingcpp.read_barcodes(Image.open(page))]
    expected = [public_url(SITE_URL, f"items/{i.id}.md") for i in board_items(catalog, village)]
    assert urls == expected  # every item's code, in board order, each opening its own page
    assert all(url.startswith(SITE_URL + "items/") for url in urls)


def test_a3_copy_from_the_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "zwgk.cli", "pdf", "--date", BUILD_DATE, "--place", "lilou-donggao",
         "--size", "A3", "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = tmp_path / "bulletins/pdf/lilou-donggao-a3.pdf"
    assert page_sizes(pdf) == {(842, 1191)}
    assert [p.name for p in (tmp_path / "bulletins/pdf").iterdir()] == ["lilou-donggao-a3.pdf"]


def test_board_page_prints_without_site_chrome(demo_build):
    html = demo_build.page("bulletins/lilou-donggao/index.html")
    assert 'href="../../assets/zwgk/bulletin.css"' in html
    css = (demo_build.site / "assets/zwgk/bulletin.css").read_text("utf-8")
    assert "size: A4 portrait" in css and "size: A3 portrait" in css
    print_rules = css.split("@media print {", 1)[1].split("\n}\n", 1)[0]
    assert ".md-header" in print_rules and ".zwgk-noprint" in print_rules and "display: none" in print_rules
    assert "counter(page)" in css and "counter(pages)" in css
    assert re.search(r"\.zwgk-board \{ font-size: 14pt", css)
    assert 'class="zwgk-noprint"' in html


def test_qr_codes_on_the_web_board_carry_absolute_item_urls(demo_build):
    catalog = demo_catalog()
    village = catalog.places.by_id["lilou-donggao"]
    html = demo_build.page(f"bulletins/{village.id}/index.html")
    urls = re.findall(r'<svg role="img" data-url="([^"]+)"', html)
    assert urls == [public_url(SITE_URL, f"items/{i.id}.md") for i in board_items(catalog, village)]


def test_expired_posting_is_taken_down_everywhere(demo_build):
    """After its 公示期 a posting (names, amounts) leaves the board, the site, the search index and
    every other output: nothing keeps personal data online once the period is over."""
    import yaml


    expired = []
    for path in (ROOT / "content/gongshi").rglob("*.md"):
        meta = yaml.safe_load(path.read_text("utf-8").split("---")[1])
        if dt.date.fromisoformat(str(meta["end_date"])) < dt.date.fromisoformat(BUILD_DATE):
            expired.append((path.relative_to(ROOT / "content").as_posix(), meta["title"]))
    assert expired
    for src_uri, title in expired:
        assert not (demo_build.site / src_uri.replace(".md", "/index.html")).exists()
        demo_build.assert_nowhere(title)


def test_future_posting_is_nowhere(demo_build):
    future = [p for p in (ROOT / "content/gongshi").rglob("*.md")
              if re.search(r"^start_date: (\S+)", p.read_text("utf-8"), re.M).group(1) > BUILD_DATE]
    assert future
    titles = [re.search(r"^title: (.+)$", path.read_text("utf-8"), re.M).group(1) for path in future]
    demo_build.assert_nowhere(*titles, suffixes=(".html", ".json", ".xml", ".csv", ".xlsx"))


def test_browser_print_of_a_board_is_clean(demo_build, tmp_path):
    """Chromium's own print (what staff get from Ctrl+P): A4, the board, no site chrome."""
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium package is installed by scripts/test"
    pdf = tmp_path / "print.pdf"
    page = demo_build.site / "bulletins/lilou-donggao/index.html"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    text = pdf_text(pdf)
    assert "东高村政务公开栏" in text and "第1页，共" in text
    for chrome in ("编辑指南", "政策解读", "打印本页", "往期公示"):
        assert chrome not in text, chrome
    assert page_sizes(pdf) == {(595, 842)}
