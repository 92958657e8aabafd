"""Every mistake in one run: schema, reference, path, duplicate-id and date errors of all files are
reported together, each problem once. Checked as a class: every mistake alone, then all of them
at once, must give exactly the union of the single runs."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import BUILD_DATE, copy_project
from zwgk.content.catalog import check_catalog

ITEM = "catalog/items/jiuye/jiuye-shiye-dengji.yml"
DOCUMENT = "catalog/documents/guifanxing-wenjian/llzb-2024-05.md"
OTHER_DOCUMENT = "catalog/documents/guifanxing-wenjian/llzb-2024-09.md"
INTERPRETATION = "content/jiedu/dibao-shishi-banfa-jiedu.md"
POSTING_DIR = "content/gongshi/lilou-donggao"

MISTAKES = {  # name → (file, pattern, replacement)
    "impossible date": (ITEM, r"published_date: 2024-03-08", "published_date: 2024-02-30"),
    "unknown domain": (ITEM, r"domain: 就业创业", "domain: 不存在的领域"),
    "bad enum": (ITEM, r"audience: 全社会", "audience: 所有人"),
    "empty phone": (ITEM, r"phone: .*", 'phone: ""'),
    "missing form": (ITEM, r"attachments/forms/shiye-dengji-shenqingbiao.docx", "attachments/forms/nope.docx"),
    "document date order": (DOCUMENT, r"written_date: \S+", "written_date: 2030-01-01"),
    "document attachment path": (DOCUMENT, r"path: attachments/docs/\S+", "path: ../../../etc/passwd"),
    "document bad date": (OTHER_DOCUMENT, r"published_date: \S+", "published_date: 2024-13-01"),
    "interpretation unknown document": (INTERPRETATION, r"  - llzb-2024-05\n", "  - no-such-document\n"),
    "interpretation bad form": (INTERPRETATION, r"form: 文字", "form: 漫画"),
}
EXTRA_FILES = {  # mistakes that are whole files
    "duplicate id": ("catalog/items/jiuye/zz-copy.yml", ITEM),
}


def apply(project, names) -> None:
    for name in names:
        if name in EXTRA_FILES:
            target, source = EXTRA_FILES[name]
            (project / target).write_text((project / source).read_text("utf-8"), "utf-8")
            continue
        file, pattern, replacement = MISTAKES[name]
        path = project / file
        text = path.read_text("utf-8")
        changed, n = re.subn(pattern, replacement, text, count=1)
        assert n == 1, (name, pattern)
        path.write_text(changed, "utf-8")


def errors_of(project) -> set[tuple[str, int, str, str]]:
    catalog, errors = check_catalog(project / "catalog", project / "content", dt.date.fromisoformat(BUILD_DATE),
                                    project)
    assert catalog is None and errors
    found = [(e.file, e.line, e.field, e.message) for e in errors]
    assert len(found) == len(set(found)), "an error reported twice"
    return set(found)


@pytest.fixture(scope="module")
def singles(tmp_path_factory):
    results = {}
    for name in [*MISTAKES, *EXTRA_FILES]:
        project = copy_project(tmp_path_factory.mktemp("single") / "project")
        apply(project, [name])
        results[name] = errors_of(project)
    return results


def test_each_mistake_alone_is_reported_once(singles):
    for name, errors in singles.items():
        if name == "duplicate id":
            assert len(errors) == 1, (name, errors)
        else:
            assert len(errors) == 1 or all(e[0] == errors.copy().pop()[0] for e in errors), (name, errors)
            assert len({(e[0], e[1], e[2]) for e in errors}) == len(errors), (name, errors)


def test_all_mistakes_at_once_give_every_error_in_one_run(singles, tmp_path):
    project = copy_project(tmp_path / "project")
    apply(project, [*MISTAKES, *EXTRA_FILES])
    together = errors_of(project)
    expected = set().union(*singles.values())
    missing = expected - together
    assert not missing, sorted(missing)
    # the duplicate of a broken file is broken the same way: those are its own errors, not extra ones
    extra = {e for e in together - expected if not e[0].endswith("zz-copy.yml")}
    assert not extra, sorted(extra)
    assert {e[0] for e in together} >= {ITEM, DOCUMENT, INTERPRETATION}
