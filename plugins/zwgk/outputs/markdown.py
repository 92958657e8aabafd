"""The one Markdown pipeline, for the web and for print: an editor's Markdown → safe HTML.

Raw HTML an editor left unclosed ends with its Markdown block (rawhtml), every top-level block
is cleaned on its own (sanitize), and the extensions are the site's own (mkdocs.yml), so a
posting reads the same on its page, on its board and on the printed board. MkDocs converts its
pages itself with the same extensions; the adapter adds :class:`BlockMarks` and :func:`clean`.
"""

from __future__ import annotations

import markdown as markdown_lib

from ..content.errors import ContentError
from .rawhtml import LINE_BREAK, BlockMarks, close_unclosed, describe
from .sanitize import safe_html, sanitize

MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")  # MkDocs loads these for every site


class MarkdownPipeline:
    """Markdown with the site's extensions (entries as in mkdocs.yml), cleaned as the site cleans."""

    def __init__(self, extensions=()) -> None:
        self.md = markdown_renderer(extensions)
        # a body shown inside another page (a posting on its board) is not that page's outline: its
        # headings get no anchors, or two postings on one board would repeat the same ids
        self.embedded = markdown_renderer(extensions, outline=False)

    def html(self, text: str) -> str:
        """Safe HTML of one body shown inside another page (a posting on its board, on the web and
        on paper)."""
        return safe_html(self.embedded.reset().convert(close_unclosed(text)[0]))

    def audit(self, body: str, file: str, body_line: int) -> list[ContentError]:
        """Warnings for one body: raw HTML left unclosed, and text its page will not show."""
        if "<" not in body:
            return []
        body = LINE_BREAK.sub("\n", body)
        balanced, closed = close_unclosed(body)
        _, losses = sanitize(self.md.reset().convert(balanced))
        return describe(body, file, body_line, closed, losses)


def markdown_renderer(extensions=(), outline: bool = True) -> markdown_lib.Markdown:
    """A Markdown converter with the site's extensions, like MkDocs' (its defaults first);
    ``outline=False`` leaves out the table of contents (heading anchors)."""
    defaults = [name for name in MKDOCS_EXTENSIONS if outline or name != "toc"]
    names, configs = [*defaults, BlockMarks()], {}
    for entry in extensions or ():
        if isinstance(entry, str):
            name, config = entry, None
        elif isinstance(entry, dict) and len(entry) == 1:
            ((name, config),) = entry.items()
        else:
            continue
        if name == "toc" and not outline:
            continue
        if name not in names:
            names.append(name)
        if isinstance(config, dict):
            configs[name] = config
    try:
        return markdown_lib.Markdown(extensions=names, extension_configs=configs)
    except Exception:  # an extension this Python lacks or a config it refuses: MkDocs reports it
        return markdown_lib.Markdown(extensions=[*defaults, BlockMarks()])
