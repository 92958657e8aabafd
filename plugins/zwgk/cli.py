"""Command-line tools for editors: ``zwgk check`` validates the catalog without building."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

import yaml

from .content.catalog import check_catalog, load_vocabularies
from .content.errors import format_errors
from .outputs.pdf import SIZES, render_bulletin_pdfs
from .outputs.render import Renderer
from .site.views import PDF_DIR
from .tools.generate import generate
from .tools.importer import import_table, write_changes
from .tools.selfcheck import inspect


def _check(args: argparse.Namespace) -> int:
    day = _day(args.date)
    catalog, errors = check_catalog(args.catalog, args.docs, day)
    if errors:
        if args.format == "json":
            print(json.dumps({"ok": False, "errors": [_as_json(e) for e in errors], "warnings": []},
                             ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(format_errors(errors))
        return 1
    report = inspect(catalog, Path(args.docs), Path.cwd(), day, _site_config().get("markdown_extensions"))
    summary = (f"{len(catalog.items)} 个公开事项、{len(catalog.documents)} 份文件、"
               f"{len(catalog.interpretations)} 篇解读、{len(catalog.postings)} 条公开栏公示可以发布"
               f"（另有 {catalog.withheld} 条不予公开、草稿、未到发布日期或公示期已过，不会出现在网站上）")
    if args.html:
        html = Renderer().render("check_report.html", {"summary": summary, "report": report, "day": day})
        Path(args.html).write_text(html, "utf-8")
    if args.format == "json":
        print(json.dumps({"ok": not report.errors, "date": day.isoformat(), "summary": summary,
                          "errors": [_as_json(e) for e in report.errors],
                          "warnings": [_as_json(e) for e in report.warnings],
                          "rules": [{"rule": r, "findings": n} for r, n in report.rules]},
                         ensure_ascii=False, indent=2))
        return 1 if report.errors else 0
    print(f"自查日期：{day}。{'检查通过' if not report.errors else '内容可以读取'}：{summary}。")
    print("\n检查规则：" + "；".join(f"{rule} {n} 处" for rule, n in report.rules) + "。")
    if report.errors:
        print(f"\n错误（发布前必须改正）：{len(report.errors)} 处\n")
        for error in report.errors:
            print(error.format() + "\n")
    if report.warnings:
        print(f"\n提醒（不影响发布）：{len(report.warnings)} 处\n")
        for warning in report.warnings:
            print(warning.format("问题") + "\n")
    return 1 if report.errors else 0


def _as_json(error) -> dict:
    return {"file": error.file, "line": error.line, "field": error.field, "message": error.message,
            "hint": error.hint}


def _site_config(config_file: Path = Path("mkdocs.yml")) -> dict:
    """mkdocs.yml without MkDocs: !ENV gives the variable or its default; other tags are ignored."""

    class Loader(yaml.SafeLoader):
        pass

    def env(loader, node):
        if isinstance(node, yaml.SequenceNode):
            names = loader.construct_sequence(node)
        else:
            names = [loader.construct_scalar(node)]
        *variables, default = names if len(names) > 1 else (*names, None)
        return next((os.environ[v] for v in variables if v in os.environ), default)

    Loader.add_constructor("!ENV", env)
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        return yaml.load(config_file.read_text("utf-8"), Loader=Loader) or {}
    except (OSError, yaml.YAMLError):
        return {}


def _site_url(config_file: Path) -> str:
    return _site_config(config_file).get("site_url") or ""


def _day(text: str | None) -> dt.date:
    """The day to judge on: --date, else the site's build_date (mkdocs.yml, $ZWGK_BUILD_DATE), else today."""
    if not text:
        for plugin in _site_config().get("plugins") or []:
            if isinstance(plugin, dict) and isinstance(plugin.get("zwgk"), dict):
                text = plugin["zwgk"].get("build_date")
    text = text or os.environ.get("ZWGK_BUILD_DATE")
    return dt.date.fromisoformat(str(text)) if text else dt.date.today()


def _pdf(args: argparse.Namespace) -> int:
    catalog, errors = check_catalog(args.catalog, args.docs, _day(args.date))
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
    published = _day(args.date)
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


def _generate(args: argparse.Namespace) -> int:
    counts = generate(Path(args.demo), Path(args.out), args.items, args.places, args.documents,
                      args.interpretations, args.seed)
    print(f"已生成测试用区县 {args.out}：{counts['items']} 个事项、{counts['documents']} 份文件、"
          f"{counts['interpretations']} 篇解读、{counts['places']} 个地点、{counts['postings']} 条公示。")
    return 0


def _build(args: argparse.Namespace) -> int:
    from .adapter.plugin import build_atomically  # the one command that needs MkDocs

    return build_atomically(args.config, args.site_dir, strict=not args.no_strict)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zwgk", description="基层政务公开站点工具")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="构建网站：在新文件夹里生成，全部成功后才替换已发布的网站")
    build.add_argument("--config", default="mkdocs.yml", help="站点配置文件（默认 mkdocs.yml）")
    build.add_argument("--site-dir", help="网站文件夹（默认 mkdocs.yml 的 site_dir，即 site）")
    build.add_argument("--no-strict", action="store_true", help="有警告也照常发布（默认有警告即失败）")
    build.set_defaults(run=_build)
    check = commands.add_parser("check", help="检查 catalog/ 下的内容，列出全部错误，不构建网站")
    check.add_argument("--catalog", default="catalog", help="目录文件夹（默认 catalog）")
    check.add_argument("--docs", default="content", help="页面和附件文件夹（默认 content）")
    check.add_argument("--date", help="自查日期：按这一天判断发布日期、栏目更新和有效期，格式 2026-01-15（默认今天）")
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json")
    check.add_argument("--html", help="另存一份 HTML 自查报告到这个文件")
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
    gen = commands.add_parser("generate", help="生成一个任意规模的测试用区县（用于性能测试）")
    gen.add_argument("out", help="输出文件夹（会被清空）")
    gen.add_argument("--demo", default=".", help="示例站点所在文件夹（取其分类、站点配置和主题），默认当前文件夹")
    gen.add_argument("--items", type=int, default=3000, help="事项数（默认 3000）")
    gen.add_argument("--places", type=int, default=129, help="镇、街道、村、社区总数（默认 129）")
    gen.add_argument("--documents", type=int, default=320, help="文件数（默认 320）")
    gen.add_argument("--interpretations", type=int, default=60, help="解读数（默认 60）")
    gen.add_argument("--seed", type=int, default=7, help="随机种子：相同的种子生成相同的文件")
    gen.set_defaults(run=_generate)
    args = parser.parse_args(argv)
    if getattr(args, "size", None) is None and args.command == "pdf":
        args.size = ["A4"]
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
