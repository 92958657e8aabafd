"""The standard catalog (标准目录) a platform issues once and every one of its sites inherits.

A platform keeps the official items (事项、内容、依据、时限 …) in one folder, ``standard_dir``
(a setting, relative to mkdocs.yml), laid out like a catalog dir: ``items/<domain>/<id>.yml``
(the item schema, site-specific fields such as publisher, halls or phone may be missing) and,
optionally, ``taxonomy/<name>.yml``. For each site:

- every standard item is one of its items, unless the site's ``catalog/standard.yml`` leaves it
  out with a reason (``left_out: {<id>: <reason>}``);
- a site item file with ``extends: <standard id>`` localises one: the mappings it writes are
  merged into the standard item's (lists and texts replace), the dotted fields it names under
  ``remove:`` (``notes``, ``guide.online_url``) are dropped, the id stays the standard id. The
  result is validated as a normal item; an error in an inherited value names the site file and
  the standard file and line it came from;
- a taxonomy file the site's ``catalog/taxonomy/`` lacks is read from the standard dir's;
- ``reviewed: {<id>: <digest>}`` records the version of each standard item the site last checked;
  a different (or no) digest is a warning (not an error) that prints the digest to paste.

Everything read must lie inside the repository: the nearest folder above mkdocs.yml that holds
``platform.yml`` or ``.git`` (symlinks followed, as in published.py). Core module: imports the
content room's loader, schema and errors only.
"""

from __future__ import annotations

import base64
import copy
import difflib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError
from .filecache import FileCache
from .layout import ITEMS_DIR
from .loader import Document, dotted, read_yaml
from .published import outside_links, within
from .schema import field_label, load_schema, validate_document

STANDARD_FILE = "standard.yml"  # in a site's catalog dir: what it leaves out and what it reviewed
PLATFORM_FILE = "platform.yml"  # marks a platform repository's root (as .git marks any repository)
OPTION = "standard_dir"
DIGEST_LENGTH = 8
SITE_KEYS = ("extends", "remove")  # a site item file's own keys, never part of the item
CHOICE_KEYS = ("left_out", "reviewed")
_EXTENDS = re.compile(rb"^extends[ \t]*:", re.MULTILINE)
STANDARD_READS: FileCache[tuple] = FileCache("standard-documents")  # file → (document, parse errors)
_CHECKED: FileCache[tuple] = FileCache()  # standard file used as written → its schema errors


def repository_root(start: Path) -> Path:
    """The repository a site belongs to: the nearest folder (``start`` included) holding
    platform.yml or .git; ``start`` itself when there is none."""
    start = Path(os.path.abspath(start))
    for folder in (start, *start.parents):
        if (folder / PLATFORM_FILE).exists() or (folder / ".git").exists():
            return folder
    return start


