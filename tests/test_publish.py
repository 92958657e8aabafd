"""Publishing from the editor (issue 22): what an editor saved becomes one commit in their name with
their change note, pushed to the repository CI builds, only when `zwgk check` passes; the note is
what the page's 更新记录 shows. Real git repositories, the command's own code."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import BUILD_DATE, commit_all, copy_project, edit, plan, zwgk

ITEM = "catalog/items/shehui-jiuzhu/shehui-jiuzhu-dibao-shenqing.yml"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "core.quotepath=off", *args], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture
def office(tmp_path, monkeypatch):
    """The demo as an office's checkout: committed once, with the remote its CI builds from."""
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, "2026-01-14T10:00:00+08:00")  # the editor's save, before BUILD_DATE
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    project = copy_project(tmp_path / "office")
    commit_all(project)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(project, "remote", "add", "origin", str(remote))
    git(project, "push", "-q", "-u", "origin", "HEAD")
    return project, remote


def test_a_saved_change_is_committed_in_the_editors_name_pushed_and_shown_in_the_history(office):
    project, remote = office
    edit(project / ITEM, "channels:", "channels:  ")  # what the form saved
    (project / "草稿笔记.txt").write_text("不在 catalog/、content/ 里的文件", "utf-8")
    result = zwgk(project, "publish", "--date", BUILD_DATE, "--name", "张三", "--note", "更正低保申请材料", "--push")
    assert result.code == 0, result.output
    assert "已提交 1 个文件（张三：更正低保申请材料）" in result.output and ITEM in result.output
    assert "已推送" in result.output
    assert git(remote, "log", "-1", "--format=%an|%s").strip() == "张三|更正低保申请材料"
    assert git(remote, "show", "--name-only", "--format=", "HEAD").split() == [ITEM]
    assert "草稿笔记.txt" in git(project, "status", "--porcelain")  # only catalog/ and content/ are published
    changes = plan(project).history["items/shehui-jiuzhu-dibao-shenqing.md"]
    assert (changes[0].date.isoformat(), changes[0].note) == ("2026-01-14", "更正低保申请材料")


def test_content_with_errors_is_not_committed(office):
    project, remote = office
    before = git(project, "rev-parse", "HEAD")
    edit(project / ITEM, "category: ", "category: 没有这个类别")
    result = zwgk(project, "publish", "--date", BUILD_DATE, "--name", "张三", "--note", "改类别", "--push")
    assert result.code == 1 and "没有提交，网站不会更新" in result.output and ITEM in result.output
    assert git(project, "rev-parse", "HEAD") == before == git(remote, "rev-parse", "HEAD")


def test_nothing_saved_means_nothing_to_publish_and_a_missing_remote_is_said(office, tmp_path):
    project, _ = office
    result = zwgk(project, "publish", "--date", BUILD_DATE, "--name", "张三", "--note", "没改什么")
    assert result.code == 0 and "没有新的修改，不需要发布" in result.output
    git(project, "remote", "remove", "origin")
    edit(project / ITEM, "channels:", "channels:  ")
    result = zwgk(project, "publish", "--date", BUILD_DATE, "--name", "李四", "--note", "改地址", "--push")
    assert result.code == 1 and "没有远程仓库" in result.output
    assert git(project, "log", "-1", "--format=%an|%s").strip() == "李四|改地址"  # committed here all the same
