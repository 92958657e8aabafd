"""Names are data, never paths: any printable taxonomy name (domain, category, place, channel,
level, topic, organization, posting kind…) builds, exports and prints. Addresses and file names
come from ids; a name only ever reaches a page as escaped text, a spreadsheet cell, or a
worksheet title made safe for Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from conftest import BUILD_DATE, ROOT, copy_project, mkdocs_build, zwgk
from conftest import FUZZ_EXAMPLES as EXAMPLES
from zwgk.content.catalog import check_catalog
from zwgk.content.model import normalise_term
from zwgk.content.settings import read_settings
from zwgk.outputs.exports import data_files
from zwgk.outputs.feeds import feeds
from zwgk.outputs.pdf import bulletin_documents
from zwgk.outputs.render import Renderer
from zwgk.outputs.spreadsheets import SHEET_TITLE_MAX, sheet_title, unguard
from zwgk.site.plan import plan_site

DAY = dt.date.fromisoformat(BUILD_DATE)
SITE_URL = "https://www.example.gov.cn/"


def SETTINGS(project: Path):  # noqa: N802 - reads like the constant it stands for
    """The project's settings as a build with PDFs on ``DAY`` would have them."""
    return replace(read_settings(project / "mkdocs.yml"), build_date=DAY, site_url=SITE_URL, site_name="站点",
                   bulletin_pdfs=True, search_index=True)
SAFE_PATH = re.compile(r"[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*")  # what ids make: no name in it

# printable: anything but control characters, surrogates, unassigned code points and line or
# paragraph separators (an editor's newline in a name is a space by the time it is a name)
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp"))
PIECES = ["/", ":", "[", "]", "*", "?", "\\", "<", ">", '"', "'", "&", "#", "%", "..", "../", "=", "+", "-", "@",
          " ", "\u3000", "\u200f", "\u200e", "\u202e", "\u2066", "😀", "👩‍👩‍👧", "🇨🇳", "{{ x }}", "{%", "</script>",
          "&amp;", "%2F", "History", "’", "城市管理/综合执法: [试点]", "第1组", "\u00a0", "\ufeff", "  "]
NAME = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(PRINTABLE, max_size=6)), min_size=1, max_size=10)
    .map("".join),
    st.text(PRINTABLE, min_size=1, max_size=12),
    st.text(PRINTABLE, min_size=120, max_size=300),  # very long
).filter(len)  # an empty name is refused by the schema (one of spaces only is not)


# ---------------------------------------------------------------- worksheet titles


def excel_accepts(title: str) -> bool:
    return (0 < len(title.encode("utf-16-le")) // 2 <= SHEET_TITLE_MAX and not re.search(r"[\[\]:*?/\\]", title)
            and not title.startswith("'") and not title.endswith("'") and title.casefold() != "history")


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(NAME, st.lists(NAME, max_size=4))
def test_any_name_gives_a_worksheet_title_excel_accepts(name, others):
    taken: list[str] = []
    for text in [*others, name, name]:  # the same name twice in one workbook too
        title = sheet_title(text, taken)
        assert excel_accepts(title), title
        assert title.casefold() not in {t.casefold() for t in taken}
        taken.append(title)
        Workbook().active.title = title  # openpyxl takes it
    assert sheet_title(name) == sheet_title(name)  # the same build gives the same bytes


def test_worksheet_titles_read_like_the_name():
    assert sheet_title("城市管理/综合执法: [试点]") == "城市管理／综合执法： ［试点］"
    assert sheet_title("就业创业") == "就业创业"
    assert sheet_title("'引号'") == "＇引号＇"
    assert sheet_title("就业创业", ["就业创业"]) == "就业创业（2）"
    long = sheet_title("长" * 40, ["长" * 31])
    assert long == "长" * 28 + "（2）"
    assert sheet_title("😀" * 20) == "😀" * 15  # an emoji takes two of Excel's 31 units


# ---------------------------------------------------------------- any names, every core output

# the entries renamed in each example: those the demo's items, documents, postings and boards use
TARGETS = {
    "domains": ("domains.yml", "domains", ["chengshi-zhifa", "jiuye"]),
    "disclosures": ("categories.yml", "disclosures", ["fuwu"]),
    "categories": ("categories.yml", "categories", ["gonggong-fuwu", "guifanxing-wenjian"]),
    "channels": ("channels.yml", "channels", ["board", "website"]),
    "levels": ("levels.yml", "levels", ["village", "district"]),
    "topics": ("topics.yml", "topics", ["minzheng"]),
    "kinds": ("postings.yml", "kinds", ["caiwu", "mingdan"]),
    "places": ("places.yml", None, ["luolong", "lilou", "lilou-donggao"]),
    "organizations": ("../site.yml", "organizations", ["mzj", "qzfb"]),
}