def digest(data: object) -> str:
    """A short fingerprint of an item's data (not of its formatting or comments). Base32 (a–z,
    2–7): YAML never reads it as anything but the text it is, even when it is all digits."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    raw = hashlib.sha256(text.encode("utf-8")).digest()
    return base64.b32encode(raw).decode("ascii").lower()[:DIGEST_LENGTH]


@dataclass(frozen=True)
class Override:
    """A standard item a site localised: its file, the fields it wrote and those it removed."""

    id: str
    file: str
    written: tuple[str, ...]
    removed: tuple[str, ...]
    standard_file: str = ""  # the standard item's file: what the site did not write comes from there


@dataclass(frozen=True)
class StandardUse:
    """What one site took from the standard catalog, for ``zwgk check``."""

    folder: str  # the standard dir, as the site's editors see it
    file: str  # the site's standard.yml
    inherited: tuple[str, ...]  # ids used as written
    overridden: tuple[Override, ...]
    left_out: tuple[tuple[str, str], ...]  # (id, reason)
    reviews: tuple[ContentError, ...]  # standard items changed since (or never) reviewed
    digests: tuple[tuple[str, str], ...] = ()  # (id, current digest) of every item the site uses

    def as_json(self) -> dict:
        return {"folder": self.folder, "file": self.file, "inherited": list(self.inherited),
                "overridden": [{"id": o.id, "file": o.file, "fields": list(o.written), "removed": list(o.removed)}
                               for o in self.overridden],
                "left_out": [{"id": i, "reason": r} for i, r in self.left_out],
                "digests": dict(self.digests)}


@dataclass
class _Entry:
    """One standard item as read."""

    doc: Document
    path: Path
    digest: str


@dataclass
class Standard:
    """The standard catalog as one site's load sees it (created by ``open``)."""

    run: object  # catalog._Run
    folder: Path
    repo: Path
    entries: dict[str, _Entry] = field(default_factory=dict)
    choices: Document | None = None
    left_out: dict[str, str] = field(default_factory=dict)
    reviewed: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, Override] = field(default_factory=dict)
    inherited: list[str] = field(default_factory=list)
    origins: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)  # site file → inherited values
    as_written: set[str] = field(default_factory=set)  # standard files used as written

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, run, folder: Path, config_file: Path, items: bool = True) -> Standard | None:
        """The standard catalog at ``folder``, or None once the reason it cannot be used is recorded;
        ``items``: read its items and the site's choices too (not only its taxonomies)."""
        repo = repository_root(run.root)
        written = _relative(folder, run.root)
        line = _option_line(config_file)
        where = ContentError(config_file.name, line, f"plugins › zwgk › {OPTION}", "", "")
        if not within(folder, repo):
            run.errors.append(_with(where, f"{OPTION}“{written}”指向仓库以外，不能读取。",
                                    "标准目录要放在平台仓库里（如仓库根目录下的 standard/），"
                                    f"{OPTION} 写从 {config_file.name} 所在文件夹到它的相对路径，"
                                    "如 ../../standard；不要用指向仓库以外的符号链接。"))
            return None
        if not folder.is_dir():
            run.errors.append(_with(where, f"找不到标准目录文件夹“{written}”。",
                                    f"改正 {OPTION} 的路径（相对于 {config_file.name} 所在文件夹），"
                                    f"或删去 {OPTION}（不使用标准目录）。"))
            return None
        standard = cls(run, folder, repo)
        for e in outside_links(repo, folder, repo):  # named as the site sees them, never their target
            file = standard.shown(repo / e.file)
            run.errors.append(_with(e, e.message.replace(f"“{e.file}”", f"“{file}”"), e.hint, file=file))
        if items:
            standard._read_items()
            standard._read_choices()
        return standard

    def holds(self, path: Path) -> bool:
        """Whether ``path`` is written under the standard dir (symlinks not followed: see ``within``)."""
        return os.path.abspath(path).startswith(os.path.abspath(self.folder) + os.sep)

    def shown(self, path: Path) -> str:
        """A path as the site's editors see it: relative to the site's folder (../../standard/…)."""
        return _relative(path, self.run.root)

    def _read_items(self) -> None:
        folder = self.folder / ITEMS_DIR
        paths = sorted(p for pattern in ("*.yml", "*.yaml") for p in folder.rglob(pattern)
                       if within(p, self.repo) and within(p, self.folder))
        for path in paths:
            doc = self._raw(path)
            if doc is None:
                continue
            data = doc.data if isinstance(doc.data, dict) else {}
            item_id = data.get("id")
            if not isinstance(item_id, str) or not item_id:
                self.run.errors.append(ContentError(doc.file, doc.line_of(("id",)), "id（事项编号）",
                                                    "标准事项没有写编号（id）。",
                                                    "每个标准事项都要有编号：各站点用它继承（extends）或不采用（left_out）。"))
                continue
            if item_id in self.entries:
                first = self.entries[item_id].doc.file
                self.run.errors.append(ContentError(doc.file, doc.line_of(("id",)), "id（事项编号）",
                                                    f"标准事项编号“{item_id}”已被 {first} 使用。",
                                                    "标准目录里每个事项的编号必须不同：给这一条换一个编号。"))
                continue
            self.entries[item_id] = _Entry(doc, path, digest(doc.data))

    def _raw(self, path: Path) -> Document | None:
        """A YAML file parsed (kept while it is unchanged); its parse errors are recorded."""
        shown = self.shown(path)
        doc, errors = STANDARD_READS.get(path, shown, lambda: read_yaml(path, shown))
        self.run.errors.extend(errors)
        return doc

    def _read_choices(self) -> None:
        """The site's standard.yml: every entry checked, all mistakes recorded."""
        path = self.run.catalog_dir / STANDARD_FILE
        if not path.exists():
            return
        if not self.run.inside(path):
            return  # a symlink out of the repository: reported by outside_links, never read
        doc = self._raw(path)
        if doc is None:
            return
        self.choices = doc
        if not isinstance(doc.data, dict):
            self._choice_error((), "standard.yml 应该是一组字段。",
                               "写 left_out:（不采用的标准事项及理由）和 reviewed:（已审阅的版本），见编辑指南。")
            return
        for key in doc.data:
            if key not in CHOICE_KEYS:
                close = difflib.get_close_matches(str(key), CHOICE_KEYS, n=1, cutoff=0.5)
                self._choice_error((key,), f"不认识的字段“{key}”。",
                                   f"是不是想写“{close[0]}”？" if close else "这里只能写 left_out 和 reviewed。")
        for key in CHOICE_KEYS:
            value = doc.data.get(key)
            if value is not None and not isinstance(value, dict):
                self._choice_error((key,), f"“{key}”应该是“编号: 内容”的一组字段。",
                                   "每行写一个标准事项编号，冒号后写内容，例如  minzheng-dibao: 本区不承担此项职能")
        left_out = doc.data.get("left_out") if isinstance(doc.data.get("left_out"), dict) else {}
        for item_id, reason in left_out.items():
            if item_id not in self.entries:
                self._unknown(("left_out", item_id), item_id)
            elif not isinstance(reason, str) or not reason.strip():
                self._choice_error(("left_out", item_id), f"不采用标准事项“{item_id}”没有写理由。",
                                   f"在冒号后写一句理由，例如  {item_id}: 本区不承担此项职能（区编办〔2024〕3号）")
            else:
                self.left_out[item_id] = reason.strip()
        reviewed = doc.data.get("reviewed") if isinstance(doc.data.get("reviewed"), dict) else {}
        for item_id, value in reviewed.items():
            if item_id not in self.entries:
                self.run.warnings.append(ContentError(
                    doc.file, doc.line_of(("reviewed", item_id)), _field(("reviewed", item_id)),
                    f"标准目录里已没有编号为“{item_id}”的事项（可能已被平台删除或改了编号）。",
                    "删去这一行；如果是改了编号，按 zwgk check 的提醒写上新编号。"))
            elif value is not None and not isinstance(value, list | dict):
                self.reviewed[item_id] = str(value)

    def _choice_error(self, path: tuple, message: str, hint: str) -> None:
        doc = self.choices
        self.run.errors.append(ContentError(doc.file, doc.line_of(path), _field(path), message, hint))

    def _unknown(self, path: tuple, item_id: object) -> None:
        close = difflib.get_close_matches(str(item_id), list(self.entries), n=1, cutoff=0.75)
        self._choice_error(path, f"标准目录里没有编号为“{item_id}”的事项。",
                           (f"是不是想写“{'”或“'.join(close)}”？" if close else
                            f"编号要与 {self.shown(self.folder / ITEMS_DIR)}/ 里事项文件的 id 一致。"))

    # ---------------------------------------------------------------- the site's items

    def item_sources(self, paths: list[Path]) -> list:
        """(document, passed the item schema) of the site's own item files, the items they extend
        (merged) and the standard items used as written: what ``catalog._Sources`` reads."""
        run = self.run
        found = []
        for path in paths:
            if run.inside(path) and extends_standard(path):
                merged = self._extend(path)
                if merged is not None:
                    found.append(merged)
                continue
            doc, ok = run.read_checked(path, "item")
            if doc is None:
                continue
            item_id = doc.data.get("id") if isinstance(doc.data, dict) else None
            if isinstance(item_id, str) and item_id in self.entries:
                entry = self.entries[item_id]
                run.errors.append(ContentError(
                    doc.file, doc.line_of(("id",)), "id（事项编号）",
                    f"编号“{item_id}”已是标准事项（{entry.doc.file}）的编号。",
                    f"要本地化这个标准事项：把 id 这一行改成  extends: {item_id}，只写本站不同的字段；"
                    "是另一个事项：给它换一个编号。"))
                continue
            found.append((doc, ok))
        for item_id, entry in self.entries.items():
            if item_id not in self.overrides and item_id not in self.left_out:
                used = self._as_written(entry)
                if used is not None:
                    found.append(used)
        return found

    def _as_written(self, entry: _Entry):
        """A standard item the site inherits unchanged: it must be complete on its own."""
        doc, run = entry.doc, self.run
        self.inherited.append(doc.data["id"])
        self.as_written.add(doc.file)
        schema = load_schema("item")
        missing = [key for key in schema["required"] if key not in doc.data]
        if missing:
            names = "、".join(f"{key}（{field_label(schema, (key,))}）" for key in missing)
            site = _relative(run.catalog_dir, self.repo)
            item_id = doc.data["id"]
            run.errors.append(ContentError(
                doc.file, doc.line_of(("id",)), "",
                f"标准事项“{item_id}”缺少各站点自己填写的 {names}，站点 {site} 不能原样沿用。",
                f"在 {_relative(run.catalog_dir, run.root)}/{ITEMS_DIR}/ 下新建一个文件，写  extends: {item_id}  "
                f"并补上这些字段；或在 {_relative(run.catalog_dir / STANDARD_FILE, run.root)} 的 left_out 下写  "
                f"{item_id}: 不采用的理由。"))
            return None
        errors = _CHECKED.get(entry.path, doc.file, lambda: tuple(validate_document(doc, "item")))
        run.errors.extend(errors)
        return doc, not errors

    def _extend(self, path: Path):
        """The standard item a site file extends, with the site's fields merged in and the removed
        ones dropped; None once the file's mistakes are recorded."""
        run = self.run
        doc = self._raw(path)
        if doc is None:
            return None
        site = doc.data if isinstance(doc.data, dict) else {}

        def error(at: tuple, message: str, hint: str) -> None:
            run.errors.append(ContentError(doc.file, doc.line_of(at), _field(at), message, hint))

        base_id = site.get("extends")
        if not isinstance(base_id, str) or base_id not in self.entries:
            close = difflib.get_close_matches(str(base_id), list(self.entries), n=1, cutoff=0.75)
            error(("extends",), f"标准目录里没有编号为“{base_id}”的事项。",
                  f"是不是想写“{'”或“'.join(close)}”？" if close else
                  f"extends 后写 {self.shown(self.folder / ITEMS_DIR)}/ 里某个事项的编号（id）。")
            return None
        if base_id in self.overrides:
            error(("extends",), f"标准事项“{base_id}”已由 {self.overrides[base_id].file} 扩展。",
                  "一个标准事项只能有一个本站文件扩展它：把两个文件合并成一个。")
            return None
        if base_id in self.left_out:
            error(("extends",), f"标准事项“{base_id}”已在 {self.choices.file} 里写为不采用，又在这里扩展。",
                  f"要用它：删去 {self.choices.file} 里 left_out 下的这一行；不用它：删去这个文件。")
            return None
        if "id" in site and site["id"] != base_id:
            error(("id",), f"扩展标准事项时编号沿用“{base_id}”，这里却写了“{site['id']}”。",
                  "删去 id 这一行（或写成与 extends 相同的编号）；要另立一个事项，就删去 extends 并写齐全部字段。")
            return None
        entry = self.entries[base_id]
        own = {k: v for k, v in site.items() if k not in SITE_KEYS}
        removed = self._removals(doc, entry, own, error)
        if removed is None:
            return None
        data = _drop(_merge(copy.deepcopy(entry.doc.data), own), removed)
        data["id"] = base_id
        written = _written(entry.doc.data, own)
        self.overrides[base_id] = Override(base_id, doc.file, tuple(written),
                                           tuple(".".join(p) for p in removed), entry.doc.file)
        at = doc.line_of(("extends",))
        kept = [p for p in entry.doc.lines if not _under(p, removed)]
        lines = {p: at for p in kept}
        lines.update({p: n for p, n in doc.lines.items() if p[:1] not in [(k,) for k in SITE_KEYS]})
        lines.setdefault(("id",), at)
        self.origins[doc.file] = {dotted(p): (entry.doc.file, entry.doc.lines[p])
                                  for p in kept if p and p not in doc.lines}
        broken = {p for p in doc.broken if p[:1] not in [(k,) for k in SITE_KEYS]}
        broken |= {p for p in entry.doc.broken if p not in doc.lines and not _under(p, removed)}
        merged = Document(doc.file, data, lines, broken=frozenset(broken))
        errors = validate_document(merged, "item")
        run.errors.extend(errors)
        return merged, not errors

    def _removals(self, doc: Document, entry: _Entry, own: dict, error) -> list[tuple] | None:
        """The paths a site file's ``remove:`` names, each checked; None when the list is unusable."""
        value = doc.data.get("remove", [])
        if not isinstance(value, list):
            error(("remove",), "remove 应该是一个列表。",
                  "每行写一个要删去的字段，以“- ”开头，例如  - guide.online_url")
            return None
        removed = []
        for i, name in enumerate(value):
            at = ("remove", i)
            if not isinstance(name, str) or not name.strip():
                error(at, "remove 里每一项应该是一个字段名。", "例如  - notes  或  - guide.online_url")
                continue
            if "[" in name or "]" in name:
                error(at, f"“{name}”：只能删去字段，不能删去列表中的某一项。",
                      "在本文件里写出整个列表（去掉不要的那一项），它会替换标准事项的列表。")
                continue
            path = tuple(name.strip().split("."))
            if path == ("id",):
                error(at, "不能删去编号（id）。",
                      "不采用这个标准事项时，删去本文件，在 standard.yml 的 left_out 下写明理由。")
                continue
            if _has(own, path) or any(_has(own, path[:n]) and not isinstance(_get(own, path[:n]), dict)
                                      for n in range(1, len(path))):
                error(at, f"字段“{name}”既在本文件里写了，又列在 remove 里。",
                      "保留其中一处：要改写它就删去 remove 里这一行。")
                continue
            if not _has(entry.doc.data, path):
                self.run.warnings.append(ContentError(
                    doc.file, doc.line_of(at), _field(at),
                    f"标准事项“{entry.doc.data['id']}”没有字段“{name}”，不用删去（标准目录可能已经删了它）。",
                    "删去 remove 里这一行。"))
                continue
            removed.append(path)
        return removed

    # ---------------------------------------------------------------- after reading

    def explain(self, errors: list[ContentError]) -> list[ContentError]:
        """Errors in values a site inherited, saying where they came from and how to fix them."""
        explained = []
        for e in errors:
            origins = self.origins.get(e.file)
            if origins:
                name = e.field.split("（", 1)[0]
                while name and name not in origins:
                    name = _parent(name)
                if name:
                    file, line = origins[name]
                    e = _with(e, f"{e.message}（这个值继承自标准事项 {file}:{line}）",
                              _join(e.hint, "可以在本文件里写这个字段覆盖它，或把它列在 remove 下；"
                                            "要改正标准目录，请告诉平台维护人员。"))
            elif e.file in self.as_written and STANDARD_FILE not in e.hint:
                e = _with(e, e.message, _join(e.hint, "这是本站原样沿用的标准事项：请平台维护人员改正；"
                                                      f"或在本站写一个 extends: 文件覆盖这个字段，或在 {STANDARD_FILE} "
                                                      "的 left_out 下写明不采用的理由。"))
            explained.append(e)
        return explained

    def use(self) -> StandardUse:
        """What the site took, and the reviews it owes."""
        used = sorted(set(self.inherited) | set(self.overrides))
        file = _relative(self.run.catalog_dir / STANDARD_FILE, self.run.root)
        reviews = []
        for item_id in used:
            entry = self.entries[item_id]
            now, seen = entry.digest, self.reviewed.get(item_id)
            if seen == now:
                continue
            at = ("reviewed", item_id)
            listed = self.choices is not None and ("reviewed",) in self.choices.lines
            line = self.choices.line_of(at) if listed else 0  # its line, else reviewed:'s (where to paste)
            if seen is None:
                message = f"本站还没有审阅过标准事项“{item_id}”（{entry.doc.file}，当前版本 {now}）。"
                hint = f"核对后在 {file} 的 reviewed: 下写一行  {item_id}: {now}"
            else:
                message = (f"标准事项“{item_id}”在本站上次审阅（版本 {seen}）之后有改动，当前版本 {now}。")
                hint = (f"用 git log -p {entry.doc.file} 查看改动，需要时修改本站的扩展文件，"
                        f"再把 {file} 里 reviewed: 下这一行改成  {item_id}: {now}")
            reviews.append(ContentError(file, line, _field(("reviewed", item_id)), message, hint))
        overridden = tuple(self.overrides[i] for i in sorted(self.overrides))
        return StandardUse(self.shown(self.folder), file, tuple(sorted(self.inherited)), overridden,
                           tuple(sorted(self.left_out.items())), tuple(reviews),
                           tuple((i, self.entries[i].digest) for i in used))


