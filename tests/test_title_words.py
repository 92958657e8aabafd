"""The words of page titles that the search index carries are kept between builds
(.cache/zwgk/title-words.json), so a build whose titles did not change loads no segmenter. What
the index receives must not depend on whether they were kept."""

from __future__ import annotations

from conftest import demo_catalog
from zwgk.outputs.searchdata import IndexWords, title_words_kept, title_words_to_keep


def _pages(titles):
    return [f'<article class="md-content__inner"><h1>{title}</h1><p>正文</p></article>' for title in titles]


def test_kept_words_give_the_index_exactly_what_splitting_gives():
    catalog = demo_catalog()
    titles = [item.title for item in catalog.items] + ["城乡居民基本养老保险参保登记", "&lt;新&gt; 事项 A&amp;B"]
    first = IndexWords(catalog.search_words, colloquial=False)
    blocks = [first.block(page) for page in _pages(titles)]
    assert all("data-pagefind-weight" in block for block in blocks)
    kept = title_words_kept(title_words_to_keep(first, "v1"), "v1")
    assert len(kept) == len(set(titles) - {"&lt;新&gt; 事项 A&amp;B"}) + 1
    again = IndexWords(catalog.search_words, colloquial=False, known=kept)
    assert [again.block(page) for page in _pages(titles)] == blocks
    # a renamed item: its new title is split, not looked up
    renamed = IndexWords(catalog.search_words, colloquial=False, known=kept)
    block = renamed.block(_pages(["最低生活保障待遇申请"])[0])
    assert "最低" in block and "保障" in block


def test_words_kept_by_other_code_or_damaged_are_not_used():
    words = IndexWords(None, colloquial=False)
    words.block(_pages(["失业登记"])[0])
    data = title_words_to_keep(words, "v1")
    assert title_words_kept(data, "v1") == {"失业登记": words.used["失业登记"]}
    assert title_words_kept(data, "v2") == {}
    assert title_words_kept(b"{not json", "v1") == {}
    assert title_words_kept(b'{"version": "v1/x", "words": {"a": 1}}', "v1") == {}
    assert title_words_kept(None, "v1") == {}
