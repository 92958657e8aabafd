"""Raw HTML in editors' Markdown: an unclosed tag never takes the rest of a page with it, and
text that the published page lost is reported with the Markdown line it came from.

Python-Markdown copies a raw HTML block through untouched until its tags are closed; a block
that is never closed takes every later paragraph with it (headings then show their "##").
:func:`close_unclosed` ends such a block at its first blank line instead, as CommonMark does.
:func:`audit` renders a body as the site does (close, Markdown, :func:`sanitize.sanitize`) and
turns what was closed or lost into warnings for ``zwgk check``; the build logs the same.
Imports Python-Markdown and the sanitiser, nothing from MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import markdown as markdown_lib
from markdown.extensions import Extension
from markdown.htmlparser import HTMLExtractor
from markdown.postprocessors import Postprocessor

from ..content.errors import ContentError
from .sanitize import BLOCK_MARK, VOID, Loss, blocks

MAX_FIXES = 200  # unclosed blocks closed per body; each costs a pass over the rest of it
SNIPPET = 16  # characters of lost text quoted in a warning
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)
_LEADING_TABS = re.compile(r"^[ \t]*\t[ \t]*", re.M)
_COMMENT_END = re.compile(r"--!?>")  # as Python-Markdown ends a comment
LINE_BREAK = re.compile(r"\r\n?")
_TAG_OR_COMMENT = re.compile(r"<[^>]*>|<!--|-->")


@dataclass(frozen=True)
class Unclosed:
    """A raw HTML block that Python-Markdown would have let run to the end of the body."""

    offset: int  # where its first tag starts in the body as written
    closed_at: int  # where the end tags were added (the end of its Markdown block)
    tags: tuple[str, ...]  # the end tags added, innermost first


@dataclass(frozen=True)
class Hidden:
    """A comment that runs past a blank line: whole paragraphs that readers do not see."""

    offset: int  # its "<!--"
    end: int  # just after its "-->"
    text: str  # what it hides, tags taken out


class _Probe(HTMLExtractor):
    """Python-Markdown's own raw-HTML reader, remembering where the open raw block began."""

    def reset(self):
        super().reset()
        self.line_starts = [0]  # set by _probe: where each line of the whole text starts
        self.raw_start = 0
        self.strays: list[int] = []  # where a "<" was read as text: a comment or tag left unfinished
        self.comments: list[tuple[int, str]] = []  # (start, text) of comments spanning a blank line

    def handle_starttag(self, tag, attrs):
        was_raw = self.inraw
        super().handle_starttag(tag, attrs)
        if self.inraw and not was_raw:
            self.raw_start = self.position()

    def handle_data(self, data):
        if data.startswith("<"):
            self.strays.append(self.position())
        super().handle_data(data)

    def handle_comment(self, data):
        if _BLANK_LINE.search(data):
            self.comments.append((self.position(), data))
        super().handle_comment(data)

    def position(self) -> int:
        """Where the current piece starts in the whole text (``line_offset`` counts in what is
        left of it once the parser has set aside an unfinished construct)."""
        line, column = self.getpos()
        return self.line_starts[line - 1] + column


_MD = markdown_lib.Markdown()  # only for its block-level tag list and stash


def _probe(text: str) -> _Probe:
    probe = _Probe(_MD)
    probe.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    try:
        probe.feed(text)
        probe.close()
    finally:
        _MD.htmlStash.reset()
    return probe


