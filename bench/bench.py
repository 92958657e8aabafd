"""District-scale benchmark: prints one line per figure (see README, issue "District scale").

    python bench/bench.py                 # 3,000 items, 129 places, everything, then 10,000 / 400 (~15 min)
    python bench/bench.py --quick         # 600 items, 40 places, no PDFs, no serve, no scaling run

Every measurement runs in a fresh child process so its peak memory is its own. Numbers, not
assertions: each figure is printed with its target, and a figure that misses it is marked
"✗ MISSES TARGET". Targets marked "(district)" are stated for 3,000 items and 129 places: a
smaller or larger run prints the figure without judging it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": "2026-01-15"}


def child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True,
                         env=ENV, check=False)
    if out.returncode:
        sys.exit(f"child {args[0]} failed:\n{out.stdout}\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- children


def child_load(project: str) -> dict:
    import datetime as dt
    from dataclasses import replace

    from zwgk.content.catalog import load_catalog
    from zwgk.content.settings import read_settings
    from zwgk.site.plan import plan_site

    root = Path(project)
    started = time.perf_counter()
    catalog = load_catalog(root / "catalog", root / "content", dt.date(2026, 1, 15), root)
    loaded = time.perf_counter()
    pages = plan_site(catalog, replace(read_settings(root / "mkdocs.yml"), build_date=dt.date(2026, 1, 15))).pages
    viewed = time.perf_counter()
    files = sum(1 for _ in (root / "catalog").rglob("*.yml")) + sum(1 for _ in (root / "catalog").rglob("*.md"))
    return {"load": loaded - started, "views": viewed - loaded, "files": files, "pages": len(pages)}


def child_build(project: str, site: str) -> dict:
    """A real MkDocs build with every plugin event timed."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(Path(project) / "mkdocs.yml"), site_dir=site)
    spent: dict[str, float] = {}
    plugins = config.plugins
    original = plugins.run_event

    def timed(name, item=None, **kwargs):
        # mkdocs' own run_event, with each plugin's handler timed on its own
        pass_item = item is not None
        for method in plugins.events[name]:
            plugins._current_plugin = plugins._event_origins.get(method, "<unknown>")
            owner = getattr(method, "__self__", None)
            key = f"{type(owner).__module__.split('.')[0]}:{name}"
            started = time.perf_counter()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            spent[key] = spent.get(key, 0.0) + time.perf_counter() - started
            if result is not None:
                item = result
        plugins._current_plugin = None
        return item

    plugins.run_event = timed
    started = time.perf_counter()
    cpu = _cpu_seconds()
    build(config)
    total = time.perf_counter() - started
    plugins.run_event = original
    return {"total": total, "spent": spent, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "cpu": _cpu_seconds() - cpu}


