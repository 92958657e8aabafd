"""What the change history (更新记录) costs a district-scale build: prints one line per figure.

    python bench/history.py                  # 3,000 items; 300 edit commits of 10 records each
    python bench/history.py --quick          # 600 items; 60 edit commits
    python bench/history.py --build          # also two full `mkdocs build`s: with history, and
                                             # from a copy without .git (history falls back)

The generated district is committed to git on one day, then edited the way an office works: each
commit changes a few items' and documents' change_note (and a field), some commits only reformat
(`history: skip`), and one bulk commit touches every item (an import). Git is read once per build;
this measures that read (one `git log`, one `git cat-file --batch`, the notes parsed) against the
whole plan, in a fresh process each, median of several runs. Numbers, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-01-15"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": DAY, "GIT_CONFIG_GLOBAL": os.devnull,
       "GIT_CONFIG_NOSYSTEM": "1"}


def git(project: Path, *args: str, date: str | None = None) -> None:
    env = {**ENV, **({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {})}
    subprocess.run(["git", "-C", str(project), "-c", "user.name=bench", "-c", "user.email=b@example.invalid", *args],
                   check=True, env=env, capture_output=True)


def make_history(project: Path, commits: int, per_commit: int, seed: int = 11) -> int:
    """The generated district in git: one first commit, then ``commits`` edits; returns commits made."""
    rng = random.Random(seed)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "初始导入", date="2025-01-02T09:00:00+08:00")
    records = sorted((project / "catalog" / "items").rglob("*.yml")) + sorted(
        (project / "catalog" / "documents").rglob("*.md"))
    made = 1
    for n in range(commits):
        day = f"2025-{1 + n * 11 // commits:02d}-{1 + n % 27:02d}T10:00:00+08:00"
        skip = n % 10 == 9  # every tenth commit only reformats
        for path in rng.sample(records, per_commit):
            text = path.read_text("utf-8")
            if skip:
                text = text.rstrip("\n") + "\n\n"
            elif path.suffix == ".yml":
                text = "".join(line for line in text.splitlines(True) if not line.startswith("change_note:"))
                text += f"change_note: 第{n}次修改：更新办理时间和咨询电话\n"
            else:
                head, sep, body = text.partition("\n---\n")
                head = "\n".join(line for line in head.split("\n") if not line.startswith("change_note:"))
                text = head + f"\nchange_note: 第{n}次修改：补充附件说明" + sep + body
            path.write_text(text, "utf-8")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", f"第{n}次修改" + ("\n\nhistory: skip" if skip else ""), date=day)
        made += 1
        if n == commits // 2:  # an import that touches every item
            for path in records:
                if path.suffix == ".yml":
                    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n", "utf-8")
                    path.write_text(path.read_text("utf-8") + "# 按2025年标准目录表格导入\n", "utf-8")
            git(project, "add", "-A")
            git(project, "commit", "-q", "-m", "按2025年标准目录表格导入", date=day)
            made += 1
    return made


def child(project: str) -> dict:
    """In a fresh process: the plan with its history, and the history read alone."""
    import datetime as dt
    from dataclasses import replace

    from zwgk.content.catalog import load_catalog
    from zwgk.content.settings import read_settings
    from zwgk.site import plan as plan_module

    root = Path(project)
    day = dt.date.fromisoformat(DAY)
    catalog = load_catalog(root / "catalog", root / "content", day, root)
    settings = replace(read_settings(root / "mkdocs.yml"), build_date=day)
    timed = {}
    real = plan_module.histories

    def histories(*args, **kwargs):
        started = time.perf_counter()
        found = real(*args, **kwargs)
        timed["history"] = time.perf_counter() - started
        timed["commits"] = found.commits
        timed["tracked"] = len(found.changes)
        timed["entries"] = sum(len(c) for c in found.changes.values())
        timed["updated"] = sum(1 for c in found.changes.values() if len(c) > 1)
        timed["fallback"] = found.warning is not None
        return found

    plan_module.histories = histories
    started = time.perf_counter()
    site = plan_module.plan_site(catalog, settings)
    timed["plan"] = time.perf_counter() - started
    timed["pages"] = len(site.pages)
    import gzip

    from zwgk.outputs.facets import facet_files

    sizes = sorted((len(data), len(gzip.compress(data))) for data in facet_files(site).values())
    timed["facets"] = [len(sizes), sum(s for s, _ in sizes), sizes[-1][0] if sizes else 0,
                       sizes[-1][1] if sizes else 0]
    return timed


def run_child(project: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(project)], capture_output=True, text=True,
                         env=ENV, check=False)
    if out.returncode:
        sys.exit(f"child failed:\n{out.stdout}\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def build(project: Path, site: Path) -> float:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d",
                          str(site)], capture_output=True, text=True, env=ENV, cwd=project, check=False)
    if out.returncode:
        sys.exit(f"build failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--build", action="store_true", help="also time two full builds")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    items, commits, per = (600, 60, 10) if args.quick else (3000, 300, 10)
    work = Path(tempfile.mkdtemp(prefix="zwgk-history-bench-"))
    try:
        project = work / "district"
        subprocess.run([sys.executable, "-m", "zwgk.cli", "generate", str(project), "--demo", str(ROOT),
                        "--items", str(items)], check=True, env=ENV, capture_output=True)
        started = time.perf_counter()
        made = make_history(project, commits, per)
        print(f"history      {made} commits made in {time.perf_counter() - started:.1f} s "
              f"({commits} edits of {per} records, every 10th a reformat with history: skip, 1 bulk import)")
        runs = [run_child(project) for _ in range(args.runs)]
        first = runs[0]
        history = statistics.median(r["history"] for r in runs)
        plan = statistics.median(r["plan"] for r in runs)
        print(f"tracked      {first['tracked']} records and pages, {first['commits']} commits read, "
              f"{first['entries']} history entries, {first['updated']} pages with updates")
        print(f"git read     {history:.2f} s (median of {args.runs}; one git log + one git cat-file --batch)")
        print(f"plan         {plan:.2f} s for {first['pages']} pages; history is {100 * history / plan:.0f}% of it")
        count, total, largest, zipped = first["facets"]
        print(f"facets       {count} listing JSON files, {total / 1024:.0f} KB in all, largest {largest / 1024:.0f} KB "
              f"({zipped / 1024:.0f} KB gzipped, as a web server sends it)")
        tarball = work / "tarball"
        shutil.copytree(project, tarball, ignore=shutil.ignore_patterns(".git"))
        fallback = statistics.median(r["history"] for r in (run_child(tarball) for _ in range(args.runs)))
        print(f"no git       {fallback:.3f} s (a tarball: records' dates, with a warning)")
        if args.build:
            with_git = build(project, work / "site-git")
            without = build(tarball, work / "site-tarball")
            print(f"build        {with_git:.1f} s with history, {without:.1f} s from a tarball "
                  f"(difference {with_git - without:+.1f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