def _places(node: dict):
    yield node
    for child in node.get("children", ()):
        yield from _places(child)


def _entries(data: dict, key: str | None) -> list[dict]:
    return list(_places(data["district"])) if key is None else data[key]


def _known_terms() -> dict[str, set[str]]:
    """Every id, name and alias of each vocabulary, normalised: a new name must not collide with one."""
    known = {}
    for vocabulary, (file, key, _) in TARGETS.items():
        data = yaml.safe_load((ROOT / "catalog/taxonomy" / file).read_text("utf-8"))
        known[vocabulary] = {normalise_term(t) for e in _entries(data, key)
                             for t in (e["id"], e["name"], *e.get("aliases", ()))}
    return known


KNOWN = _known_terms()


@st.composite
def renamings(draw) -> dict[str, dict[str, str]]:
    """vocabulary → id → new name, unique within the vocabulary and unlike any term it has."""
    chosen = {}
    for vocabulary, (_, _, ids) in TARGETS.items():
        fresh = NAME.filter(lambda n, v=vocabulary: normalise_term(n) not in KNOWN[v])
        names = draw(st.lists(fresh, min_size=len(ids), max_size=len(ids), unique_by=normalise_term))
        chosen[vocabulary] = dict(zip(ids, names, strict=True))
    return chosen


def rename(catalog_dir: Path, renames: dict[str, dict[str, str]]) -> None:
    """Give the chosen entries their new names; the old name becomes an alias, as an office renaming a
    domain would do, so the items and documents that use it still find it."""
    for vocabulary, (file, key, _) in TARGETS.items():
        path = catalog_dir / "taxonomy" / file
        data = yaml.safe_load((ROOT / "catalog/taxonomy" / file).read_text("utf-8"))
        for entry in _entries(data, key):
            if entry["id"] in renames[vocabulary]:
                entry["aliases"] = [entry["name"], *entry.get("aliases", ())]
                entry["name"] = renames[vocabulary][entry["id"]]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture(scope="module")
def scratch():
    folder = Path(tempfile.mkdtemp(prefix="zwgk-names-"))
    yield copy_project(folder / "project")
    shutil.rmtree(folder, ignore_errors=True)


def _sheets(data: bytes):
    book = load_workbook(io.BytesIO(data))
    assert all(excel_accepts(t) for t in book.sheetnames), book.sheetnames
    assert len({t.casefold() for t in book.sheetnames}) == len(book.sheetnames)
    for sheet in book.worksheets:  # no cell a spreadsheet could run
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str) and cell.value.lstrip("'")[:1] in ("=", "+", "@", "-"):
                    assert cell.quotePrefix or re.fullmatch(r"-[0-9.]+", cell.value), cell.value
    return book


