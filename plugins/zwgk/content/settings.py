"""The site's settings: what a build needs besides its content, read once from mkdocs.yml.

The MkDocs adapter makes them from the configuration MkDocs has loaded; the command-line tools
read mkdocs.yml themselves (without MkDocs). Both end in the same frozen object, with the
defaults of every option written here only. Imports nothing but the standard library and YAML.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

CONFIG_FILE = "mkdocs.yml"
BUILD_DATE_VARIABLE = "ZWGK_BUILD_DATE"
# the address a build publishes the site at, instead of mkdocs.yml's site_url: a platform
# (platform.yml) builds each site under its own sub-path of the platform's address
SITE_URL_VARIABLE = "ZWGK_SITE_URL"
PDF_SIZES = ("A4", "A3")
OPTIONS = {  # the zwgk plugin's options in mkdocs.yml, with their defaults
    "catalog_dir": "catalog",  # catalog YAML files, relative to mkdocs.yml
    "templates_dir": "theme/zwgk",  # templates that override the package's page-body templates
    "build_date": None,  # the day visibility is judged on; else $ZWGK_BUILD_DATE; else today
    "bulletin_pdfs": False,  # also render every board to PDF after the build (slow: off for serve)
    "pdf_sizes": ["A4"],  # paper sizes of those PDFs
    "search_index": True,  # the Pagefind index and search page; false with Material's own search
    "share_page_chrome": True,  # navigation and tabs rendered once for pages outside the nav
    "editor_pages": False,  # build the editors' guide and field reference too (an internal copy only)
    "incremental": True,  # reuse the last build's pages and PDFs whose inputs did not change
    "standard_dir": None,  # the platform's standard catalog the site inherits (content/standard.py), or none
}
DOCS_DIR = "docs"  # MkDocs' default when mkdocs.yml names none
DOCS_DIR_WITHOUT_CONFIG = "content"  # this project's folder, for tools run where no mkdocs.yml is


class SettingsError(ValueError):
    """A setting an office wrote that cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Settings:
    root: Path  # the repository: the folder of mkdocs.yml
    catalog_dir: Path
    docs_dir: Path
    build_date: dt.date
    site_url: str = ""
    site_name: str = ""
    site_dir: Path | None = None
    templates_dir: Path | None = None
    bulletin_pdfs: bool = False
    pdf_sizes: tuple[str, ...] = ("A4",)
    search_index: bool = True
    share_page_chrome: bool = True
    markdown_extensions: tuple = ()  # as written in mkdocs.yml (names, or {name: config})
    configured_files: frozenset[str] = frozenset()  # docs-dir files mkdocs.yml names (extra_css …)
    # `mkdocs serve` is the editors' preview: no downloads, no search index, the editors' pages,
    # missing website marks only warned about. Every build (`mkdocs build`, `zwgk build`) and
    # `zwgk check` are production: they judge the site as the public will get it.
    preview: bool = False
    editor_pages: bool = False  # a build for editors (its own site_dir), not the public site
    incremental: bool = True  # a build reuses what the last one made from the same inputs
    standard_dir: Path | None = None  # the platform's standard catalog (content/standard.py)
    options: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def for_editors(self) -> bool:
        """The editors' guide and field reference are built: in the preview, or on request."""
        return self.preview or self.editor_pages

    def with_date(self, day: dt.date | None) -> Settings:
        return self if day is None else replace(self, build_date=day)


def build_date(value: str | dt.date | None) -> dt.date:
    """The day content is judged on: the option, else $ZWGK_BUILD_DATE, else today."""
    value = value or os.environ.get(BUILD_DATE_VARIABLE)
    if isinstance(value, dt.date):
        return value
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SettingsError(f"build_date“{value}”不是有效日期，应写成 2024-03-15。") from None


def from_options(root: Path, options: dict, *, docs_dir: str | Path, site_url: str = "", site_name: str = "",
                 site_dir: str | Path | None = None, markdown_extensions=(), configured_files=(),
                 preview: bool = False) -> Settings:
    """Settings from the zwgk plugin's options (missing ones take their defaults) and MkDocs' own."""
    options = {**OPTIONS, **{k: v for k, v in options.items() if k in OPTIONS and v is not None}}
    unknown = [size for size in options["pdf_sizes"] if size not in PDF_SIZES]
    if unknown:
        raise SettingsError(f"pdf_sizes 只能写 {'、'.join(PDF_SIZES)}，不能写“{'、'.join(map(str, unknown))}”。")
    if options["standard_dir"] is not None and not isinstance(options["standard_dir"], str):
        raise SettingsError("standard_dir 应写成标准目录文件夹的相对路径（如 ../../standard），"
                            f"不能写“{options['standard_dir']}”。")
    root = Path(root)
    return Settings(
        root=root, catalog_dir=root / options["catalog_dir"], docs_dir=root / docs_dir,
        build_date=build_date(options["build_date"]), site_url=site_url or "", site_name=site_name or "",
        site_dir=root / site_dir if site_dir else None, templates_dir=root / options["templates_dir"],
        bulletin_pdfs=bool(options["bulletin_pdfs"]), pdf_sizes=tuple(options["pdf_sizes"]),
        search_index=bool(options["search_index"]), share_page_chrome=bool(options["share_page_chrome"]),
        editor_pages=bool(options["editor_pages"]), incremental=bool(options["incremental"]),
        standard_dir=root / options["standard_dir"] if options["standard_dir"] else None,
        markdown_extensions=tuple(markdown_extensions or ()), configured_files=frozenset(configured_files),
        preview=preview, options=options)


def read_settings(config_file: str | Path = CONFIG_FILE) -> Settings:
    """Settings from mkdocs.yml read without MkDocs (for the command-line tools). Without the file,
    the project's own layout (catalog/, content/) and the defaults."""
    path = Path(config_file)
    config = _read_config(path)
    root = path.resolve().parent if path.exists() else Path.cwd()
    plugin = {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("zwgk"), dict):
            plugin = entry["zwgk"]
    named = [v.get("path") if isinstance(v, dict) else v
             for v in (*(config.get("extra_css") or []), *(config.get("extra_javascript") or []))]
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    named += [theme.get("logo"), theme.get("favicon")]
    return from_options(
        root, plugin, docs_dir=config.get("docs_dir") or (DOCS_DIR if path.exists() else DOCS_DIR_WITHOUT_CONFIG),
        site_url=os.environ.get(SITE_URL_VARIABLE) or config.get("site_url") or "",
        site_name=config.get("site_name") or "",
        site_dir=config.get("site_dir") or "site", markdown_extensions=config.get("markdown_extensions") or (),
        configured_files={n for n in named if isinstance(n, str) and n})


def _read_config(path: Path) -> dict:
    """mkdocs.yml as plain data: !ENV gives the variable or its default; other tags are ignored."""

    class Loader(yaml.SafeLoader):
        pass

    def env(loader, node):
        names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) \
            else [loader.construct_scalar(node)]
        *variables, default = names if len(names) > 1 else (*names, None)
        # like MkDocs: a variable's value is read as YAML (ZWGK_PDFS=true is a yes)
        return next((yaml.safe_load(os.environ[v]) for v in variables if v in os.environ), default)

    Loader.add_constructor("!ENV", env)
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=Loader)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}
