"""Incremental production builds (`zwgk build`, `mkdocs build`): after every kind of edit the site is
byte-for-byte the site a clean build makes, unchanged files keep their times (a sync moves only
what changed), and a stale, corrupt or tampered cache never gives a wrong page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BUILD_DATE, commit_all, copy_project, edit, mkdocs_build

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": BUILD_DATE}
ITEM = "catalog/items/jiuye/jiuye-chuangye-danbao-daikuan.yml"
OTHER_ITEM_PAGE = "items/jiuye-buzhu-zijin-shiyong/index.html"
DOCUMENT = "catalog/documents/guifanxing-wenjian/llzb-2024-15.md"


def zwgk_build(project: Path, site: Path, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--config", str(project / "mkdocs.yml"),
                           "--site-dir", str(site), *args], capture_output=True, text=True, env=ENV, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def times(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def written(before: dict[str, int], site: Path) -> set[str]:
    """The files of ``site`` that are new or have a new time since ``before``."""
    return {rel for rel, ns in times(site).items() if before.get(rel) != ns}


def assert_same_site(built: Path, clean: Path) -> None:
    a, b = tree(built), tree(clean)
    assert sorted(a) == sorted(b), (sorted(set(a) - set(b))[:10], sorted(set(b) - set(a))[:10])
    differ = [rel for rel in a if a[rel] != b[rel]]
    assert not differ, f"differ from a clean build: {differ[:10]}"


@pytest.fixture
def built(tmp_path):
    """The demo, committed on the demo day, built once by `zwgk build` into its own site/."""
    project = copy_project(tmp_path / "project")
    commit_all(project)
    zwgk_build(project, project / "site")
    return project


def test_every_kind_of_edit_gives_the_clean_site_and_writes_only_what_changed(built, tmp_path):
    project, site = built, built / "site"
    item_id = Path(ITEM).stem
    steps = [
        ("item", lambda: edit(project / ITEM, "level2: ", "level2: 增量", 1)),
        ("document", lambda: edit(project / DOCUMENT, "自2024年7月1日起", "自2024年7月2日起", 1)),
        ("taxonomy name", lambda: edit(project / "catalog/taxonomy/four_ways.yml", "{id: jiujin, name: 就近办}",
                                       "{id: jiujin, name: 就近办理, aliases: [就近办]}")),
        ("site settings", lambda: edit(project / "catalog/site.yml", "phone: 0379-65000000", "phone: 0379-65000009")),
        ("mkdocs.yml", lambda: edit(project / "mkdocs.yml", "label: 我为政府网站找错", "label: 网站纠错")),
        ("template", lambda: _override_template(project)),
        ("deletion", lambda: (project / ITEM).unlink()),
    ]
    for n, (name, change) in enumerate(steps):
        before = times(site)
        inodes = {rel: os.stat(site / rel).st_ino for rel in before}
        change()
        log = zwgk_build(project, site)
        changed = written(before, site)
        clean = tmp_path / f"clean-{n}"
        zwgk_build(project, clean, "--clean")
        assert_same_site(site, clean)
        pages = {rel for rel in changed if rel.endswith(".html")}
        if name == "item":
            assert f"items/{item_id}/index.html" in changed, log
            assert OTHER_ITEM_PAGE not in changed
            assert len(pages) < 12, sorted(pages)  # the item and the lists that show it
            assert "沿用上次构建的" in log
            assert "Page skipped" not in log  # reused pages are linked in without a line each
            # the search index's unchanged files are the previous build's, linked: no new file on disk
            index = [rel for rel in times(site) if rel.startswith("pagefind/")]
            new = {rel for rel in index if os.stat(site / rel).st_ino != inodes.get(rel)}
            assert new <= changed and len(new) < len(index) / 4, (len(new), len(index))
        elif name == "document":
            assert "documents/llzb-2024-15/index.html" in changed
            assert OTHER_ITEM_PAGE not in changed
        elif name == "taxonomy name":
            shown = {rel for rel in pages if "就近办理" in (site / rel).read_text("utf-8")}
            assert shown and pages == shown, sorted(pages - shown)[:10]  # only the pages that show it
        elif name in ("mkdocs.yml", "template"):
            assert OTHER_ITEM_PAGE in changed  # what every page shows: every page again
        elif name == "deletion":
            assert not (site / f"items/{item_id}").exists()


def _override_template(project: Path) -> None:
    """An office's override of a page-body template (theme/zwgk/item.html)."""
    import zwgk.outputs

    source = Path(zwgk.outputs.__file__).parent / "templates" / "item.html"
    target = project / "theme/zwgk/item.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.read_text("utf-8") + "\n<p>本区模板</p>\n", "utf-8")


