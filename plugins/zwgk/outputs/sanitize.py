"""The safe subset of raw HTML that editors' Markdown may carry onto the public site.

Content comes from many hands (pasted from Word, typed on phones, occasionally malicious), so
every piece of HTML made from Markdown passes through :func:`sanitize` before it is published:
no script or style elements, no event-handler attributes, no javascript: or data: URLs, no
iframes; only the tags and attributes below (the ones Markdown and its extensions produce,
plus media players). Pages made by our own templates are escaped by Jinja instead.

A browser-grade parser (html5ever, inside nh3) lets one unbalanced tag change everything after
it: an unclosed ``<script>``, ``<!--`` or ``<textarea>`` eats the rest of the page, ``<math><style>``
makes it vanish, an unclosed ``<b>`` or ``<details>`` wraps it. So the page is cut into its
top-level blocks first (as Markdown made them) and each block is cleaned on its own; tags
outside the safe subset are taken out before parsing (their text stays), so none of them can
switch the parser into one of those modes. Whatever text the cleaning still removes is returned
as a :class:`Loss`, so the editor is told instead of finding out from a reader. Imports nothing
from MkDocs (nor Markdown).
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import nh3

ALLOWED_TAGS = (nh3.ALLOWED_TAGS - {"area", "map"}) | {"audio", "video", "source", "track", "picture"}
_COMMON = {"id", "class", "title", "lang", "dir"}
ALLOWED_ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "hreflang", "download", "type"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "data-label"},
    "th": {"colspan", "rowspan", "scope", "align", "data-label"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "time": {"datetime"}, "data": {"value"},
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "poster", "width", "height", "playsinline"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # relative links always pass
DROPPED_WITH_CONTENT = frozenset({"script", "style"})  # removed together with what they hold
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image"})
BLOCK_LEVEL = frozenset({  # Python-Markdown's block-level tags, and the other containers it writes
    "address", "article", "aside", "blockquote", "body", "canvas", "center", "colgroup", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "group", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "iframe", "legend", "li", "main", "map", "math", "menu", "nav", "noscript",
    "object", "ol", "option", "output", "p", "pre", "progress", "script", "section", "style", "summary", "table",
    "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul", "video", "caption"})
CLOSES_P = frozenset({  # start tags that end an open paragraph (HTML "in body" rules)
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "search", "section",
    "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "form", "li", "dd", "dt", "plaintext",
    "table", "hr", "xmp"})
_PARSED = ALLOWED_TAGS | DROPPED_WITH_CONTENT  # every other tag is taken out before parsing

BLOCK_MARK = "<!--zwgk:block-->"  # between two top-level blocks of Markdown's output

TEXT, START, END, COMMENT, OPEN_COMMENT, BOGUS, PARTIAL, RAW = range(8)
_S = "\t\n\f\r "
# a tag as the HTML tokenizer reads it: the first ">" outside a quoted attribute value ends it
# (lookahead + backreference keep names and values atomic, so a broken tag fails in linear time)
_TAG = re.compile(rf"""<(/?)([A-Za-z][^{_S}/>]*)
    (?:[{_S}/]*(?=(?P<n>[^{_S}/>][^{_S}/=>]*))(?P=n)
       (?:[{_S}]*=[{_S}]*(?:(?=(?P<v>"[^"]*"|'[^']*'|[^{_S}>"'][^{_S}>]*))(?P=v)|(?=>))|(?![{_S}]*=)))*
    [{_S}/]*>""", re.X)
_COMMENT_END = re.compile(r"--!?>")
_SERIALIZED_MARKUP = re.compile(r"<!--.*?-->|<[^>\"]*(?:\"[^\"]*\"[^>\"]*)*>", re.S)  # in nh3's output
_ODD_VALUE = re.compile(r"""=[\t\n\f\r ]*(["'])((?:(?!\1).)*?<[A-Za-z/!](?:(?!\1).)*)\1""", re.S)  # markup inside
_SPANS_BLOCKS = re.compile(r"\n[ \t]*(?:\n|<)")  # Markdown starts every block on a new line
_DECLARATION = re.compile(r"<(?:!doctype|!\[(?:if|endif)|\?xml)", re.I)  # markup, not text gone astray
_RAW_END = {name: re.compile(rf"</{name}[{_S}/>]", re.I) for name in DROPPED_WITH_CONTENT}


@dataclass(frozen=True)
class Loss:
    """Visible text of the input that the published block no longer has."""

    markup: str  # the markup that took it away, as written: "<script>", "<!--", "<!", or the last odd tag
    text: str  # the lost characters, in order
    reason: str  # "script", "style", "comment", "bogus" (<!x…> read as a comment), "quote" (taken into
    # an attribute by a quote left open) or "" (anything else)


def sanitize(html: str, report: bool = True) -> tuple[str, list[Loss]]:
    """``html`` reduced to the safe subset, block by block, and the text that cleaning removed.

    The blocks are those Markdown marked with :data:`BLOCK_MARK` (see ``rawhtml.BlockMarks``);
    HTML without marks is cut by :func:`blocks`.
    """
    cleaned, losses = [], []
    for block in html.split(BLOCK_MARK) if BLOCK_MARK in html else blocks(html):
        safe = _clean(_without_unparsed_tags(block))
        cleaned.append(safe)
        if report:
            losses += _lost(block, safe)
    return "".join(cleaned), losses


def safe_html(html: str) -> str:
    """``html`` reduced to the safe subset; text is kept, anything dangerous dropped."""
    return sanitize(html, report=False)[0]


_clean = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                     strip_comments=False).clean  # built once: a page is cleaned block by block


# ---------------------------------------------------------------- tokens


def tokens(text: str, rawtext: bool = True):
    """(kind, start, end, name, self_closing) for each piece of ``text``, as an HTML tokenizer cuts it.

    With ``rawtext``, what follows <script>/<style> is one RAW token up to its end tag (or the end),
    and an unclosed ``<!--`` is an OPEN_COMMENT to the end. Without it (for finding block bounds)
    every tag counts and an unclosed ``<!--`` is text, so neither can reach past its block.
    """
    i, n = 0, len(text)
    while i < n:
        j = text.find("<", i)
        if j < 0:
            yield TEXT, i, n, "", False
            return
        if j > i:
            yield TEXT, i, j, "", False
        nxt, after = text[j + 1:j + 2], text[j + 2:j + 3]
        if _letter(nxt) or (nxt == "/" and _letter(after)):
            match = _TAG.match(text, j)
            if match is not None and not rawtext and _SPANS_BLOCKS.search(text, j, match.end()):
                match = None  # a quote left open runs into later blocks: bound it to its own
            if match is None:  # never closed: a parser would swallow the rest into the tag
                yield PARTIAL, j, j + 1, "", False
                i = j + 1
                continue
            name, end = match.group(2).lower(), match.end()
            if match.group(1):
                yield END, j, end, name, False
            else:
                yield START, j, end, name, text[end - 2] == "/"
                if rawtext and name in DROPPED_WITH_CONTENT:
                    close = _RAW_END[name].search(text, end)
                    stop = close.start() if close else n
                    if stop > end:
                        yield RAW, end, stop, name, False
                    end = stop
            i = end
        elif text.startswith("<!--", j):
            if text.startswith("<!-->", j) or text.startswith("<!--->", j):
                end = text.index(">", j) + 1
            else:
                close = _COMMENT_END.search(text, j + 4)
                if close is None:
                    if rawtext:
                        yield OPEN_COMMENT, j, n, "", False
                        return
                    yield TEXT, j, j + 1, "", False
                    i = j + 1
                    continue
                end = close.end()
            yield COMMENT, j, end, "", False
            i = end
        elif nxt in ("!", "?") or (nxt == "/" and after not in ("", ">")):
            close = text.find(">", j + 2)
            end = n if close < 0 else close + 1
            yield BOGUS, j, end, "", False
            i = end
        elif nxt == "/" and after == ">":  # "</>" is dropped by parsers
            yield BOGUS, j, j + 3, "", False
            i = j + 3
        else:
            yield TEXT, j, j + 1, "", False
            i = j + 1


def _letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def blocks(html: str) -> list[str]:
    """``html`` cut around every top-level element: Markdown's blocks, and raw HTML blocks.

    An end tag closes everything opened after its start tag (as Python-Markdown reads raw HTML);
    a block's end tag with no start closes inline tags left open, and everything when it ends a
    line (as Markdown writes its blocks: ``<p>text <div></p>``); a block's start tag closes an open
    paragraph; ``<x/>`` opens nothing (it is written ``<x></x>`` for the parser), and any other end
    tag with no start is ignored, so an element an editor left unclosed ends with its Markdown block.
    """
    stack: list[str] = []
    starts = [0]
    for kind, start, end, name, self_closing in tokens(html, rawtext=False):
        if kind == START:
            if name in CLOSES_P and "p" in stack:
                while stack.pop() != "p":
                    pass
            if not stack and start > starts[-1]:
                starts.append(start)
            if name not in VOID and not self_closing:
                stack.append(name)
        elif kind == END and (name in stack or (name in BLOCK_LEVEL and (
                not BLOCK_LEVEL.intersection(stack) or html.startswith("\n", end) or end == len(html)))):
            while stack and stack.pop() != name:  # a block's end also ends what was left open in it
                pass
            if not stack:  # what follows is not reopened inside the block's unclosed <a> or <b>
                starts.append(end)
    return [html[a:b] for a, b in zip(starts, [*starts[1:], len(html)], strict=True)]


def _without_unparsed_tags(block: str) -> str:
    """Take out tags that are not published anyway, keeping their text, so the parser never sees
    one that changes how it reads what follows (<textarea>, <title>, <xmp>, <plaintext>, <noscript>,
    <iframe>, <template>, <svg>, <math>, <select>…); ``<b/>`` is closed at once (a parser would
    leave it open); an unfinished tag's "<" becomes text."""
    out, last = [], 0
    for kind, start, end, name, self_closing in tokens(block):
        if kind in (START, END) and name not in _PARSED:
            out.append(block[last:start])
            last = end
        elif kind == START and self_closing and name not in VOID:  # <b/> opens nothing, as in Markdown
            out.append(block[last:end] + f"</{name}>")
            last = end
        elif kind == PARTIAL:
            out.append(block[last:start] + "&lt;")
            last = end
    if not out:
        return block
    out.append(block[last:])
    return "".join(out)


# ---------------------------------------------------------------- lost text


def visible(char: str) -> bool:
    """Characters a reader could miss: not spaces or control characters (parsers drop NUL)."""
    return not char.isspace() and unicodedata.category(char) != "Cc"


def _segments(block: str, reason: str = "", markup: str = "", rawtext: bool = True):
    """(text, reason, markup) of every piece of ``block`` an editor meant a reader to see: text,
    entities decoded; what <script>/<style> hold; what an unclosed ``<!--`` or a stray ``<!``
    turned into a comment. ``reason`` and ``markup`` say what removes it, if anything does."""
    opened = ""
    for kind, start, end, name, _ in tokens(block, rawtext):
        if kind == TEXT:
            yield html_lib.unescape(block[start:end]), reason, markup or opened
        elif kind == PARTIAL:
            yield "<", reason, markup or opened
        elif kind in (START, END):
            if kind == START and (name not in ALLOWED_TAGS or not opened):
                opened = block[start:end]
            odd = _ODD_VALUE.search(block, start, end)
            if odd:  # a quote left open took the text up to the next quote, and what follows, into the tag
                yield from _segments(block[odd.start(2):end - 1], reason or "quote",
                                     markup or block[start:odd.start(1)], rawtext=False)
        elif kind == BOGUS and not _DECLARATION.match(block, start):
            yield block[start + 2:end - (block[end - 1] == ">")], reason or "bogus", markup or block[start:start + 2]
        elif kind == RAW and end < len(block):
            yield block[start:end], name, opened
        elif kind == RAW:  # never closed: the rest of the block, read as the editor meant it
            yield from _segments(block[start:end], name, opened, rawtext=False)
        elif kind == OPEN_COMMENT:
            yield from _segments(block[start + 4:end], "comment", "<!--", rawtext=False)


def _lost(before: str, after: str) -> list[Loss]:
    """What ``before`` shows a reader that ``after`` (its cleaned form) does not, and why."""
    if "<" not in before:
        return []
    segments = list(_segments(before))
    missing = Counter("".join(text for text, _, _ in segments))
    missing.subtract(html_lib.unescape(_SERIALIZED_MARKUP.sub("", after)))
    missing = Counter({c: n for c, n in missing.items() if n > 0 and visible(c)})
    if not missing:
        return []
    found: dict[tuple[str, str], list[str]] = {}
    for explained in (True, False):  # a character both kept and lost is lost where something removes text
        for text, reason, markup in segments:
            if bool(reason) != explained:
                continue
            chars = found.setdefault((reason, markup), [])
            for char in text:
                if missing[char] > 0:
                    missing[char] -= 1
                    chars.append(char)
                elif chars and chars[-1] != " " and (char.isspace() or char in missing):
                    chars.append(" ")
    return [Loss(markup, "".join(chars).strip(), reason) for (reason, markup), chars in found.items()
            if "".join(chars).strip()]
