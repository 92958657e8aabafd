"""Pages outside the nav whose folder shares Material's chrome (share_page_chrome): every page is
the page Material renders, whatever its title, in the demo and in a generated district; checked
page by page (ZWGK_VERIFY_STAMPS) and against a build that renders every page with Material."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_project, edit, mkdocs_build

ODD_TITLES = {  # item file → a title a filter or an attribute might print another way
    "jiuye/jiuye-buzhu-zijin-shiyong.yml": "就业 & 创业补助",
    "jiuye/jiuye-chuangye-danbao-daikuan.yml": "<i>创业</i>担保贷款",
    "jiuye/jiuye-gongyixing-gangwei-zhaopin.yml": "公益性  岗位招聘",
    "jiuye/jiuye-shiye-dengji.yml": '失业 "登记" 办理',
}


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def without_shared_chrome(project: Path) -> None:
    edit(project / "mkdocs.yml", "  - zwgk:\n", "  - zwgk:\n      share_page_chrome: false\n")


def test_odd_titles_are_rendered_by_material_and_every_stamped_page_is_materials(tmp_path):
    project = copy_project(tmp_path / "project")
    for name, title in ODD_TITLES.items():
        path = project / "catalog/items" / name
        text = path.read_text("utf-8")
        old = re.search(r"^  level2: .*$", text, re.M).group(0)
        path.write_text(text.replace(old, f"  level2: {json.dumps(title, ensure_ascii=False)}", 1), "utf-8")
    stamped = mkdocs_build(project, tmp_path / "stamped", env={"ZWGK_VERIFY_STAMPS": "1"})
    assert stamped.returncode == 0, stamped.output
    assert re.search(r"\d+ 个页面套用所在目录共用的页面框架", stamped.output)
    without_shared_chrome(project)
    plain = mkdocs_build(project, tmp_path / "plain")
    assert plain.returncode == 0, plain.output
    a, b = tree(stamped.site), tree(plain.site)
    assert sorted(a) == sorted(b)
    assert [rel for rel in a if a[rel] != b[rel]] == []
    assert "就业 &amp; 创业补助 - " in a["items/jiuye-buzhu-zijin-shiyong/index.html"].decode()


def test_a_generated_district_stamps_right_page_by_page(tmp_path):
    project = tmp_path / "district"
    subprocess.run([sys.executable, "-m", "zwgk.cli", "generate", str(project), "--demo", str(ROOT), "--items", "300",
                    "--places", "30"], check=True, capture_output=True)
    result = mkdocs_build(project, tmp_path / "site", env={"ZWGK_VERIFY_STAMPS": "1"})
    assert result.returncode == 0, result.output
    count = int(re.search(r"(\d+) 个页面套用所在目录共用的页面框架", result.output).group(1))
    assert count > 300
