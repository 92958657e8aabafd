"""The marks every government website shows (《政府网站发展指引》, 国办发〔2017〕47号): which are
required, and which of them catalog/site.yml lacks. Whether a gap stops publishing is the site
plan's decision (a public build: yes; the editors' preview: a warning), so this module only
finds them. Core module: imports errors, layout, loader and the repository boundary only.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError
from .layout import SITE_FILE
from .loader import Document
from .published import docs_uri, within

REQUIRED_MARKS = (  # (key under website:, what the footer calls it, how an office gets it)
    ("sponsor", "主办单位", "写本网站的主办单位全称，例如 洛阳市洛龙区人民政府办公室。"),
    ("address", "联系地址", "写主办单位的办公地址。"),
    ("phone", "联系电话", "写对外公开的办公电话。"),
    ("email", "电子邮箱", "写对外公开的电子邮箱。"),
    ("site_code", "网站标识码",
     "网站标识码由全国政府网站基本数据库分配（10 位），向上级政府办公室（网站主管单位）查询。"),
    ("icp", "ICP 备案编号",
     "在工业和信息化部 ICP/IP 地址/域名信息备案管理系统（beian.miit.gov.cn）查询本网站的备案号。"),
    ("police", "公安机关备案号",
     "在全国互联网安全管理服务平台（beian.mps.gov.cn）办理或查询，例如 豫公网安备 41031102000123号。"),
    ("party_mark", "党政机关网站标识",
     "向本级机构编制部门申请“党政机关”网站标识，把颁发的图片放进 content/，在这里写它的路径。"),
)
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
IMAGE_FIELDS = ("party_mark", "logo")
PARTY_MARK_REGISTRY = "https://bszs.conac.cn/"


def identity_gaps(doc: Document, docs_dir: Path | None) -> list[ContentError]:
    """Every required mark that site.yml does not give, and every mark image that is not a usable
    file inside the docs dir, each with its line and how to get it."""
    website = doc.data.get("website") if isinstance(doc.data.get("website"), dict) else None
    file = doc.file
    if website is None:
        return [ContentError(file, 0, "website（网站标识）",
                             "没有填写网站标识：每个页面底部必须显示的主办单位、联系方式、网站标识码、"
                             "ICP 备案编号、公安机关备案号和党政机关网站标识都缺少。",
                             f"照示例站点的 catalog/{SITE_FILE} 在本文件里加上 website: 一节。")]
    found = [ContentError(file, doc.line_of(("website",)), f"website.{key}（网站标识 › {name}）",
                          f"缺少网站标识“{name}”，页面底部无法显示。", hint)
             for key, name, hint in REQUIRED_MARKS if not website.get(key)]
    for key in IMAGE_FIELDS:
        path = website.get(key)
        if isinstance(path, str) and path:
            problem = _image_problem(path, docs_dir)
            if problem:
                name = "党政机关网站标识" if key == "party_mark" else "页头徽标"
                found.append(ContentError(file, doc.line_of(("website", key)), f"website.{key}（网站标识 › {name}）",
                                          problem[0], problem[1]))
    return found


def _image_problem(path: str, docs_dir: Path | None) -> tuple[str, str] | None:
    """Why the image a mark names cannot be shown, or None."""
    uri = docs_uri(path)
    if uri is None:
        return (f"路径“{path}”指向 content/ 文件夹以外的地方，不能发布。",
                "把图片放进 content/ 里，路径从 content/ 下面写起。")
    if not uri.lower().endswith(IMAGE_SUFFIXES):
        return (f"“{path}”不是图片文件。",
                "标识要用图片文件（SVG、PNG、JPG 或 GIF），例如 attachments/biaoshi/dangzheng-jiguan.png。")
    if docs_dir is not None and (not (docs_dir / uri).is_file() or not within(docs_dir / uri, docs_dir)):
        return f"图片“{path}”不存在。", f"把图片放到 content/{uri}，或改正路径（区分大小写）。"
    return None


def mark_files(website: dict) -> set[str]:
    """The docs-dir files the marks name: published with the site (every page shows them)."""
    return {docs_uri(website[k]) for k in IMAGE_FIELDS if isinstance(website.get(k), str) and docs_uri(website[k])}
