"""The editors' preview while the content has errors: one page listing every error (file, line,
field, what is wrong, how to fix it) that reloads itself once they are fixed. The adapter shows it
for every address of `mkdocs serve` instead of hanging the browser until the next good build."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from ..content.errors import ContentError
from .render import Renderer

PREVIEW_ERRORS = "zwgk-preview-errors.txt"  # in the preview's site folder while it shows errors: their digest


def errors_digest(errors: Sequence[ContentError]) -> str:
    """Which errors the page shows: it reloads once the state file holds anything else."""
    text = "\n".join(e.format() for e in sorted(set(errors)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def errors_page(errors: Sequence[ContentError], state_url: str) -> bytes:
    """The error list as a self-contained HTML page (no theme, no site: there is none to show);
    it asks for ``state_url`` (the PREVIEW_ERRORS file) every second and reloads when that changes."""
    errors = sorted(set(errors))
    html = Renderer().render("preview_errors.html", {
        "errors": errors, "files": len({e.file for e in errors if e.file}), "digest": errors_digest(errors),
        "state_url": state_url})
    return html.encode("utf-8")
