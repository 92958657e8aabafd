"""Work in forked processes (outputs/background.py) and mistakes in the page-body templates: a
build either publishes what it would alone, or stops, says where, and leaves the last site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import zwgk.outputs
from conftest import copy_project, mkdocs_build, write
from zwgk.outputs.background import InBackground, WorkerDied


def test_a_background_job_gives_its_result_or_its_error_here():
    def dies():
        os._exit(1)

    def raises():
        raise ValueError("表格写不出来")

    class Unpicklable(Exception):
        def __reduce__(self):
            raise TypeError("no")

    def raises_unpicklable():
        raise Unpicklable("打不开")

    assert InBackground(sum, [1, 2, 3]).result() == 6
    assert InBackground(dies, failed={}).result() == {}  # e.g. the title words: the build splits them itself
    assert InBackground(raises, failed={}).result() == {}
    with pytest.raises(ValueError, match="表格写不出来"):  # e.g. the downloads: the build fails with it
        InBackground(raises).result()
    with pytest.raises(WorkerDied):
        InBackground(dies).result()
    with pytest.raises(RuntimeError, match="Unpicklable: 打不开"):
        InBackground(raises_unpicklable).result()


def test_an_office_template_that_fails_on_some_pages_fails_the_build_and_names_them(tmp_path):
    """An office's override of a page-body template (theme/zwgk/) that fails for some items: the
    build stops with the page and the template's mistake, and the previous site stays in place."""
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
    assert "no_such_value" in result.output
    assert "Error building page 'items/" in result.output and "dibao" in result.output
    assert (site / "index.html").read_bytes() == before  # the previous site, as it was
    assert not list(site.parent.glob(".site.zwgk-previous*"))
    shutil.rmtree(project / "theme" / "zwgk")
    assert mkdocs_build(project, site).returncode == 0