def test_a_stale_corrupt_or_tampered_cache_never_gives_a_wrong_page(built, tmp_path):
    project, site = built, built / "site"
    reference = tmp_path / "reference"
    shutil.copytree(site, reference)
    page = site / OTHER_ITEM_PAGE
    # a page changed by hand in the published site, one deleted, one replaced by a link elsewhere
    page.write_text(page.read_text("utf-8").replace("<h1", "<h1 data-tampered", 1), "utf-8")
    (site / "items/jiuye-gongyixing-gangwei-zhaopin/index.html").unlink()
    secret = tmp_path / "secret.html"
    secret.write_text("系统文件", "utf-8")
    linked = site / "documents/llzb-2024-15/index.html"
    linked.unlink()
    linked.symlink_to(secret)
    outside = tmp_path / "outside"  # a folder of the site replaced by a link to a copy elsewhere
    shutil.copytree(site / "items/jiuye-shiye-dengji", outside)
    shutil.rmtree(site / "items/jiuye-shiye-dengji")
    (site / "items/jiuye-shiye-dengji").symlink_to(outside, target_is_directory=True)
    (outside / "index.html").write_text("外面的文件", "utf-8")
    # the search index's fragments moved out of the site behind a link (same names, same bytes),
    # and one index file changed by hand
    fragments = tmp_path / "fragments"
    shutil.move(site / "pagefind/fragment", fragments)
    (site / "pagefind/fragment").symlink_to(fragments, target_is_directory=True)
    entry = site / "pagefind/pagefind-entry.json"
    entry.write_text(entry.read_text("utf-8").replace("{", "{ ", 1), "utf-8")
    zwgk_build(project, site)
    assert_same_site(site, reference)
    outside_inodes = {os.stat(path).st_ino for path in fragments.iterdir()}
    assert not {os.stat(path).st_ino for path in (site / "pagefind/fragment").iterdir()} & outside_inodes
    # the state file garbled, then from another version: a full build, the same site
    for state in (project / ".cache/zwgk/build").glob("*.json"):
        state.write_text("{not json", "utf-8")
    log = zwgk_build(project, site)
    assert "全部页面重新生成" in log
    assert_same_site(site, reference)


def test_a_failed_build_leaves_the_site_and_the_next_build_is_right(built, tmp_path):
    project, site = built, built / "site"
    before = tree(site)
    edit(project / ITEM, "published_date: ", "published_date: 2024-13-45 #", 1)
    proc = subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--config", str(project / "mkdocs.yml"),
                           "--site-dir", str(site)], capture_output=True, text=True, env=ENV, timeout=600)
    assert proc.returncode == 1
    assert tree(site) == before
    edit(project / ITEM, "published_date: 2024-13-45 #", "published_date: ", 1)
    edit(project / ITEM, "level2: ", "level2: 修正后", 1)
    zwgk_build(project, site)
    zwgk_build(project, tmp_path / "clean", "--clean")
    assert_same_site(site, tmp_path / "clean")


