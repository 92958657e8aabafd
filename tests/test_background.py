"""Page bodies are rendered by a forked process while the build renders pages (outputs/background.py).
Whatever the worker does, the site must be what the build alone would make: a page the worker
could not render is rendered by the build itself, and its mistake is reported as before."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import zwgk.outputs
from conftest import copy_project, mkdocs_build, write
from zwgk.outputs.background import InBackground, Streamed


def _square(key: int) -> int:
    return key * key


def test_results_come_for_every_key_in_any_order_asked():
    keys = list(range(200))
    streamed = Streamed(_square, keys)
    asked = [150, 3, 199, *range(200)]  # ahead of the stream, behind it, and each once more
    got = [streamed.get(key) for key in asked]
    assert got[:3] == [150 * 150, 9, 199 * 199]
    assert got[3:] == [None if key in (150, 3, 199) else key * key for key in range(200)]  # each key once
    assert streamed.get(1000) is None  # never asked of the worker
    streamed.close()


def test_a_key_the_worker_fails_on_is_left_to_the_caller():
    def fragile(key: int) -> str:
        if key == 2:
            raise ValueError("broken template")
        return f"page {key}"

    streamed = Streamed(fragile, range(5))
    assert [streamed.get(key) for key in range(5)] == ["page 0", "page 1", None, "page 3", "page 4"]
    streamed.close()


def test_a_worker_that_dies_leaves_the_rest_to_the_caller_without_hanging():
    def dies(key: int) -> str:
        if key == 3:
            os._exit(9)  # killed, out of memory…
        return f"page {key}"

    streamed = Streamed(dies, range(6))
    assert [streamed.get(key) for key in range(6)] == ["page 0", "page 1", "page 2", None, None, None]
    streamed.close()


def test_a_failed_background_job_gives_its_fallback():
    def dies():
        os._exit(1)

    assert InBackground(dies, failed={}).result() == {}
    assert InBackground(sum, [1, 2, 3]).result() == 6


def test_an_office_template_that_fails_on_some_pages_fails_the_build_and_names_them(tmp_path):
    """The item pages' bodies are rendered ahead by the worker; one that fails there is rendered
    again by the build, which stops with the page and the template's mistake, and leaves the
    previous site in place."""
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