def _cpu_seconds() -> float:
    """CPU seconds of this process and the children it waited for (Pagefind, the downloads worker)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# ---------------------------------------------------------------- helpers


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def baseline_project(folder: Path, pages: int) -> None:
    """The same number of plain Chinese Markdown pages, out of the nav, Material with search on."""
    docs = folder / "docs"
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n\n基准站点。\n", "utf-8")
    text = "本页是基准测试页面，内容为一段普通的中文政务公开信息，用于比较构建时间。" * 8
    for n in range(pages - 1):
        (docs / "p" / f"{n:05d}.md").write_text(f"# 基准页面 {n}\n\n{text}\n\n## 小节\n\n{text}\n", "utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: 基准\nsite_url: https://example.gov.cn/\ntheme:\n  name: material\n  language: zh\n"
        "  font: false\nplugins:\n  - search:\n      lang: zh\nnav:\n  - index.md\nnot_in_nav: |\n  /p/*\n", "utf-8")


def serve_latency(project: Path) -> float:
    """Seconds from saving an item file to `mkdocs serve` answering with the change."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    item = next((project / "catalog/items").rglob("*.yml"))
    item_id = item.stem
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f",
                               str(project / "mkdocs.yml")], cwd=project, env=ENV, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/items/{item_id}/"

    def fetch() -> str:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 900
        while "<h1>" not in fetch():
            if time.monotonic() > deadline:
                return float("nan")
            time.sleep(0.5)
        text = item.read_text("utf-8")
        item.write_text(text.replace("level2: ", "level2: 已修改", 1), "utf-8")
        saved = time.monotonic()
        while "已修改" not in fetch():
            if time.monotonic() - saved > 900:
                return float("nan")
            time.sleep(0.05)
        return time.monotonic() - saved
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def compare_search(project: Path, site: Path, work: Path) -> None:
    """Pagefind (what the site uses) against Material's own search with jieba, on the same district:
    index time, bytes for a first query, and whether the expected page is in the top 3 — for the 80
    residents' queries in five kinds (search_quality.RESIDENT_QUERIES) through the real search page."""
    from search_quality import SERVICE_QUERIES, measure, resident_queries, table, village_queries

    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(work / "pf-cli")],
                   check=True, capture_output=True)
    line("search Pagefind: index time", f"{time.perf_counter() - started:.1f} s as a separate pass (pagefind CLI); "
         "in the build it runs on the other core during the render (phases above)")
    pagefind = measure(site, "pagefind", resident_queries())
    line("search Pagefind: first query downloads", f"{pagefind['first_bytes'] / 1e3:.0f} KB", "≤ 500 KB")
    line("search Pagefind: residents' queries, expected page", "\n  " + "\n  ".join(table(pagefind)))
    line("search Pagefind: expected page in top 3", f"{pagefind['hits']}/{pagefind['total']} queries, "
         f"median {pagefind['median_s']:.2f} s a query; misses: {'; '.join(pagefind['misses']) or 'none'}",
         "≥ 90 % of each kind, no empty page")
    queries = SERVICE_QUERIES + village_queries(project)  # Material: the short queries only (it is slow)

    material = work / "district-material"
    shutil.copytree(project, material)
    config = (material / "mkdocs.yml").read_text("utf-8")
    config = config.replace("plugins:\n", "plugins:\n  - search:\n      lang: zh\n", 1)
    config = config.replace("  - zwgk:\n", "  - zwgk:\n      search_index: false\n", 1)
    (material / "mkdocs.yml").write_text(config, "utf-8")
    material_site = work / "site-material"
    built = child("build", str(material), str(material_site))
    index_time = sum(v for k, v in built["spent"].items() if k.startswith("material:"))
    raw = (material_site / "search/search_index.json").read_bytes()
    line("search Material (jieba): index time", f"{index_time:.1f} s inside the page loop; whole build "
         f"{built['total']:.1f} s")
    line("search Material (jieba): first query downloads", f"{len(raw) / 1e3:.0f} KB search_index.json "
         f"({len(gzip.compress(raw)) / 1e3:.0f} KB if the server gzips), all of it before the first result")
    result = measure(material_site, "material", queries)
    line("search Material (jieba): expected page in top 3", f"{result['hits']}/{result['total']} queries, "
         f"median {result['median_s']:.2f} s a query; misses: {'; '.join(result['misses']) or 'none'}")


DISTRICT = True  # whether this run is at district scale (3,000 items, 129 places): set in main()


def line(name: str, value: str, target: str = "", ok: bool | None = None, district: bool = False) -> None:
    """One figure; ``ok`` False marks a miss (not judged when a district target meets another scale)."""
    text = f"{name}: {value}"
    if target:
        text += f"   (target {target}{' (district)' if district else ''})"
    if ok is False and (DISTRICT or not district):
        text += "   ✗ MISSES TARGET"
    print(text, flush=True)


def zwgk_build(project: Path, site: Path, *args: str, env: dict | None = None) -> tuple[float, set[str], str]:
    """`zwgk build` (the production command) into ``site``: seconds, files written (new or with a new
    time: unchanged files keep theirs), and its log."""
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} if site.is_dir() else {}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "zwgk.cli", "build", "--config", str(project / "mkdocs.yml"),
                          "--site-dir", str(site), *args], capture_output=True, text=True, env={**ENV, **(env or {})})
    seconds = time.perf_counter() - started
    if out.returncode:
        sys.exit(f"zwgk build failed:\n{out.stdout}\n{out.stderr}")
    written = {p.relative_to(site).as_posix() for p in site.rglob("*")
               if p.is_file() and before.get(p) != p.stat().st_mtime_ns}
    return seconds, written, out.stdout + out.stderr


def listed(files: set[str], limit: int = 40) -> str:
    names = sorted(files)
    more = f"\n    … and {len(names) - limit} more" if len(names) > limit else ""
    return "\n    " + "\n    ".join(names[:limit]) + more