def without_standard(errors: list[ContentError]) -> list[ContentError]:
    """In a site without a standard catalog, ``extends:``/``remove:`` are unknown fields: say why."""
    return [_with(e, e.message, f"{SITE_KEYS[0]}、{SITE_KEYS[1]} 只能用在设置了标准目录的站点：在 mkdocs.yml 的 zwgk "
                                f"插件下写 {OPTION}（平台标准目录的相对路径，如 ../../standard）；本站不用标准目录时，"
                                "删去这一行，把事项的全部字段写在这个文件里。")
            if e.field.split("（", 1)[0] in SITE_KEYS and "不认识的字段" in e.message else e for e in errors]


# ---------------------------------------------------------------- helpers


def extends_standard(path: Path) -> bool:
    """Whether a site item file extends a standard item (a top-level ``extends:`` line)."""
    try:
        return bool(_EXTENDS.search(path.read_bytes()))
    except OSError:
        return False


def _merge(base: dict, over: dict) -> dict:
    """``over`` written onto ``base``: mappings merge key by key, anything else replaces."""
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


def _written(base: dict, over: dict, prefix: tuple = ()) -> list[str]:
    """The dotted fields ``over`` sets (a mapping merged into the base's counts by its own fields)."""
    found = []
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            found += _written(base[key], value, prefix + (key,))
        else:
            found.append(".".join(prefix + (key,)))
    return found


