"""A mistake in a page-body template (ours, or a district's override in theme/zwgk/): the build
stops, says which page, which template file and line and what is wrong, in Chinese and without a
traceback, and leaves the last site as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import zwgk.outputs
from conftest import BUILD_DATE, copy_project, mkdocs_build, write
from conftest import zwgk as zwgk_command


def test_an_office_template_that_fails_on_some_pages_fails_the_build_and_names_them(tmp_path):
    """An office's override of a page-body template (theme/zwgk/) that fails for some items: the
    build stops with the page, the template's file and line and its mistake (no traceback), and
    the previous site stays in place."""
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    before = (site / "index.html").read_bytes()
    text = (Path(zwgk.outputs.__file__).parent / "templates" / "item.html").read_text("utf-8")
    assert "{{ item.title }}" in text
    write(project / "theme" / "zwgk" / "item.html", text.replace(
        "{{ item.title }}", '{{ item.title }}{% if "dibao" in here %}{{ no_such_value }}{% endif %}', 1))
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert "模板 theme/zwgk/item.html 第 4 行出错：'no_such_value' is undefined" in result.output, result.output
    assert "生成页面 items/" in result.output and "dibao" in result.output
    assert "改正这一行，或删去这个文件恢复默认模板" in result.output
    assert "Traceback" not in result.output
    # a block left open: Jinja cannot even read the template
    unclosed = text.replace("{{ item.title }}", "{% if item.title %}{{ item.title }}", 1)
    write(project / "theme" / "zwgk" / "item.html", unclosed)
    result = mkdocs_build(project, site)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert re.search(r"模板 theme/zwgk/item.html 第 \d+ 行出错：Unexpected end of template",
                     result.output), result.output
    assert (site / "index.html").read_bytes() == before  # the previous site, as it was
    assert not list(site.parent.glob(".site.zwgk-previous*"))
    shutil.rmtree(project / "theme" / "zwgk")
    assert mkdocs_build(project, site).returncode == 0


@pytest.mark.parametrize(("template", "making", "pdfs"), [
    ("bulletin_print.html", "生成公开栏和办事指南的打印版时", "true"),  # rendered before the pages
    ("apply_form_print.html", "生成表格下载和申请表时", "false"),  # rendered by the downloads worker
])
def test_a_mistake_in_a_printed_template_is_named_too(tmp_path, template, making, pdfs):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    text = (Path(zwgk.outputs.__file__).parent / "templates" / template).read_text("utf-8")
    write(project / "theme" / "zwgk" / template, text.replace("{% endblock %}", "{{ no_such_value }}{% endblock %}", 1))
    result = mkdocs_build(project, site, env={"ZWGK_PDFS": pdfs})
    assert result.returncode != 0 and "Traceback" not in result.output
    assert re.search(making + rf"，模板 theme/zwgk/{template} 第 \d+ 行出错：'no_such_value' is undefined",
                     result.output), result.output
    assert not list(site.glob(".zwgk-after-render-*"))  # the downloads' hidden folder went too


def test_zwgk_pdf_names_a_mistake_in_the_board_template(tmp_path):
    project = copy_project(tmp_path / "project")
    text = (Path(zwgk.outputs.__file__).parent / "templates" / "bulletin_print.html").read_text("utf-8")
    write(project / "theme" / "zwgk" / "bulletin_print.html",
          text.replace("{% endblock %}", "{{ no_such_value }}{% endblock %}", 1))
    run = zwgk_command(project, "pdf", "--place", "lilou-donggao", "--jobs", "1", "--out", str(tmp_path / "pdf"),
               "--date", BUILD_DATE)
    assert run.code == 1
    assert re.search(r"生成公开栏和办事指南的 PDF 时，模板 theme/zwgk/bulletin_print.html 第 \d+ 行出错："
                     r"'no_such_value' is undefined。这是本地区覆盖的模板", run.output), run.output
    assert not list((tmp_path / "pdf").rglob("*.pdf"))