def incremental_sequence(project: Path, site: Path, pdfs: bool) -> None:
    """The production build after typical edits, from the full build already in ``site``."""
    seconds, written, _ = zwgk_build(project, site)
    line("incremental: nothing changed", f"{seconds:.1f} s, {len(written)} files written", "0 files", len(written) == 0)
    items = sorted((project / "catalog/items").rglob("*.yml"))
    item = items[len(items) // 2]
    item.write_text(item.read_text("utf-8").replace("level2: ", "level2: 已修改", 1), "utf-8")
    seconds, written, _ = zwgk_build(project, site)
    line(f"incremental: one item changed ({item.stem})", f"{seconds:.1f} s, {len(written)} files written:"
         f"{listed(written)}", "≤ 2 s and ≤ 10 files", seconds <= 2 and len(written) <= 10, district=True)
    ways = project / "catalog/taxonomy/four_ways.yml"
    ways.write_text(ways.read_text("utf-8").replace("{id: jiujin, name: 就近办}",
                                                    "{id: jiujin, name: 就近办理, aliases: [就近办]}"), "utf-8")
    seconds, written, _ = zwgk_build(project, site)
    pages = {rel for rel in written if rel.endswith(".html")}
    showing = {rel for rel in pages if "就近办理" in (site / rel).read_text("utf-8")}
    line("incremental: a taxonomy name changed (四办 就近办 → 就近办理)",
         f"{seconds:.1f} s, {len(pages)} pages written, {len(showing)} of them show the new name, "
         f"{len(written) - len(pages)} other files", "only the pages that show it", pages == showing)
    if not pdfs:
        return
    seconds, written, log = zwgk_build(project, site, env={"ZWGK_PDFS": "true"})
    printed = {rel for rel in written if rel.endswith(".pdf")}
    line("incremental: first build with PDFs", f"{seconds:.1f} s, {len(printed)} PDFs printed")
    posting = sorted((project / "content").rglob("gongshi/*/*.md"))[0]
    text = posting.read_text("utf-8")
    posting.write_text(text.replace("\ntitle: ", "\ntitle: （更正）", 1), "utf-8")
    seconds, written, log = zwgk_build(project, site, env={"ZWGK_PDFS": "true"})
    printed = {rel for rel in written if rel.endswith(".pdf")}
    line(f"incremental: one board changed ({posting.parent.name})", f"{seconds:.1f} s, {len(printed)} PDFs printed:"
         f"{listed(printed)}", "1 PDF", len(printed) == 1)


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--places", type=int, default=129)
    parser.add_argument("--quick", action="store_true", help="600 items, 40 places, no PDFs, no serve")
    parser.add_argument("--no-pdfs", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-search", action="store_true", help="skip the Pagefind/Material search comparison")
    parser.add_argument("--no-incremental", action="store_true", help="skip the incremental-build sequence")
    parser.add_argument("--no-scale", action="store_true", help="skip the 10,000-item / 400-place run")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        print(json.dumps({"load": child_load, "build": child_build}[kind](*rest)))
        return
    global DISTRICT
    if args.quick:
        args.items, args.places, args.no_pdfs, args.no_serve, args.no_scale = 600, 40, True, True, True
    DISTRICT = (args.items, args.places) == (3000, 129)
    if not DISTRICT:
        print(f"Targets marked (district) are for 3,000 items and 129 places; at {args.items} items and "
              f"{args.places} places they are printed, not judged.", flush=True)

    work = Path(tempfile.mkdtemp(prefix="zwgk-bench-"))
    project = work / "district"
    subprocess.run([sys.executable, "-m", "zwgk.cli", "generate", str(project), "--demo", str(ROOT),
                    "--items", str(args.items), "--places", str(args.places)], check=True, env=ENV,
                   stdout=subprocess.DEVNULL)
    load = child("load", str(project))
    line("district", f"{args.items} items, {args.places} places, {load['files']} catalog files")
    line("load + validate", f"{load['load']:.2f} s for {load['files']} files",
         "≤ 2 s for 5,000 YAML files", load["load"] <= 2 * max(load["files"], 1) / 5000)
    line("views", f"{load['views']:.2f} s for {load['pages']} generated pages")

    site = work / "site"
    shutil.rmtree(project / ".cache", ignore_errors=True)  # a cold build: nothing kept from an earlier one
    build = child("build", str(project), str(site))
    spent = build["spent"]

    def phase(*keys: str) -> float:
        return sum(v for k, v in spent.items() if any(k.endswith(key) or k == key for key in keys))

    ours = phase("zwgk:pre_build")
    files = phase("zwgk:files")
    bodies = phase("zwgk:page_content")
    feed = phase("zwgk:post_page")
    post = phase("zwgk:post_build")
    render = build["total"] - ours - files - bodies - feed - post
    pages = sum(1 for _ in site.rglob("index.html"))
    line("total build", f"{build['total']:.1f} s, {pages} pages, {build['total'] / pages * 1000:.1f} ms/page; "
         f"{build['cpu']:.1f} CPU s (with Pagefind and the downloads worker)", "≤ 20 s", build["total"] <= 20,
         district=True)
    line("phase load+validate+views (on_pre_build)", f"{ours:.1f} s")
    line("phase generated files and table exports (on_files)", f"{files:.1f} s")
    line("phase page bodies from view data (on_page_content)", f"{bodies:.1f} s")
    line("phase MkDocs render (Markdown, Material templates, writing)", f"{render:.1f} s")
    line("phase search index (Pagefind fed each page during the render)", f"{feed:.1f} s on the main thread")
    line("phase post-build (rest of the search index, table downloads from the worker)", f"{post:.1f} s")
    line("peak memory (build)", f"{build['rss_mb']:.0f} MB", "≤ 500 MB", build["rss_mb"] <= 500)
    line("output size", f"{size_of(site) / 1e6:.1f} MB")
    item_pages = sorted(p.stat().st_size for p in (site / "items").glob("*/index.html"))
    if item_pages:
        line("item page HTML", f"median {statistics.median(item_pages) / 1024:.1f} KB, "
             f"max {item_pages[-1] / 1024:.1f} KB", "≤ 40 KB", item_pages[-1] <= 40 * 1024)

    if not args.no_search:
        compare_search(project, site, work)

    base = work / "baseline"
    baseline_project(base, pages)
    baseline = child("build", str(base), str(work / "baseline-site"))
    line("baseline (plain pages, Material, out of nav, search on)",
         f"{baseline['total']:.1f} s for {pages} pages, {baseline['rss_mb']:.0f} MB")
    ratio = build["total"] / baseline["total"]
    line("ratio build / baseline", f"{ratio:.2f} (baseline {baseline['cpu']:.1f} CPU s)", "≤ 0.5", ratio <= 0.5,
         district=True)
    warm = child("build", str(project), str(work / "site-warm"))  # a full build, the parsed catalog kept
    line("full build again, parsed catalog kept from the first (.cache/zwgk/reads)",
         f"{warm['total']:.1f} s, {warm['cpu']:.1f} CPU s; ratio to baseline {warm['total'] / baseline['total']:.2f}")

    if not args.no_incremental:
        incremental_sequence(project, site, pdfs=not args.no_pdfs)
    if not args.no_serve:
        latency = serve_latency(project)
        line("mkdocs serve: edit an item → page shows it", f"{latency:.1f} s", "≤ 3 s", latency <= 3, district=True)
    if not args.no_pdfs:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "zwgk.cli", "pdf", "--out", str(work / "pdf")], cwd=project,
                       env=ENV, check=True, stdout=subprocess.DEVNULL)
        count = len(list((work / "pdf").rglob("*.pdf")))
        seconds = time.perf_counter() - started
        line("bulletin PDFs", f"{count} PDFs in {seconds:.1f} s", "all 129 ≤ 120 s", seconds <= 120, district=True)
    if not args.no_scale:
        scaling(work, pages, build)
    shutil.rmtree(work, ignore_errors=True)


def scaling(work: Path, pages: int, district: dict) -> None:
    """10,000 items and 400 places, built the same way: time and memory beside the district's."""
    project = work / "large"
    subprocess.run([sys.executable, "-m", "zwgk.cli", "generate", str(project), "--demo", str(ROOT),
                    "--items", "10000", "--places", "400"], check=True, env=ENV, stdout=subprocess.DEVNULL)
    site = work / "large-site"
    build = child("build", str(project), str(site))
    large = sum(1 for _ in site.rglob("index.html"))
    per_page, district_per_page = build["total"] / large * 1000, district["total"] / pages * 1000
    line("scale 10,000 items / 400 places: build", f"{build['total']:.1f} s for {large} pages "
         f"({per_page:.1f} ms/page; district {district_per_page:.1f} ms/page → ×{per_page / district_per_page:.2f} "
         "per page)", "linear: ≈ ×1.0 per page", per_page <= 1.25 * district_per_page)
    line("scale 10,000 items / 400 places: peak memory",
         f"{build['rss_mb']:.0f} MB (district {district['rss_mb']:.0f} MB)", "≤ 500 MB", build["rss_mb"] <= 500)


if __name__ == "__main__":
    main()
