"""Render view data to HTML with Jinja templates: markup lives in templates only.

Templates come from the site's ``theme/zwgk/`` first (so a district can override one),
then from the package. Autoescaping is on: text from YAML is always shown as text.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from markupsafe import Markup

from ..content.annual import REPORT_MARKERS
from .markdown import MarkdownPipeline
from .qr import qr_svg

UrlFor = Callable[[str], str]  # a source path (items/x.md, attachments/a.docx) → relative URL


def plain_number(value) -> str:
    """12 → "12", 186.40 → "186.4": report figures as an office writes them."""
    return f"{value:.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def chinese_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def phone_numbers(text: str) -> list[str]:
    """Split "0379-1、0379-2" into numbers so each gets its own tap-to-call link."""
    for sep in ("，", ",", "/"):
        text = text.replace(sep, "、")
    return [p.strip() for p in text.split("、") if p.strip()]


def qr_markup(url: str, title: str = "") -> Markup:
    return Markup(qr_svg(url, title))


class Renderer:
    def __init__(self, override_dir: Path | None = None, markdown: MarkdownPipeline | None = None):
        """``markdown``: the site's pipeline (its mkdocs.yml extensions) for bodies shown inside
        other pages, such as a posting on its board."""
        self.override_dir = override_dir
        self.markdown = markdown or MarkdownPipeline()
        loaders = []
        if override_dir and override_dir.is_dir():
            loaders.append(FileSystemLoader(str(override_dir)))
        loaders.append(PackageLoader("zwgk.outputs", "templates"))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["cndate"] = chinese_date
        self.env.filters["number"] = plain_number
        self.env.filters["phones"] = phone_numbers
        self.env.filters["markdown"] = lambda text: Markup(self.markdown.html(text))
        self.env.filters["qr"] = qr_markup
        self.env.globals["report_markers"] = REPORT_MARKERS  # where annual_report.html puts tables 2–4

    def render(self, template: str, context: dict, url_for: UrlFor | None = None) -> str:
        try:
            return self.env.get_template(template).render(**context, url=url_for or _no_links)
        except TemplateError as exc:
            raise TemplateFailed.of(template, exc) from None


class TemplateFailed(Exception):
    """A template (ours, or a district's override in theme/zwgk/) failed: which file, which line
    and why, for a message that names them instead of a traceback. Plain values only: it crosses
    from a forked worker to the build."""

    def __init__(self, file: str, line: int, detail: str) -> None:
        super().__init__(file, line, detail)
        self.file, self.line, self.detail = file, line, detail

    @classmethod
    def of(cls, template: str, error: TemplateError) -> TemplateFailed:
        detail = getattr(error, "message", None) or str(error) or type(error).__name__
        if isinstance(error, TemplateSyntaxError) and error.filename:
            return cls(error.filename, error.lineno or 0, detail)
        file, line = template, 0
        for frame in traceback.extract_tb(error.__traceback__):  # the innermost template in Jinja's traceback
            if frame.filename.endswith((".html", ".svg", ".xml", ".txt")):
                file, line = frame.filename, frame.lineno or 0
        return cls(file, line, detail)

    def message(self, root: Path, making: str) -> str:
        """In Chinese, for the editor or the district's web staff; ``making``: what was being made."""
        path = Path(self.file)
        ours = not (path.is_absolute() and path.is_relative_to(root))
        shown = path.name if ours else path.relative_to(root).as_posix()
        where = f"{shown} 第 {self.line} 行" if self.line else f"{shown} "
        fix = ("这是程序自带的模板，请把这段信息发给技术支持。" if ours
               else "这是本地区覆盖的模板：改正这一行，或删去这个文件恢复默认模板。")
        space = " " if making[-1:].isascii() and making[-1:].isalnum() else ""  # "生成页面 a.md 时"
        return f"生成{making}{space}时，模板 {where}出错：{self.detail}。{fix}"


def _no_links(uri: str) -> str:
    raise ValueError(f"this document has no site to link {uri} in")
