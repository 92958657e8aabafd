"""One repository, many sites (集约化): ``platform.yml`` at the repository root lists the sites a
city or province platform hosts, each with its own mkdocs.yml and the sub-path it is published
under. This module reads and validates that file (every mistake at once, with line and hint),
works out each site's inputs and their content hash (what decides whether ``zwgk build --all``
rebuilds a site), which sites a git change touches (``zwgk sites --changed``), and writes the
platform's home page with its all-sites search. Builds themselves run in other processes
(``zwgk build --site ID``), so nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path, PurePosixPath

from ..content.errors import ContentError, format_errors
from ..content.loader import Document, read_yaml
from ..content.settings import SITE_URL_VARIABLE, read_settings
from ..outputs.files import write_atomically
from ..outputs.render import Renderer

PLATFORM_FILE = "platform.yml"
STATE_DIR = ".cache/zwgk/platform"  # one small JSON file per site: the hash of its last good build
DEFAULT_OUTPUT = "public"
HOME_ASSET = "assets/platform.js"  # the home page's search script, under the output folder
RESERVED_PATHS = {"assets", "pagefind", "index.html"}  # the home page's own files at the output root
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PATH_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*/$")
TOP_FIELDS = {"name", "url", "output", "shared", "sites"}
SITE_FIELDS = {"id", "name", "config", "path"}
# besides each site's own files: what every site is built with
PACKAGE = Path(__file__).resolve().parent.parent  # the zwgk package: its code, templates, assets
ENGINE_PACKAGES = ("zwgk", "mkdocs", "mkdocs-material", "properdocs", "pagefind")
SKIPPED_NAMES = {".git", ".cache", "__pycache__", ".pytest_cache", "node_modules"}


class PlatformInvalid(Exception):
    """platform.yml cannot be used; ``errors`` lists every mistake found."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__(format_errors(self.errors).replace("处内容错误", "处平台配置错误", 1))


@dataclass(frozen=True)
class PlatformSite:
    id: str
    name: str
    config: Path  # the site's mkdocs.yml (absolute)
    path: str  # the sub-path under the platform's output folder and address, e.g. "jianxi/"

    @property
    def config_name(self) -> str:
        return self.config.name


@dataclass(frozen=True)
class Platform:
    root: Path  # the folder of platform.yml: the repository
    file: Path
    name: str
    url: str  # the platform's address, ending in "/"; a site is published at url + path
    output: Path  # where `zwgk build --all` puts the home page and every site under its path
    shared: tuple[Path, ...]  # folders and files every site is built with (standard catalog, taxonomies)
    sites: tuple[PlatformSite, ...]

    def site(self, site_id: str) -> PlatformSite:
        for site in self.sites:
            if site.id == site_id:
                return site
        known = "、".join(s.id for s in self.sites)
        raise PlatformInvalid([ContentError(
            self.file.name, 0, "sites", f"平台没有编号为“{site_id}”的站点。",
            f"写 {self.file.name} 里 sites 下的某个 id：{known}。")])

    def site_url(self, site: PlatformSite) -> str:
        return self.url + site.path

    def site_dir(self, site: PlatformSite) -> Path:
        return self.output / site.path.rstrip("/")

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)


