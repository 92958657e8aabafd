"""Search index under load: many builds at once on a busy machine, each must end complete or failed.

    python bench/search_stress.py                     # 40 builds, 4 at a time, one CPU hog per core
    python bench/search_stress.py --builds 8 --parallel 2 --no-browser

Prints how many builds exited 0 with a complete index, how many failed (non-zero exit: acceptable,
the published site is kept), and how many exited 0 with an incomplete index (must be 0). The index
is checked independently of the plugin's own verification: every file under site/pagefind/ non-empty,
every chunk readable, the entry file's page count equal to the fragments on disk and to a reference
build made first on an idle machine; then a real Chromium search on each complete site.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "catalog", "content", "theme")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": "2026-01-15"}
QUERY = ("低保", "items/shehui-jiuzhu-dibao-shenqing/")  # a demo item every complete index finds


def index_problems(site: Path, pages: int | None = None) -> list[str]:
    """What is wrong with ``site/pagefind/`` as a browser would load it ([] when complete)."""
    folder = site / "pagefind"
    if not folder.is_dir():
        return ["no pagefind/ folder"]
    problems = [f"empty file {p.relative_to(site)}" for p in sorted(folder.rglob("*"))
                if p.is_file() and p.stat().st_size == 0]
    for name in ("pagefind.js", "pagefind-entry.json"):
        if not (folder / name).is_file():
            problems.append(f"missing pagefind/{name}")
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return [*problems, f"pagefind-entry.json unreadable: {exc}"]
    counted = 0
    for language in entry.get("languages", {}).values():
        counted += language["page_count"]
        for name in (f"pagefind.{language['hash']}.pf_meta", f"wasm.{language.get('wasm') or 'unknown'}.pagefind"):
            if not (folder / name).is_file():
                problems.append(f"missing pagefind/{name}")
    fragments = 0
    for chunk in sorted([*folder.glob("fragment/*"), *folder.glob("index/*"), *folder.glob("*.pf_meta")]):
        try:
            data = gzip.decompress(chunk.read_bytes())
        except (OSError, EOFError) as exc:
            problems.append(f"unreadable chunk {chunk.relative_to(site)}: {exc}")
            continue
        if not data.startswith(b"pagefind_dcd"):
            problems.append(f"foreign chunk {chunk.relative_to(site)}")
        fragments += chunk.parent.name == "fragment"
    if fragments != counted:
        problems.append(f"entry counts {counted} pages, {fragments} fragments on disk")
    if pages is not None and counted != pages:
        problems.append(f"{counted} pages indexed, the reference build indexed {pages}")
    return problems


def copy_project(dest: Path, source: Path = ROOT) -> Path:
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def build(project: Path, site: Path) -> tuple[int, float, str]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site)], capture_output=True, text=True, env=ENV, cwd=project)
    return proc.returncode, time.perf_counter() - started, proc.stdout + proc.stderr


def start_hogs(count: int) -> list[subprocess.Popen]:
    """One busy-looping process per core: the scheduler then delays every thread of every build."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


def stop_hogs(hogs: list[subprocess.Popen]) -> None:
    for hog in hogs:
        hog.terminate()
    for hog in hogs:
        hog.wait()


def browser_finds(sites: list[Path]) -> list[Path]:
    """The sites on which a real Chromium search for QUERY does not list its page (should be none)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from conftest import serve_site

    failed = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for site in sites:
            with serve_site(site, "/xxgk/luolong/") as base:
                page = browser.new_page()
                page.goto(base + "search/?q=" + QUERY[0])
                try:
                    page.wait_for_function("document.querySelector('[data-zwgk-status]').textContent.includes('“')",
                                           timeout=20_000)
                    links = [a.get_attribute("href") for a in page.query_selector_all("[data-zwgk-results] a")]
                except Exception:  # noqa: BLE001 - a search that never answers is a failed search
                    links = []
                if "/xxgk/luolong/" + QUERY[1] not in links:
                    failed.append(site)
                page.close()
        browser.close()
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=40)
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--hogs", type=int, default=os.cpu_count() or 1,
                        help="CPU hog processes (default: one per core)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium search on each site")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zwgk-search-stress-"))
    try:
        projects = [copy_project(work / f"project-{n}") for n in range(args.parallel)]
        code, seconds, output = build(projects[0], work / "reference")
        reference = index_problems(work / "reference")
        if code or reference:
            print(output[-3000:], reference)
            return 2
        pages = json.loads((work / "reference/pagefind/pagefind-entry.json").read_text("utf-8"))
        pages = sum(language["page_count"] for language in pages["languages"].values())
        print(f"reference build on an idle machine: {seconds:.1f} s, {pages} pages indexed")

        def one(n: int) -> tuple[int, int, float, list[str], str]:
            site = work / f"site-{n}"
            code, seconds, output = build(projects[n % args.parallel], site)
            return n, code, seconds, index_problems(site, pages) if code == 0 else [], output

        hogs = start_hogs(args.hogs)
        started = time.perf_counter()
        try:
            # each worker slot has its own project copy: builds of one copy never overlap
            with ThreadPoolExecutor(args.parallel) as pool:
                results = list(pool.map(one, range(args.builds)))
        finally:
            stop_hogs(hogs)
        wall = time.perf_counter() - started

        ok = [n for n, code, _, problems, _ in results if code == 0 and not problems]
        failed = [(n, output) for n, code, _, _, output in results if code != 0]
        incomplete = [(n, problems) for n, code, _, problems, _ in results if code == 0 and problems]
        times = sorted(seconds for _, _, seconds, _, _ in results)
        print(f"{args.builds} builds, {args.parallel} at a time, {args.hogs} CPU hog(s): {wall:.0f} s wall, "
              f"build {times[0]:.1f}–{times[-1]:.1f} s (median {times[len(times) // 2]:.1f} s)")
        for n, output in failed[:3]:
            lines = [line for line in output.splitlines() if "ERROR" in line or "Error" in line or "搜索" in line]
            print(f"  build {n} failed: " + " | ".join(lines[-3:])[:600])
        for n, problems in incomplete[:5]:
            print(f"  build {n} exited 0 with an incomplete index: {'; '.join(problems[:4])}")
        not_found = [] if args.no_browser else browser_finds([work / f"site-{n}" for n in ok])
        for site in not_found:
            print(f"  {site.name}: the search page did not find {QUERY[0]}")
        print(f"builds ok (complete index{'' if args.no_browser else ', search works'}): {len(ok) - len(not_found)}")
        print(f"builds failed (non-zero exit): {len(failed)}")
        print(f"builds incomplete but exit 0: {len(incomplete) + len(not_found)}")
        return 1 if incomplete or not_found else 0
    finally:
        if args.keep:
            print(f"work folder: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
