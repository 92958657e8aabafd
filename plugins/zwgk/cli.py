"""Command-line tools for editors: ``zwgk check`` validates the catalog without building."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from .adapter.engine import ENGINE_VARIABLE, ENGINES, EngineUnavailable, use_engine
from .content.catalog import check_catalog, load_vocabularies
from .content.errors import format_errors
from .content.layout import taxonomy_file
from .content.settings import (
    CONFIG_FILE,
    PDF_SIZES,
    SITE_URL_VARIABLE,
    Settings,
    SettingsError,
    build_date,
    read_settings,
)
from .outputs.files import write_atomically
from .outputs.markdown import MarkdownPipeline
from .outputs.pdf import render_bulletin_pdfs, render_guide_pdfs
from .outputs.render import Renderer, TemplateFailed
from .site.addresses import DOWNLOADS_DIR, PDF_DIR
from .site.halls import town_of
from .site.plan import Site, plan_site
from .tools.generate import generate
from .tools.importer import import_table, write_changes
from .tools.selfcheck import inspect

MAKING = {"pdf": "公开栏和办事指南的 PDF", "check": "自查报告"}  # what a command makes, for a template mistake


def _settings(args: argparse.Namespace) -> Settings:
    """mkdocs.yml's settings, with the folders and the day the command line names instead."""
    settings = read_settings(args.config)
    if getattr(args, "catalog", None):
        settings = replace(settings, catalog_dir=Path(args.catalog).resolve())
    if getattr(args, "docs", None):
        settings = replace(settings, docs_dir=Path(args.docs).resolve())
    if getattr(args, "date", None):
        settings = replace(settings, build_date=build_date(args.date))
    if getattr(args, "preview", False):
        settings = replace(settings, preview=True)
    return settings


