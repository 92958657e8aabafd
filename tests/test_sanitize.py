"""Raw HTML in editors' Markdown never takes the rest of a page with it, text the sanitiser removes
is reported with its file and line, and a page whose front matter MkDocs cannot read is an error."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FUZZ_EXAMPLES, ROOT, copy_project, mkdocs_build, self_check
from zwgk.content.catalog import load_catalog
from zwgk.content.pages import content_pages, front_matter_errors
from zwgk.outputs.markdown import markdown_renderer
from zwgk.outputs.rawhtml import close_unclosed
from zwgk.outputs.sanitize import VOID, sanitize

# (name, markup an editor left unclosed); every one once on its own line, once inside a paragraph
UNCLOSED = [
    ("details", "<details><summary>展开</summary>"), ("div", "<div>"), ("table", "<table><tr><td>"),
    ("a", '<a href="https://example.gov.cn/">'), ("comment", "<!--"), ("math-style", "<math><style>"),
    ("svg-style", "<svg><style>"), ("noscript", "<noscript>"), ("template", "<template>"),
    ("textarea", "<textarea>"), ("title", "<title>"), ("xmp", "<xmp>"), ("plaintext", "<plaintext>"),
    ("script", "<script>"), ("style", "<style>"), ("iframe", "<iframe>"), ("select", "<select>"),
    ("b", "<b>"), ("p", "<p>"), ("object", "<object>"), ("open-quote", '<span title="说明'),
    ("div-comment", "<div><!--"),
]
LAYOUTS = {  # the markup's line is line 6 of the page in both
    "block": "{markup}\n紧随其后的文字\n\n## 后面的标题 {{: #after }}\n\n后面的段落。\n",
    "inline": "段落开头 {markup} 段落中间的文字\n\n## 后面的标题 {{: #after }}\n\n后面的段落。\n",
}
PAGE = "---\ntitle: 测试页面\ndate: 2026-01-10\n---\n\n{body}"
MARKUP_LINE = 6
POSTING = "content/gongshi/anle-donggang/2025q4-caiwu.md"
DOCUMENT_BODY = "\n文件正文第一段。\n\n<style>p {{ color: red }}\n样式后面的文字\n\n文件正文最后一段。\n"


def page_uri(name: str, layout: str) -> str:
    return f"ceshi/{name}-{layout}.md"


class Placement(HTMLParser):
    """For each element with an id: its text and the elements it sits in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.found: dict[str, tuple[list[str], list[str]]] = {}  # id → (enclosing tags, text pieces)
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.found[attrs["id"]] = ([t for t, _ in self.stack], [])
        if tag not in VOID:
            self.stack.append((tag, attrs.get("id") or ""))

    def handle_endtag(self, tag):
        if any(t == tag for t, _ in self.stack):
            while self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        self.text.append(data)
        for _, element_id in self.stack:
            if element_id in self.found:
                self.found[element_id][1].append(data)


def placement(html: str) -> Placement:
    parser = Placement()
    parser.feed(html)
    parser.close()
    return parser


def article(html: str) -> str:
    """The page body Material shows: what the Markdown became."""
    start = html.index('<article class="md-content__inner md-typeset">')
    return html[start:html.index("</article>", start) + len("</article>")]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The demo with a page per unclosed construct and layout, and unclosed raw HTML in a document,
    an interpretation and a posting; built once with --strict."""
    project = copy_project(tmp_path_factory.mktemp("sanitize") / "project")
    for name, markup in UNCLOSED:
        for layout, body in LAYOUTS.items():
            path = project / "content" / page_uri(name, layout)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(PAGE.format(body=body.format(markup=markup)), "utf-8")
    document = project / "catalog/documents/gongzuo-dongtai/html-body.md"
    document.write_text("""---
