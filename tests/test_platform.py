"""One repository, many sites (platform.yml): `zwgk build --all --jobs 2` builds the demo platform's
three districts into one tree under their sub-paths, each site's links stay inside it, nothing
withheld leaks, a second run skips unchanged sites and a changed item rebuilds only its site;
`zwgk sites --changed` gives the CI matrix, and the CI pipelines' own commands run here."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import BUILD_DATE, ROOT, WITHHELD_ID, WITHHELD_TITLE, commit_all, edit, parse, readable_bytes

PLATFORM_PARTS = ("platform.yml", "mkdocs.yml", "catalog", "content", "theme", "sites", "standard", "scripts")
PLATFORM_URL = "https://zwgk.luoyang.example.gov.cn/"
SITES = {"luolong": "洛龙区基层政务公开", "jianxi": "涧西区基层政务公开", "yibin": "伊滨区基层政务公开"}
PLANTED_ID = "jiuye-jianxi-neibu-kaohe"  # a withheld item planted in 涧西区 (not in the repository)
PLANTED_TITLE = "涧西区见习基地内部考核细则"


def copy_platform(dest: Path) -> Path:
    """A private copy of the demo platform (all three sites) committed to git on a fixed day."""
    dest.mkdir(parents=True)
    for part in PLATFORM_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    withheld = (ROOT / "catalog/items/jiuye" / f"{WITHHELD_ID}.yml").read_text("utf-8")
    planted = withheld.replace(WITHHELD_ID, PLANTED_ID).replace("就业见习基地内部评分细则", PLANTED_TITLE)
    (dest / "sites/jianxi/catalog/items/jiuye" / f"{PLANTED_ID}.yml").write_text(planted, "utf-8")
    commit_all(dest)
    return dest


def run(project: Path, *args: str, env: dict | None = None, shell: str | None = None) -> subprocess.CompletedProcess:
    """`zwgk <args>` (or a shell line, as a CI job runs it) in ``project``, with this checkout's zwgk."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": BUILD_DATE,
           "PYTHONPATH": str(ROOT / "plugins") + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"], **(env or {})}
    command = ["bash", "-euo", "pipefail", "-c", shell] if shell else [sys.executable, "-m", "zwgk.cli", *args]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=900)


_BUILT: dict[int, Path] = {}  # the session's tmp_path_factory → its built platform


def build_platform_once(tmp_path_factory) -> Path:
    """The demo platform built with `zwgk build --all --jobs 2` (output in public/), once per session
    even though two test modules ask for it."""
    if id(tmp_path_factory) not in _BUILT:
        project = copy_platform(tmp_path_factory.mktemp("platform") / "project")
        done = run(project, "build", "--all", "--jobs", "2")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "构建 3 个站点，跳过 0 个" in done.stdout
        _BUILT[id(tmp_path_factory)] = project
    return _BUILT[id(tmp_path_factory)]


@pytest.fixture(scope="session")
def built_platform(tmp_path_factory) -> Path:
    return build_platform_once(tmp_path_factory)


def built_copy(built_platform: Path, dest: Path) -> Path:
    """A copy of the built platform (its output and build state) that a test may change."""
    shutil.copytree(built_platform, dest, symlinks=True)
    return dest


# ---------------------------------------------------------------- the built tree


def test_all_builds_each_site_under_its_sub_path_with_its_address(built_platform):
    public = built_platform / "public"
    for site, name in SITES.items():
        home = (public / site / "index.html").read_text("utf-8")
        assert f"<title>首页 - {name}</title>" in home
        url = PLATFORM_URL + site + "/"
        assert f'<link rel="canonical" href="{url}">' in home
        sitemap = (public / site / "sitemap.xml").read_text("utf-8")
        assert f"<loc>{url}</loc>" in sitemap and sitemap.count("<loc>") > 50
        assert "luolong.example.gov.cn" not in sitemap  # not the root mkdocs.yml's own address
        # what a phone reads off a printed bulletin board leads to this site's page on the platform
        boards = sorted((public / site / "bulletins").glob("*/index.html"))
        assert boards and f"{url}bulletins/{boards[0].parent.name}/" in boards[0].read_text("utf-8")
        feed = (public / site / "feed.xml").read_text("utf-8")
        assert url in feed
    # the platform's home page lists every site with a link to its sub-path
    links = parse((public / "index.html").read_text("utf-8")).links
    assert [link for link in links if link.rstrip("/") in SITES] == [f"{s}/" for s in SITES]


