"""Engine continuity: ProperDocs (the maintained continuation of MkDocs 1.x) builds the demo with
the same bytes as MkDocs apart from the generator tag, `zwgk build --engine properdocs` uses it,
and the project's commands never print Material's end-of-life banner. The comparison's figures land
in tests/output/engines.txt."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import BUILD_DATE, ROOT, commit_all, copy_project, edit

OUTPUT = ROOT / "tests/output"  # engines.txt: the comparison's figures and every differing file
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
BANNER = ("end of life", "MkDocs 2", "Zensical", "ProperDocs, a continuation")


def quiet_env() -> dict[str, str]:
    """The environment of an editor's shell: nothing set to hide the banners."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING", "ZWGK_ENGINE")}
    return {**env, "ZWGK_BUILD_DATE": BUILD_DATE}


def differences(one: Path, other: Path) -> list[str]:
    """Every file that is not the same in both sites, generator tags left out."""
    files = {p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file()}
    others = {p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file()}
    found = [f"only in the ProperDocs site: {f}" for f in sorted(files - others)]
    found += [f"only in the MkDocs site: {f}" for f in sorted(others - files)]
    for name in sorted(files & others):
        if GENERATOR.sub(b"", (one / name).read_bytes()) != GENERATOR.sub(b"", (other / name).read_bytes()):
            found.append(f"differs: {name}")
    return found


def test_properdocs_builds_the_demo_as_mkdocs_does(demo_build, tmp_path):
    """The demo, committed on the same day as demo_build's, built by the `properdocs` command as an
    office would run it; every file compared with the MkDocs build."""
    project = copy_project(tmp_path / "project")
    commit_all(project)
    env = {**quiet_env(), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml",
                           "-d", str(project / "site")], cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = project / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 250
    home = (site / "index.html").read_text("utf-8")
    assert 'content="mkdocs-ProperDocs 1.6' in home  # built by ProperDocs, not by MkDocs under its name
    assert 'content="mkdocs-1.6' in demo_build.page("index.html")
    found = differences(site, demo_build.site)
    compared = sum(1 for p in site.rglob("*") if p.is_file())
    generators = sum(1 for p in pages if GENERATOR.search(p.read_bytes()))
    summary = (f"ProperDocs vs MkDocs: {compared} files compared ({len(pages)} pages, {generators} with a generator "
               f"tag), {len(found)} differ beyond the generator tag")
    print("\n" + summary)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "engines.txt").write_text("\n".join([summary, *found]) + "\n", "utf-8")
    assert found == [], "\n".join(found)


def test_zwgk_build_with_properdocs_and_no_banner(project, tmp_path):
    """`zwgk build` (what scripts/build runs) under either engine prints the content errors and no
    banner; the `mkdocs` program itself does print Material's, which is why the README's commands
    go through the project's scripts."""
    item = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
    edit(item, "\nid: jiuye-shiye-dengji", "\nidx: jiuye-shiye-dengji")
    zwgk = Path(sys.executable).parent / "zwgk"
    for engine, name in (("mkdocs", "MkDocs 1.6"), ("properdocs", "ProperDocs 1.6")):
        proc = subprocess.run([str(zwgk), "build", "--engine", engine, "--site-dir", str(tmp_path / engine)],
                              cwd=project, env=quiet_env(), capture_output=True, text=True, timeout=300)
        output = proc.stdout + proc.stderr
        assert proc.returncode == 1, output
        assert f"构建引擎 {name}" in output
        assert "catalog/items/jiuye/jiuye-shiye-dengji.yml:2  idx" in output
        assert not [b for b in BANNER if b in output], output
        assert not (tmp_path / engine).exists()
    env = quiet_env()
    proc = subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--engine", "hugo"], cwd=project, env=env,
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "mkdocs" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", str(tmp_path / "m")],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert "end of life" in proc.stderr  # the banner the project's commands keep away


def test_the_scripts_hide_the_banner_and_check_the_engine():
    run = ["bash", "-c", 'source scripts/_setup.sh && echo "$NO_MKDOCS_2_WARNING $ZWGK_ENGINE $(engine_extras serve)"']
    env = {k: v for k, v in os.environ.items() if k != "ZWGK_ENGINE"}
    assert subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True).stdout.split() == [
        "1", "mkdocs", "serve"]
    out = subprocess.run(run, cwd=ROOT, env={**env, "ZWGK_ENGINE": "properdocs"}, capture_output=True, text=True)
    assert out.stdout.split() == ["1", "properdocs", "serve,properdocs"]
    bad = subprocess.run(run, cwd=ROOT, env={**env, "ZWGK_ENGINE": "zensical"}, capture_output=True, text=True)
    assert bad.returncode != 0 and "ZWGK_ENGINE 只能是 mkdocs 或 properdocs" in bad.stderr
    for script in ("serve", "build"):
        text = (ROOT / "scripts" / script).read_text("utf-8")
        assert 'source "$(dirname "$0")/_setup.sh"' in text and "engine_extras" in text
