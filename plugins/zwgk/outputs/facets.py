"""The 组合筛选 panels' data files: one small JSON per listing page (site/facets.py decides what it
holds), written as compact, sorted-key UTF-8 so the same plan gives the same bytes."""

from __future__ import annotations

import json

from ..site.plan import Site


def facet_files(site: Site) -> dict[str, bytes]:
    """Every listing's JSON by its path in the site dir (a category's pages share one)."""
    found = {}
    for spec in site.pages.values():
        facets = spec.context.get("facets")
        if facets and facets["uri"] not in found:
            found[facets["uri"]] = json.dumps(facets["data"], ensure_ascii=False, sort_keys=True,
                                              separators=(",", ":")).encode("utf-8")
    return found
