"""Content errors as data: every mistake an editor made, with where and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in one file. ``line`` is 1-based; 0 means the whole file."""

    file: str
    line: int
    field: str
    message: str
    hint: str = ""

    def format(self, label: str = "错误") -> str:
        """The error as an editor reads it; warnings pass label="问题"."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        head = f"{where}  {self.field}" if self.field else where
        text = f"{head}\n  {label}：{self.message}"
        if self.hint:
            text += f"\n  怎么改：{self.hint}"
        return text


class CatalogInvalid(Exception):
    """Raised with the complete list of errors when content cannot be published."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__(format_errors(self.errors))


def format_errors(errors: list[ContentError]) -> str:
    """The report an editor reads: a count, then every error with its place and fix."""
    files = len({e.file for e in errors})
    lines = [f"发现 {len(errors)} 处内容错误（涉及 {files} 个文件），改正后重新构建：", ""]
    for error in errors:
        lines.append(error.format())
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
