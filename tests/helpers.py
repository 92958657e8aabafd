"""Builders of small catalogs on disk for validation tests."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SERVICE_ITEM = """\
id: {id}
domain: 就业创业
category: 公共服务
matter:
  level1: 就业服务
  level2: {title}
content: 办理依据、申请条件、办理流程
basis:
  - 《中华人民共和国就业促进法》
publisher: 洛龙区人力资源和社会保障局
channels: [政府网站, 公示栏]
audience: 全社会
levels: [区级, 村级]
formed_date: 2024-03-01
published_date: 2024-03-08
guide:
  legal_basis:
    - 《就业服务与就业管理规定》
  implementing_body: 洛龙区公共就业和人才服务中心
  conditions:
    - 处于无业状态
  materials:
    - name: 居民身份证
      form: 原件
  process:
    - name: 受理
  fee: 不收费
  location: 洛龙区政务服务中心
  hours: 工作日 8:30—17:30
  phone: 0379-65010001
"""


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def single(result: tuple) -> object:
    """The one error of a (catalog, errors) result that must have failed with exactly one."""
    catalog, errors = result
    assert catalog is None
    assert len(errors) == 1, [e.format() for e in errors]
    return errors[0]


def make_catalog(tmp_path: Path, items: dict[str, str]) -> Path:
    """A catalog folder with the demo taxonomies and the given item files (name → text)."""
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog" / "taxonomy", catalog / "taxonomy")
    shutil.copy2(ROOT / "catalog" / "site.yml", catalog / "site.yml")
    for name, text in items.items():
        path = catalog / "items" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (tmp_path / "content").mkdir(exist_ok=True)
    return catalog


def service_item(item_id: str = "jiuye-test", title: str = "测试事项",
                 replace: dict[str, str] | None = None) -> str:
    """The valid service item, with text replaced: {"  fee: 不收费\n": ""} deletes the fee."""
    text = SERVICE_ITEM.format(id=item_id, title=title)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return text


DOCUMENT = """\
---
id: {id}
title: {title}
category: 规范性文件
publisher: 区政府办公室
topic: 民政、扶贫、救灾
written_date: 2024-03-01
published_date: 2024-03-05
doc_number: 洛龙政办〔2024〕5号
domain: 社会救助
---
## 第一条

为保障困难群众基本生活，制定本办法。
"""

INTERPRETATION = """\
---
title: {title}
interprets: [{doc_id}]
form: 文字
publisher: 洛龙区民政局
published_date: 2024-03-10
---
## 出台背景

解读正文。
"""


def document(doc_id: str = "llzb-2024-05", title: str = "关于印发低保实施办法的通知",
             replace: dict[str, str] | None = None) -> str:
    return _replaced(DOCUMENT.format(id=doc_id, title=title), replace)


def interpretation(title: str = "低保办法解读", doc_id: str = "llzb-2024-05",
                   replace: dict[str, str] | None = None) -> str:
    return _replaced(INTERPRETATION.format(title=title, doc_id=doc_id), replace)


def _replaced(text: str, replace: dict[str, str] | None) -> str:
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def make_project(tmp_path: Path, documents: dict[str, str] | None = None,
                 pages: dict[str, str] | None = None, items: dict[str, str] | None = None) -> Path:
    """A catalog (demo taxonomies and site.yml) plus docs-dir pages, e.g. {"jiedu/a.md": text}."""
    catalog = make_catalog(tmp_path, items or {"jiuye/jiuye-test.yml": service_item()})
    for name, text in (documents or {}).items():
        path = catalog / "documents" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    for name, text in (pages or {}).items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8") if isinstance(text, str) else path.write_bytes(text)
    return catalog


POSTING = """\
---
title: {title}
place: {place}
kind: 公示名单
publisher: 东高村村民委员会
start_date: 2026-01-05
end_date: 2026-01-16
---
| 序号 | 姓名 | 村（组） |
| --- | --- | --- |
| 1 | 王某某 | 东高村一组 |

公示期间如有异议，请向村委会反映，监督电话：0379-65050001。
"""


def posting(title: str = "2026年第一季度低保拟保对象名单公示", place: str = "lilou-donggao",
            replace: dict[str, str] | None = None) -> str:
    return _replaced(POSTING.format(title=title, place=place), replace)
