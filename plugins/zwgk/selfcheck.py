"""Self-inspection (自查): what a site inspector would flag, reported as warnings.

Errors stop a build; these do not, but ``zwgk check`` lists them so the office can
fix them before an inspection (国办秘函〔2019〕19号).
"""

from __future__ import annotations

from .errors import ContentError
from .model import Catalog
from .views import by_category

CATEGORIES_FILE = "catalog/taxonomy/categories.yml"


def inspect(catalog: Catalog) -> list[ContentError]:
    """Warnings about the published site, in a stable order."""
    return blank_columns(catalog)


def blank_columns(catalog: Catalog) -> list[ContentError]:
    """Categories with nothing published show 暂无信息: inspectors count them as 空白栏目."""
    return [
        ContentError(CATEGORIES_FILE, 0, category.id,
                     f"栏目“{category.name}”没有任何已发布的信息（空白栏目），网页上显示“暂无信息”。",
                     "发布这一类信息；国办秘函〔2019〕19号规定空白栏目达到 5 个即判为不合格。")
        for category, entries in zip(catalog.categories, by_category(catalog).values(), strict=True)
        if not entries
    ]
