"""Render view data to HTML with Jinja templates: markup lives in templates only.

Templates come from the site's ``theme/zwgk/`` first (so a district can override one),
then from the package. Autoescaping is on: text from YAML is always shown as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
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
        return self.env.get_template(template).render(**context, url=url_for or _no_links)


def _no_links(uri: str) -> str:
    raise ValueError(f"this document has no site to link {uri} in")
