"""Command-line tools for editors: ``zwgk check`` validates the catalog without building."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from .catalog import check_catalog
from .errors import format_errors
from .inspect import inspect


def _check(args: argparse.Namespace) -> int:
    build_date = dt.date.fromisoformat(args.date) if args.date else None
    catalog, errors = check_catalog(args.catalog, args.docs, build_date)
    if errors:
        sys.stdout.write(format_errors(errors))
        return 1
    print(f"检查通过：{len(catalog.items)} 个公开事项、{len(catalog.documents)} 份文件、"
          f"{len(catalog.interpretations)} 篇解读可以发布"
          f"（另有 {catalog.withheld} 条不予公开或未到发布日期，不会出现在网站上）。")
    warnings = inspect(catalog)
    if warnings:
        print(f"\n提醒（不影响发布）：{len(warnings)} 处\n")
        for warning in warnings:
            print(warning.format().replace("  错误：", "  问题：", 1) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zwgk", description="基层政务公开站点工具")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查 catalog/ 下的内容，列出全部错误，不构建网站")
    check.add_argument("--catalog", default="catalog", help="目录文件夹（默认 catalog）")
    check.add_argument("--docs", default="content", help="页面和附件文件夹（默认 content）")
    check.add_argument("--date", help="按这一天判断是否已到发布日期，格式 2024-03-15（默认今天）")
    check.set_defaults(run=_check)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