def test_every_link_of_every_site_resolves_inside_that_site(built_platform):
    """A link check across the whole output tree: every relative link of every page of every site
    reaches a file, and none leaves its own site's folder (the home page links into each)."""
    public = built_platform / "public"
    checked = {site: 0 for site in SITES}
    for page in public.rglob("*.html"):
        site = page.relative_to(public).parts[0] if page.parent != public else None
        for link in parse(page.read_text("utf-8")).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:", "tel:")) or not parts.path:
                continue
            if link.startswith("/"):  # 404.html: absolute paths from site_url, since it is served at any depth
                assert site and link.startswith(f"/{site}/"), f"{page.relative_to(public)} → {link}"
            base = public if link.startswith("/") else page.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(public)} → {link}"
            if site:
                assert target.is_relative_to(public / site), f"{page.relative_to(public)} → {link} leaves {site}/"
                checked[site] += 1
    assert all(n > 1000 for n in checked.values()), checked


def test_nothing_withheld_reaches_any_site_or_the_home_page(built_platform):
    assert (built_platform / "sites/jianxi/catalog/items/jiuye" / f"{PLANTED_ID}.yml").is_file()
    for path in (built_platform / "public").rglob("*"):
        if path.is_file():
            data = readable_bytes(path)
            for marker in (WITHHELD_ID, WITHHELD_TITLE, PLANTED_ID, PLANTED_TITLE):
                assert marker.encode() not in data, (marker, path)


