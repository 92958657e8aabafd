"""Read YAML files into plain data, remembering the line of every field.

The result holds only JSON-compatible values (dict, list, str, int, float, bool, None);
YAML dates become ISO strings so one JSON Schema can check everything. Anything that
is not plain data (custom tags, merge keys, duplicate keys, alias bombs) is an error
with its line, never an exception.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import ContentError

try:  # libyaml is ~10x faster; the pure-Python composer gives the same nodes.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

Path_ = tuple  # a field's path inside a document: ("guide", "materials", 0, "name")

MAX_NODES = 50_000  # a real item has a few hundred; more means an alias bomb or a mistake
MAX_DEPTH = 40
_PLAIN_COLLECTIONS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_NO_TAGS_HINT = "只写普通的文字、数字、日期、列表和字段，不要用“!”开头的标签。"


@dataclass
class Document:
    """One YAML file's data plus the line of every field, keyed by path.

    For a Markdown file, ``data`` is its front matter and ``body`` the Markdown after it.
    """

    file: str
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # the file line on which the body starts
    broken: frozenset = frozenset()  # paths whose value could not be read (already reported)

    def line_of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


class _Walker:
    def __init__(self, file: str):
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.errors: list[ContentError] = []
        self.nodes = 0
        self.offset = 0
        self.constructor = SafeConstructor()
        self.broken: set[Path_] = set()

    def error(self, node: Node, path: Path_, message: str, hint: str = "", unreadable: bool = True) -> None:
        """Report a problem; ``unreadable``: the value at ``path`` is lost (the schema need not say so)."""
        if unreadable:
            self.broken.add(path)
        self.errors.append(
            ContentError(self.file, node.start_mark.line + 1, dotted(path), message, hint)
        )

    def walk(self, node: Node, path: Path_, depth: int = 0) -> object:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise _TooLarge(node)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if not isinstance(node, ScalarNode) and node.tag not in _PLAIN_COLLECTIONS:
            self.error(node, path, f"不支持的 YAML 标签“{node.tag}”。", _NO_TAGS_HINT)
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.walk(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: MappingNode, path: Path_, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, path, "不支持 YAML 合并键“<<”。", "把要复用的字段直接写出来。", unreadable=False)
                continue
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, path, "字段名必须是一个简单的词。", "检查这一行的冒号和缩进。", unreadable=False)
                continue
            key = self.scalar(key_node, path)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                first = self.lines.get(path + (key,), 0) + self.offset
                self.error(
                    key_node,
                    path + (key,),
                    f"字段“{key}”重复出现（第一次在第 {first} 行）。",
                    "同一层里每个字段只能写一次，删掉或合并其中一处。",
                    unreadable=False,
                )
                continue
            self.lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = self.walk(value_node, path + (key,), depth + 1)
        return result

    def scalar(self, node: ScalarNode, path: Path_) -> object:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ConstructorError as exc:
            self.error(node, path, f"不支持的 YAML 写法（{exc.problem}）。", _NO_TAGS_HINT)
            return None
        except ValueError:
            self.error(
                node, path, f"“{node.value}”不是一个存在的日期。",
                "日期写成 2024-03-15 这样的 年-月-日，并确认这一天存在。",
            )
            return None
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, bytes):
            self.error(node, path, "不支持二进制内容。", "附件请放到 content/ 下，在这里写文件路径。")
            return None
        return value


class _TooLarge(Exception):
    def __init__(self, node: Node):
        self.node = node


def dotted(path: Path_) -> str:
    """("guide", "materials", 1, "name") → "guide.materials[1].name" (what editors see)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_yaml(text: str, file: str, offset: int = 0) -> tuple[Document | None, list[ContentError]]:
    """Parse one YAML document: (document, errors). The document is None when nothing could be
    read; values that could not be read are missing from it and named in ``broken``. ``offset``:
    lines before the YAML in its file (the caller shifts lines; messages that cite one use it)."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark, problem = exc.problem_mark or exc.context_mark, exc.problem or exc.context
        if exc.context_mark is not None and "quoted scalar" in (exc.context or ""):
            mark, problem = exc.context_mark, "这一行的引号没有成对，一直到最后都没有结束"
        elif "tab" in (problem or "") or (mark is not None and text[mark.index:mark.index + 1] == "\t"):
            problem = "用了 Tab 键缩进（只能用空格）"
        line = mark.line + 1 if mark else 0
        return None, [
            ContentError(
                file, line, "", f"YAML 格式错误：{problem}。",
                "检查这一行和上一行：缩进是否对齐（用空格，不用 Tab）、冒号后是否有空格、"
                "引号和括号是否成对。",
            )
        ]
    except yaml.YAMLError as exc:  # e.g. a stray control character
        return None, [ContentError(file, 0, "", f"YAML 无法读取：{exc}。", "用文本编辑器检查文件内容。")]
    if not nodes or nodes[0] is None:
        return None, [ContentError(file, 0, "", "文件是空的。", "写入内容，或删除这个文件。")]
    if len(nodes) > 1:
        line = nodes[1].start_mark.line + 1
        return None, [
            ContentError(file, line, "", "一个文件里只能有一条记录（发现了“---”分隔的多段）。",
                         "每条记录单独存一个文件。")
        ]
    walker = _Walker(file)
    walker.offset = offset
    try:
        data = walker.walk(nodes[0], ())
    except _TooLarge as exc:
        line = exc.node.start_mark.line + 1
        return None, [
            ContentError(file, line, "", "内容嵌套太深或引用（&、*）展开后过大。",
                         "不要用 YAML 锚点和引用，把内容直接写出来。")
        ]
    # a value that could not be read (an impossible date, a tag) is left out and reported here;
    # the rest of the file is still checked, so an editor sees every mistake in one run
    return Document(file, data, walker.lines, broken=frozenset(walker.broken)), walker.errors


def read_yaml(path: Path, shown_as: str) -> tuple[Document | None, list[ContentError]]:
    """Read a YAML file from disk; ``shown_as`` is the path editors see in errors."""
    text, errors = _decode(path, shown_as)
    return (None, errors) if text is None else parse_yaml(text, shown_as)


def file_state(path: Path) -> tuple[int, int] | None:
    """(mtime in ns, size): what tells a preview rebuild that a file changed; None if unreadable."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _decode(path: Path, shown_as: str) -> tuple[str | None, list[ContentError]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [ContentError(shown_as, 0, "", f"无法读取文件：{exc.strerror}。", "检查文件权限。")]
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            ContentError(shown_as, line, "", "文件不是 UTF-8 编码（可能是 GBK）。",
                         "在编辑器里选择“以 UTF-8 编码保存”。")
        ]


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[ContentError]]:
    """A UTF-8 text file (BOM dropped, CRLF made LF), or None and why it cannot be read."""
    return _decode(path, shown_as)