id: html-body
title: 正文带有未结束样式的动态
category: 工作动态
publisher: 洛龙区人民政府办公室
topic: 综合政务
written_date: 2025-06-03
published_date: 2025-06-04
---
""" + DOCUMENT_BODY.format(), "utf-8")
    interpretation = project / "content/jiedu/dibao-shishi-banfa-jiedu.md"
    text = interpretation.read_text("utf-8")
    interpretation.write_text(text + "\n<details>\n解读里折叠的文字\n\n## 解读最后的标题 {: #jiedu-end }\n", "utf-8")
    posting = project / POSTING
    folded = "\n<details>\n公示里折叠的文字\n\n## 公示后面的标题\n\n公示最后的段落。\n"
    posting.write_text(posting.read_text("utf-8") + folded, "utf-8")
    (project / "content/ceshi/hidden.md").write_text(PAGE.format(
        body="<!-- 没写完的注释\n\n被注释掉的段落\n\n-->\n\n注释后面的段落。\n"), "utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.output
    return project, result


# ---------------------------------------------------------------- nothing swallows the rest


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", [name for name, _ in UNCLOSED])
def test_an_unclosed_element_never_swallows_the_rest_of_the_page(hostile, name, layout):
    """The heading and paragraph after the broken markup are published as the page's own heading
    and paragraph: not shown as "## …" text, not inside a <details>, link, table or comment."""
    project, result = hostile
    html = article(result.page(f"ceshi/{name}-{layout}/index.html"))
    found = placement(html).found
    assert "after" in found, html
    enclosing, text = found["after"]
    assert enclosing == ["article"], (enclosing, html)
    assert "".join(text).strip() == "后面的标题"
    after = html[html.index('id="after"'):]
    assert re.search(r"</h2>\s*<p>后面的段落。</p>", after), html
    assert "##" not in html and "<script" not in html and "<style" not in html
    if name not in ("script", "style", "math-style", "svg-style", "div-comment"):  # the others keep their text
        assert "紧随其后的文字" in html or "段落中间的文字" in html


def test_the_build_logs_what_it_closed_and_removed_without_failing_strict(hostile):
    _, result = hostile
    log = result.output
    assert "Traceback" not in log
    for name in ("details", "div", "table", "script"):
        assert f"content/{page_uri(name, 'block')}:{MARKUP_LINE}  正文 HTML" in log, name
    assert f"content/{page_uri('math-style', 'inline')}:{MARKUP_LINE}" in log
    assert "“段落中间的文字”在网页上看不到" in log
    assert "catalog/documents/gongzuo-dongtai/html-body.md:13  正文 HTML" in log  # a generated page: its source


def test_a_posting_on_its_village_board_keeps_its_own_headings_and_the_board_whole(hostile):
    """Posting bodies are also rendered into the village's bulletin board (and its PDF)."""
    _, result = hostile
    for page in ("gongshi/anle-donggang/2025q4-caiwu/index.html", "bulletins/anle-donggang/index.html"):
        html = result.page(page)
        assert re.search(r"<h2[^>]*>公示后面的标题</h2>\s*<p>公示最后的段落。</p>", html), page
        assert "## 公示后面的标题" not in html
    found = placement(result.page("bulletins/anle-donggang/index.html")).found
    assert "details" not in found["board-items"][0]  # the board's next section is not folded away


# ---------------------------------------------------------------- zwgk check says where


@pytest.fixture(scope="module")
def checked(hostile):
    project, _ = hostile
    report = self_check(project)
    assert report.errors == [], report.errors  # warnings only: the site is still published
    return report


def warnings_for(report, file: str) -> list:
    return [w for w in report.warnings if w.file == file]


@pytest.mark.parametrize("name", ["details", "div", "table", "noscript", "textarea", "iframe", "object", "p"])
def test_check_names_an_unclosed_html_block_with_its_line_and_fix(checked, name):
    found = warnings_for(checked, f"content/{page_uri(name, 'block')}")
    [warning] = [w for w in found if "没有结束标签" in w.message]
    assert warning.line == MARKUP_LINE and warning.field == "正文 HTML"
    assert f"</{name}>" in warning.message and "第 7 行" in warning.message
    assert f"</{name}>" in warning.hint and "成对" in warning.hint