def test_single_site_build_at_the_root_is_unchanged_by_the_platform(built_platform):
    """`zwgk build` without --site/--all still builds the root mkdocs.yml into site/ at its own address."""
    done = run(built_platform, "build", "--site-dir", "single")
    assert done.returncode == 0, done.stdout + done.stderr
    home = (built_platform / "single/index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://luolong.example.gov.cn/">' in home
    assert not (built_platform / "single/jianxi").exists()


# ---------------------------------------------------------------- only what changed is rebuilt


def test_second_run_skips_every_unchanged_site(built_platform, tmp_path):
    project = built_copy(built_platform, tmp_path / "p")
    before = {s: (project / "public" / s / "index.html").stat().st_mtime_ns for s in SITES}
    done = run(project, "build", "--all", "--jobs", "2")
    assert done.returncode == 0, done.stdout
    assert "构建 0 个站点，跳过 3 个没有变化的" in done.stdout
    for site, name in SITES.items():
        assert f"[{site}] {name}：内容没有变化，跳过（public/{site}/ 保持不变）" in done.stdout
        assert (project / "public" / site / "index.html").stat().st_mtime_ns == before[site]


def test_changing_one_sites_item_rebuilds_only_that_site(built_platform, tmp_path):
    project = built_copy(built_platform, tmp_path / "p")
    item = sorted((project / "sites/yibin/catalog/items/jiuye").glob("jiuye-g*.yml"))[0]
    old_title = yaml.safe_load(item.read_text("utf-8"))["matter"]["level2"]
    edit(item, f"level2: {old_title}", "level2: 伊滨区新改的事项名称")
    before = {s: (project / "public" / s / "index.html").stat().st_mtime_ns for s in SITES}
    done = run(project, "build", "--all", "--jobs", "2")
    assert done.returncode == 0, done.stdout
    assert "构建 1 个站点，跳过 2 个没有变化的" in done.stdout
    assert "[yibin] 伊滨区基层政务公开：已构建" in done.stdout
    page = project / "public/yibin/items" / item.stem / "index.html"
    assert "伊滨区新改的事项名称" in page.read_text("utf-8")
    for site in ("luolong", "jianxi"):
        assert (project / "public" / site / "index.html").stat().st_mtime_ns == before[site]
    # the shared theme is an input of every site
    edit(project / "theme/assets/zwgk.css", ":root {", ":root { --zwgk-test: 1;")
    done = run(project, "build", "--all", "--jobs", "2")
    assert "构建 3 个站点，跳过 0 个" in done.stdout, done.stdout


def test_a_failing_site_leaves_its_published_copy_and_the_others_build(built_platform, tmp_path):
    project = built_copy(built_platform, tmp_path / "p")
    item = sorted((project / "sites/jianxi/catalog/items/jiuye").glob("jiuye-g*.yml"))[0]
    text = item.read_text("utf-8")
    item.write_text(re.sub(r"(?m)^domain: .*$", "domain: 没有这个领域", text), "utf-8")
    edit(project / "platform.yml", "name: 洛阳市基层政务公开平台", "name: 洛阳市政务公开平台")
    done = run(project, "build", "--all", "--jobs", "2")
    assert done.returncode == 1
    assert "失败 1 个（jianxi）" in done.stdout and "构建 2 个站点" in done.stdout
    assert "没有这个领域" in done.stdout and item.name in done.stdout  # the editor's mistake, with its file
    assert (project / "public/jianxi/index.html").is_file()  # the last good copy stays published
    assert "洛阳市政务公开平台" in (project / "public/index.html").read_text("utf-8")


# ---------------------------------------------------------------- CI: the matrix and the pipelines


def commit(project: Path, message: str) -> None:
    git = ["git", "-C", str(project), "-c", "user.name=zwgk", "-c", "user.email=zwgk@example.invalid"]
    subprocess.run([*git, "add", "-A"], check=True, capture_output=True)
    subprocess.run([*git, "commit", "-q", "-m", message], check=True, capture_output=True)


def matrix_sites(project: Path, base: str) -> list[str]:
    done = run(project, "sites", "--changed", base)
    assert done.returncode == 0, done.stdout + done.stderr
    return [entry["site"] for entry in json.loads(done.stdout)["include"]]


def test_sites_changed_names_the_sites_a_commit_touches(built_platform, tmp_path):
    project = built_copy(built_platform, tmp_path / "p")
    assert matrix_sites(project, "HEAD") == []
    edit(project / "sites/jianxi/content/index.md", "\n", "\n\n", 1)
    commit(project, "one site's page")
    assert matrix_sites(project, "HEAD~1") == ["jianxi"]
    item = next((project / "catalog/items/jiuye").glob("*.yml"))
    item.write_text(item.read_text("utf-8") + "\n", "utf-8")
    commit(project, "the root site's item")
    assert matrix_sites(project, "HEAD~1") == ["luolong"]
    assert matrix_sites(project, "HEAD~2") == ["luolong", "jianxi"]
    # the other forms of the same answer
    listed = run(project, "sites", "--changed", "HEAD~2", "--format", "list")
    assert listed.stdout.split() == ["luolong", "jianxi"]
    gitlab = yaml.safe_load(run(project, "sites", "--changed", "HEAD~2", "--format", "gitlab").stdout)
    assert gitlab["build-site"]["parallel"]["matrix"] == [{"SITE": ["luolong", "jianxi"]}]
    none = yaml.safe_load(run(project, "sites", "--changed", "HEAD", "--format", "gitlab").stdout)
    assert list(none) == ["nothing-changed"]
    edit(project / "theme/assets/zwgk.css", ":root {", ":root { --zwgk-test: 1;")
    commit(project, "shared theme")
    assert matrix_sites(project, "HEAD~1") == list(SITES)
    edit(project / "platform.yml", "name: 洛阳市基层政务公开平台", "name: 洛阳市政务公开平台")
    commit(project, "platform.yml")
    assert matrix_sites(project, "HEAD~1") == list(SITES)
    bad = run(project, "sites", "--changed", "no-such-branch")
    assert bad.returncode == 1 and "无法和“no-such-branch”比较" in bad.stdout and "fetch-depth: 0" in bad.stdout


def github_steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def expand(command: str, values: dict[str, str]) -> str:
    """A workflow's ${{ … }} expressions replaced with the values the runner would give them."""
    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: values[m.group(1)], command)