def _drop(data: dict, paths: list[tuple]) -> dict:
    for path in paths:
        holder = _get(data, path[:-1])
        if isinstance(holder, dict):
            holder.pop(path[-1], None)
    return data


_MISSING = object()


def _get(data: object, path: tuple, default: object = None) -> object:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return default
        data = data[key]
    return data


def _has(data: object, path: tuple) -> bool:
    return _get(data, path, _MISSING) is not _MISSING


def _under(path: tuple, removed: list[tuple]) -> bool:
    return any(path[:len(r)] == r for r in removed)


def _parent(name: str) -> str:
    """guide.materials[1].name → guide.materials[1] → guide.materials → guide → ''."""
    match = re.search(r"(\.[^.\[]+|\[\d+\])$", name)
    return name[:match.start()] if match else ""


_LABELS = {"extends": "继承的标准事项", "remove": "删去的字段",  # a site item file's own keys
           "left_out": "不采用的标准事项", "reviewed": "已审阅的版本"}  # standard.yml's


def _field(path: tuple) -> str:
    """A field as errors name it: remove[1]（删去的字段 › 第2项）, id（事项编号）."""
    if not path:
        return ""
    if path[0] in _LABELS:
        label = " › ".join([_LABELS[path[0]], *(f"第{p + 1}项" for p in path[1:] if isinstance(p, int))])
    else:
        label = field_label(load_schema("item"), path)
    return f"{dotted(path)}（{label}）"


def _join(hint: str, more: str) -> str:
    return f"{hint.rstrip('。')}。{more}" if hint else more


def _with(error: ContentError, message: str, hint: str, file: str | None = None) -> ContentError:
    return ContentError(file or error.file, error.line, error.field, message, hint)


def _relative(path: Path, start: Path) -> str:
    """``path`` from ``start``, symlinks not followed (../../standard)."""
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(start))).as_posix()


def _option_line(config_file: Path) -> int:
    """The line of mkdocs.yml that sets the option (0 when it cannot be found)."""
    try:
        lines = config_file.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((n for n, line in enumerate(lines, 1) if line.strip().startswith(f"{OPTION}:")), 0)
