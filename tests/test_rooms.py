"""The helpers each concept has one room for: writing files, per-file caches, the personal-data
scan and the annual report's markers. Real files, real umasks, no mocks."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ROOT
from zwgk.content.annual import REPORT_MARKERS, REPORT_TABLES
from zwgk.content.filecache import FileCache
from zwgk.content.layout import REPORTS_DIR
from zwgk.content.privacy import describe, scan_file, scan_text
from zwgk.outputs.files import swap_in, write_atomically


@pytest.fixture
def umask():
    """Set the process umask for one test, as a careful admin's shell or a CI job may have it."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.part"))


# ---------------------------------------------------------------- writing files


def test_a_published_file_is_readable_by_the_web_server_whatever_the_umask(tmp_path, umask):
    umask(0o077)
    path = tmp_path / "site" / "downloads" / "jiuye.csv"  # neither folder exists yet
    write_atomically(path, "序号,公开事项\n".encode())
    assert path.read_text("utf-8") == "序号,公开事项\n"
    assert mode(path) == 0o644
    assert mode(tmp_path / "site") == mode(tmp_path / "site" / "downloads") == 0o755
    write_atomically(path, b"second")  # replacing keeps the mode too
    assert path.read_bytes() == b"second" and mode(path) == 0o644
    assert leftovers(tmp_path) == []


def test_an_editor_file_keeps_its_mode_and_a_new_one_gets_the_umask(tmp_path, umask):
    umask(0o002)  # an office whose editors share the repository
    shared = tmp_path / "items" / "jiuye-shiye-dengji.yml"
    shared.parent.mkdir()
    shared.write_text("id: old\n", "utf-8")
    shared.chmod(0o660)
    write_atomically(shared, b"id: new\n", mode=None)
    assert shared.read_bytes() == b"id: new\n" and mode(shared) == 0o660
    new = tmp_path / "items" / "jiuye-new.yml"
    write_atomically(new, b"id: jiuye-new\n", mode=None)
    assert mode(new) == 0o664  # what the umask gives any file an editor makes
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_half_file(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<feed>old</feed>")
    with pytest.raises(TypeError):
        write_atomically(path, "not bytes")  # fails after the temporary file was made
    assert path.read_bytes() == b"<feed>old</feed>"
    folder = tmp_path / "board.pdf"
    folder.mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(OSError):
        write_atomically(folder, b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.pdf", "feed.xml"]


@pytest.mark.parametrize("published_before", [True, False])
def test_swapping_in_a_new_site_leaves_only_the_new_site(tmp_path, published_before):
    target = tmp_path / "site"
    if published_before:
        target.mkdir()
        (target / "old.html").write_text("old", "utf-8")
    fresh = Path(tempfile.mkdtemp(prefix="site.new-", dir=tmp_path))  # private, as mkdtemp makes it
    (fresh / "index.html").write_text("new", "utf-8")
    swap_in(fresh, target)
    assert sorted(p.name for p in target.iterdir()) == ["index.html"]
    assert mode(target) == 0o755  # a web server running as another user can enter it
    # no site.old, no site.new-…; the old site, renamed to a hidden name at once, is deleted in the background
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["site"]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.iterdir())) > 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# ---------------------------------------------------------------- per-file caches


def test_a_file_cache_reads_a_file_again_only_when_it_changed(tmp_path):
    path = tmp_path / "item.yml"
    path.write_text("id: a\n", "utf-8")
    cache: FileCache[str] = FileCache()
    reads = []

    def read() -> str:
        reads.append(1)
        return path.read_text("utf-8")

    assert cache.get(path, "item", read) == "id: a\n"
    assert cache.get(path, "item", read) == "id: a\n" and len(reads) == 1  # a preview rebuild: kept
    assert cache.get(path, "other schema", read) and len(reads) == 2  # read another way: its own entry
    path.write_text("id: bb\n", "utf-8")
    assert cache.get(path, "item", read) == "id: bb\n" and len(reads) == 3
    path.write_text("id: cc\n", "utf-8")  # same size: the modification time tells
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert cache.get(path, "item", read) == "id: cc\n" and len(reads) == 4
    path.unlink()
    assert cache.get(path, "item", lambda: "gone") == "gone"  # a file that is not there is never served stale


# ---------------------------------------------------------------- personal data


def test_a_scan_finds_numbers_on_their_lines_and_sees_an_edit_at_once(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: 通知\n---\n\n联系人：张三 13812345678\n身份证 11010519491231002X\n", "utf-8")
    found = scan_file(page)
    assert [(f.line, f.kind, f.masked) for f in found] == [(5, "手机号", "138****5678"),
                                                           (6, "身份证号", "1101**********002X")]
    assert scan_file(page, allowed=["138-1234-5678"]) == found[1:]  # allowed as an office writes it
    page.write_text("联系人：张三 138****5678\n", "utf-8")
    assert scan_file(page) == []
    body = "| 1 | 王某某 | 13812345678 |\n"
    assert [f.line for f in scan_text(body, first_line=9)] == [9]  # a body's lines counted in its file


def test_the_message_never_repeats_the_number_it_reports():
    finding = scan_text("１３８１２３４５６７８")[0]  # full-width digits are found as digits
    for posting in (False, True):
        message, hint = describe(finding, posting)
        assert "13812345678" not in message + hint and "138****5678" in message
    assert "allowed_numbers" in describe(finding)[1] and "公示" in describe(finding, posting=True)[1]


# ---------------------------------------------------------------- annual report markers


def test_the_guide_and_the_demo_reports_use_the_markers_the_site_fills():
    guide = (ROOT / "content/help/editing.md").read_text("utf-8")
    reports = [p for p in (ROOT / "content" / REPORTS_DIR).glob("*.md") if p.name != "index.md"]
    assert reports
    for table, marker in zip(REPORT_TABLES, REPORT_MARKERS, strict=True):
        assert table in marker and marker in guide
        for report in reports:
            assert marker in report.read_text("utf-8").splitlines(), (report, marker)