def _csv(data: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for cell in (c for row in rows for c in row):
        assert not cell.startswith(("=", "+", "@", "\t", "\r")) and (
            not cell.startswith("-") or re.fullmatch(r"-[0-9]+(\.[0-9]+)?", cell)), cell
    return rows


# a second an example: no shrinking, which could take many minutes (a failure still prints its names)
@settings(max_examples=max(EXAMPLES // 10, 3), deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(renames=renamings())
def test_any_printable_names_build_export_and_print(scratch, renames):
    rename(scratch / "catalog", renames)
    catalog, errors = check_catalog(scratch / "catalog", scratch / "content", DAY, scratch)
    assert not errors, [e.format() for e in errors]
    domain, level, place = catalog.domains["chengshi-zhifa"], catalog.levels["village"], \
        catalog.places.by_id["lilou-donggao"]
    category = catalog.categories["gonggong-fuwu"]
    assert domain.name == renames["domains"]["chengshi-zhifa"]

    site = plan_site(catalog, SETTINGS(scratch))
    files = data_files(site)
    pages = list(site.pages.values())
    board = bulletin_documents(site, places=[place])
    written = [*files, *feeds(site), *(p.src_uri for p in pages), *(path for path, _ in board)]
    assert all(SAFE_PATH.fullmatch(path) for path in written), [p for p in written if not SAFE_PATH.fullmatch(p)]

    # the downloads open, and hold the names as written
    book = _sheets(files["downloads/chengshi-zhifa.xlsx"])
    assert book.active.title == sheet_title(domain.name)
    assert book.active["A1"].value == f"{domain.name}领域基层政务公开标准目录"
    level_book = _sheets(files["downloads/level-village.xlsx"])
    assert level_book.active["A1"].value == f"{catalog.district.name}{level.name}基层政务公开标准目录"
    assert level.name in [c.value for c in level_book.active[3]]
    for path, data in files.items():
        if path.endswith(".xlsx"):
            _sheets(data)
        elif path.endswith(".csv"):
            _csv(data)
    rows = _csv(files["data/items.csv"])
    column = rows[0].index("领域")
    assert {unguard(r[column]) for r in rows[1:] if r[0].startswith("chengshi-zhifa")} == {domain.name}
    items = json.loads(files["data/items.json"])
    assert {i["domain"] for i in items if i["id"].startswith("chengshi-zhifa")} == {domain.name}
    assert {i["category"] for i in items} >= {category.name}

    # feeds are XML whatever the names
    for data in feeds(site).values():
        ET.fromstring(data)
    # every page renders, names as escaped text
    renderer = Renderer()
    html = {p.src_uri: renderer.render(p.template, {**p.context, "content": "", "here": p.src_uri}, lambda u: u)
            for p in pages if p.generated}
    assert str(escape(domain.name)) in html["domains/chengshi-zhifa.md"]
    assert str(escape(place.name)) in html["bulletins/lilou-donggao.md"]
    assert str(escape(category.name)) in html["categories/gonggong-fuwu.md"]
    assert str(escape(place.name)) in board[0][1]


# ---------------------------------------------------------------- one real site with a hostile name

HOSTILE_DOMAIN = "城市管理/综合执法: [试点]"
HOSTILE_PLACE = "东岗村/第1组: <新> & “二组”"


def test_a_domain_named_with_a_slash_and_brackets_builds_exports_and_prints(tmp_path):
    project = copy_project(tmp_path / "project")
    domains = project / "catalog/taxonomy/domains.yml"
    domains.write_text(domains.read_text("utf-8").replace(
        "name: 城市综合执法\n    aliases: [城市管理, 综合行政执法]",
        f'name: "{HOSTILE_DOMAIN}"\n    aliases: [城市综合执法, 城市管理, 综合行政执法]'), "utf-8")
    places = project / "catalog/taxonomy/places.yml"
    places.write_text(places.read_text("utf-8").replace(
        "{id: anle-donggang, name: 东岗村, kind: village}",
        f"{{id: anle-donggang, name: '{HOSTILE_PLACE}', aliases: [东岗村], kind: village}}"), "utf-8")
    check = zwgk(project, "check", "--date", BUILD_DATE)
    assert check.code == 0 and "检查通过" in check.output, check.output

    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    page = result.page("domains/chengshi-zhifa/index.html")
    assert f"<title>{escape(HOSTILE_DOMAIN)}领域基层政务公开标准目录" in page
    assert 'href="../../downloads/chengshi-zhifa.xlsx"' in page  # the address comes from the id
    assert str(escape(HOSTILE_PLACE)) in result.page("bulletins/anle-donggang/index.html")

    # the downloads open and hold the name
    book = load_workbook(result.site / "downloads/chengshi-zhifa.xlsx")
    assert book.sheetnames == ["城市管理／综合执法： ［试点］"]
    assert book.active["A1"].value == f"{HOSTILE_DOMAIN}领域基层政务公开标准目录"
    rows = list(csv.reader(io.StringIO((result.site / "data/items.csv").read_text("utf-8-sig"))))
    assert sum(1 for r in rows if r[2] == HOSTILE_DOMAIN) == 6
    assert rows[0][2] == "领域"
    assert list(csv.reader(io.StringIO((result.site / "downloads/chengshi-zhifa.csv").read_text("utf-8-sig"))))

    # the office can take the download back: the name in its title row tells the domain
    download = result.site / "downloads/chengshi-zhifa.xlsx"
    again = zwgk(project, "import", str(download), "--dry-run")
    assert again.code == 0 and "读取 6 行：新建 0 个" in again.output, again.output  # all six found again

    # and the board prints: the place's PDF under its id, with both names on it
    out = tmp_path / "print"
    printed = zwgk(project, "pdf", "--place", "anle-donggang", "--out", str(out), "--date", BUILD_DATE)
    assert printed.code == 0, printed.output
    pdf = out / "bulletins/pdf/anle-donggang.pdf"
    assert [p.name for p in pdf.parent.iterdir()] == ["anle-donggang.pdf"]
    text = subprocess.run(["pdftotext", "-q", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = unicodedata.normalize("NFC", "".join(text.split()))
    assert "".join(HOSTILE_DOMAIN.split()) in flat and "".join(HOSTILE_PLACE.split()) in flat
    assert PdfReader(pdf).metadata.title == f"{HOSTILE_PLACE}政务公开栏"
