"""Property-based fuzzing of everything that reads editors' files: arbitrary and near-valid
input ends in a record or in our own error list (file, line) — never a traceback, a hang or
code run. ZWGK_FUZZ_EXAMPLES sets how many examples each property gets (see conftest.FUZZ_EXAMPLES)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FUZZ_EXAMPLES as EXAMPLES
from conftest import ROOT
from zwgk.content.annual import read_report_data
from zwgk.content.catalog import load_vocabularies
from zwgk.content.errors import ContentError
from zwgk.content.loader import parse_front_matter, parse_yaml
from zwgk.content.schema import validate_document
from zwgk.tools.importer import import_table

FUZZ = settings(max_examples=EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
ODD = st.sampled_from(["\ufeff", "\u200b", "\r\n", "\t", "１２３", "：", "，", "　", "𠮷", "é", "ｱ", "\x00", "\x85",
                       "\u2028", "!!python/object/apply:os.system ['echo pwned']", "&a", "*a", "<<: *a", "---",
                       "...", "{", "[", "'", '"', "%YAML 1.1", "? ", "- ", ": ", "#", "|", ">", "!!binary", "~"])
TEXT = st.lists(st.one_of(st.text(max_size=20), ODD), max_size=40).map("".join)
ITEM = (ROOT / "catalog/items/jiuye/jiuye-shiye-dengji.yml").read_text("utf-8")
REPORT = (ROOT / "catalog/reports/2024.yml").read_text("utf-8")
POSTING = (ROOT / "content/gongshi/lilou-donggao/2025q4-caiwu.md").read_text("utf-8")


def only_our_errors(result) -> None:
    doc, errors = result
    # line 0 means "the whole file" (an empty or unreadable one)
    assert all(isinstance(e, ContentError) and e.file and e.line >= 0 and e.message for e in errors), errors
    assert doc is not None or errors  # a record, or the reason there is none


def validated(text: str, file: str, schema: str):
    """Parse and schema-check like the catalog does; the document if valid, else None (our errors only)."""
    doc, errors = parse_yaml(text, file)
    if doc is not None:
        errors = errors + validate_document(doc, schema)
    assert all(isinstance(e, ContentError) and e.line >= 0 for e in errors)
    return None if errors else doc


def mutate(text: str, data) -> str:
    """Near-valid input: a real file with lines cut, duplicated, or given odd bytes."""
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4))):
        n = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["cut", "repeat", "insert", "retab", "reindent"]))
        if action == "cut":
            lines[n] = lines[n][: data.draw(st.integers(0, len(lines[n])))]
        elif action == "repeat":
            lines.insert(n, lines[n])
        elif action == "insert":
            lines[n] = lines[n].rstrip("\n") + data.draw(ODD) + data.draw(TEXT) + "\n"
        elif action == "retab":
            lines[n] = lines[n].replace("  ", "\t", 1)
        else:
            lines[n] = " " + lines[n]
    return "".join(lines)


@FUZZ
@given(TEXT)
def test_yaml_loader_survives_anything(text):
    only_our_errors(parse_yaml(text, "catalog/items/x.yml"))


@FUZZ
@given(st.data())
def test_item_files_near_valid_end_in_a_record_or_our_errors(data):
    validated(mutate(ITEM, data), "catalog/items/jiuye/x.yml", "item")


@FUZZ
@given(st.data())
def test_front_matter_reader_survives_near_valid_postings(data):
    only_our_errors(parse_front_matter(mutate(POSTING, data), "content/gongshi/x/y.md"))


@FUZZ
@given(TEXT)
def test_front_matter_reader_survives_anything(text):
    only_our_errors(parse_front_matter("---\n" + text + "\n---\n正文", "content/x.md"))


@FUZZ
@given(st.data())
def test_report_data_reader_checks_near_valid_files(data):
    doc = validated(mutate(REPORT, data), "catalog/reports/2024.yml", "report")
    if doc is not None:
        result, errors = read_report_data(doc)
        assert result is not None or errors
        assert all(isinstance(e, ContentError) and e.line >= 0 for e in errors)


def test_alias_bomb_and_object_tags_are_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    doc, errors = parse_yaml(bomb, "catalog/items/bomb.yml")
    assert doc is None and errors
    doc, errors = parse_yaml("id: !!python/object/apply:os.system ['touch /tmp/zwgk-pwned']\n", "x.yml")
    assert errors and doc.data == {"id": None} and not Path("/tmp/zwgk-pwned").exists()


VOCABULARIES, _ = load_vocabularies(ROOT / "catalog", ROOT)
CELL = st.one_of(TEXT, st.sampled_from(["√", "■", "□", "是", "失业登记", "就业创业", "区级", "县级", "乡、村级",
                                        "信息形成之日起20个工作日内", "=1+1", "一级事项", "二级事项",
                                        "公开内容（要素）"]))


@pytest.fixture(scope="module")
def jiuye_catalog(tmp_path_factory) -> Path:
    """The demo's taxonomies with its 就业创业 items only: the table's rows meet real items to match
    and update, and each example reads ~10 item files instead of all of them."""
    catalog = tmp_path_factory.mktemp("fuzz") / "catalog"
    shutil.copytree(ROOT / "catalog/taxonomy", catalog / "taxonomy")
    shutil.copy2(ROOT / "catalog/site.yml", catalog / "site.yml")
    shutil.copytree(ROOT / "catalog/items/jiuye", catalog / "items/jiuye")
    return catalog


@settings(max_examples=EXAMPLES, deadline=4000, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=14), min_size=1, max_size=12),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))
def test_table_importer_survives_any_csv(jiuye_catalog, rows, encoding):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "表格.csv"
        path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
        result = import_table(path, jiuye_catalog, VOCABULARIES, domain=VOCABULARIES["domains"].resolve("就业创业"),
                              category=VOCABULARIES["categories"].resolve("公共服务"), published=dt.date(2026, 1, 15))
    assert all(isinstance(p, ContentError) for p in result.problems)


def test_importer_refuses_a_broken_xlsx_with_our_error(tmp_path):
    path = tmp_path / "坏表格.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = import_table(path, ROOT / "catalog", VOCABULARIES, domain=VOCABULARIES["domains"].resolve("就业创业"))
    assert result.problems and "坏表格.xlsx" in result.problems[0].file


def test_yaml_dump_of_real_files_round_trips():
    """The strategies above start from real files: make sure those parse cleanly themselves."""
    for text, name in ((ITEM, "item"), (REPORT, "report")):
        doc, errors = parse_yaml(text, f"{name}.yml")
        assert errors == [] and validate_document(doc, name) == []
    assert yaml.safe_load(POSTING.split("---")[1])["kind"] == "财务公开"
