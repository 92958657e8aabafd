"""QR codes drawn at build time as inline SVG (segno), so printouts need no network."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=4096)  # the same item appears on dozens of village boards
def qr_svg(url: str, title: str = "") -> str:
    """An SVG QR code for ``url``; medium error correction survives a creased printout."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=2, title=title or url, svgclass="zwgk-qr", lineclass=None)
    return svg.replace("<svg ", f'<svg role="img" data-url="{_attr(url)}" ', 1)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
