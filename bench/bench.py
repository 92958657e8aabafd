"""District-scale benchmark: prints one line per figure (see README, issue "District scale").

    python bench/bench.py                 # 3,000 items, 129 places, everything (~8 min)
    python bench/bench.py --quick         # 600 items, 40 places, no PDFs, no serve

Every measurement runs in a fresh child process so its peak memory is its own. Numbers, not
assertions: the targets are printed beside them for the reader to compare.
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
    build(config)
    total = time.perf_counter() - started
    plugins.run_event = original
    return {"total": total, "spent": spent, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


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


def line(name: str, value: str, target: str = "") -> None:
    print(f"{name}: {value}" + (f"   (target {target})" if target else ""), flush=True)


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--places", type=int, default=129)
    parser.add_argument("--quick", action="store_true", help="600 items, 40 places, no PDFs, no serve")
    parser.add_argument("--no-pdfs", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-search", action="store_true", help="skip the Pagefind/Material search comparison")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        print(json.dumps({"load": child_load, "build": child_build}[kind](*rest)))
        return
    if args.quick:
        args.items, args.places, args.no_pdfs, args.no_serve = 600, 40, True, True

    work = Path(tempfile.mkdtemp(prefix="zwgk-bench-"))
    project = work / "district"
    subprocess.run([sys.executable, "-m", "zwgk.cli", "generate", str(project), "--demo", str(ROOT),
                    "--items", str(args.items), "--places", str(args.places)], check=True, env=ENV,
                   stdout=subprocess.DEVNULL)
    load = child("load", str(project))
    line("district", f"{args.items} items, {args.places} places, {load['files']} catalog files")
    line("load + validate", f"{load['load']:.2f} s for {load['files']} files",
         "≤ 2 s for 5,000 YAML files")
    line("views", f"{load['views']:.2f} s for {load['pages']} generated pages")

    site = work / "site"
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
    line("total build", f"{build['total']:.1f} s, {pages} pages, {build['total'] / pages * 1000:.1f} ms/page",
         "≤ 20 s and ≤ 0.5 × baseline")
    line("phase load+validate+views (on_pre_build)", f"{ours:.1f} s")
    line("phase generated files and table exports (on_files)", f"{files:.1f} s")
    line("phase page bodies from view data (on_page_content)", f"{bodies:.1f} s")
    line("phase MkDocs render (Markdown, Material templates, writing)", f"{render:.1f} s")
    line("phase search index (Pagefind fed each page during the render)", f"{feed:.1f} s on the main thread")
    line("phase post-build (rest of the search index, table downloads from the worker)", f"{post:.1f} s")
    line("peak memory (build)", f"{build['rss_mb']:.0f} MB", "≤ 500 MB")
    line("output size", f"{size_of(site) / 1e6:.1f} MB")
    item_pages = sorted(p.stat().st_size for p in (site / "items").glob("*/index.html"))
    if item_pages:
        line("item page HTML", f"median {statistics.median(item_pages) / 1024:.1f} KB, "
             f"max {item_pages[-1] / 1024:.1f} KB", "≤ 40 KB")

    if not args.no_search:
        compare_search(project, site, work)

    base = work / "baseline"
    baseline_project(base, pages)
    baseline = child("build", str(base), str(work / "baseline-site"))
    line("baseline (plain pages, Material, out of nav, search on)",
         f"{baseline['total']:.1f} s for {pages} pages, {baseline['rss_mb']:.0f} MB")
    line("ratio build / baseline", f"{build['total'] / baseline['total']:.2f}", "≤ 0.5")

    if not args.no_serve:
        line("mkdocs serve: edit an item → page shows it", f"{serve_latency(project):.1f} s", "≤ 3 s")
    if not args.no_pdfs:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "zwgk.cli", "pdf", "--out", str(work / "pdf")], cwd=project,
                       env=ENV, check=True, stdout=subprocess.DEVNULL)
        count = len(list((work / "pdf").rglob("*.pdf")))
        line("bulletin PDFs", f"{count} PDFs in {time.perf_counter() - started:.1f} s", "all 129 ≤ 120 s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
