"""`zwgk check`: the editor's pre-commit check prints every error and fails."""

import subprocess
import sys

from conftest import ROOT, copy_project


def run_check(cwd):
    return subprocess.run([sys.executable, "-m", "zwgk.cli", "check", "--date", "2026-01-15"],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_demo_content_passes_check():
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("自查日期：2026-01-15。检查通过：")
    assert "另有 12 条不予公开、草稿、未到发布日期或公示期已过" in result.stdout


def test_check_lists_all_errors_and_exits_non_zero(tmp_path):
    project = copy_project(tmp_path / "p")
    item = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
    item.write_text(item.read_text("utf-8").replace("domain: 就业创业", "domain: 就业扶贫")
                    .replace("  phone: 0379-65010001\n", ""), "utf-8")
    result = run_check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "发现 2 处内容错误" in result.stdout
    assert "未知的领域“就业扶贫”" in result.stdout and "缺少必填项“咨询电话”" in result.stdout
