"""The MkDocs plugin: thin glue between a MkDocs build and the zwgk core.

It reads the settings from MkDocs' configuration, loads the catalog and plans the site before
anything is written (so a content error leaves the last site untouched), hands the plan's pages
to MkDocs as generated files, renders their bodies from the plan's view data, feeds the search
index, writes the plan's other outputs after the render, and watches ``catalog/`` under
``mkdocs serve``. Under ``serve`` a content error does not stop the preview: every address shows
the list of errors until they are fixed (see ``_show_errors``); a real build still fails.
The only package (with cli's `zwgk build`) that imports MkDocs or Material.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import html as html_lib
import logging
import os
import shutil
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import ChoiceLoader, DictLoader, FileSystemBytecodeCache
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data as get_markdown_meta

from ..content.catalog import load_catalog
from ..content.errors import CatalogInvalid, ContentError
from ..content.filecache import forget_all as forget_file_results
from ..content.published import within
from ..content.settings import (
    CONFIG_FILE,
    OPTIONS,
    PDF_SIZES,
    SITE_URL_VARIABLE,
    SettingsError,
    from_options,
    read_settings,
)
from ..outputs.background import InBackground
from ..outputs.buildcache import BuildCache, CacheChanged, state_file
from ..outputs.exports import data_files_in_background
from ..outputs.facets import facet_files
from ..outputs.feeds import feeds
from ..outputs.files import (
    discard,
    keep_unchanged,
    make_dirs,
    make_readable,
    own_path,
    swap_in,
    write_atomically,
)
from ..outputs.markdown import MarkdownPipeline
from ..outputs.pdf import PdfBatch, site_pdf_documents
from ..outputs.preview import PREVIEW_ERRORS, errors_digest, errors_page
from ..outputs.rawhtml import BlockMarks, close_unclosed, describe
from ..outputs.render import Renderer, TemplateFailed, chinese_date
from ..outputs.sanitize import sanitize
from ..outputs.search import SearchIndexer, SearchUnavailable
from ..outputs.searchdata import (
    IndexWords,
    search_titles_file,
    search_words_file,
    title_words_in_background,
    title_words_kept,
    title_words_to_keep,
)
from ..site.addresses import ASSETS_DIR, SEARCH_TITLES, SEARCH_WORDS, document_uri, written_after_render
from ..site.plan import plan_site
from ..site.views import NAMED_VIEWS, PageSpec
from . import incremental
from .chrome import SharedFragments, StampedPages, StampMismatch
from .engine import engine_version
from .stubs import Stubs

log = logging.getLogger("mkdocs.plugins.zwgk")


class ZwgkConfig(base.Config):
    """The plugin's options; their meaning and defaults are in zwgk.content.settings.OPTIONS."""

    catalog_dir = c.Type(str, default=OPTIONS["catalog_dir"])
    templates_dir = c.Type(str, default=OPTIONS["templates_dir"])
    build_date = c.Optional(c.Type((str, dt.date)))
    bulletin_pdfs = c.Type(bool, default=OPTIONS["bulletin_pdfs"])
    pdf_sizes = c.ListOfItems(c.Choice(PDF_SIZES), default=list(OPTIONS["pdf_sizes"]))
    search_index = c.Type(bool, default=OPTIONS["search_index"])
    share_page_chrome = c.Type(bool, default=OPTIONS["share_page_chrome"])
    editor_pages = c.Type(bool, default=OPTIONS["editor_pages"])
    incremental = c.Type(bool, default=OPTIONS["incremental"])
    standard_dir = c.Optional(c.Type(str))


JINJA_CACHE_DIR = ".cache/zwgk/jinja"  # compiled Material templates, keyed by their source
AFTER_RENDER = ".zwgk-after-render-"  # + pid: the site's hidden folder the downloads worker writes into
TITLE_WORDS = ".cache/zwgk/title-words.json"  # the words of each page title, split by the last build
REUSED_TEMPLATE = "zwgk-reused.html"  # a page the previous build made from the same inputs: its bytes
STAMPED_TEMPLATE = "zwgk-stamped.html"  # a page whose chrome its folder shares (chrome.StampedPages)
VERIFY_STAMPS = "ZWGK_VERIFY_STAMPS"  # set: every stamped page is rendered by Material too and compared
ASSETS = ("bulletin.css", "forms.css", "bulletin.js", "search.js", "reader.js", "qrcode.js",  # under ASSETS_DIR
          "facets.js")


