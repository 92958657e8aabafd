"""`zwgk check`: the editor's pre-commit check prints every error and fails (the real command)."""

import subprocess
import sys

from conftest import copy_project


def test_check_lists_all_errors_and_exits_non_zero(tmp_path):
    project = copy_project(tmp_path / "p")
    item = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
    item.write_text(item.read_text("utf-8").replace("domain: 就业创业", "domain: 就业扶贫")
                    .replace("  phone: 0379-65010001\n", ""), "utf-8")
    result = subprocess.run([sys.executable, "-m", "zwgk.cli", "check", "--date", "2026-01-15"],
                            cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "发现 2 处内容错误" in result.stdout
    assert "未知的领域“就业扶贫”" in result.stdout and "缺少必填项“咨询电话”" in result.stdout