def _plan(args: argparse.Namespace) -> Site | None:
    """The site plan as the build would make it, or None once the content errors are printed."""
    settings = _settings(args)
    catalog, errors = check_catalog(settings.catalog_dir, settings.docs_dir, settings.build_date, settings.root,
                                    settings.standard_dir)
    if errors:
        if getattr(args, "format", "text") == "json":
            print(json.dumps({"ok": False, "errors": [_as_json(e) for e in errors], "warnings": []},
                             ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(format_errors(errors))
        return None
    return plan_site(catalog, settings)


def _check(args: argparse.Namespace) -> int:
    site = _plan(args)
    if site is None:
        return 1
    catalog, day = site.catalog, site.settings.build_date
    report = inspect(site)
    summary = (f"{len(catalog.items)} 个公开事项、{len(catalog.documents)} 份文件、"
               f"{len(catalog.interpretations)} 篇解读、{len(catalog.postings)} 条公开栏公示可以发布"
               f"（另有 {catalog.withheld} 条不予公开、草稿、未到发布日期或公示期已过，不会出现在网站上）")
    if args.html:
        html = Renderer().render("check_report.html", {"summary": summary, "report": report, "day": day})
        write_atomically(Path(args.html), html.encode("utf-8"), mode=None)
    if args.format == "json":
        print(json.dumps({"ok": not report.errors, "date": day.isoformat(), "summary": summary,
                          "preview": site.settings.preview, "verdict": report.verdict.as_json(),
                          "errors": [_as_json(e) for e in report.errors],
                          "warnings": [_as_json(e) for e in report.warnings],
                          "upcoming_reviews": [_as_json(e) for e in report.upcoming_reviews],
                          "standard": catalog.standard.as_json() if catalog.standard else None,
                          "rules": [{"rule": r, "findings": n} for r, n in report.rules]},
                         ensure_ascii=False, indent=2))
        return 1 if report.errors else 0
    print(f"自查日期：{day}。{'检查通过' if not report.errors else '内容可以读取'}：{summary}。")
    print(f"\n自查结论：{report.verdict.line}")
    print("\n检查规则：" + "；".join(f"{rule} {n} 处" for rule, n in report.rules) + "。")
    if report.standard:
        print("\n" + "\n".join(report.standard))
    if report.errors:
        print(f"\n错误（发布前必须改正）：{len(report.errors)} 处\n")
        for error in report.errors:
            print(error.format() + "\n")
    if report.warnings:
        print(f"\n提醒（不影响发布）：{len(report.warnings)} 处\n")
        for warning in report.warnings:
            print(warning.format("问题") + "\n")
    if report.upcoming_reviews:
        print(f"\n30 天内到期的复核：{len(report.upcoming_reviews)} 项\n")
        for due in report.upcoming_reviews:
            print(due.format("复核") + "\n")
    return 1 if report.errors else 0


def _publish(args: argparse.Namespace) -> int:
    """Check, then commit what was saved under catalog/ and content/ in the editor's name."""
    from .tools.publish import PublishError, commit_changes

    name, note = args.name.strip(), " ".join(args.note.split())
    if not name or not note:
        print("请写明修改人（--name）和修改说明（--note），例如：--name 张三 --note 更正低保申请材料。")
        return 2
    site = _plan(args)
    if site is None:
        print("有错误，没有提交，网站不会更新。改正后再发布。")
        return 1
    report = inspect(site)
    if report.errors:
        print(f"有 {len(report.errors)} 处错误，没有提交，网站不会更新。改正后再发布：\n")
        for error in report.errors:
            print(error.format() + "\n")
        return 1
    settings = site.settings
    try:
        done = commit_changes(settings.root, [settings.catalog_dir, settings.docs_dir], name, note,
                              args.email or "", push=args.push)
    except PublishError as error:
        print(str(error))
        return 1
    if not done.files:
        print("catalog/ 和 content/ 里没有新的修改，不需要发布。")
        return 0
    print(f"已提交 {len(done.files)} 个文件（{name}：{note}），提交号 {done.commit[:10]}。")
    for file in done.files:
        print(f"  {file}")
    print("已推送，自动构建（CI）完成后网站更新。" if done.pushed else
          "尚未推送：加 --push 推送到远程仓库，自动构建（CI）完成后网站更新。")
    return 0


def _as_json(error) -> dict:
    return {"file": error.file, "line": error.line, "field": error.field, "message": error.message,
            "hint": error.hint}


def _pdf(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.site_url:
        settings = replace(settings, site_url=args.site_url)
    if not settings.site_url:
        print("需要网站地址：在 mkdocs.yml 里写 site_url，或用 --site-url 指定（二维码要用完整地址）。")
        return 1
    catalog, errors = check_catalog(settings.catalog_dir, settings.docs_dir, settings.build_date, settings.root,
                                    settings.standard_dir)
    if errors:
        sys.stdout.write(format_errors(errors))
        return 1
    site = plan_site(catalog, settings)
    out = Path(args.out) if args.out else settings.site_dir
    places = None
    if args.place:
        unknown = [p for p in args.place if p not in site.boards]
        if unknown:
            print(f"未知的地点编号：{'、'.join(unknown)}。地点编号见 catalog/{taxonomy_file('places')}。")
            return 1
        places = [catalog.places.by_id[p] for p in args.place]
    templates = Path(args.templates) if args.templates else settings.templates_dir
    renderer = Renderer(templates, MarkdownPipeline(settings.markdown_extensions))
    if args.guides:  # with --place: only those towns' handbooks (a village names its town)
        towns = {town_of(catalog, p).id for p in places if town_of(catalog, p)} if places else None
        run = render_guide_pdfs(site, out, args.jobs, renderer, kinds=("town",) if towns else None, towns=towns)
        print(f"已生成 {len(run.files)} 份办事指南和便民服务手册 PDF，共 {run.pages} 页，用时 {run.seconds:.1f} 秒："
              f"{out / DOWNLOADS_DIR}/")
        return 0
    run = render_bulletin_pdfs(site, out, tuple(args.size), args.jobs, renderer, places)
    print(f"已生成 {len(run.files)} 份公开栏 PDF，共 {run.pages} 页，用时 {run.seconds:.1f} 秒："
          f"{out / PDF_DIR}/")
    return 0


def _import(args: argparse.Namespace) -> int:
    settings = _settings(args)
    vocabularies, errors = load_vocabularies(settings.catalog_dir, settings.root, settings.standard_dir)
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
    published = settings.build_date
    path = Path(args.file)
    if not path.is_file():
        print(f"找不到文件 {path}。")
        return 1
    result = import_table(path, settings.catalog_dir, vocabularies, domain=domain, category=category,
                          published=published)
    if result.problems:
        sys.stdout.write(format_errors(result.problems).replace("处内容错误", "处无法导入", 1))
        print("没有写入任何文件：改正表格后重新导入。")
        return 1
    new = [c for c in result.changes if c.new]
    drafts = sum(1 for c in new if c.draft)
    unchanged = result.rows - len(result.changes) - result.skipped
    skipped = f"，{result.skipped} 行没有导入" if result.skipped else ""
    print(f"读取 {result.rows} 行：新建 {len(new)} 个（其中草稿 {drafts} 个）、更新 {len(result.changes) - len(new)} 个"
          f"事项文件，{unchanged} 行与现有文件一致{skipped}。")
    for change in result.changes:
        kind = "新建草稿" if change.draft else "新建" if change.new else "更新"
        print(f"  {kind} {change.path}：{'、'.join(change.changed)}")
    if result.warnings:
        print(f"\n提醒：{len(result.warnings)} 处单元格需要核对（已按原文或按说明导入）：\n")
        for warning in sorted(result.warnings, key=lambda w: (w.line, w.field)):
            print(warning.format("问题") + "\n")
    if drafts:
        print(f"{drafts} 个新事项写成了草稿（draft: true，不发布）：补齐文件开头注释里说的内容后删去 draft: true；"
              "zwgk check 的“待完成的草稿”列出全部草稿。")
    if args.dry_run:
        print("（试运行：没有写入任何文件）")
        return 0
    write_changes(result.changes)
    catalog, errors = check_catalog(settings.catalog_dir, settings.docs_dir, settings.build_date, settings.root,
                                    settings.standard_dir)
    if errors:
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


def _platform(args: argparse.Namespace):
    """platform.yml (--platform, else in the current folder), or None once its errors are printed."""
    from .tools.platform import PLATFORM_FILE, PlatformInvalid, read_platform

    try:
        return read_platform(args.platform or PLATFORM_FILE)
    except PlatformInvalid as exc:
        print(exc, end="")
        return None


def _build_platform(args: argparse.Namespace) -> int:
    """`zwgk build --site ID | --all | --home`: the sites of platform.yml under their sub-paths."""
    from .tools import platform as platforms

    platform = _platform(args)
    if platform is None:
        return 1
    if args.home:
        print(f"平台首页：{platform.relative(platforms.write_home(platform, published=True))}")
        return 0
    extra = (*(["--no-strict"] if args.no_strict else []), *(["--engine", args.engine] if args.engine else []),
             *(["--clean"] if args.clean else []))
    if args.all:
        runs = platforms.build_sites(platform, args.jobs or 1, force=args.force, extra=extra)
        failed = [r.site.id for r in runs if r.code]
        built = sum(1 for r in runs if not r.skipped and not r.code)
        print(f"平台 {platform.name}：构建 {built} 个站点，跳过 {sum(r.skipped for r in runs)} 个没有变化的"
              + (f"，失败 {len(failed)} 个（{'、'.join(failed)}）" if failed else "")
              + f"；首页 {platform.relative(platform.output)}/index.html。")
        return 1 if failed else 0
    try:
        site = platform.site(args.site)
    except platforms.PlatformInvalid as exc:
        print(exc, end="")
        return 1
    try:
        use_engine(args.engine)
    except EngineUnavailable as exc:
        print(exc)
        return 1
    from .adapter.plugin import build_atomically

    digest = platforms.input_hash(platform, site)  # of the inputs as the build starts
    os.environ[SITE_URL_VARIABLE] = platform.site_url(site)
    code = build_atomically(str(site.config), str(platform.site_dir(site)), strict=not args.no_strict,
                            clean=args.clean)
    if code == 0:
        platforms.remember(platform, site, digest)
    return code


def _sites(args: argparse.Namespace) -> int:
    """`zwgk sites`: the platform's sites (or those a git change touches) for a CI matrix."""
    from .tools import platform as platforms

    platform = _platform(args)
    if platform is None:
        return 1
    if args.format == "output":
        print(platform.output)
        return 0
    sites = list(platform.sites)
    if args.site:
        try:
            sites = [platform.site(args.site)]
        except platforms.PlatformInvalid as exc:
            print(exc, end="")
            return 1
    if args.changed:
        try:
            files = platforms.changed_files(platform.root, args.changed)
        except platforms.GitUnavailable as exc:
            print(exc)
            return 1
        touched = {s.id for s in platforms.affected_sites(platform, files)}
        sites = [s for s in sites if s.id in touched]
    if args.format == "json":
        print(json.dumps(platforms.matrix(platform, sites), ensure_ascii=False))
    elif args.format == "gitlab":
        sys.stdout.write(platforms.gitlab_pipeline(platform, sites))
    else:
        for site in sites:
            print({"list": site.id, "path": site.path, "dir": platform.site_dir(site)}[args.format])

    return 0


def _build(args: argparse.Namespace) -> int:
    if args.all or args.site or args.home:
        return _build_platform(args)
    try:
        use_engine(args.engine)  # before anything imports mkdocs
    except EngineUnavailable as exc:
        print(exc)
        return 1
    from .adapter.plugin import build_atomically  # the one command that needs MkDocs

    return build_atomically(args.config, args.site_dir, strict=not args.no_strict, clean=args.clean)


def _site_arguments(parser: argparse.ArgumentParser, date_means: str) -> None:
    """The options every command that reads the content shares; defaults come from mkdocs.yml."""
    parser.add_argument("--config", default=CONFIG_FILE, help="站点配置文件（默认 mkdocs.yml）")
    parser.add_argument("--catalog", help="目录文件夹（默认 mkdocs.yml 里 zwgk 的 catalog_dir，即 catalog）")
    parser.add_argument("--docs", help="页面和附件文件夹（默认 mkdocs.yml 的 docs_dir，即 content）")
    parser.add_argument("--date", help=f"{date_means}，格式 2026-01-15（默认 mkdocs.yml 里 zwgk 的 build_date，"
                                       "没有就用环境变量 ZWGK_BUILD_DATE，再没有就是今天）")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zwgk", description="基层政务公开站点工具")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="构建网站：在新文件夹里生成，全部成功后才替换已发布的网站")
    build.add_argument("--config", default=CONFIG_FILE, help="站点配置文件（默认 mkdocs.yml）")
    build.add_argument("--site-dir", help="网站文件夹（默认 mkdocs.yml 的 site_dir，即 site）")
    build.add_argument("--no-strict", action="store_true", help="有警告也照常发布（默认有警告即失败）")
    build.add_argument("--clean", action="store_true",
                       help="全部重新生成（默认沿用上次构建中输入没有变化的页面和 PDF，结果与全部重新生成相同）")
    build.add_argument("--engine", choices=ENGINES,
                       help=f"构建引擎：mkdocs（默认）或 properdocs（MkDocs 1.x 的延续版本；"
                            f"也可用环境变量 {ENGINE_VARIABLE}）")
    build.add_argument("--platform", help="平台配置文件（默认当前文件夹的 platform.yml），和下面三项一起用")
    build.add_argument("--site", help="只构建平台上的这个站点（platform.yml 里的 id），放在输出文件夹的子路径下")
    build.add_argument("--all", action="store_true",
                       help="构建平台上内容有变化的全部站点，再生成平台首页（没有变化的站点跳过）")
    build.add_argument("--jobs", type=int, help="和 --all 一起用：同时构建的站点数（默认 1）")
    build.add_argument("--force", action="store_true", help="和 --all 一起用：没有变化的站点也重新构建")
    build.add_argument("--home", action="store_true",
                       help="只生成平台首页（站点列表和全平台搜索），按全部站点都已发布（CI 最后一步）")
    build.set_defaults(run=_build)
    sites = commands.add_parser("sites", help="列出平台的站点（platform.yml），或某次修改涉及的站点（给 CI 用）")
    sites.add_argument("--platform", help="平台配置文件（默认当前文件夹的 platform.yml）")
    sites.add_argument("--changed", metavar="BASE_REF",
                       help="只列出内容和这个 git 提交或分支相比有变化的站点，如 origin/main")
    sites.add_argument("--site", help="只列出这个站点")
    sites.add_argument("--format", choices=("json", "list", "gitlab", "path", "dir", "output"), default="json",
                       help="json：GitHub Actions 的 matrix（默认）；list：每行一个站点编号；gitlab：GitLab 子流水线；"
                            "path：子路径；dir：构建出的文件夹；output：平台的输出文件夹")
    sites.set_defaults(run=_sites)
    check = commands.add_parser("check", help="检查 catalog/ 下的内容，列出全部错误，不构建网站")
    _site_arguments(check, "自查日期：按这一天判断发布日期、栏目更新和有效期")
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json")
    check.add_argument("--html", help="另存一份 HTML 自查报告到这个文件")
    check.add_argument("--preview", action="store_true",
                       help="按预览（mkdocs serve）检查：缺少网站标识只提醒，不算错误（默认按正式发布检查）")
    check.set_defaults(run=_check)
    pdf = commands.add_parser("pdf", help="把每个镇、村、社区的政务公开栏生成 PDF（可直接打印张贴）")
    _site_arguments(pdf, "按这一天判断公示期和发布日期")
    pdf.add_argument("--out", help="输出到这个网站文件夹下的 bulletins/pdf/（默认 mkdocs.yml 的 site_dir，即 site）")
    pdf.add_argument("--size", action="append", choices=PDF_SIZES, help="纸张：A4（默认）或 A3，可写两次")
    pdf.add_argument("--place", action="append",
                     help="只生成这个地点（编号，如 lilou-donggao），可写多次；"
                          "和 --guides 一起用时只生成它所在镇（街道）的便民服务手册")
    pdf.add_argument("--guides", action="store_true",
                     help="改为生成各领域、各部门的办事指南折页和各镇（街道）的便民服务手册")
    pdf.add_argument("--jobs", type=int, help="同时渲染的进程数（默认等于 CPU 核数）")
    pdf.add_argument("--site-url", help="网站地址（默认读 mkdocs.yml 的 site_url）")
    pdf.add_argument("--templates", help="模板覆盖目录（默认 mkdocs.yml 里 zwgk 的 templates_dir，即 theme/zwgk）")
    pdf.set_defaults(run=_pdf)
    publish = commands.add_parser("publish", help="检查通过后，以修改人的名义提交 catalog/ 和 content/ 的修改")
    _site_arguments(publish, "检查日期")
    publish.add_argument("--name", required=True, help="修改人姓名（记在提交上）")
    publish.add_argument("--note", required=True, help="修改说明（显示在页面的“更新记录”里），如：更正低保申请材料")
    publish.add_argument("--email", help="修改人的邮箱（可不写）")
    publish.add_argument("--push", action="store_true", help="提交后推送到远程仓库，由自动构建（CI）发布网站")
    publish.set_defaults(run=_publish)
    imp = commands.add_parser("import", help="把标准目录表格（XLSX 或 CSV）导入为事项文件")
    imp.add_argument("file", help="表格文件：.xlsx 或 .csv")
    _site_arguments(imp, "新事项的发布日期")
    imp.add_argument("--domain", help="表格所属领域（默认从标题或工作表名判断）")
    imp.add_argument("--category", help="新事项的信息类别（表格里没有这一列）")
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
    try:
        return args.run(args)
    except SettingsError as exc:  # e.g. a build_date that is not a date
        print(exc)
        return 1
    except TemplateFailed as exc:  # a district's override in theme/zwgk/ with a mistake in it
        print(exc.message(Path(getattr(args, "config", CONFIG_FILE)).resolve().parent,
                          MAKING.get(args.command, "文件")))
        return 1


if __name__ == "__main__":
    sys.exit(main())
