"""Export → import changes nothing: every table the site offers for download (each domain and each
level, XLSX and CSV) imported back without any option writes no byte, even for items whose time
limit is written as parts, whose 公开属性 is left to its default, or that tick both 公开方式."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from conftest import BUILD_DATE, copy_project
from zwgk.content.catalog import load_catalog, load_vocabularies
from zwgk.outputs.exports import downloads
from zwgk.tools.importer import import_table

DAY = dt.date.fromisoformat(BUILD_DATE)


def test_every_download_of_the_demo_imports_back_unchanged(tmp_path):
    project = copy_project(tmp_path / "p")
    item = project / "catalog/items/jiuye/jiuye-buzhu-zijin-shiyong.yml"  # both modes, both audiences
    text = item.read_text("utf-8").replace("disclosure: 主动公开", "disclosure: [主动公开, 依申请公开]")
    item.write_text(text.replace("audience: 全社会", "audience: [全社会, 特定群体]"), "utf-8")
    catalog = load_catalog(project / "catalog", project / "content", DAY, project)
    both = next(i for i in catalog.items if i.id == "jiuye-buzhu-zijin-shiyong")
    assert both.modes == ("主动", "依申请") and both.audiences == ("全社会", "特定群体")
    files = downloads(catalog)
    assert len(files) == 2 * (len(catalog.active_domains) + len(catalog.levels))
    before = {p: p.read_bytes() for p in (project / "catalog").rglob("*") if p.is_file()}
    vocabularies, _ = load_vocabularies(project / "catalog", project)
    for name, data in sorted(files.items()):
        table = tmp_path / Path(name).name
        table.write_bytes(data)
        result = import_table(table, project / "catalog", vocabularies, published=DAY)
        assert result.problems == [] and result.warnings == [] and result.skipped == 0, name
        assert result.changes == [], (name, [(c.item_id, c.changed) for c in result.changes])
        assert result.rows > 0
    cli = subprocess.run([sys.executable, "-m", "zwgk.cli", "import", str(tmp_path / "jiuye.csv")], cwd=project,
                         capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0 and "更新 0 个事项文件" in cli.stdout, cli.stdout
    assert {p: p.read_bytes() for p in (project / "catalog").rglob("*") if p.is_file()} == before
