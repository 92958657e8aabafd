"""Only what a published record or page references is published, and the repository is the
boundary: markers planted in every kind of non-public record, its attachments and its media are
in no output byte; symlinks and paths out of the repository are errors that name the referencing
file, line and field and never quote the outside file."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import BUILD_DATE, POSTING_WITH_BODY, ROOT, copy_project, mkdocs_build, plan, write, zwgk
from zwgk.content.catalog import check_catalog
from zwgk.content.settings import read_settings
from zwgk.site.plan import plan_site
from zwgk.tools.selfcheck import inspect

DOCUMENT = """---
id: {id}
title: {title}
category: 工作动态
publisher: 洛龙区人民政府办公室
topic: 综合政务
written_date: 2025-06-01
published_date: {published}
{extra}---
{body}
"""
OUTSIDE_MARKER = "仓库外机密第一行"


def docx(marker: str) -> bytes:
    """A minimal Word file whose text is ``marker``."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document><w:body><w:p><w:r><w:t>{marker}</w:t></w:r></w:p>"
                                              "</w:body></w:document>")
    return buffer.getvalue()


def item_with_form(item_id: str, title: str, form: str, disclosure: str = "主动公开",
                   published: str = "2024-03-08") -> str:
    source = (ROOT / "catalog/items/huji-guanli/huji-guanli-hukou-qianru.yml").read_text("utf-8")
    source = source.replace("id: huji-guanli-hukou-qianru", f"id: {item_id}")
    source = source.replace("attachments/forms/hukou-qianyi-shenqingbiao.docx", form)
    lines = []
    for line in source.splitlines():
        if line.startswith("published_date:"):
            line = f"published_date: {published}"
        elif line.startswith("disclosure:") or line.startswith("aliases:"):
            continue
        lines.append(line)
    text = "\n".join(lines) + f"\ndisclosure: {disclosure}\n"
    return text.replace("level2: ", f"level2: {title}", 1) if "level2: " in text else text


# ---------------------------------------------------------------- every non-public kind, with its files


MARKERS = {}  # kind → marker planted in the record and in every file it names


def _plant(project: Path) -> None:
    content = project / "content"
    docs = project / "catalog/documents/gongzuo-dongtai"
    for kind, disclosure, published, extra_front in [
        ("withheld document", "不予公开", "2025-06-02", ""),
        ("draft document", "主动公开", "2025-06-02", "draft: true\n"),
        ("future document", "主动公开", "2026-06-02", ""),
        ("on-request document", "依申请公开", "2025-06-02", ""),
    ]:
        n = len(MARKERS)
        marker = MARKERS[kind] = f"泄露标记{n:02d}{kind.split()[0]}"
        slug = f"leak-doc-{n}"
        write(content / f"attachments/docs/{slug}.txt", f"{marker} 附件正文\n")
        write(content / f"attachments/docs/{slug}.docx", docx(marker))
        extra = (f"disclosure: {disclosure}\n{extra_front}attachments:\n"
                 f"  - title: 附件一\n    path: attachments/docs/{slug}.txt\n"
                 f"  - title: 附件二\n    path: attachments/docs/{slug}.docx\n")
        # the title of an 依申请公开 document is public (its catalog entry); its body is not
        title = "依申请公开的检查报告" if disclosure == "依申请公开" else f"{marker}标题"
        write(docs / f"{slug}.md", DOCUMENT.format(id=slug, title=title, published=published, extra=extra,
                                                   body=f"{marker}正文。\n\n![示意图]({slug}-image)"))
    items = project / "catalog/items/huji-guanli"
    for kind, disclosure, published in [("withheld item", "不予公开", "2024-03-08"),
                                        ("future item", "主动公开", "2026-06-01")]:
        n = len(MARKERS)
        marker = MARKERS[kind] = f"泄露标记{n:02d}{kind.split()[0]}"
        form = f"attachments/forms/leak-item-{n}.docx"
        write(content / form, docx(marker))
        write(items / f"leak-item-{n}.yml", item_with_form(f"leak-item-{n}", marker, form, disclosure, published))
    interpretation = (ROOT / "content/jiedu/zhengfu-gongzuo-baogao-2025-shipin.md").read_text("utf-8")
    for kind, change in [("withheld interpretation", "disclosure: 不予公开\npublished_date: 2025-01-21"),
                         ("future interpretation", "published_date: 2026-03-01")]:
        n = len(MARKERS)
        marker = MARKERS[kind] = f"泄露标记{n:02d}{kind.split()[0]}"
        media = f"media/jiedu/leak-{n}"
        write(content / f"{media}.mp4", f"{marker} video".encode())
        write(content / f"{media}.vtt", f"WEBVTT\n\n00:00.000 --> 00:01.000\n{marker}\n")
        write(content / f"{media}-poster.jpg", f"{marker} poster".encode())
        write(content / f"{media}.svg", f'<svg xmlns="http://www.w3.org/2000/svg"><text>{marker}</text></svg>')
        text = interpretation.replace("published_date: 2025-01-21", change)
        text = text.replace("media/jiedu/zhengfu-gongzuo-baogao-2025", media)
        text = text.replace("title: 视频：", f"title: {marker}")
        text += f"\n![{marker}图](../{media}.svg)\n"
        write(content / f"jiedu/leak-{n}.md", text)
    board = content / "gongshi/lilou-donggao"
    for kind, start, end, extra in [("expired posting", "2025-11-03", "2025-11-11", ""),
                                    ("draft posting", "2026-01-12", "2026-01-20", "draft: true\n")]:
        n = len(MARKERS)
        marker = MARKERS[kind] = f"泄露标记{n:02d}{kind.split()[0]}"
        write(content / f"attachments/leak-posting-{n}.txt", f"{marker} 名单附件\n")
        write(board / f"leak-{n}.md", POSTING_WITH_BODY.format(
            title=f"{marker}公示", start=start, end=end, extra=extra,
            body=f"名单见[附件](../../attachments/leak-posting-{n}.txt)。{marker}"))
    n = len(MARKERS)
    marker = MARKERS["unreferenced file"] = f"泄露标记{n:02d}unreferenced"
    write(content / "attachments/forgotten-list.txt", f"{marker}\n")


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    MARKERS.clear()
    project = copy_project(tmp_path_factory.mktemp("publishing") / "project")
    _plant(project)
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.output
    pdf = zwgk(project, "pdf", "--date", BUILD_DATE, "--place", "lilou-donggao", "--jobs", "1", "--out", str(site))
    assert pdf.code == 0, pdf.output
    return project, result