def test_plain_mkdocs_build_is_incremental_too_and_keeps_hidden_files(tmp_path):
    project = copy_project(tmp_path / "project")
    commit_all(project)
    site = project / "site"
    assert mkdocs_build(project, site).returncode == 0
    (site / ".git-marker").write_text("web server checkout", "utf-8")
    before = times(site)
    edit(project / ITEM, "level2: ", "level2: 增量", 1)
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.output
    assert "沿用上次构建的" in result.output
    assert OTHER_ITEM_PAGE not in written(before, site)
    assert (site / ".git-marker").read_text("utf-8") == "web server checkout"
    assert "Page skipped" not in result.output
    assert not any(p.name.endswith("zwgk-previous") for p in project.iterdir())
    # the previous site is deleted after the build, in the background: it does not stay
    deadline = time.monotonic() + 60
    while any(p.name.startswith(".zwgk-trash-") for p in project.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(p.name.startswith(".zwgk-trash-") for p in project.iterdir())
    clean = tmp_path / "clean"
    assert mkdocs_build(project, clean).returncode == 0
    (site / ".git-marker").unlink()
    assert_same_site(site, clean)
    # a build that fails halfway through the pages puts the previous site back
    before = tree(site)
    (project / "content/broken.md").write_text("---\nzwgk_view: nonsense\n---\n# 坏页面\n", "utf-8")
    assert mkdocs_build(project, site).returncode != 0
    assert tree(site) == before


def test_only_the_board_that_changed_is_printed_again(tmp_path):
    project = copy_project(tmp_path / "project")
    commit_all(project)
    site = project / "site"
    env = {**ENV, "ZWGK_PDFS": "true"}
    run = subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--config", str(project / "mkdocs.yml")],
                         capture_output=True, text=True, env=env, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    pdfs = {rel for rel in tree(site) if rel.endswith(".pdf")}
    assert len(pdfs) > 20
    before = times(site)
    edit(project / "content/gongshi/yichuan-zhuge/2025q4-caiwu.md", "财务收支情况公开\n", "财务收支情况公开（更正）\n")
    run = subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--config", str(project / "mkdocs.yml")],
                         capture_output=True, text=True, env=env, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    printed = {rel for rel in written(before, site) if rel.endswith(".pdf")}
    assert printed == {"bulletins/pdf/yichuan-zhuge.pdf"}, printed
    total, reused = map(int, re.search(r"(\d+) 份公开栏、办事指南和手册 PDF（\d+ 页；(\d+) 份与上次相同",
                                       run.stdout + run.stderr).groups())
    assert reused == total - 1 and total > 20
    clean = tmp_path / "clean"
    subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--config", str(project / "mkdocs.yml"), "--clean",
                    "--site-dir", str(clean)], capture_output=True, text=True, env=env, timeout=900, check=True)
    assert_same_site(site, clean)


def test_switching_the_engine_renders_every_page_again(built, tmp_path):
    """MkDocs and ProperDocs name themselves on every page: a build by the other engine reuses nothing."""
    project, site = built, built / "site"
    log = zwgk_build(project, site, "--engine", "properdocs")
    assert "全部页面重新生成" in log
    zwgk_build(project, tmp_path / "clean", "--engine", "properdocs", "--clean")
    assert_same_site(site, tmp_path / "clean")


def test_a_body_linking_to_a_page_that_goes_is_rendered_again(built, tmp_path):
    """MkDocs rewrites a body's link to a page it finds and leaves (and warns about) one it does not:
    deleting the page a reused body links to must change that body's page as a clean build does."""
    project, site = built, built / "site"
    edit(project / DOCUMENT, "自2024年7月1日起", "自2024年7月1日起（另见[失业登记](../items/jiuye-shiye-dengji.md)）")
    zwgk_build(project, site)
    linking = "documents/llzb-2024-15/index.html"
    assert "../../items/jiuye-shiye-dengji/" in (site / linking).read_text("utf-8")
    (project / "catalog/items/jiuye/jiuye-shiye-dengji.yml").unlink()
    before = times(site)
    log = zwgk_build(project, site, "--no-strict")
    assert linking in written(before, site), log
    zwgk_build(project, tmp_path / "clean", "--clean", "--no-strict")
    assert_same_site(site, tmp_path / "clean")