def read_platform(file: Path | str = PLATFORM_FILE) -> Platform:
    """The platform described by ``file``; raises PlatformInvalid with every mistake in it."""
    file = Path(file).resolve()
    shown = file.name
    if not file.is_file():
        raise PlatformInvalid([ContentError(shown, 0, "", f"找不到平台配置文件 {file}。",
                                            f"在仓库根目录写 {PLATFORM_FILE}，列出各站点"
                                            "（见 README“一个仓库多个站点”）。")])
    doc, errors = read_yaml(file, shown)
    if doc is None:
        raise PlatformInvalid(errors)
    root = file.parent
    data = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(doc.data, dict):
        errors.append(ContentError(shown, 1, "", "平台配置应是若干“字段: 值”。",
                                   "照 README 的例子写 name、url、sites 等字段。"))
    errors += _unknown(doc, (), data, TOP_FIELDS)
    name = _text(doc, ("name",), data, errors, "平台名称，如 洛阳市基层政务公开平台")
    url = _text(doc, ("url",), data, errors, "平台的网址，如 https://zwgk.luoyang.gov.cn/")
    if url and not re.match(r"^https?://[^/\s]+(/\S*)?$", url):
        errors.append(ContentError(shown, doc.line_of(("url",)), "url", f"“{url}”不是网址。",
                                   "写完整的网址，以 https:// 开头，如 https://zwgk.luoyang.gov.cn/。"))
    url = url.rstrip("/") + "/" if url else ""
    output_text = data.get("output", DEFAULT_OUTPUT)
    output = _inside(doc, ("output",), output_text, root, errors, must_exist=False)
    shared: list[Path] = []
    raw_shared = data.get("shared", [])
    if not isinstance(raw_shared, list):
        errors.append(ContentError(shown, doc.line_of(("shared",)), "shared", "shared 应是文件夹的列表。",
                                   "每行写一个以“- ”开头的文件夹，如 - theme。"))
        raw_shared = []
    for n, entry in enumerate(raw_shared):
        found = _inside(doc, ("shared", n), entry, root, errors, must_exist=True)
        if found:
            shared.append(found)
    sites = _sites(doc, data, root, errors)
    if output and output == root:
        errors.append(ContentError(shown, doc.line_of(("output",)), "output", "output 不能是仓库本身。",
                                   f"写一个新文件夹，如 {DEFAULT_OUTPUT}。"))
        output = None
    platform = Platform(root, file, name, url, output or root / DEFAULT_OUTPUT, tuple(shared), tuple(sites))
    for site in sites if output else ():  # a build must never write over what the sites are made from
        clash = next((p for p in site_inputs(platform, site) if p != file and (
            output == p or output.is_relative_to(p) or p.is_relative_to(output))), None)
        if clash:
            errors.append(ContentError(shown, doc.line_of(("output",)), "output",
                                       f"输出文件夹“{output_text}”和站点 {site.id} 的“{platform.relative(clash)}”"
                                       "重叠：构建会覆盖站点的内容。", f"写一个新文件夹，如 {DEFAULT_OUTPUT}。"))
            break
    if errors:
        raise PlatformInvalid(errors)
    return platform


def _sites(doc: Document, data: dict, root: Path, errors: list[ContentError]) -> list[PlatformSite]:
    shown = doc.file
    raw = data.get("sites")
    if not isinstance(raw, list) or not raw:
        errors.append(ContentError(shown, doc.line_of(("sites",)), "sites", "没有列出任何站点。",
                                   "在 sites 下每个站点写一项：id、name、config（站点的 mkdocs.yml）、"
                                   "path（子路径）。"))
        return []
    sites: list[PlatformSite] = []
    seen_ids: dict[str, int] = {}
    seen_paths: dict[str, int] = {}
    for n, entry in enumerate(raw):
        at = ("sites", n)
        if not isinstance(entry, dict):
            errors.append(ContentError(shown, doc.line_of(at), f"sites[{n}]",
                                       "站点应写成 id、name、config、path 几个字段。",
                                       "照其他站点的样子写，每个字段一行。"))
            continue
        before = len(errors)
        errors += _unknown(doc, at, entry, SITE_FIELDS)
        site_id = _text(doc, (*at, "id"), entry, errors, "站点编号，小写字母、数字和“-”，如 jianxi")
        if site_id and not ID_PATTERN.match(site_id):
            errors.append(ContentError(shown, doc.line_of((*at, "id")), f"sites[{n}].id",
                                       f"站点编号“{site_id}”只能用小写字母、数字和“-”。", "如 jianxi、yibin-qu。"))
        elif site_id in seen_ids:
            errors.append(ContentError(shown, doc.line_of((*at, "id")), f"sites[{n}].id",
                                       f"站点编号“{site_id}”和第 {seen_ids[site_id]} 行的重复了。",
                                       "每个站点用不同的编号。"))
        seen_ids.setdefault(site_id, doc.line_of((*at, "id")))
        name = _text(doc, (*at, "name"), entry, errors, "站点名称，如 涧西区基层政务公开")
        config = _inside(doc, (*at, "config"), entry.get("config"), root, errors, must_exist=True, file=True)
        path = entry.get("path")
        line = doc.line_of((*at, "path"))
        if not isinstance(path, str) or not path.strip():
            errors.append(ContentError(shown, line, f"sites[{n}].path", "没有写站点发布的子路径。",
                                       "写平台网址后面的一段，如 jianxi/（网址就是 平台网址 + jianxi/）。"))
            path = ""
        else:
            path = path.strip().strip("/") + "/"
            if not PATH_PATTERN.match(path):
                errors.append(ContentError(shown, line, f"sites[{n}].path",
                                           f"子路径“{entry['path']}”只能用小写字母、数字、“-”和分隔层级的“/”。",
                                           "如 jianxi/ 或 xian/yibin/；不要写网址开头的部分，也不要写“..”。"))
            elif path.split("/")[0] in RESERVED_PATHS:
                errors.append(ContentError(shown, line, f"sites[{n}].path",
                                           f"子路径“{path}”是平台首页自己用的名字。", "换一个，如用站点编号。"))
            else:
                for other, other_line in seen_paths.items():
                    if path.startswith(other) or other.startswith(path):
                        errors.append(ContentError(shown, line, f"sites[{n}].path",
                                                   f"子路径“{path}”和第 {other_line} 行的“{other}”重复或互相包含。",
                                                   "每个站点用自己的一段子路径，不要一个套在另一个里面。"))
                        break
                seen_paths[path] = line
        if len(errors) == before:
            sites.append(PlatformSite(site_id, name, config, path))
    return sites