def test_github_workflow_commands_build_and_publish_the_changed_site(built_platform, tmp_path):
    """The job graph of .github/workflows/sites.yml, and its own shell steps run here in order:
    the matrix of a push that changed one site, that site's build and publish, then the home page."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/sites.yml").read_text("utf-8"))
    jobs = workflow["jobs"]
    assert jobs["build"]["needs"] == "matrix" and jobs["home"]["needs"] == ["matrix", "build"]
    assert jobs["build"]["strategy"]["matrix"] == "${{ fromJSON(needs.matrix.outputs.sites) }}"
    project = built_copy(built_platform, tmp_path / "p")
    shutil.rmtree(project / "public")  # a CI runner starts without a build
    edit(project / "sites/yibin/content/index.md", "\n", "\n\n", 1)
    commit(project, "yibin")
    before = subprocess.run(["git", "-C", str(project), "rev-parse", "HEAD~1"], capture_output=True, text=True,
                            check=True).stdout.strip()
    outputs = tmp_path / "github-output"
    env = {"GITHUB_OUTPUT": str(outputs), "PUBLISH_DIR": str(tmp_path / "www")}
    step = next(s for s in github_steps(workflow, "matrix") if s.get("id") == "changed")
    done = run(project, shell=expand(step["run"], {"github.event.before": before}), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    given = dict(line.split("=", 1) for line in outputs.read_text("utf-8").splitlines())
    include = json.loads(given["sites"])["include"]
    assert [m["site"] for m in include] == ["yibin"] and given["count"] == "1"
    for entry in include:  # one build job per matrix entry
        values = {f"matrix.{k}": v for k, v in entry.items()}
        for step in github_steps(workflow, "build"):
            if "run" in step and "apt-get" not in step["run"]:
                done = run(project, shell=expand(step["run"], values), env=env)
                assert done.returncode == 0, done.stdout + done.stderr
    for step in github_steps(workflow, "home"):
        if "run" in step and "apt-get" not in step["run"]:
            done = run(project, shell=step["run"], env=env)
            assert done.returncode == 0, done.stdout + done.stderr
    www = tmp_path / "www"
    assert (www / "yibin/index.html").is_file() and (www / "yibin/pagefind/pagefind.js").is_file()
    assert not (www / "jianxi").exists()  # unchanged: not rebuilt, not republished
    home = (www / "index.html").read_text("utf-8")
    assert all(f'href="{s}/"' in home for s in SITES) and (www / "assets/platform.js").is_file()


def test_gitlab_pipeline_commands_build_and_publish_each_site(built_platform, tmp_path):
    """ci/gitlab-ci.yml: the matrix job writes the child pipeline, whose parallel:matrix job runs
    per site; both pipelines' own script lines run here."""
    from zwgk.tools.platform import CI_SETUP

    pipeline = yaml.safe_load((ROOT / "ci/gitlab-ci.yml").read_text("utf-8"))
    assert pipeline["stages"] == ["matrix", "build", "home"]
    assert pipeline["default"]["before_script"] == CI_SETUP  # the child pipeline installs the same
    assert pipeline["build-sites"]["trigger"]["include"] == [{"artifact": "sites-pipeline.yml", "job": "sites-matrix"}]
    project = built_copy(built_platform, tmp_path / "p")
    shutil.rmtree(project / "public")
    edit(project / "sites/jianxi/content/index.md", "\n", "\n\n", 1)
    commit(project, "jianxi")
    before = subprocess.run(["git", "-C", str(project), "rev-parse", "HEAD~1"], capture_output=True, text=True,
                            check=True).stdout.strip()
    env = {"CI_COMMIT_BEFORE_SHA": before, "PUBLISH_DIR": str(tmp_path / "www")}
    for line in pipeline["sites-matrix"]["script"]:
        done = run(project, shell=line, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    child = yaml.safe_load((project / "sites-pipeline.yml").read_text("utf-8"))
    job = child["build-site"]
    assert job["before_script"] == CI_SETUP and job["variables"]["GIT_DEPTH"] == "0"
    (sites,) = job["parallel"]["matrix"]
    assert sites == {"SITE": ["jianxi"]}
    for site in sites["SITE"]:
        for line in job["script"]:
            done = run(project, shell=line, env={**env, "SITE": site})
            assert done.returncode == 0, done.stdout + done.stderr
    for line in pipeline["home"]["script"]:
        done = run(project, shell=line, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    www = tmp_path / "www"
    assert "涧西区基层政务公开" in (www / "jianxi/index.html").read_text("utf-8")
    assert not (www / "luolong").exists() and (www / "index.html").is_file()
    # publishing again swaps the new copy in: no leftovers beside it
    done = run(project, shell=job["script"][1], env={**env, "SITE": "jianxi"})
    assert done.returncode == 0 and sorted(p.name for p in www.iterdir()) == ["assets", "index.html", "jianxi"]


# ---------------------------------------------------------------- platform.yml mistakes


def test_platform_file_mistakes_are_all_listed_with_line_and_fix(tmp_path):
    (tmp_path / "sites/a").mkdir(parents=True)
    (tmp_path / "sites/a/mkdocs.yml").write_text("site_name: A\n", "utf-8")
    (tmp_path / "platform.yml").write_text(
        "name: 平台\n"
        "url: zwgk.example.gov.cn\n"          # 2: not an address
        "colour: red\n"                        # 3: unknown field
        "shared: [../outside]\n"               # 4: outside the repository
        "sites:\n"
        "  - id: a\n"
        "    name: 甲区\n"
        "    config: sites/a/mkdocs.yml\n"
        "    path: a/\n"
        "  - id: a\n"                          # 10: duplicate id
        "    name: 乙区\n"
        "    config: sites/b/mkdocs.yml\n"     # 12: missing file
        "    path: a/b/\n"                     # 13: inside a/
        "  - id: C\n"                          # 14: capitals
        "    config: sites/a/mkdocs.yml\n"     # no name
        "    path: assets/\n",                 # 16: reserved
        "utf-8")
    done = run(tmp_path, "sites")
    assert done.returncode == 1
    out = done.stdout
    assert "处平台配置错误" in out
    for where, words in [("platform.yml:2  url", "不是网址"), ("platform.yml:3  colour", "不认识的字段"),
                         ("platform.yml:4  shared[0]", "不在仓库里"), ("platform.yml:10  sites[1].id", "重复"),
                         ("platform.yml:12  sites[1].config", "找不到"), ("platform.yml:13  sites[1].path", "互相包含"),
                         ("platform.yml:14  sites[2].id", "小写字母"), ("platform.yml:14  sites[2].name", "缺少 name"),
                         ("platform.yml:16  sites[2].path", "平台首页自己用")]:
        block = out.split(where, 1)
        assert len(block) == 2, (where, out)
        assert words in block[1].split("\n\n", 1)[0] and "怎么改" in block[1].split("\n\n", 1)[0], (where, out)
    assert "Traceback" not in out + done.stderr
    unknown = run(tmp_path, "build", "--site", "zzz")
    assert unknown.returncode == 1 and "处平台配置错误" in unknown.stdout
    (tmp_path / "platform.yml").write_text("name: 平台\nurl: https://p.example.gov.cn\noutput: sites\nsites:\n"
                                           "  - {id: a, name: 甲区, config: sites/a/mkdocs.yml, path: a}\n", "utf-8")
    over = run(tmp_path, "build", "--all")
    assert over.returncode == 1 and "platform.yml:3  output" in over.stdout and "会覆盖站点的内容" in over.stdout
    (tmp_path / "platform.yml").write_text("name: 平台\nurl: https://p.example.gov.cn\nsites:\n"
                                           "  - {id: a, name: 甲区, config: sites/a/mkdocs.yml, path: a}\n", "utf-8")
    unknown = run(tmp_path, "build", "--site", "zzz")
    assert unknown.returncode == 1 and "平台没有编号为“zzz”的站点" in unknown.stdout and "a" in unknown.stdout
    assert run(tmp_path, "sites", "--format", "path").stdout == "a/\n"  # written without the slash


def test_a_sites_hash_follows_its_content_not_file_times_or_the_checkouts_place(tmp_path, monkeypatch):
    """What decides a rebuild: the same bytes in another checkout or with new file times (a fresh
    git clone) hash the same; an edited page, a shared folder, the build day or an option set
    through the environment (ZWGK_PDFS=true adds the PDFs) do not."""
    from zwgk.tools.platform import input_hash, read_platform

    monkeypatch.delenv("ZWGK_PDFS", raising=False)
    monkeypatch.setenv("ZWGK_BUILD_DATE", BUILD_DATE)
    first = copy_platform(tmp_path / "a")
    second = tmp_path / "b"
    shutil.copytree(first, second)
    a, b = read_platform(first / "platform.yml"), read_platform(second / "platform.yml")
    hashes = {s.id: input_hash(a, s) for s in a.sites}
    for path in (second / "sites/yibin").rglob("*"):
        os.utime(path, (1, 1))
    assert {s.id: input_hash(b, s) for s in b.sites} == hashes
    edit(second / "sites/yibin/content/index.md", "\n", "\n\n", 1)
    assert {s.id: input_hash(b, s) == hashes[s.id] for s in b.sites} == {"luolong": True, "jianxi": True,
                                                                         "yibin": False}
    theme = second / "theme/main.html"
    theme.write_text(theme.read_text("utf-8") + "{# 共用主题改了一处 #}\n", "utf-8")
    assert all(input_hash(b, s) != hashes[s.id] for s in b.sites if s.id != "yibin")
    monkeypatch.setenv("ZWGK_PDFS", "true")
    assert all(input_hash(a, s) != hashes[s.id] for s in a.sites)
    monkeypatch.delenv("ZWGK_PDFS")
    monkeypatch.setenv("ZWGK_BUILD_DATE", "2026-01-16")
    assert all(input_hash(a, s) != hashes[s.id] for s in a.sites)
