"""The page chrome (Material's header, navigation, footer) of generated pages outside the nav,
rendered once per folder instead of once per page (option share_page_chrome).

Thousands of item, document and board pages differ from their neighbours in the same folder
only in their title, address, body and last-updated date: the navigation has nothing active
for them and every relative link is the same text. ``StampedPages`` lets Material render the
first page of a folder, takes that page's own values out of the result (a skeleton), has
Material render the second page too and checks that the skeleton filled with the second page's
values is exactly Material's page; only then are the folder's other pages stamped from it. A
folder whose pages do not pass (an office's theme printing the title in another form, say) is
left to Material. ``verify_all`` renders every page both ways (the tests do). It assumes what
Material and our theme do: a title, address and date are printed as they are, never shortened;
an office whose theme shortens titles turns share_page_chrome off.
"""

from __future__ import annotations

import json

from markupsafe import Markup

CONTENT, URL, TITLE, UPDATED = "\0C\0", "\0U\0", "\0T\0", "\0D\0"  # never in HTML
# titles that a filter (striptags) or an attribute's escaping prints differently from the page's title
UNSAFE_TITLE = set("&<>\"'\n\t")


class SharedFragments:
    """`zwgk_cached(name, page)` for theme/main.html: a call block (navigation, tabs) rendered once
    per folder for the pages outside the nav. Nothing in those fragments is active for such a
    page, and their links are relative: from items/a/ and items/b/ they are the same text, unless
    a nav page lives inside the page's own folder."""

    def __init__(self, enabled: bool, nav_urls: list[str]) -> None:
        self.enabled = enabled
        self.nav_urls = nav_urls
        self.rendered: dict[tuple[str, str], str] = {}

    def key(self, page) -> str | None:
        if not (self.enabled and page and page.file) or page.file.inclusion.is_in_nav() or not page.url:
            return None
        if any(url.startswith(page.url) for url in self.nav_urls):
            return None
        return page.url.rstrip("/").rpartition("/")[0]

    def __call__(self, name: str, page, caller) -> str:
        key = self.key(page)
        if key is None:
            return caller()
        if (name, key) not in self.rendered:
            self.rendered[name, key] = caller()
        return self.rendered[name, key]


class StampMismatch(Exception):
    """Under ``verify_all``: a stamped page differs from Material's."""


class StampedPages:
    """`zwgk_stamped(page)`: the page as Material renders it, from its folder's skeleton when the
    folder has proved to stamp right (see the module's docstring)."""

    def __init__(self, fragments: SharedFragments, render_material, verify_all: bool = False) -> None:
        self.fragments = fragments
        self.render_material = render_material  # () → Material's page for the page being built
        self.verify_all = verify_all
        self.skeletons: dict[tuple, tuple[dict, list[str]] | None] = {}  # None: left to Material
        self.proved: set[tuple] = set()
        self.stamped = 0

    @staticmethod
    def eligible(page) -> bool:
        """A page with nothing of its own in the chrome but its title, address, body and date: no
        table of contents, a title every filter prints as it is. (Outside the nav, with a body: see
        __call__; the body is rendered only just before the page is, so it is checked there.)"""
        title = page.meta.get("title")
        return (isinstance(title, str) and bool(title.strip()) and title == title.strip() and "  " not in title
                and not (UNSAFE_TITLE & set(title)) and not page.toc.items)

    def group(self, page) -> tuple:
        meta = {k: v for k, v in page.meta.items() if k not in ("title", "zwgk_inputs", "zwgk_updated")}
        return self.fragments.key(page), json.dumps(meta, sort_keys=True, default=str), "zwgk_updated" in page.meta

    def __call__(self, page) -> Markup:
        group = self.group(page) if page.content and self.fragments.key(page) is not None else None
        if group in self.proved:
            stamped = self.stamp(self.skeletons[group][1], page)
            if self.verify_all:
                material = self.render_material()
                if material != stamped:
                    raise StampMismatch(f"{page.file.src_uri}：按目录共用的页面框架与 Material 渲染的结果不同。")
            self.stamped += 1
            return Markup(stamped)
        material = self.render_material()
        if group is None:
            return Markup(material)
        if group not in self.skeletons:
            tokens = self.skeleton(material, page)
            self.skeletons[group] = (self.values(page), tokens) if tokens else None
        elif self.skeletons[group] is not None:
            first, tokens = self.skeletons[group]
            if self.stamp(tokens, page) != material:
                self.skeletons[group] = None  # this folder is left to Material
            elif all(value != first[mark] for mark, value in self.values(page).items() if value):
                self.proved.add(group)  # proved by a page whose every value differs from the first's
        return Markup(material)

    @staticmethod
    def values(page) -> dict[str, str]:
        return {CONTENT: page.content, URL: page.canonical_url or "", TITLE: page.meta["title"],
                UPDATED: page.meta.get("zwgk_updated") or ""}

    def skeleton(self, html: str, page) -> list[str] | None:
        """``html`` with the page's own values taken out: literal text and placeholders in turn."""
        values = self.values(page)
        if html.count(values[CONTENT]) != 1:
            return None
        for mark, value in values.items():  # the body first: titles and addresses recur inside it
            if value:
                html = html.replace(value, mark)
        parts = html.split("\0")  # text, mark letter, text, mark letter, …, text
        return [part if n % 2 == 0 else f"\0{part}\0" for n, part in enumerate(parts)]

    def stamp(self, tokens: list[str], page) -> str:
        values = self.values(page)
        return "".join(values.get(token, token) for token in tokens)