def _unknown(doc: Document, at: tuple, data: dict, known: set[str]) -> list[ContentError]:
    return [ContentError(doc.file, doc.line_of((*at, key)), _field((*at, key)),
                         f"不认识的字段“{key}”。", f"可以写的字段：{'、'.join(sorted(known))}；检查拼写。")
            for key in data if key not in known]


def _text(doc: Document, at: tuple, data: dict, errors: list[ContentError], what: str) -> str:
    value = data.get(at[-1])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        errors.append(ContentError(doc.file, doc.line_of(at), _field(at), f"缺少 {at[-1]}。", f"写上{what}。"))
        return ""
    return value.strip()


def _field(at: tuple) -> str:
    text = ""
    for part in at:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _inside(doc: Document, at: tuple, value, root: Path, errors: list[ContentError], *, must_exist: bool,
            file: bool = False) -> Path | None:
    """A path written relative to the repository that stays inside it (and exists, if it must)."""
    line, field = doc.line_of(at), _field(at)
    if not isinstance(value, str) or not value.strip():
        what = "站点的 mkdocs.yml，如 sites/jianxi/mkdocs.yml" if file else "仓库里的文件夹，如 theme"
        errors.append(ContentError(doc.file, line, field, f"缺少 {field} 的路径。", f"写{what}。"))
        return None
    written = PurePosixPath(value.strip())
    path = (root / written).resolve()
    if written.is_absolute() or ".." in written.parts or not path.is_relative_to(root):
        errors.append(ContentError(doc.file, line, field, f"“{value}”不在仓库里。",
                                   "写相对于仓库根目录的路径，不用“/”开头，也不用“..”。"))
        return None
    if must_exist and not (path.is_file() if file else path.exists()):
        errors.append(ContentError(doc.file, line, field, f"找不到“{value}”。",
                                   "检查路径的拼写（相对于 platform.yml 所在的文件夹）。"))
        return None
    return path


# ---------------------------------------------------------------- a site's inputs and their hash


def site_inputs(platform: Platform, site: PlatformSite) -> list[Path]:
    """Everything the site's pages come from: its mkdocs.yml, every folder its zwgk options name
    (catalog, templates, a shared standard catalog…), its docs and theme folders, the platform's
    shared folders and platform.yml itself. The zwgk package and engines count too (input_hash)."""
    settings = read_settings(site.config)
    folder = site.config.parent
    found = {site.config, platform.file, settings.docs_dir, *platform.shared}
    for key, value in settings.options.items():
        if key.endswith("_dir") and isinstance(value, str) and value:
            found.add(folder / value)
    theme = _theme_dir(site.config)
    if theme:
        found.add(folder / theme)
    return sorted({p.resolve() for p in found})