@pytest.mark.parametrize(("name", "layout", "lost"), [
    ("script", "block", "紧随其后的文字"), ("style", "block", "紧随其后的文字"),
    ("script", "inline", "段落中间的文字"), ("style", "inline", "段落中间的文字"),
    ("math-style", "inline", "段落中间的文字"), ("svg-style", "inline", "段落中间的文字"),
    ("math-style", "block", "紧随其后的文字"), ("div-comment", "block", "紧随其后的文字"),
])
def test_check_says_which_text_the_sanitiser_removed_and_where(checked, name, layout, lost):
    found = [w for w in warnings_for(checked, f"content/{page_uri(name, layout)}") if "看不到" in w.message]
    assert found, checked.warnings
    [warning] = found
    assert warning.line == MARKUP_LINE and f"“{lost}”" in warning.message
    assert "删去" in warning.hint


def test_check_is_quiet_where_nothing_was_lost_or_closed(checked):
    """An unclosed inline tag ends with its paragraph: nothing to report, nothing missing."""
    for name in ("a", "b", "template", "title", "xmp", "plaintext", "select", "open-quote"):
        assert warnings_for(checked, f"content/{page_uri(name, 'inline')}") == [], name


def test_check_covers_documents_interpretations_and_postings(checked):
    found = warnings_for(checked, "catalog/documents/gongzuo-dongtai/html-body.md")
    assert [w.line for w in found] == [13, 13]  # the <style> line
    [closed] = [w for w in found if "没有结束标签" in w.message]
    [lost] = [w for w in found if w.message.startswith("<style> 里的内容不会发布")]
    assert "</style>" in closed.message and "“p { color: red }…”" in lost.message
    interpretation = "content/jiedu/dibao-shishi-banfa-jiedu.md"
    line = (ROOT / interpretation).read_text("utf-8").count("\n") + 2
    [unclosed] = warnings_for(checked, interpretation)
    assert unclosed.line == line and "<details>" in unclosed.message
    line = (ROOT / POSTING).read_text("utf-8").count("\n") + 2
    [unclosed] = warnings_for(checked, POSTING)
    assert unclosed.line == line and "<details>" in unclosed.message


def test_check_warns_of_a_comment_that_hides_whole_paragraphs(checked):
    """Usually a forgotten "-->" that a later one happened to close; and a comment is still in the
    page's source, which matters for what must not be published."""
    [hidden] = warnings_for(checked, "content/ceshi/hidden.md")
    assert hidden.line == MARKUP_LINE and "第 10 行才结束" in hidden.message
    assert "“没写完的注释 被注释掉的段落”" in hidden.message and "源代码" in hidden.hint


def test_the_demo_has_nothing_to_report_and_cleans_to_the_same_bytes():
    """Cleaning block by block changes nothing for well-formed content: every body of the demo
    gives the bytes one whole-page clean gives."""
    import nh3

    from zwgk.outputs.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, BLOCK_MARK, URL_SCHEMES

    md = markdown_renderer()
    bodies = sorted((ROOT / "content").rglob("*.md")) + sorted((ROOT / "catalog/documents").rglob("*.md"))
    assert len(bodies) > 100
    for path in bodies:
        html = md.reset().convert(close_unclosed(path.read_text("utf-8"))[0])
        cleaned, losses = sanitize(html)
        whole = nh3.clean(html.replace(BLOCK_MARK, ""), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                          url_schemes=URL_SCHEMES, link_rel=None, strip_comments=False)
        assert cleaned == whole and losses == [], path


# ---------------------------------------------------------------- the property


CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 4000)]
TAGS = ["b", "i", 'a href="x"', "span", "div", "details", "summary", "p", "table", "tr", "td", "ul", "li",
        "textarea", "title", "template", "math", "svg", "select", "option", "xmp", "plaintext", "noscript",
        "iframe", "object", "script", "style", "pre", "code", "h2", "blockquote", "video", "img src=x", "br",
        "hr", "noembed", "form", "html", "body", "head", "frameset", "image", "table><tr><td"]
