"""The safe subset of raw HTML that editors' Markdown may carry onto the public site.

Content comes from many hands (pasted from Word, typed on phones, occasionally malicious), so
every piece of HTML made from Markdown passes through :func:`safe_html` before it is published:
no script or style elements, no event-handler attributes, no javascript: or data: URLs, no
iframes; only the tags and attributes below (the ones Markdown and its extensions produce,
plus media players). Pages made by our own templates are escaped by Jinja instead.
"""

from __future__ import annotations

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


def safe_html(html: str) -> str:
    """``html`` reduced to the safe subset; text is kept, anything dangerous dropped."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel=None, strip_comments=False)