def test_markers_of_every_unpublished_kind_and_its_files_are_in_no_output_byte(planted):
    project, result = planted
    assert len(MARKERS) == 11
    result.assert_nowhere(*MARKERS.values())
    assert list((result.site / "bulletins/pdf").glob("*.pdf")), "the board's PDF was scanned too"


def test_unpublished_attachments_are_not_copied_under_any_name(planted):
    project, result = planted
    published = {p.name for p in result.site.rglob("*") if p.is_file()}
    planted_files = {p.name for p in (project / "content").rglob("leak-*") if not p.name.endswith(".md")}
    assert planted_files and not planted_files & published
    assert "forgotten-list.txt" not in published
    # what published records reference still is
    assert (result.site / "attachments/forms/hukou-qianyi-shenqingbiao.docx").is_file()
    assert (result.site / "media/jiedu/zhengfu-gongzuo-baogao-2025.vtt").is_file()


def test_on_request_document_shows_its_entry_and_how_to_apply(planted):
    _, result = planted
    page = result.page("documents/leak-doc-3/index.html")
    assert "依申请公开的检查报告" in page and "本信息依申请公开" in page
    assert "政府信息公开指南" in page and "索引号" in page
    assert "附件一" not in page


def test_check_lists_unreferenced_files(planted):
    project, _ = planted
    report = inspect(plan(project))
    unreferenced = [w for w in report.warnings if "没有被任何已发布的页面或记录引用" in w.message]
    assert "content/attachments/forgotten-list.txt" in {w.file for w in unreferenced}
    # files that only unpublished records name are not "forgotten": they wait for their record
    assert not [w for w in unreferenced if "leak-" in w.file]


def test_interpretation_of_an_on_request_document_is_an_error(project):
    path = project / "catalog/documents/guifanxing-wenjian/llzb-2024-05.md"
    path.write_text(path.read_text("utf-8").replace("published_date:", "disclosure: 依申请公开\npublished_date:", 1),
                    "utf-8")
    catalog, errors = check_catalog(project / "catalog", project / "content", dt_build(), project)
    assert catalog is None
    assert any("依申请公开" in e.message and e.file.startswith("content/jiedu/") and e.field.startswith("interprets")
               for e in errors), [e.format() for e in errors]


def dt_build():
    import datetime as dt

    return dt.date.fromisoformat(BUILD_DATE)