class ZwgkPlugin(BasePlugin[ZwgkConfig]):
    serving = False
    dirty = False
    unindexed: set[str] = frozenset()
    downloads: InBackground | None = None
    indexer: SearchIndexer | None = None
    title_words: tuple | None = None  # (words kept from the last build, the rest being split meanwhile)
    # the content errors of the current build; under `serve` the preview lists them instead of the site
    errors: list[ContentError] | None = None
    watched: Path | None = None
    # `zwgk build` sets (where the site is published, the site to reuse from: None for a clean build)
    publish: tuple[Path, Path | None] | None = None
    cache: BuildCache | None = None  # this production build's view of the previous one
    pdfs: PdfBatch | None = None  # printing while the pages render
    stamps: StampedPages | None = None
    aside: Path | None = None  # plain `mkdocs build`: the previous site, moved aside meanwhile
    target: Path | None = None  # where this production build's site ends up
    previous: Path | None = None  # the previous build's site, to reuse from
    keys: dict[str, str] = {}  # noqa: RUF012 — replaced per build: page → key of its inputs
    reused: frozenset[str] | set[str] = frozenset()  # pages this build took from the previous one

    def on_startup(self, *, command, dirty):
        # `mkdocs serve` is the editors' preview: it skips the table downloads, which only a
        # published site needs (their links then point at files the preview does not have)
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        self.errors = None
        self.watched = root / self.config.catalog_dir
        if os.environ.get(SITE_URL_VARIABLE) and not self.serving:  # built under a platform's sub-path
            config.site_url = os.environ[SITE_URL_VARIABLE]
        if not config.site_url:
            raise PluginError("mkdocs.yml 需要写 site_url（网站的完整地址）：公开栏上的二维码要用它。")
        if not config.use_directory_urls:
            raise PluginError("zwgk 需要 use_directory_urls: true：印在公开栏上的二维码地址按目录形式生成。")
        try:
            self.settings = from_options(
                root, dict(self.config), docs_dir=config.docs_dir, site_url=config.site_url,
                site_name=config.site_name, site_dir=config.site_dir, markdown_extensions=_extensions(config),
                configured_files=_configured_files(config), preview=self.serving)
        except SettingsError as exc:
            self._fail(config, [ContentError(Path(config.config_file_path or "mkdocs.yml").name, 0, "plugins › zwgk",
                                             str(exc))])
            return config
        templates = self.settings.templates_dir
        if getattr(self, "renderer", None) is None or self.renderer.override_dir != templates:
            # kept across `serve` rebuilds; Jinja reloads edited files
            self.renderer = Renderer(templates, MarkdownPipeline(self.settings.markdown_extensions))
        config.markdown_extensions.append(BlockMarks())  # each top-level block is sanitised on its own
        config.extra_css.append(f"{ASSETS_DIR}/bulletin.css")
        config.extra_css.append(f"{ASSETS_DIR}/forms.css")
        config.extra_javascript.append(f"{ASSETS_DIR}/bulletin.js")
        config.extra_javascript.append(f"{ASSETS_DIR}/reader.js")  # loads qrcode.js itself when needed
        config.extra_javascript.append(f"{ASSETS_DIR}/facets.js")  # the 组合筛选 panels of listing pages
        if self.settings.search_index:
            config.extra_javascript.append(f"{ASSETS_DIR}/search.js")
        return config

    def _fail(self, config, errors: list[ContentError]) -> None:
        """Content errors: a real build stops here, before anything is written. The preview goes on
        with an empty site (no pages, no theme files) whose every address shows the errors."""
        self.errors = sorted(set(errors))
        if not self.serving:
            raise PluginError(str(CatalogInvalid(self.errors)))
        log.error("%s预览的每个页面都列出这些错误，改正并保存后自动刷新。", CatalogInvalid(self.errors))
        config.nav = None
        config.theme.static_templates.clear()  # Material's 404 and sitemap need the site's data

    def on_pre_build(self, config):
        self.unrendered: dict[str, PageSpec] = {}  # page → its spec, until its body is rendered
        if self.errors is not None:
            return
        if self.serving:
            _restore_pages(Path(config.site_dir), keep=self.dirty)
        settings = self.settings
        try:
            catalog = load_catalog(settings.catalog_dir, settings.docs_dir, settings.build_date, settings.root,
                                   settings.standard_dir)
            self.site = plan_site(catalog, settings)
            if self.site.problems:  # front matter MkDocs would print as text, personal data, files
                raise CatalogInvalid(self.site.problems)
        except CatalogInvalid as exc:
            self._fail(config, exc.errors)
            return
        finally:
            if not self.serving:  # what was read is kept for a preview's next rebuild only
                forget_file_results()
        self.title_words = None
        if settings.search_index and not self.serving:  # the words of the titles the index carries
            kept = title_words_kept(_kept(settings.root, TITLE_WORDS), incremental.code_digest())
            titles = sorted({spec.title for spec in self.site.pages.values()} - kept.keys())
            self.title_words = (kept, title_words_in_background(titles))
        # the table downloads are made and written by another process, from now until the render ends,
        # into a hidden folder of the site (MkDocs cleans the site folder after this event, all but its
        # hidden entries) and moved into place after the render; `mkdocs serve` skips them
        self.after_render = Path(config.site_dir) / f"{AFTER_RENDER}{os.getpid()}"
        self.downloads = None if self.serving else data_files_in_background(self.site, self.after_render)
        self.stubs = Stubs(settings.root)
        self._find_previous_site(config)
        self.bodies = {document_uri(d): (d.source.file, d.body, d.body_line) for d in catalog.documents}
        self.raw_html = {}  # page → (its Markdown, raw HTML closed or hidden in it), until its content is cleaned
        log.info("zwgk: %d 个公开事项，生成 %d 个页面（%d 条不予公开、草稿、未到发布日期或公示期已过的内容未发布）",
                 len(catalog.items), len(self.site.pages), catalog.withheld)
        for warning in catalog.warnings:  # info, not warning: --strict must still publish them
            log.info("zwgk 提醒：%s", warning.format("问题"))
        if self.site.history_warning:
            log.info("zwgk 提醒：%s", self.site.history_warning.format("更新记录"))
        if not self.site.public:  # the preview shows the site without its marks, and says so
            for gap in self.site.identity:
                log.warning("zwgk 网站标识（正式构建时是错误）：%s", gap.format("问题"))
        gc.freeze()  # the plan lives as long as the build: the collector need not scan it again and again

    def _find_previous_site(self, config) -> None:
        """A production build may reuse what the previous one made (see incremental.py): from the
        published site under `zwgk build`, else from the site folder's files moved aside."""
        self.cache = self.aside = None
        self.target = self.previous = None
        if self.serving or self.dirty or not self.settings.incremental:
            return
        if self.publish is not None:
            self.target, self.previous = self.publish
            return
        self.target = Path(config.site_dir).resolve()
        try:
            self.aside = self.previous = incremental.move_aside(self.target)
        except OSError as exc:
            log.info("zwgk: 不能沿用上次构建的结果（%s），全部重新生成。", exc)

    def on_files(self, files: Files, config):
        if self.errors is not None:
            return Files([])
        for name in ASSETS:
            files.append(File.generated(config, f"{ASSETS_DIR}/{name}", content=resources.files(
                "zwgk.outputs").joinpath(f"assets/{name}").read_bytes()))
        for src_uri, data in feeds(self.site).items():
            files.append(File.generated(config, src_uri, content=data))
        for src_uri, data in facet_files(self.site).items():  # the 组合筛选 panels' data
            files.append(File.generated(config, src_uri, content=data))
        if self.settings.search_index and self.serving:  # a published build makes them with the downloads
            files.append(File.generated(config, SEARCH_WORDS, content=search_words_file(self.site.catalog)))
            files.append(File.generated(config, SEARCH_TITLES, content=search_titles_file(self.site.catalog)))
        for src_uri in sorted(self.site.catalog.unpublished_pages | self.site.left_out):
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)  # withheld, not yet due, or editors' only: never reaches site/
        if config.nav and self.site.left_out:  # and the nav does not name what the build leaves out
            config.nav = _nav_without(config.nav, self.site.left_out)
        for file in list(files):
            if not self._publishable(file, config):
                files.remove(file)
        # stub files where MkDocs compares their times with the pages' (`--dirty`, the preview), and
        # kept current by every build once there are any, so that a dirty build after a production
        # build never trusts a stub older than the page it made; a checkout that never ran one
        # (CI, the web server) writes none
        stubs_on_disk = self.serving or self.dirty or self.stubs.folder.is_dir()
        for spec in self.site.pages.values():
            if not spec.generated:
                continue
            if files.src_uris.get(spec.src_uri) is not None:  # the plan's addresses are plain (no PurePath)
                if spec.fallback:
                    continue  # the editors wrote this page themselves
                raise PluginError(f"{config.docs_dir}/{spec.src_uri} 与自动生成的页面同名，请改名或删除。")
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, spec.src_uri, inclusion=inclusion,
                                        **self.stubs.source(spec, on_disk=stubs_on_disk)))
        self._open_cache(files, config)
        self.stubs.forget_digests()  # of every record: a fifth of a large build's memory
        # the boards and guides print in other processes while the pages render
        try:
            self.pdfs = PdfBatch(site_pdf_documents(self.site, self.settings.pdf_sizes, self.renderer), Path(
                config.site_dir), self.cache) if self.settings.bulletin_pdfs else None
        except TemplateFailed as exc:
            raise PluginError(exc.message(self.settings.root, "公开栏和办事指南的打印版")) from None
        gc.freeze()  # and the files, stubs and keys
        return files

    def _open_cache(self, files: Files, config) -> None:
        """Key every page the previous build may have made already (production builds only)."""
        self.keys: dict[str, str] = {}
        self.reused: set[str] = set()
        if self.target is None:
            return
        self.cache = BuildCache(state_file(self.settings.root, self.target), self.previous,
                                incremental.scope(config, files, self.settings, self.site, self.stubs))
        for spec in self.site.pages.values():
            file = files.src_uris.get(spec.src_uri)
            if incremental.cacheable(spec) and file is not None and file.generated_by is not None:
                self.keys[spec.src_uri] = incremental.page_key(spec, file.url, self.site, self.stubs, files)
        if self.previous is not None and not self.cache.warm:
            log.info("zwgk: 代码、主题、设置或导航有变化（或没有上次构建的记录），全部页面重新生成。")

    def _publishable(self, file: File, config) -> bool:
        """Docs-dir files: pages that stay inside the docs dir, other files only when a published
        record or page references them. Theme files: only from inside the repository or the
        installed theme (MkDocs follows symlinks; we do not)."""
        if file.generated_by is not None or not file.abs_src_path:
            return True
        docs = os.path.abspath(config.docs_dir)
        path = os.path.abspath(file.abs_src_path)
        if path.startswith(docs + os.sep):
            if not within(Path(path), Path(docs)):
                return False
            return file.is_documentation_page() or file.src_uri in self.site.files.uris
        root = self.settings.root
        if path.startswith(str(root) + os.sep):
            return within(Path(path), root)
        return True

    def on_pre_page(self, page, config, files):
        key = self.keys.get(page.file.src_uri)
        if key is not None and self.cache.reuse(page.file.dest_uri, key):
            self.reused.add(page.file.src_uri)  # made from the same inputs by the previous build
            page.render = functools.partial(_render_empty, page)
            return page
        spec = self.site.pages.get(page.file.src_uri)
        if spec is not None and spec.generated and page.file.generated_by is not None \
                and not config.plugins.events["page_read_source"]:
            # its stub's front matter is ours: no need for MkDocs to read the file and parse its YAML
            page.read_source = functools.partial(_read_stub, page, self.stubs.meta(spec), spec.body)
        if spec is not None and spec.generated and not spec.body and page.file.generated_by is not None:
            # nothing for Markdown to convert: its body comes from view data in on_page_context
            page.render = functools.partial(_render_empty, page)
        return page

    def on_page_markdown(self, markdown, page, config, files):
        """Make the page's title safe for Material, and set its last-updated date (shown on the page
        and as the sitemap's <lastmod>): its record's; the newest record's for a generated list;
        else the file's last git commit. Close raw HTML blocks left open (see rawhtml)."""
        title = page.meta.get("title")
        if isinstance(title, str):
            # Material prints a page's title as HTML (in <title>, the header, the nav): one typed by an
            # editor, maybe with <script> in it, must reach the browser as text
            page.meta["title"] = html_lib.escape(title, quote=False)
        uri = page.file.src_uri
        day = self.site.date_of(uri, generated=page.file.generated_by is not None)
        if day:
            page.update_date = day.isoformat()
            page.meta["zwgk_updated"] = chinese_date(day)
        if uri in self.reused:  # the previous build's page, as it was made
            page.meta["template"] = REUSED_TEMPLATE
            return markdown
        # raw HTML an editor left unclosed ends with its Markdown block, not with the page
        balanced, found = close_unclosed(markdown)
        self.raw_html[uri] = (markdown, found)
        return balanced

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri in self.reused:
            return ""
        html, losses = sanitize(html)  # editors' Markdown may carry raw HTML: only the safe subset is published
        self._log_raw_html(page, losses)
        spec = self.site.pages.get(page.file.src_uri)
        if spec is not None and spec.fallback and page.file.generated_by is None:
            spec = None  # an editor's own page replaced the fallback
        view = page.meta.get("zwgk_view")
        if spec is not None:
            # its view data is rendered around this text only when the page is written (on_page_context):
            # MkDocs would otherwise hold every page's body at once (a third of a large build's memory)
            self.unrendered[page.file.src_uri] = spec
            if (self.settings.share_page_chrome and incremental.cacheable(spec) and page.file.generated_by is not None
                    and StampedPages.eligible(page)):
                page.meta["template"] = STAMPED_TEMPLATE  # its folder's chrome may be shared
            return html
        foot = self._foot(page.file.src_uri)
        if view is None:
            return html + foot
        if view not in NAMED_VIEWS:
            raise PluginError(f"{page.file.src_uri}：zwgk_view 只能是 {'、'.join(NAMED_VIEWS)}，不能是“{view}”。")
        return html + self._render(f"{view}.html", self.site.home, self._url_for(page.file, files), page.file.src_uri)

    def _foot(self, uri: str) -> str:
        """The foot of a record's or hand-written page: its 更新记录, and what search filters it by."""
        history = self.site.history.get(uri) or ()
        marks = self.site.search_filters.get(uri) or {}
        return self._render("_history.html", {"history": history, "filters": marks}, None, uri) \
            if history or marks else ""

    @staticmethod
    def _url_for(file: File, files: Files):
        def url_for(uri: str) -> str:
            if written_after_render(uri):
                return get_relative_url(uri, file.url)  # written after the render
            # the plan's addresses are plain: a dict lookup (get_file_from_path parses each into a
            # PurePath first: a tenth of a 10,000-item build)
            target = files.src_uris.get(uri) or files.get_file_from_path(uri)
            if target is None:
                raise PluginError(f"页面 {file.src_uri} 链接到不存在的文件 {uri}。")
            return target.url_relative_to(file)

        return url_for

    def _log_raw_html(self, page, losses) -> None:
        """What `zwgk check` warns about raw HTML, at the lines of the page's source file."""
        markdown, found = self.raw_html.pop(page.file.src_uri, ("", []))
        if not (found or losses):
            return
        if page.file.src_uri in self.bodies and page.file.generated_by is not None:
            file, body, line = self.bodies[page.file.src_uri]
        else:
            file, body, line = page.file.src_path, page.file.content_string, 1
            if page.file.abs_src_path:
                file = os.path.relpath(page.file.abs_src_path, self.settings.root).replace(os.sep, "/")
        if body.endswith(markdown):  # MkDocs took the front matter and blank lines off its start
            line += body.count("\n", 0, len(body) - len(markdown))
        for warning in describe(markdown, file, line, found, losses):  # info: --strict must publish
            log.info("zwgk 提醒：%s", warning.format("问题"))

    def on_env(self, env, config, files):
        if self.errors is not None:
            return env
        nav_urls = [f.url for f in files.documentation_pages() if f.inclusion.is_in_nav()]
        env.globals["zwgk_cached"] = SharedFragments(self.settings.share_page_chrome, nav_urls)
        env.globals["zwgk_site"] = self.site.chrome  # the header's and footer's marks and entries
        # MkDocs makes a new environment for every build, so templates cannot change under it:
        # without this, Jinja stats the template file at every {% include %} (~100,000 a build)
        env.auto_reload = False
        # a reused page renders to nothing: on_post_page links the previous build's file into place
        env.loader = ChoiceLoader([DictLoader({REUSED_TEMPLATE: "",
                                               STAMPED_TEMPLATE: "{{ zwgk_stamped(page) }}"}), env.loader])
        _QUIET_SKIPS.reused = self.reused
        self.material = env.get_template("main.html")
        self.stamps = StampedPages(env.globals["zwgk_cached"], self._material_page,
                                   verify_all=bool(os.environ.get(VERIFY_STAMPS)))
        env.globals["zwgk_stamped"] = self._stamped_page
        # and it compiles Material's templates anew each time: keep the compiled code between builds
        cache = self.settings.root / JINJA_CACHE_DIR
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(cache))
        self._close_indexer()
        self.files = files
        if self.settings.search_index and not self.serving:
            self.unindexed = {f.src_uri for f in files.documentation_pages()} if self.dirty else set()
            try:
                kept, split = self.title_words or ({}, None)
                self.index_words = IndexWords(self.site.catalog.search_words, colloquial=False,
                                              known={**kept, **(split.result() if split else {})})
                self.indexer = SearchIndexer(words=self.index_words)
            except (SearchUnavailable, OSError) as exc:
                raise PluginError(str(exc)) from None
        return env

    def on_page_context(self, context, page, config, nav):
        spec = self.unrendered.pop(page.file.src_uri, None)
        if spec is not None:
            page.content = self._body(spec, page.file, page.content)
        self.context = context  # for Material's render of a page whose chrome may be shared
        return context

    def _body(self, spec: PageSpec, file: File, content: str) -> str:
        """A generated page's body from its view data, its text inside, its 更新记录 below."""
        return self._render(spec.template, {**spec.context, "content": content, "here": spec.src_uri},
                            self._url_for(file, self.files), file.src_uri) + self._foot(file.src_uri)

    def _render(self, template: str, context: dict, url_for, page: str) -> str:
        """A page-body template's HTML; a mistake in it (a district's override, say) stops the build
        with the template's file and line and the page, not a traceback."""
        try:
            return self.renderer.render(template, context, url_for)
        except TemplateFailed as exc:
            raise PluginError(exc.message(self.settings.root, f"页面 {page}")) from None

    def _material_page(self) -> str:
        return self.material.render(self.context)

    def _stamped_page(self, page) -> Markup:
        try:
            return self.stamps(page)
        except StampMismatch as exc:
            raise PluginError(str(exc)) from None

    def _place_reused(self, page) -> str:
        """The previous build's page (checked once more), linked into this site rather than written
        again; its text, for the search index."""
        rel = page.file.dest_uri
        try:
            data = self.cache.read(rel)
        except CacheChanged as exc:
            raise PluginError(str(exc)) from None
        target = Path(page.file.abs_dest_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(self.cache.previous / rel, target, follow_symlinks=False)
        except OSError:  # another file system, or one without links
            write_atomically(target, data)
        return data.decode("utf-8")

    def on_post_page(self, output, page, config):
        key = self.keys.get(page.file.src_uri)
        if page.file.src_uri in self.reused:
            output = self._place_reused(page)
        elif key is not None:
            self.cache.record(page.file.dest_uri, key, output.encode("utf-8", errors="xmlcharrefreplace"))
        if self.indexer is not None:
            self.unindexed.discard(page.file.src_uri)
            if not (page.meta.get("search") or {}).get("exclude"):
                self.indexer.add("/" + page.url, output, self._source(page.file))
        # MkDocs keeps every page's source and body until the build ends, though nothing reads them
        # after this: at 10,000 items that is a fifth of the build's memory
        page.content = page.markdown = None
        return "" if page.file.src_uri in self.reused else output  # a reused page is in place already

    def _index_skipped_pages(self, files: Files) -> None:
        """`build --dirty` renders only changed pages; the index needs the others from site/."""
        for src_uri in sorted(self.unindexed):
            file = files.get_file_from_path(src_uri)
            spec = self.site.pages.get(src_uri)
            if spec is not None and file.generated_by is not None:
                searchable = spec.searchable
            else:
                meta = get_markdown_meta(file.content_string)[1]
                searchable = not (meta.get("search") or {}).get("exclude")
            if searchable and os.path.exists(file.abs_dest_path):
                with open(file.abs_dest_path, encoding="utf-8") as html:
                    self.indexer.add("/" + file.url, html.read(), self._source(file))

    def _source(self, file: File) -> str | None:
        """The editor's file behind a page, to name in a search index error (None if generated)."""
        return None if file.generated_by is not None else os.path.relpath(file.abs_src_path, self.settings.root)

    def _close_indexer(self) -> None:
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None

    def on_build_error(self, error):
        gc.unfreeze()
        self._close_indexer()
        if self.downloads is not None:  # the data files being written: done before the site goes back
            downloads, self.downloads = self.downloads, None
            with contextlib.suppress(Exception):
                downloads.result()
            shutil.rmtree(self.after_render, ignore_errors=True)
        if self.pdfs is not None:
            self.pdfs.cancel()
            self.pdfs = None
        if self.aside is not None:  # plain `mkdocs build`: the previous site comes back
            with contextlib.suppress(OSError):
                incremental.move_back(Path(self.target), self.aside)
            self.aside = None

    def _write_outputs(self, config):
        if self.errors is not None:
            _show_errors(Path(config.site_dir), self.errors, _mount_path(config))
            return
        if self.stamps is not None and self.stamps.stamped:
            log.info("zwgk: %d 个页面套用所在目录共用的页面框架（%d 个目录）", self.stamps.stamped,
                     len(self.stamps.proved))
        if self.downloads is not None:  # written by then, or being written
            downloads, self.downloads = self.downloads, None
            try:
                written = downloads.result()
            except BaseException as exc:  # nothing of it stays in the site (a hidden folder is not cleaned)
                shutil.rmtree(self.after_render, ignore_errors=True)
                if isinstance(exc, TemplateFailed):
                    raise PluginError(exc.message(self.settings.root, "表格下载和申请表")) from None
                raise
            _move_into(Path(config.site_dir), self.after_render, written)
        if self.indexer is not None:
            self._index_skipped_pages(self.files)
            indexer, self.indexer = self.indexer, None
            try:
                log.info("zwgk: 搜索索引 %d 个页面", indexer.write(Path(config.site_dir), self.previous))
            except SearchUnavailable as exc:
                raise PluginError(str(exc)) from None
            with contextlib.suppress(OSError):  # only time is lost if they cannot be kept
                write_atomically(self.settings.root / TITLE_WORDS, title_words_to_keep(self.index_words,
                                                                                        incremental.code_digest()))
        if self.pdfs is not None:
            pdfs, self.pdfs = self.pdfs, None
            run = pdfs.result()
            log.info("zwgk: %d 份公开栏、办事指南和手册 PDF（%d 页；%d 份与上次相同，未重新排版），用时 %.1f 秒",
                     len(run.files), run.pages, run.reused, run.seconds)

    @event_priority(-100)  # after every plugin has written its files
    def _readable_by_all(self, config):
        """One pass over site/ at the end: MkDocs copies static files with the umask's mode and
        Pagefind writes its own, so only here can every file be made 0644 and every folder 0755
        for a web server that runs as another user."""
        try:
            make_readable(Path(config.site_dir))
        except OSError as exc:
            raise PluginError(f"无法把网站文件设为所有人可读（{exc}）：检查 {config.site_dir} 的所有者。") from None

    @event_priority(-110)  # last: the site is complete
    def _finish_incremental(self, config):
        """Unchanged files keep the previous site's times (a sync moves only what changed); this
        build's records are kept for the next one."""
        gc.unfreeze()  # what the build held may go (`mkdocs serve` builds again in the same process)
        if self.cache is None:
            return
        before = self.previous or (self.target if self.publish else None)  # --clean still keeps times
        changes = keep_unchanged(Path(config.site_dir), before, self.cache.reused)
        written = changes.written
        log.info("zwgk: 沿用上次构建的 %d 个页面；本次新增或改动 %d 个文件，删除 %d 个%s", len(self.cache.reused),
                 len(written), len(changes.removed), "：" + "、".join(written[:20]) if written else "")
        if len(written) > 20:
            log.info("zwgk: ……等 %d 个文件", len(written))
        self.cache.save()
        if self.aside is not None:
            discard(self.aside)
            self.aside = None

    on_post_build = CombinedEvent(_write_outputs, _readable_by_all, _finish_incremental)

    def on_serve(self, server, config, builder):
        settings = getattr(self, "settings", None)
        server.watch(str(settings.catalog_dir if settings else self.watched))
        if settings and settings.standard_dir and settings.standard_dir.is_dir():
            server.watch(str(settings.standard_dir))  # a platform's standard catalog: the site shows it
        # MkDocs' server holds every request until a rebuild succeeds, so a rebuild that raises
        # (not a content error: a broken mkdocs.yml, a page linking to a missing file, --strict)
        # would hang the browser: such a rebuild also ends with the error list
        rebuild = getattr(server, "builder", None)
        if callable(rebuild):
            server.builder = functools.partial(self._rebuild, rebuild, Path(config.site_dir), _mount_path(config))
        return server

    def _rebuild(self, rebuild, site_dir: Path, mount: str) -> None:
        self.errors = None
        logged = _ErrorsLogged()  # what MkDocs logs before it gives up (e.g. each bad mkdocs.yml value)
        logging.getLogger().addHandler(logged)
        try:
            rebuild()
            if self.errors is None:  # a good build: pages showing errors reload
                (site_dir / PREVIEW_ERRORS).unlink(missing_ok=True)
        except Exception as exc:
            errors = self.errors or [
                *(ContentError("", 0, "", message) for message in logged.messages),
                ContentError("", 0, "", str(exc) or type(exc).__name__,
                             "按这里的说明改正后保存，预览会重新构建；终端里有同样的信息。")]
            if not isinstance(exc, MkDocsException):  # not a known kind of mistake: the developer's traceback
                log.exception("zwgk: 预览构建失败")
            log.error("构建失败，预览的每个页面都列出错误，改正并保存后自动刷新。")
            _show_errors(site_dir, errors, mount)
        finally:
            logging.getLogger().removeHandler(logged)


class _ErrorsLogged(logging.Handler):
    """The error messages logged during one preview rebuild, to show them with its failure."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):  # a record that cannot be formatted is still in the terminal
            self.messages.append(record.getMessage())


def _extensions(config) -> list:
    """The Markdown extensions of mkdocs.yml as written there (names, or {name: config})."""
    configs = config.mdx_configs or {}
    return [{name: configs[name]} if name in configs else name
            for name in config.markdown_extensions if isinstance(name, str)]


def _configured_files(config) -> set[str]:
    """Docs-dir files that mkdocs.yml itself names (extra CSS and scripts, logo, favicon)."""
    named = [str(getattr(v, "path", v)) for v in (*config.extra_css, *config.extra_javascript)]
    named += [config.theme.get(key) for key in ("logo", "favicon")]
    return {n for n in named if isinstance(n, str) and n}


def _nav_without(nav, left_out: frozenset[str]):
    """mkdocs.yml's nav without the pages a build leaves out (and sections left empty), so MkDocs
    neither warns about them nor shows a tab that leads nowhere."""
    if isinstance(nav, list):
        kept = [_nav_without(entry, left_out) for entry in nav]
        return [entry for entry in kept if entry not in (None, [], {})]
    if isinstance(nav, dict):
        kept = {title: _nav_without(value, left_out) for title, value in nav.items()}
        return {title: value for title, value in kept.items() if value not in (None, [], {})} or None
    return None if nav in left_out else nav


class _QuietSkips(logging.Filter):
    """MkDocs logs "Page skipped … empty output" for each page a build reused (it writes no bytes
    for it: the previous file is linked in): thousands of lines that mean nothing to an editor."""

    reused: frozenset[str] | set[str] = frozenset()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith("Page skipped: '"):
            return True
        return message[len("Page skipped: '"):message.find("'", len("Page skipped: '"))] not in self.reused


_QUIET_SKIPS = _QuietSkips()
for _engine in ("mkdocs", "properdocs"):
    logging.getLogger(f"{_engine}.commands.build").addFilter(_QUIET_SKIPS)


def _read_stub(page, meta: dict, body: str, config) -> None:
    """Page.read_source for a generated page: what MkDocs reads from its stub (Stubs.text)."""
    page.markdown, page.meta = body.lstrip("\n"), meta


def _render_empty(page, config, files) -> None:
    """Page.render for a page without Markdown: what MkDocs' render leaves for an empty source,
    without building a Markdown instance with every extension (a millisecond a page)."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


STASH = ".zwgk-pages"  # the preview's pages while it shows errors (hidden: MkDocs' clean keeps it)


def _show_errors(site_dir: Path, errors: list[ContentError], mount: str) -> None:
    """The preview's site while the content has errors: no page of the last good build (so no
    address shows a stale page), the error list as the 404 page, which MkDocs' server sends for
    every address that has no file, and the errors' digest, which that page polls (quietly: a
    file that exists is not logged) to reload once they change. The pages are moved aside with
    their times, so that after the fix `serve --dirty` renders only what changed."""
    stash = site_dir / STASH
    for page in sorted(site_dir.rglob("*.html")) if site_dir.is_dir() else ():
        if stash in page.parents:
            continue
        if page == site_dir / "404.html":  # the theme renders it at every build
            page.unlink()
            continue
        target = stash / page.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(page, target)
    write_atomically(site_dir / "404.html", errors_page(errors, mount + PREVIEW_ERRORS))
    write_atomically(site_dir / PREVIEW_ERRORS, errors_digest(errors).encode())


def _restore_pages(site_dir: Path, keep: bool) -> None:
    """Before the first good build after errors: the pages moved aside come back, with their times,
    for a dirty build to keep the unchanged ones; a clean build starts without them."""
    stash = site_dir / STASH
    if not stash.is_dir():
        return
    (site_dir / "404.html").unlink(missing_ok=True)  # the error list; the theme's comes with the build
    if keep:
        for page in sorted(stash.rglob("*.html")):
            target = site_dir / page.relative_to(stash)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(page, target)
    shutil.rmtree(stash, ignore_errors=True)


def _move_into(site_dir: Path, staged: Path, written: list[str]) -> None:
    """The files written after the render, from the hidden folder they were written in to their places."""
    for rel in written:
        target = site_dir / rel
        make_dirs(target.parent)
        os.replace(staged / rel, target)
    shutil.rmtree(staged, ignore_errors=True)


def _kept(root: Path, rel: str) -> bytes | None:
    """A file this plugin keeps under .cache, if it is there and inside the repository (not through a link)."""
    path = own_path(root, rel)
    try:
        return path.read_bytes() if path is not None else None
    except OSError:
        return None


def _mount_path(config) -> str:
    """Where `serve` mounts the site (the path of site_url, which serve sets to its own address)."""
    path = urlsplit(config.site_url or "").path.strip("/")
    return f"/{path}/" if path else "/"


def build_atomically(config_file: str = CONFIG_FILE, site_dir: str | None = None, strict: bool = True,
                     clean: bool = False) -> int:
    """`zwgk build`: a full MkDocs build into a new folder beside the site, swapped in only when
    every step succeeded, so a failed build (even one that fails halfway through rendering)
    leaves the published site exactly as it was. Pages and PDFs whose inputs did not change are
    taken from the published site (unless ``clean``), and unchanged files keep their times.
    Returns the exit code."""
    import shutil
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    log.info("zwgk: 构建引擎 %s", engine_version())
    target = Path(site_dir).resolve() if site_dir else read_settings(config_file).site_dir.resolve()
    make_dirs(target.parent)
    fresh = Path(tempfile.mkdtemp(prefix=f"{target.name}.new-", dir=target.parent))
    try:
        config = load_config(config_file, strict=strict, site_dir=str(fresh))
        plugin = config.plugins.get("zwgk")
        if isinstance(plugin, ZwgkPlugin):
            plugin.publish = (target, None if clean else target)
        build(config)
    except (Abort, MkDocsException, OSError) as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        log.error("构建失败，已发布的网站 %s 没有改动：%s", target, exc)
        return 1
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    swap_in(fresh, target)
    log.info("zwgk: 网站已更新：%s", target)
    return 0