def _theme_dir(config: Path) -> str | None:
    """mkdocs.yml's theme.custom_dir, read as plain YAML (tags ignored)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config.read_text("utf-8"), Loader=Loader) or {}
    except (OSError, yaml.YAMLError):
        return None
    theme = data.get("theme") if isinstance(data, dict) else None
    return theme.get("custom_dir") if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str) else None


def _files(path: Path):
    if path.is_file():
        yield path
        return
    if not path.is_dir():
        return
    for child in sorted(path.iterdir()):
        if child.name in SKIPPED_NAMES or child.name.startswith(".") and child.is_dir():
            continue
        yield from _files(child)


def _engines() -> str:
    versions = []
    for name in ENGINE_PACKAGES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return ";".join(versions)


def package_digest() -> str:
    """The zwgk code, templates and assets in use, and the engines' versions: a new release
    (or an edited template) rebuilds every site."""
    digest = hashlib.sha256(_engines().encode())
    for file in _files(PACKAGE):
        if file.suffix in (".pyc",):
            continue
        digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def input_hash(platform: Platform, site: PlatformSite, package: str | None = None) -> str:
    """The content hash of a site's inputs (file names and bytes, not times: a fresh checkout of
    the same commit hashes the same), with the day it is built for, the address it is built at
    and the zwgk package: the same hash means the same site."""
    settings = read_settings(site.config)
    digest = hashlib.sha256()
    digest.update(f"{site.id}\0{platform.site_url(site)}\0{settings.build_date}\0".encode())
    # the zwgk options as this build reads them (mkdocs.yml's !ENV values: ZWGK_PDFS=true makes PDFs)
    digest.update(json.dumps(settings.options, sort_keys=True, default=str).encode())
    digest.update(json.dumps(sorted((k, v) for k, v in os.environ.items()
                                    if k.startswith("ZWGK_") and k != SITE_URL_VARIABLE)).encode())
    digest.update((package or package_digest()).encode())
    for root in site_inputs(platform, site):
        for file in _files(root):
            digest.update(platform.relative(file).encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def state_file(platform: Platform, site: PlatformSite) -> Path:
    return platform.root / STATE_DIR / f"{site.id}.json"


def is_current(platform: Platform, site: PlatformSite, digest: str) -> bool:
    """Whether the site in the output folder was built from exactly these inputs."""
    try:
        state = json.loads(state_file(platform, site).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    target = platform.site_dir(site)
    return (isinstance(state, dict) and state.get("hash") == digest and state.get("output") == platform.relative(target)
            and (target / "index.html").is_file())


def remember(platform: Platform, site: PlatformSite, digest: str) -> None:
    """After a good build: the hash it was built from (taken before the build started)."""
    data = {"hash": digest, "output": platform.relative(platform.site_dir(site))}  # a moved checkout stays current
    write_atomically(state_file(platform, site), json.dumps(data).encode(), mode=None)


# ---------------------------------------------------------------- what a git change touches


class GitUnavailable(RuntimeError):
    """The base ref cannot be compared with; the message says why in Chinese."""


def changed_files(root: Path, base_ref: str) -> list[str]:
    """Paths (relative to ``root``) that differ between ``base_ref`` and the working tree."""
    proc = subprocess.run(["git", "-C", str(root), "diff", "--name-only", "--no-renames", "--relative", base_ref,
                           "--"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise GitUnavailable(
            f"无法和“{base_ref}”比较：{proc.stderr.strip() or 'git 出错'}。\n"
            "  怎么改：写一个存在的提交或分支（如 origin/main、HEAD~1）；CI 里检出时要取完整历史"
            "（GitHub Actions：fetch-depth: 0；GitLab CI：GIT_DEPTH: 0）。")
    return [line for line in proc.stdout.splitlines() if line]


def affected_sites(platform: Platform, files: list[str]) -> list[PlatformSite]:
    """The sites whose inputs include one of ``files`` (paths relative to the platform root); a
    change to the zwgk package or the project's pyproject.toml touches every site."""
    everyone = [p for p in (PACKAGE, platform.root / "pyproject.toml") if p.is_relative_to(platform.root)]
    changed = [(platform.root / f).resolve() for f in files]
    if any(f == p or f.is_relative_to(p) for f in changed for p in everyone):
        return list(platform.sites)
    found = []
    for site in platform.sites:
        inputs = site_inputs(platform, site)
        if any(f == p or f.is_relative_to(p) for f in changed for p in inputs):
            found.append(site)
    return found


def matrix(platform: Platform, sites: list[PlatformSite]) -> dict:
    """The sites as a CI matrix: GitHub Actions' ``strategy.matrix`` takes it as it is."""
    return {"include": [{"site": s.id, "name": s.name, "config": platform.relative(s.config), "path": s.path}
                        for s in sites]}


# what a CI job runs before zwgk: the Debian packages the build needs (fonts, Pango for WeasyPrint) and
# zwgk itself; ci/gitlab-ci.yml's default before_script is the same list (a test compares them)
CI_SETUP = [
    "apt-get update -qq && apt-get install -y -qq --no-install-recommends git fonts-noto-cjk libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0",
    "pip install -q .",
]
CI_IMAGE = "python:3.12-bookworm"