MARKDOWN = ["## ", "- ", "1. ", "> ", "**", "*", "`", "    ", "  ", "\t", "| a |\n|---|\n| ", "[", "](x)", "\\",
            "&amp;", "&", "<", ">", '"', "'", "=", "-->", "<!", "</", "{: .x}", "!!! note\n    ",
            '<b title="a>b">', '<b title="open ', "<a href='x>", "\x00", "\r", "\u200b", "<![CDATA[", "<?",
            "&#0;", "&lt;", '<div markdown="1">', "\n| a | b |\n|---|---|\n| ", "\n    - ", "\n\t", "</>",
            "< b>", "<b\n>", "<!---->", "<!-->", "--!>", "<details open>", "<summary>", "<p/>", "<br>",
            '<img src=x alt="<b>">', "\n\n", "\n", "\n```\n", "\n   ", "\n    "]


@st.composite
def mixes(draw):
    """Markdown and raw HTML in any order: (body, words that must stay visible or be reported).
    Every word has characters no other word has, so each can be followed on its own."""
    chars = iter(CJK)
    words, pieces = [], []
    for _ in range(draw(st.integers(1, 30))):
        kind = draw(st.sampled_from(["word"] * 3 + ["start", "end", "selfclose", "comment", "open", "markdown"]))
        if kind == "word":
            words.append(next(chars) + next(chars))
            pieces.append(words[-1])
        elif kind == "comment":  # a closed comment: what it holds is meant to be hidden
            pieces.append(f"<!-- {next(chars)}{next(chars)} -->")
        elif kind == "open":
            pieces.append("<!--")
        elif kind == "markdown":
            pieces.append(draw(st.sampled_from(MARKDOWN)))
        else:
            tag = draw(st.sampled_from(TAGS))
            name = tag.split()[0].split(">")[0]
            tag = tag.upper() if draw(st.booleans()) else tag
            pieces.append({"start": f"<{tag}>", "end": f"</{name}>", "selfclose": f"<{name}/>"}[kind])
        if draw(st.booleans()):
            pieces.append(" ")
    return "".join(pieces), words


class Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags = [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


def published(body: str):
    md = markdown_renderer(["attr_list", "admonition", {"tables": {"use_align_attribute": True}}])
    html, losses = sanitize(md.convert(close_unclosed(body)[0]))
    parser = Text()
    parser.feed(html)
    parser.close()
    return html, "".join(parser.text), parser.tags, losses


def in_closed_comment(body: str, at: int) -> bool:
    """Inside <!-- … --> as Markdown reads it (fenced code is set aside first)."""
    unfenced = re.sub(r"\n```\n.*?\n```\n", lambda m: "\n```\n" + "x" * (len(m.group()) - 10) + "\n```\n", body,
                      flags=re.S)
    return any(a <= at < b for a, b in (m.span() for m in re.finditer(r"<!--(?:>|->|.*?--!?>)", unfenced, re.S)))


@settings(max_examples=FUZZ_EXAMPLES * 4, deadline=None, suppress_health_check=list(HealthCheck))
@given(mixes())
def test_every_visible_character_is_published_or_reported(mix):
    """Whatever the mix, each character an editor typed as text is on the page or in a report;
    only what a closed comment holds may go unmentioned. Nothing dangerous is ever published."""
    body, words = mix
    html, text, tags, losses = published(body)
    lost = "".join(loss.text for loss in losses)
    for word in words:
        if in_closed_comment(body, body.index(word)):
            continue
        for char in word:
            assert char in text or char in lost, (char, body, html, losses)
    assert not tags & {"script", "style", "iframe", "textarea", "svg", "math", "template", "noscript"}, html


@settings(max_examples=FUZZ_EXAMPLES * 3, deadline=None, suppress_health_check=list(HealthCheck))
@given(mixes())
def test_nothing_reaches_past_its_own_blocks(mix):
    """After any mix (without code fences, which rightly run on), a heading and a paragraph are
    still the page's own: at the top level, with their text."""
    body = mix[0].replace("```", "``") + "\n\n## 终章 {: #end }\n\n终段文字\n"
    html, *_ = published(body)
    found = placement(html).found
    assert found["end"][0] == [] and "".join(found["end"][1]) == "终章", html
    assert "<p>终段文字</p>" in html


# ---------------------------------------------------------------- front matter


BROKEN_FRONT_MATTER = {  # file → (text, line, words of the message)
    "quote.md": ("---\ntitle: '没有结束的引号\ndate: 2026-01-05\n---\n\n正文\n", 2, "引号没有成对"),
    "tab.md": ("---\ntitle: 制表符\n\tdate: 2026-01-05\n---\n\n正文\n", 3, "Tab"),
    "duplicate.md": ("---\ntitle: 一\ndate: 2026-01-05\ntitle: 二\n---\n\n正文\n", 4,
                     "“title”重复出现（第一次在第 2 行）"),
    "unclosed.md": ("---\ntitle: 没有结束\ndate: 2026-01-05\n\n正文\n", 1, "没有结束的“---”"),
    "no-newline.md": ("---\ntitle: 没有换行\ndate: 2026-01-05\n---", 4, "认不出"),
    "indented-end.md": ("---\ntitle: 缩进\ndate: 2026-01-05\n  ---\n\n正文\n", 4, "认不出"),
    "not-fields.md": ("---\n只有一句话\n---\n\n正文\n", 2, "“字段: 值”"),
    "empty.md": ("---\n# 只有注释\n---\n\n正文\n", 1, "没有任何字段"),
    "bad-date.md": ("---\ntitle: 日期\ndate: 2026-02-30\n---\n\n正文\n", 3, "不是一个存在的日期"),
}


def plant_front_matter(project: Path) -> None:
    for name, (text, _, _) in BROKEN_FRONT_MATTER.items():
        (project / "content/xxgk" / name).write_text(text, "utf-8")
    (project / "content/xxgk/gbk.md").write_bytes("---\ntitle: 编码\n---\n\n正文\n".encode("gbk"))
    (project / "content/.drafts").mkdir()
    (project / "content/.drafts/ignored.md").write_text("---\ntitle: '不发布的草稿\n---\n", "utf-8")


def test_every_broken_front_matter_is_an_error_with_its_line(tmp_path):
    project = copy_project(tmp_path / "project")
    plant_front_matter(project)
    catalog = load_catalog(project / "catalog", project / "content", root=project)
    errors = front_matter_errors(content_pages(catalog, project / "content", project))
    by_file = {e.file.rsplit("/", 1)[-1]: e for e in errors}
    assert sorted(by_file) == sorted([*BROKEN_FRONT_MATTER, "gbk.md"])  # the hidden folder is not published
    for name, (_, line, words) in BROKEN_FRONT_MATTER.items():
        error = by_file[name]
        assert error.file == f"content/xxgk/{name}" and error.line == line, error
        assert words in error.message and error.hint, error
        if name != "gbk.md":
            assert "当作正文显示" in error.message
    assert "UTF-8" in by_file["gbk.md"].message


def test_a_page_with_broken_front_matter_stops_the_build_and_the_check(tmp_path):
    project = copy_project(tmp_path / "project")
    plant_front_matter(project)
    old_site = project / "site"
    old_site.mkdir()
    (old_site / "index.html").write_text("昨天发布的网站", "utf-8")
    result = mkdocs_build(project, old_site)
    assert result.returncode != 0 and "Traceback" not in result.output
    for name, (_, line, _) in BROKEN_FRONT_MATTER.items():
        assert f"content/xxgk/{name}:{line}  元数据" in result.output, name
    assert "怎么改：检查这一行和上一行" in result.output
    assert [p.name for p in old_site.iterdir()] == ["index.html"]
    assert (old_site / "index.html").read_text("utf-8") == "昨天发布的网站"
    report = self_check(project)
    errors = {(e.file, e.line) for e in report.errors if e.field == "元数据"}
    assert errors == {(f"content/xxgk/{name}", line) for name, (_, line, _) in BROKEN_FRONT_MATTER.items()}
    assert dict(report.rules)["页面元数据"] == len(BROKEN_FRONT_MATTER) + 1
