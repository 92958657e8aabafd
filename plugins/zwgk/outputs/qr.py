"""QR codes drawn at build time as inline SVG (segno), so printouts need no network."""

from __future__ import annotations

from functools import lru_cache

import segno

QUIET_ZONE = 4  # modules of white around the code: ISO/IEC 18004 asks for four; fewer fail on paper


@lru_cache(maxsize=4096)  # the same item appears on dozens of village boards
def qr_svg(url: str, title: str = "") -> str:
    """An SVG QR code for ``url``; medium error correction survives a creased printout.

    One unit per module and a viewBox, no width or height: CSS gives it its size on screen and
    paper (a fixed pixel size with CSS scaling crops the code instead of scaling it). The white
    quiet zone is drawn, so the code scans on any background."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=QUIET_ZONE, omitsize=True, light="#fff", title=title or url,
                          svgclass="zwgk-qr", lineclass=None)
    return svg.replace("<svg ", f'<svg role="img" data-url="{_attr(url)}" ', 1)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