def _masked(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` as Python-Markdown's raw-HTML reader sees it: fenced code is not there (it is set
    aside first; here it is "x"s, lines kept), a tab before a tag pushes it into an indented code
    block; and the fences' spans."""
    spans, out = [], list(text)
    fence = None
    for match in _FENCE.finditer(text):
        marker = match.group(1)
        if fence is None:
            fence = (marker, match.start())
        elif marker[0] == fence[0][0] and len(marker) >= len(fence[0]):
            spans.append((fence[1], match.end()))
            fence = None
    if fence is not None:
        spans.append((fence[1], len(text)))  # an unclosed fence runs to the end
    for start, end in spans:
        for i in range(start, end):
            if out[i] != "\n":
                out[i] = "x"
    for match in _LEADING_TABS.finditer(text):  # expanded to 4+ columns: never at a line start
        for i in range(match.start(), match.end()):
            if out[i] == "\t":
                out[i] = "\x01"
    return "".join(out), spans


def close_unclosed(text: str) -> tuple[str, list[Unclosed | Hidden]]:
    """``text`` with end tags added where a raw HTML block would otherwise swallow the rest, and
    what a reader would not see: the blocks closed, and comments running over several paragraphs.

    The block ends at its first blank line, or after a comment that starts in it and ends later
    (a comment is never cut: what it hides stays hidden). A tag still unfinished there has its
    "<" written as "&lt;" (shown as typed), so it cannot reach past the added end tags.
    """
    if "<" not in text:
        return text, []
    text = LINE_BREAK.sub("\n", text)  # as Markdown reads it (MkDocs does so on reading a file)
    masked, fences = _masked(text)
    found: list[Unclosed | Hidden] = []
    comments: dict[int, str] = {}
    pieces, done = [], 0  # text[:done] is settled (offsets are the same in text and masked)
    while len(pieces) < 2 * MAX_FIXES:
        rest = _probe(masked[done:])
        comments.update((done + at, data) for at, data in rest.comments)
        if not rest.inraw:
            break
        start = done + rest.raw_start
        cut, strays, tags = _raw_block(masked, start, fences)
        for a, b in zip([done, *strays], [*strays, cut], strict=True):
            pieces.append(text[a:b] if a == done else "&lt;" + text[a + 1:b])
        pieces.append("".join(f"\n</{t}>" for t in tags or ()))  # on their own lines: never end a fence
        if tags:
            found.append(Unclosed(start, cut, tags))
        done = cut
    for at, data in sorted(comments.items()):
        hidden = " ".join(_TAG_OR_COMMENT.sub(" ", data).split())
        if hidden:
            found.append(Hidden(at, at + len(data) + 7, hidden))
    if not pieces:
        return text, found
    pieces.append(text[done:])
    return "".join(pieces), found


def _raw_block(masked: str, start: int, fences) -> tuple[int, list[int], tuple[str, ...]]:
    """(end, unfinished tags' "<", tags open at the end) of the never-closed raw block at ``start``."""
    cut = _block_end(masked, start, fences)
    while True:
        block = _probe(masked[start:cut])
        ends = [m.end() for at in block.strays if masked.startswith("<!--", start + at)
                and (m := _COMMENT_END.search(masked, start + at + 4))]
        if not ends or max(ends) <= cut:
            break
        cut = _block_end(masked, max(ends), fences)  # a comment is never cut short
    strays = [start + at for at in block.strays if not masked.startswith("<!--", start + at)]
    return cut, strays, tuple(t for t in reversed(block.stack) if t not in VOID)


def _block_end(text: str, start: int, fences: list[tuple[int, int]]) -> int:
    """The end of the Markdown block holding ``start``: the next blank line outside code."""
    at = start
    while match := _BLANK_LINE.search(text, at):
        if not any(a <= match.start() < b for a, b in fences):
            return match.start()
        at = match.end() - 1
    return len(text.rstrip())


# ---------------------------------------------------------------- block marks


class _Marks(Postprocessor):
    """Runs just before raw HTML is put back: until then every tag in the page is Markdown's own
    (balanced), so the top-level blocks are exact; a mark between them survives the raw HTML."""

    def run(self, text: str) -> str:
        return BLOCK_MARK.join(blocks(text))


class BlockMarks(Extension):
    """Marks Markdown's top-level blocks for :func:`sanitize.sanitize`, which cleans each alone:
    raw HTML left unbalanced in one block cannot reach into the next."""

    def extendMarkdown(self, md):
        md.postprocessors.register(_Marks(md), "zwgk_block_marks", 31)  # raw_html is 30


def describe(body: str, file: str, body_line: int, closed: list[Unclosed | Hidden],
             losses: list[Loss]) -> list[ContentError]:
    """What was closed, hidden or lost, as warnings at the body's lines (``body_line``: its first)."""

    def line(offset: int) -> int:
        return body_line + body.count("\n", 0, max(offset, 0))

    found = []
    for block in closed:
        if isinstance(block, Hidden):
            found.append(ContentError(
                file, line(block.offset), "正文 HTML",
                f"注释 <!-- 从这一行一直到第 {line(block.end)} 行才结束，"
                f"其间的文字“{_snippet(block.text)}”网页上看不到。",
                "忘了写 --> 的，在注释该结束的地方补上；有意隐藏的内容仍在网页源代码里，不能公开的请直接删去。"))
            continue
        first, last = line(block.offset), line(block.closed_at)
        closers = "".join(f"</{t}>" for t in block.tags)
        where = "这一行末尾" if last == first else f"这一段末尾（第 {last} 行）"
        found.append(ContentError(
            file, first, "正文 HTML",
            f"HTML 标签 <{block.tags[-1]}> 没有结束标签，网页上已在{where}替它补上 {closers}。",
            f"在应当结束的地方写上 {closers}；HTML 标签要成对，不然它后面的段落、标题都会被它包进去。"))
    for loss in losses:
        found.append(ContentError(file, line(_offset_of(body, loss)), "正文 HTML", *_wording(loss)))
    return sorted(set(found))


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[:SNIPPET] + "…"


def _wording(loss: Loss) -> tuple[str, str]:
    text = _snippet(loss.text)
    if loss.reason in ("script", "style"):
        kind = "脚本" if loss.reason == "script" else "样式"
        return (f"{loss.markup} 里的内容不会发布（网站不发布{kind}）：“{text}”在网页上看不到。",
                f"删去 <{loss.reason}>…</{loss.reason}> 这一段；它后面本该显示的文字，先补上 </{loss.reason}> 再写。"
                "排版请用 Markdown（标题用 #，加粗用 **），需要嵌入功能请联系网站管理员。")
    if loss.reason == "comment":
        return (f"注释 <!-- 没有结束，它后面的文字“{text}”在网页上看不到。",
                "在注释结束的地方写上 -->；不需要的注释整段删去。")
    if loss.reason == "quote":
        return (f"引号没有成对：文字“{text}”成了标签 {loss.markup}… 的属性，网页上看不到。",
                "检查这个标签里的引号是否成对（属性值写成 title=\"说明\"），漏掉的补上。")
    if loss.reason == "bogus":
        return (f"“{loss.markup}”开头的内容在网页上被当作注释，其中的文字“{text}”看不到。",
                f"要显示“{loss.markup}”这两个字符，写成“&lt;{loss.markup[1:]}”；是多余的标记就删去。")
    return (f"这段 HTML 里的文字“{text}”在网页上看不到（写法有误，或用了网站不发布的标签）。",
            "检查这一行的 HTML 标签是否成对、引号是否成对；尽量改用 Markdown 书写。")


def _offset_of(body: str, loss: Loss) -> int:
    """Where in ``body`` the markup that lost the text was written (else the text, else -1)."""
    lowered = body.lower()
    words = loss.text.split()
    text_at = -1
    if words:
        word = words[0]
        for size in range(min(len(word), SNIPPET), 0, -1):
            text_at = body.find(word[:size])
            if text_at >= 0 and (size > 1 or len(word) == 1):
                break
            text_at = -1
    markup = loss.markup.lower()
    if markup and text_at >= 0:
        at = lowered.rfind(markup, 0, text_at + 1)
        return at if at >= 0 else text_at
    if markup and (at := lowered.find(markup)) >= 0:
        return at
    return text_at
