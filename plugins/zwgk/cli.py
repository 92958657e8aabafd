"""Command-line tools for editors: ``zwgk check`` validates the catalog without building."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

from .catalog import check_catalog, load_vocabularies
from .errors import format_errors
from .importer import import_table, write_changes
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


def _import(args: argparse.Namespace) -> int:
    vocabularies, errors = load_vocabularies(args.catalog)
    if errors:
        sys.stdout.write(format_errors(errors))
        return 1
    domain = category = None
    if args.domain and (domain := vocabularies["domains"].resolve(args.domain)) is None:
        print(f"未知的领域“{args.domain}”。可用：{vocabularies['domains'].names()}。")
        return 1
    if args.category and (category := vocabularies["categories"].resolve(args.category)) is None:
        print(f"未知的信息类别“{args.category}”。可用：{vocabularies['categories'].names()}。")
        return 1
    published = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    path = Path(args.file)
    if not path.is_file():
        print(f"找不到文件 {path}。")
        return 1
    result = import_table(path, Path(args.catalog), vocabularies, domain=domain, category=category,
                          published=published)
    if result.problems:
        sys.stdout.write(format_errors(result.problems).replace("处内容错误", "处无法导入", 1))
        print("没有写入任何文件：改正表格后重新导入。")
        return 1
    new = sum(1 for c in result.changes if c.new)
    print(f"读取 {result.rows} 行：新建 {new} 个、更新 {len(result.changes) - new} 个事项文件，"
          f"其余 {result.rows - len(result.changes)} 行与现有文件一致。")
    for change in result.changes:
        print(f"  {'新建' if change.new else '更新'} {change.path}：{'、'.join(change.changed)}")
    if args.dry_run:
        print("（试运行：没有写入任何文件）")
        return 0
    write_changes(result.changes)
    catalog, errors = check_catalog(args.catalog, args.docs, None)
    if errors:  # typically: new service items still need their 办事指南, which no table carries
        sys.stdout.write("已写入。导入后的检查发现还需补充的内容（补齐前网站不会更新）：\n" + format_errors(errors))
        return 1
    print("已写入，检查通过。")
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
    imp = commands.add_parser("import", help="把标准目录表格（XLSX 或 CSV）导入为事项文件")
    imp.add_argument("file", help="表格文件：.xlsx 或 .csv")
    imp.add_argument("--catalog", default="catalog", help="目录文件夹（默认 catalog）")
    imp.add_argument("--docs", default="content", help="页面文件夹（默认 content）")
    imp.add_argument("--domain", help="表格所属领域（默认从标题或工作表名判断）")
    imp.add_argument("--category", help="新事项的信息类别（表格里没有这一列）")
    imp.add_argument("--date", help="新事项的发布日期，格式 2026-01-15（默认今天）")
    imp.add_argument("--dry-run", action="store_true", help="只显示将要新建和修改的文件，不写入")
    imp.set_defaults(run=_import)
    args = parser.parse_args(argv)
    if getattr(args, "size", None) is None and args.command == "pdf":
        args.size = ["A4"]
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