def gitlab_pipeline(platform: Platform, sites: list[PlatformSite]) -> str:
    """A GitLab child pipeline that builds ``sites`` as one parallel:matrix job, each job building
    one site and publishing it to its sub-path (JSON is YAML; a pipeline must have a job, so with no
    site changed it has one that says so)."""
    if not sites:
        jobs = {"nothing-changed": {"image": CI_IMAGE, "script": ["echo 没有站点的内容改变，不需要构建。"]}}
    else:
        jobs = {"build-site": {
            "image": CI_IMAGE,
            "variables": {"GIT_DEPTH": "0"},  # full history: each page's 更新记录 comes from git
            "before_script": CI_SETUP,
            "script": ['zwgk build --site "$SITE"', 'scripts/publish-site "$SITE"'],
            "parallel": {"matrix": [{"SITE": [s.id for s in sites]}]},
            "artifacts": {"paths": [platform.relative(platform.output) + "/"], "expire_in": "1 week"},
        }}
    return json.dumps(jobs, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- the platform's home page


def write_home(platform: Platform, published: bool = False) -> Path:
    """The platform's home page at the output root: the sites with links, and one search box over
    every site's Pagefind index (Pagefind's mergeIndex), each result labelled with its site.
    Locally a site not (yet) built is listed without a link and left out of the search;
    ``published``: every site is already on the web server (CI builds each elsewhere)."""
    built = [s for s in platform.sites if published or (platform.site_dir(s) / "index.html").is_file()]
    searchable = [s for s in built if published or (platform.site_dir(s) / "pagefind" / "pagefind.js").is_file()]
    sites = [{"id": s.id, "name": s.name, "path": s.path, "url": platform.site_url(s), "built": s in built}
             for s in platform.sites]
    search = [{"name": s.name, "path": s.path} for s in searchable]
    html = Renderer().render("platform_home.html", {
        "platform": platform, "sites": sites,
        "search_json": json.dumps(search, ensure_ascii=False).replace("<", "\\u003c"),  # safe inside <script>
        "script": HOME_ASSET})
    write_atomically(platform.output / "index.html", html.encode("utf-8"))
    script = resources.files("zwgk.outputs").joinpath("assets/platform.js").read_bytes()
    write_atomically(platform.output / HOME_ASSET, script)
    return platform.output / "index.html"


# ---------------------------------------------------------------- building the sites


@dataclass(frozen=True)
class SiteRun:
    """One site in `zwgk build --all`: skipped (inputs unchanged) or built in its own process."""

    site: PlatformSite
    skipped: bool
    code: int = 0
    seconds: float = 0.0
    peak_kb: int = 0  # the build process's peak memory (max RSS)
    output: str = ""
    cpu: float = 0.0  # CPU seconds of the build and the processes it waited for (Pagefind, exports)


def build_command(platform: Platform, site: PlatformSite, extra: tuple[str, ...] = ()) -> list[str]:
    """The command that builds one site: the same `zwgk build --site ID` a CI job runs."""
    return [sys.executable, "-m", "zwgk.cli", "build", "--platform", str(platform.file), "--site", site.id, *extra]


def _run(command: list[str], cwd: Path) -> tuple[int, str, int, float]:
    """Run a build process; (exit code, its output, its peak memory in KB, its CPU seconds)."""
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = proc.stdout.read().decode("utf-8", "replace")
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)  # wait4, not wait: it also tells the peak memory
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, output, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def build_sites(platform: Platform, jobs: int = 1, sites: list[PlatformSite] | None = None, force: bool = False,
                extra: tuple[str, ...] = (), echo=print) -> list[SiteRun]:
    """Build the sites whose inputs changed since their last good build, ``jobs`` at a time, each
    in its own process into its sub-path of the output folder; then the home page. Returns one
    SiteRun per site, in platform.yml's order."""
    package = package_digest()
    runs: dict[str, SiteRun] = {}
    todo = []
    for site in sites or platform.sites:
        if not force and is_current(platform, site, input_hash(platform, site, package)):
            where = platform.relative(platform.site_dir(site))
            echo(f"[{site.id}] {site.name}：内容没有变化，跳过（{where}/ 保持不变）")
            runs[site.id] = SiteRun(site, True)
        else:
            todo.append(site)

    def build(site: PlatformSite) -> SiteRun:
        start = time.monotonic()
        code, output, peak, cpu = _run(build_command(platform, site, extra), platform.root)
        return SiteRun(site, False, code, time.monotonic() - start, peak, output, cpu)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:  # threads only wait: each build is a process
        for run in pool.map(build, todo):
            runs[run.site.id] = run
            if run.code:
                echo(f"[{run.site.id}] {run.site.name}：构建失败，{platform.relative(platform.site_dir(run.site))}/ "
                     f"保持原样。构建输出：\n" + run.output.rstrip())
            else:
                shown = [line for line in run.output.splitlines() if line.startswith(("WARNING", "ERROR"))]
                where = platform.relative(platform.site_dir(run.site))
                echo("\n".join([f"[{run.site.id}] {run.site.name}：已构建，用时 {run.seconds:.1f} 秒，"
                                f"内存峰值 {run.peak_kb / 1024:.0f} MB → {where}/",
                                *shown]))
    write_home(platform)
    return [runs[s.id] for s in sites or platform.sites]
