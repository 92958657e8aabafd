"""What the search page knows besides the Pagefind index: ``search/words.json``.

It holds the residents' words (catalog/taxonomy/search_words.yml), the filler words, the names the
suggestions offer (item aliases, places, colloquial words; the titles are in ``search/titles.bin``,
loaded when the reader starts typing), and two character tables made
at build time from well-kept libraries: traditional → simplified (OpenCC) and the pinyin of the
3,755 common characters (pypinyin), with which the page recognises a word typed with the wrong homophone.
The browser does all the work (assets/search.js); there is no server. Output module: reads the plan.
"""

from __future__ import annotations

import gzip
import html as html_lib
import json
import re
from functools import lru_cache

from ..content.search_words import SearchWords
from .background import InBackground

WORDS_FILE = "search/words.json"  # beside the search page; search.js loads it with the first query


@lru_cache(maxsize=1)
def t2s_table() -> str:
    """Every traditional character of the basic CJK block that OpenCC simplifies to one other
    character, as pairs "繁简繁简…" (about 2,700 pairs: a compact table the browser reads in one pass)."""
    import opencc

    converter = opencc.OpenCC("t2s")
    pairs = []
    for code in range(0x4E00, 0xA000):
        char = chr(code)
        simple = converter.convert(char)
        if simple != char and len(simple) == 1 and ord(simple) <= 0xFFFF:
            pairs.append(char + simple)
    return "".join(pairs)


def _common_characters() -> list[str]:
    """The 3,755 characters of GB2312 level 1: the common ones a pinyin keyboard offers first."""
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


@lru_cache(maxsize=1)
def pinyin_table() -> dict[str, str]:
    """Toneless pinyin → the characters read that way (every reading of a polyphone)."""
    from pypinyin import Style, pinyin

    table: dict[str, list[str]] = {}
    for char in _common_characters():
        for reading in sorted(set(pinyin(char, style=Style.NORMAL, heteronym=True)[0])):
            if reading.isascii() and reading.isalpha():
                table.setdefault(reading.replace("ü", "v"), []).append(char)
    return {reading: "".join(chars) for reading, chars in sorted(table.items())}


def search_data(catalog) -> dict:
    """The contents of ``search/words.json`` for ``catalog``."""
    words: SearchWords = catalog.search_words or SearchWords()
    items = [(item.title, list(item.aliases)) for item in catalog.items]
    places = sorted({p.name for p in catalog.places} | {a for p in catalog.places for a in p.aliases})
    return {
        "fillers": sorted(words.fillers),
        "words": [[list(said), list(means)] for said, means in words.words],
        "aliases": sorted({alias for _, aliases in items for alias in aliases}),
        "places": places,
        "domains": [d.name for d in catalog.active_domains],
        "t2s": t2s_table(),
        "pinyin": pinyin_table(),
    }


def search_titles_file(catalog) -> bytes:
    """``search/titles.bin``: the item titles the suggestions offer, gzipped (a district's 3,000
    titles are 130 KB as text, 11 KB packed); loaded when the reader starts typing."""
    titles = sorted({item.title for item in catalog.items})
    return gzip.compress(json.dumps(titles, ensure_ascii=False, separators=(",", ":")).encode(), mtime=0)


def search_words_file(catalog) -> bytes:
    """``search/words.json`` as written: compact, stable order."""
    return json.dumps(search_data(catalog), ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()



_TAGS = re.compile(r"<[^>]+>")
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


class IndexWords:
    """What a page carries in the search index besides its own text (fed to Pagefind only, never
    published): the words of its title as the browser splits them, so a query finds the title
    however Pagefind's segmenter cut it; and the residents' words for the official terms the page
    uses (search_words.yml), weighted below the title. Measured with bench/search_quality.py, the
    residents' words work better at query time (search.js), so the site passes ``colloquial=False``."""

    def __init__(self, words: SearchWords | None, title_words: bool = True, colloquial: bool = True,
                 known: dict[str, str] | None = None):
        """``known``: the words of titles split before (``title_words_kept``), so a build whose
        titles did not change needs no segmenter (loading jieba's dictionary alone takes 0.6 s)."""
        self.known = known or {}
        self.used: dict[str, str] = {}  # what this build split: kept for the next
        said_for: dict[str, list[str]] = {}
        for said, means in (words.words if words and colloquial else ()):
            for term in means:
                said_for.setdefault(term, []).extend(said)
        self.said_for = said_for
        terms = sorted(said_for, key=lambda t: (-len(t), t))
        self.terms = re.compile("|".join(map(re.escape, terms))) if terms else None
        self.title_words = title_words

    def block(self, article: str) -> str:
        """The hidden block to add to an article's HTML (empty when there is nothing to add)."""
        parts = []
        title = _H1.search(article)
        if self.title_words and title:
            # the browser splits a query its own way (ICU: 签约 → 签|约) and Pagefind matches each piece
            # as a whole word, so the title carries its words (jieba) and its single characters too
            text = html_lib.unescape(_TAGS.sub("", title.group(1)))
            found = self.known.get(text)
            if found is None:
                found = title_words(text)
            self.used[text] = found
            if found:
                parts.append(f'<p hidden data-pagefind-weight="5">{html_lib.escape(found)}</p>')
        if self.terms is not None:
            text = html_lib.unescape(_TAGS.sub(" ", article))
            said = dict.fromkeys(w for term in sorted(set(self.terms.findall(text))) for w in self.said_for[term])
            if said:
                parts.append(f'<p hidden data-pagefind-weight="2">也说：{html_lib.escape("、".join(said))}</p>')
        return "".join(parts)

    def augment(self, html: str) -> str:
        """``html`` with the block added at the end of its article."""
        end = html.rfind("</article>")
        start = html.find("<article")
        if start < 0 or end < start:
            return html
        return html[:end] + self.block(html[start:end]) + html[end:]


def title_words(title: str) -> str:
    """The words a title carries in the index: its words as jieba splits them for search, then
    its single characters (see ``IndexWords.block``)."""
    cut = [w for w in _cut_for_search(title) if len(w) >= 2 and not w.isascii()]
    chars = [c for c in title if "\u4e00" <= c <= "\u9fff"]
    return " ".join(dict.fromkeys(cut + chars))


def _titles_words(titles: list[str]) -> dict[str, str]:
    return {title: title_words(title) for title in titles}


def title_words_in_background(titles: list[str]):
    """Split ``titles`` in another process (jieba's dictionary takes 0.6 s and some 80 MB to load):
    an object whose ``result()`` is {title: words}."""
    return InBackground(_titles_words, titles, failed={})  # failed: IndexWords splits them as they come


def title_words_kept(data: bytes | None, version: str) -> dict[str, str]:
    """The title words an earlier build kept (``title_words_to_keep``) with the same ``version`` of
    the code and of jieba; {} if there are none or they are unusable."""
    try:
        kept = json.loads(data) if data else {}
    except ValueError:
        return {}
    known = kept.get("words") if isinstance(kept, dict) and kept.get("version") == f"{version}/{_jieba()}" else {}
    if not isinstance(known, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in known.items()):
        return {}
    return known


def title_words_to_keep(words: IndexWords, version: str) -> bytes:
    return json.dumps({"version": f"{version}/{_jieba()}", "words": words.used}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")).encode("utf-8")


@lru_cache(maxsize=1)
def _jieba() -> str:
    from importlib import metadata

    try:
        return metadata.version("jieba")
    except metadata.PackageNotFoundError:
        return "-"


def _cut_for_search(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(60)
    return list(jieba.cut_for_search(text))