# ---------------------------------------------------------------- the repository boundary


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the project, outside the repository, with a secret file and folder."""
    folder = tmp_path / "outside"
    write(folder / "secret.txt", f"{OUTSIDE_MARKER}\n第二行\n")
    write(folder / "secret.yml", f"{OUTSIDE_MARKER}: 1\n")
    write(folder / "pages/secret.md", f"# {OUTSIDE_MARKER}\n")
    write(folder / "pages/secret.pdf", f"{OUTSIDE_MARKER}".encode())
    return folder


def _errors(project: Path) -> list:
    catalog, errors = check_catalog(project / "catalog", project / "content", dt_build(), project)
    if catalog is None:
        return errors
    return inspect(plan_site(catalog, replace(read_settings(project / "mkdocs.yml"), build_date=dt_build()))).errors


def _assert_reported(errors, file: str, field: str, *words: str) -> None:
    text = "\n".join(e.format() for e in errors)
    assert OUTSIDE_MARKER not in text
    assert any(e.file == file and e.line > 0 and e.field.startswith(field) and all(w in e.message for w in words)
               for e in errors), text


PATH_FIELDS = [  # (record file, field as reported, the text to replace, how the test replaces it)
    ("catalog/documents/guifanxing-wenjian/llzb-2024-05.md", "attachments[0].path",
     "attachments/docs/llzb-2024-05-dibao-shenqingshu.docx"),
    ("catalog/items/huji-guanli/huji-guanli-hukou-qianru.yml", "guide.materials",
     "attachments/forms/hukou-qianyi-shenqingbiao.docx"),
    ("catalog/items/huji-guanli/huji-guanli-hukou-qianru.yml", "guide.materials",
     "attachments/samples/hukou-qianyi-shenqingbiao-yangben.docx"),
    ("content/jiedu/zhengfu-gongzuo-baogao-2025-shipin.md", "video.src", "media/jiedu/zhengfu-gongzuo-baogao-2025.mp4"),
    ("content/jiedu/zhengfu-gongzuo-baogao-2025-shipin.md", "video.captions",
     "media/jiedu/zhengfu-gongzuo-baogao-2025.vtt"),
    ("content/jiedu/zhengfu-gongzuo-baogao-2025-shipin.md", "video.poster",
     "media/jiedu/zhengfu-gongzuo-baogao-2025-poster.jpg"),
    ("content/jiedu/gaoling-jintie-yinpin-jiedu.md", "audio.src", "media/jiedu/gaoling-jintie.mp3"),
    ("content/jiedu/dibao-biaozhun-bianhua.md", "data.csv", "media/jiedu/dibao-biaozhun.csv"),
]


@pytest.mark.parametrize(("record", "field", "path"), PATH_FIELDS, ids=[f"{r.split('/')[-1]}:{f}" for r, f, _ in
                                                                         PATH_FIELDS])
def test_a_path_field_symlinked_out_of_the_repository_is_an_error(project, outside, record, field, path):
    target = project / "content" / path
    target.unlink()
    target.symlink_to(outside / "secret.txt")
    errors = _errors(project)
    _assert_reported(errors, record, field, "符号链接")


@pytest.mark.parametrize(("record", "field", "path"), PATH_FIELDS, ids=[f"{r.split('/')[-1]}:{f}" for r, f, _ in
                                                                         PATH_FIELDS])
def test_a_path_field_that_climbs_out_of_the_docs_dir_is_an_error(project, outside, record, field, path):
    source = project / record
    climb = "../" * (len(project.relative_to(outside.parent).parts) + 1) + "outside/secret.txt"
    text = source.read_text("utf-8")
    assert path in text
    source.write_text(text.replace(path, climb, 1), "utf-8")
    errors = _errors(project)
    _assert_reported(errors, record, field)  # refused by the field's own rule or by the boundary
    assert not any(e.message.endswith("不存在。") and e.file == record for e in errors)


@pytest.mark.parametrize("where", ["content/xxgk/zhidu/index.md", "content/gongshi/lilou-donggao/link.md",
                                   "catalog/documents/gongzuo-dongtai/link.md", "content/jiedu/link.md"])
def test_a_body_link_out_of_the_docs_dir_is_an_error(project, outside, where):
    climb = "../" * 12 + str(outside / "secret.txt").lstrip("/")
    path = project / where
    if where.endswith("index.md"):
        path.write_text(path.read_text("utf-8") + f"\n\n[文件]({climb})\n", "utf-8")
    elif where.startswith("content/gongshi"):
        write(path, POSTING_WITH_BODY.format(title="公示", start="2026-01-12", end="2026-01-20", extra="",
                                   body=f"[名单]({climb})"))
    elif where.startswith("catalog/documents"):
        write(path, DOCUMENT.format(id="link", title="带链接的动态", published="2025-06-02", extra="",
                                    body=f"正文。\n\n![图]({climb})"))
    else:
        text = (project / "content/jiedu/dibao-shishi-banfa-jiedu.md").read_text("utf-8")
        write(path, text + f"\n\n<img src=\"{climb}\" alt=\"图\">\n")
    errors = _errors(project)
    text = "\n".join(e.format() for e in errors)
    assert OUTSIDE_MARKER not in text
    assert any(e.file == where and e.line > 1 and "以外" in e.message for e in errors), text


SYMLINKS = {  # kind → (the link in the project, its target in the outside folder)
    "item file": ("catalog/items/jiuye/secret.yml", "secret.yml"),
    "taxonomy file": ("catalog/taxonomy/topics.yml", "secret.yml"),
    "catalog folder": ("catalog/items/elsewhere", "pages"),
    "page file": ("content/xxgk/secret.md", "pages/secret.md"),
    "content folder": ("content/outside", "pages"),
    "attachment folder": ("content/attachments/outside", "pages"),
}


def plant_symlink(project: Path, outside: Path, kind: str) -> str:
    link, target = SYMLINKS[kind]
    path = project / link
    if path.exists():
        path.unlink()
    path.symlink_to(outside / target)
    return link


@pytest.mark.parametrize("kind", SYMLINKS)
def test_symlinks_out_of_the_repository_are_rejected_and_never_read(project, outside, kind):
    shown = plant_symlink(project, outside, kind)
    errors = _errors(project)
    text = "\n".join(e.format() for e in errors)
    assert OUTSIDE_MARKER not in text and str(outside) not in text
    assert any(e.file == shown and "符号链接" in e.message for e in errors), text


def test_the_build_refuses_every_symlink_out_of_the_repository_at_once(project, outside):
    shown = [plant_symlink(project, outside, kind) for kind in SYMLINKS]
    result = mkdocs_build(project, project / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert OUTSIDE_MARKER not in result.output and str(outside) not in result.output
    for link in shown:
        assert link in result.output, link
    assert not (project / "site").exists() or not any(
        OUTSIDE_MARKER.encode() in p.read_bytes() for p in (project / "site").rglob("*") if p.is_file())


def test_a_symlink_inside_the_docs_dir_is_published_like_its_target(project):
    """Symlinks that stay inside the docs dir are ordinary files (offices share one form)."""
    link = project / "content/attachments/forms/shared-form.docx"
    link.symlink_to(project / "content/attachments/forms/hukou-qianyi-shenqingbiao.docx")
    path = project / "catalog/items/huji-guanli/huji-guanli-hukou-qianru.yml"
    path.write_text(path.read_text("utf-8").replace("attachments/forms/hukou-qianyi-shenqingbiao.docx",
                                                    "attachments/forms/shared-form.docx"), "utf-8")
    assert not _errors(project)


def test_a_copy_of_an_unpublished_attachment_is_refused(project):
    """A withheld document's attachment copied under another name and linked from a public page."""
    secret = write(project / "content/attachments/docs/inspection.txt", "内部检查记录\n")
    write(project / "catalog/documents/gongzuo-dongtai/internal.md", DOCUMENT.format(
        id="internal", title="内部检查", published="2025-06-02",
        extra="disclosure: 不予公开\nattachments:\n  - title: 记录\n    path: attachments/docs/inspection.txt\n",
        body="内部。"))
    write(project / "content/attachments/docs/copy.txt", secret.read_text("utf-8"))
    page = project / "content/xxgk/zhidu/index.md"
    page.write_text(page.read_text("utf-8") + "\n\n[检查记录](../../attachments/docs/copy.txt)\n", "utf-8")
    errors = _errors(project)
    assert any(e.file == "content/xxgk/zhidu/index.md" and "同一个文件" in e.message for e in errors), \
        [e.format() for e in errors]


def test_printing_a_board_fetches_nothing(tmp_path):
    """A URL that slipped into a posting (an outside host, a system file) is never fetched by the
    PDF printer: the board prints from inline content only."""
    import http.server
    import threading

    from zwgk.outputs.pdf import _write_pdf

    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host = f"http://127.0.0.1:{server.server_address[1]}"
        html = (f'<html><head><link rel="stylesheet" href="{host}/style.css"></head><body><p>公示</p>'
                f'<img src="{host}/tracker.png" alt="x"><img src="file:///etc/hostname" alt="y"></body></html>')
        pages, _ = _write_pdf((str(tmp_path / "board.pdf"), html))
    finally:
        server.shutdown()
        server.server_close()
    assert pages == 1 and (tmp_path / "board.pdf").stat().st_size > 0
    assert requests == []
