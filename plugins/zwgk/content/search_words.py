"""Residents' words for the site search (catalog/taxonomy/search_words.yml): what people say → the
official terms the pages use, the filler words questions carry, and the items most asked for.

The file is optional: a project without it searches with its items' ``aliases`` only. Read with the
taxonomies; the popular items are checked once the items are read. Core module: imports the
loader's results and the errors only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ContentError
from .loader import dotted

NAME = "search_words"


@dataclass(frozen=True)
class SearchWords:
    """``words``: (said, means) pairs of word tuples; ``popular``: item ids, in the file's order."""

    fillers: tuple[str, ...] = ()
    words: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    popular: tuple[str, ...] = ()
    file: str = ""
    popular_lines: tuple[int, ...] = field(default=(), compare=False)

    def means(self) -> dict[str, tuple[str, ...]]:
        """Every colloquial word → the official terms it stands for."""
        return {said: means for group, means in self.words for said in group}

    @property
    def pairs(self) -> int:
        """How many (colloquial word, official term) pairs the dictionary holds."""
        return sum(len(said) * len(means) for said, means in self.words)


def read_search_words(run) -> SearchWords | None:
    """The file's words (empty when the project has no such file; what is well formed when it has
    mistakes, which are recorded in ``run``), or None when the file cannot be read at all."""
    path = run.taxonomy(NAME)
    if not path.exists():
        return SearchWords()
    doc, _ = run.read_checked(path, "taxonomy", NAME)
    if doc is None or not isinstance(doc.data, dict):
        return None
    # the checks below run on whatever is well formed, so a schema error does not hide them
    data = doc.data
    fillers = tuple(_words(data.get("fillers")))
    entries = [(i, e) for i, e in enumerate(data.get("words") if isinstance(data.get("words"), list) else ())
               if isinstance(e, dict)]
    words = tuple((tuple(_words(e.get("said"))), tuple(_words(e.get("means")))) for _, e in entries)

    def error(path: tuple, label: str, message: str, hint: str) -> None:
        run.errors.append(ContentError(doc.file, doc.line_of(path), f"{dotted(path)}（{label}）", message, hint))

    first: dict[str, int] = {}
    official = {term for _, means in words for term in means}
    for i, entry in entries:
        said = entry.get("said") if isinstance(entry.get("said"), list) else []
        for j, word in enumerate(said):
            if not isinstance(word, str):
                continue
            if word in first and first[word] != i:
                error(("words", i, "said", j), "群众的说法",
                      f"“{word}”已写在第 {doc.line_of(('words', first[word]))} 行。",
                      "同一个说法只写一次：把两处的 means 合到一行里。")
            first.setdefault(word, i)
    for j, word in enumerate(fillers):
        if word in first or word in official:
            error(("fillers", j), "提问用的字词", f"“{word}”既是搜索时要去掉的字词，又写在 words 里。",
                  "去掉的字词搜索时会被删掉，words 里的说法就用不上了：从 fillers 或 words 删去一处。")
    popular = tuple(_words(data.get("popular")))  # kept with errors too: check_popular reports its own
    return SearchWords(fillers=fillers, words=words, popular=popular, file=doc.file,
                       popular_lines=tuple(doc.line_of(("popular", i)) for i in range(len(popular))))


def _words(value) -> list[str]:
    return [w for w in value if isinstance(w, str)] if isinstance(value, list) else []


def check_popular(run, words: SearchWords | None, item_ids: set[str]) -> None:
    """Popular items should be items of the catalog (published or not: one not yet due is left out).
    An unknown id is a warning, not an error: the search page just does not offer it."""
    if words is None:
        return
    for item_id, line in zip(words.popular, words.popular_lines, strict=True):
        if item_id not in item_ids:
            run.warnings.append(ContentError(
                words.file, line, "popular（常用事项）", f"没有编号为“{item_id}”的事项，搜索页的常用事项里不列出它。",
                "写 catalog/items/ 下某个事项文件里的 id；事项改了编号或删除了，这里也要改。"))
