"""Command-line tools for editors: ``zwgk check`` validates the catalog without building."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

from .catalog import check_catalog
from .errors import format_errors
from .pdf import SIZES, render_bulletin_pdfs
from .render import Renderer
from .selfcheck import inspect
from .views import PDF_DIR


def _check(args: argparse.Namespace) -> int:
    build_date = dt.date.fromisoformat(args.date) if args.date else None
    catalog, errors = check_catalog(args.catalog, args.docs, build_date)
    if errors:
        sys.stdout.write(format_errors(errors))
        return 1
    print(f"检查通过：{len(catalog.items)} 个公开事项、{len(catalog.documents)} 份文件、"
          f"{len(catalog.interpretations)} 篇解读、{len(catalog.postings)} 条公开栏公示可以发布"
          f"（另有 {catalog.withheld} 条不予公开或未到发布日期，不会出现在网站上）。")
    warnings = inspect(catalog)
    if warnings:
        print(f"\n提醒（不影响发布）：{len(warnings)} 处\n")
        for warning in warnings:
            print(warning.format().replace("  错误：", "  问题：", 1) + "\n")
    return 0


def _site_url(config_file: Path) -> str:
    """site_url from mkdocs.yml, read without MkDocs (its !ENV and python tags are ignored)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        return (yaml.load(config_file.read_text("utf-8"), Loader=Loader) or {}).get("site_url") or ""
    except (OSError, yaml.YAMLError):
        return ""


def _pdf(args: argparse.Namespace) -> int:
    build_date = dt.date.fromisoformat(args.date) if args.date else None
    catalog, errors = check_catalog(args.catalog, args.docs, build_date)
    if errors:
        sys.stdout.write(format_errors(errors))
        return 1
    site_url = args.site_url or _site_url(Path(args.config))
    if not site_url:
        print("需要网站地址：在 mkdocs.yml 里写 site_url，或用 --site-url 指定（二维码要用完整地址）。")
        return 1
    out = Path(args.out)
    places = None
    if args.place:
        unknown = [p for p in args.place if p not in catalog.places.by_id or p == catalog.district.id]
        if unknown:
            print(f"未知的地点编号：{'、'.join(unknown)}。地点编号见 catalog/taxonomy/places.yml。")
            return 1
        places = [catalog.places.by_id[p] for p in args.place]
    run = render_bulletin_pdfs(catalog, site_url, out, tuple(args.size), args.jobs,
                               Renderer(Path(args.templates)), places)
    print(f"已生成 {len(run.files)} 份公开栏 PDF，共 {run.pages} 页，用时 {run.seconds:.1f} 秒："
          f"{out / PDF_DIR}/")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zwgk", description="基层政务公开站点工具")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查 catalog/ 下的内容，列出全部错误，不构建网站")
    check.add_argument("--catalog", default="catalog", help="目录文件夹（默认 catalog）")
    check.add_argument("--docs", default="content", help="页面和附件文件夹（默认 content）")
    check.add_argument("--date", help="按这一天判断是否已到发布日期，格式 2024-03-15（默认今天）")
    check.set_defaults(run=_check)
    pdf = commands.add_parser("pdf", help="把每个镇、村、社区的政务公开栏生成 PDF（可直接打印张贴）")
    pdf.add_argument("--catalog", default="catalog", help="目录文件夹（默认 catalog）")
    pdf.add_argument("--docs", default="content", help="页面文件夹（默认 content）")
    pdf.add_argument("--out", default="site", help="输出到这个网站文件夹下的 bulletins/pdf/（默认 site）")
    pdf.add_argument("--size", action="append", choices=SIZES, help="纸张：A4（默认）或 A3，可写两次")
    pdf.add_argument("--place", action="append", help="只生成这个地点（编号，如 lilou-donggao），可写多次")
    pdf.add_argument("--jobs", type=int, help="同时渲染的进程数（默认等于 CPU 核数）")
    pdf.add_argument("--site-url", help="网站地址（默认读 mkdocs.yml 的 site_url）")
    pdf.add_argument("--config", default="mkdocs.yml", help="站点配置文件（默认 mkdocs.yml）")
    pdf.add_argument("--templates", default="theme/zwgk", help="模板覆盖目录（默认 theme/zwgk）")
    pdf.add_argument("--date", help="按这一天判断公示期和发布日期，格式 2026-01-15（默认今天）")
    pdf.set_defaults(run=_pdf)
    args = parser.parse_args(argv)
    if getattr(args, "size", None) is None and args.command == "pdf":
        args.size = ["A4"]
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
