"""What the search page knows besides the Pagefind index: ``search/words.json``.

It holds the residents' words (catalog/taxonomy/search_words.yml), the filler words, the names the
suggestions offer (item titles and aliases, places, colloquial words), and two character tables made
at build time from well-kept libraries: traditional → simplified (OpenCC) and the pinyin of the
3,755 common characters (pypinyin), with which the page recognises a word typed with the wrong homophone.
The browser does all the work (assets/search.js); there is no server. Output module: reads the plan.
"""

from __future__ import annotations

import json
from functools import lru_cache

from ..content.search_words import SearchWords

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
        "titles": sorted({title for title, _ in items}),
        "aliases": sorted({alias for _, aliases in items for alias in aliases}),
        "places": places,
        "domains": [d.name for d in catalog.active_domains],
        "t2s": t2s_table(),
        "pinyin": pinyin_table(),
    }


def search_words_file(catalog) -> bytes:
    """``search/words.json`` as written: compact, stable order."""
    return json.dumps(search_data(catalog), ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()