def parse_front_matter(text: str, file: str) -> tuple[Document | None, list[ContentError]]:
    """Split "---\\n<yaml>---\\n<markdown>" and parse the YAML with file line numbers."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, [ContentError(file, 1, "", "文件开头缺少“---”元数据块。",
                                   "第一行写“---”，接着写标题、日期等字段，再用一行“---”结束，然后写正文。")]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None, [ContentError(file, 1, "", "元数据块没有结束的“---”。", "在字段写完后加一行“---”，再写正文。")]
    doc, errors = parse_yaml("\n".join(lines[1:end]) + "\n", file, offset=1)
    errors = [_shift(e, 1) for e in errors]
    if doc is None:
        return None, errors
    doc.lines = {path: line + 1 for path, line in doc.lines.items()}
    doc.body = "\n".join(lines[end + 1:])
    doc.body_line = end + 2
    return doc, errors


def _shift(error: ContentError, by: int) -> ContentError:
    return ContentError(error.file, error.line + by if error.line else 0, error.field, error.message, error.hint)


def read_front_matter(path: Path, shown_as: str) -> tuple[Document | None, list[ContentError]]:
    """Read a Markdown file with YAML front matter from disk."""
    text, errors = _decode(path, shown_as)
    return (None, errors) if text is None else parse_front_matter(text, shown_as)
