"""Platform benchmark (issue 24): one repository with many generated district sites, built with
`zwgk build --all` one site at a time and two at a time, then again with nothing changed and with
one site's item changed. Prints wall time, each build process's time and peak memory.

    python bench/sites.py                        # 10 sites × 3,000 items (~20 min on 2 cores)
    python bench/sites.py --sites 3 --items 300  # a quick look

Every site builds in its own process (what `zwgk build --all --jobs N` does), so the peak memory
of one site's build is that process's; with --jobs N up to N of them run side by side. Its CPU
seconds (with the Pagefind and table-export processes it runs beside the render) over its wall
time say how many cores one build already keeps busy. Do not edit zwgk while it runs: the code
is an input of every site.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.update({"NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": "2026-01-15"})


def make_platform(work: Path, sites: int, items: int) -> Path:
    """``sites`` copies of one generated district (each its own folder, name and sub-path)."""
    from zwgk.tools.generate import generate

    base = work / "base"
    generate(ROOT, base, items=items, places=min(129, 40 + items // 30), documents=max(40, items // 10),
             interpretations=max(10, items // 50))
    # the demo's documents, which its real items cite (the generator copies them too from f4d9690 on)
    shutil.copytree(ROOT / "catalog/documents", base / "catalog/documents", dirs_exist_ok=True)
    root = work / "platform"
    lines = ["name: 基准测试平台", "url: https://zwgk.example.gov.cn/", "sites:"]
    for n in range(sites):
        site = f"s{n:02d}"
        shutil.copytree(base, root / "sites" / site)
        config = root / "sites" / site / "mkdocs.yml"
        config.write_text(config.read_text("utf-8").replace("生成区基层政务公开（测试）", f"第{n + 1}区基层政务公开"),
                          "utf-8")
        lines += [f"  - id: {site}", f"    name: 第{n + 1}区", f"    config: sites/{site}/mkdocs.yml",
                  f"    path: {site}/"]
    (root / "platform.yml").write_text("\n".join(lines) + "\n", "utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"]):
        subprocess.run([*git, *args], check=True, capture_output=True)
    return root


def measure(label: str, platform, jobs: int, force: bool = False) -> list:
    from zwgk.tools.platform import build_sites

    started = time.perf_counter()
    runs = build_sites(platform, jobs, force=force, echo=lambda _: None)
    wall = time.perf_counter() - started
    built = [r for r in runs if not r.skipped]
    failed = [r.site.id for r in built if r.code]
    if failed:
        sys.exit(f"{label}: build failed for {failed}:\n{built[0].output[-3000:]}")
    peak = max((r.peak_kb for r in built), default=0) / 1024
    each = sum(r.seconds for r in built) / len(built) if built else 0
    cpu = sum(r.cpu for r in built) / len(built) if built else 0
    print(f"{label:<26} {wall:7.1f} s wall  {len(built):2d} built, {len(runs) - len(built):2d} skipped"
          + (f"  {each:5.1f} s per site ({cpu:5.1f} CPU s)  peak {peak:4.0f} MB per build process"
             f" (≤ {peak * jobs:4.0f} MB with {jobs} side by side)" if built else ""), flush=True)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the generated platform (its path is printed)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "plugins"))  # this checkout's zwgk, here and in the build processes
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "plugins"), os.environ.get("PYTHONPATH")]))
    from zwgk.tools.platform import read_platform

    work = Path(tempfile.mkdtemp(prefix="zwgk-platform-bench-"))
    try:
        started = time.perf_counter()
        root = make_platform(work, args.sites, args.items)
        print(f"platform: {args.sites} sites × {args.items} items generated in {time.perf_counter() - started:.1f} s"
              f" ({root}); {os.cpu_count()} CPUs", flush=True)
        platform = read_platform(root / "platform.yml")
        measure("sequential (--jobs 1)", platform, 1, force=True)
        shutil.rmtree(platform.output)
        measure(f"parallel (--jobs {args.jobs})", platform, args.jobs, force=True)
        measure("nothing changed", platform, args.jobs)
        item = sorted((root / "sites/s01/catalog/items").rglob("*.yml"))[0]
        item.write_text(item.read_text("utf-8").replace("\ncontent: ", "\ncontent: （基准测试改过）", 1), "utf-8")
        runs = measure("one site changed", platform, args.jobs)
        rebuilt = [r.site.id for r in runs if not r.skipped]
        print(f"rebuilt after one change: {rebuilt}")
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
