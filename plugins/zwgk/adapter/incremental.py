"""Incremental production builds: which pages the previous build made from the same inputs.

A generated page outside the nav is rendered from its stub (title, front matter, the digest of
its view data, its record's body), its address, its last-updated date, the foot under its text
and, for a Markdown body, whether the files its links name exist; everything else it shows is
the same for every page: the code, the theme, mkdocs.yml and the settings, the header's marks,
the titles and addresses in the navigation. That is the build's ``scope``: when it changes,
nothing is reused. Pages in the nav and the editors' own pages are always rendered (they are
few, their titles make the navigation, and their links may name any file).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from dataclasses import fields
from pathlib import Path

from ..content.filecache import code_digest as package_digest
from ..content.published import docs_uri, link_targets
from ..content.settings import Settings
from ..outputs.buildcache import digest as bytes_digest
from ..outputs.files import discard
from ..site.plan import Site
from ..site.views import PageSpec
from .engine import engine_version
from .stubs import Stubs

DISTRIBUTIONS = ("mkdocs", "properdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")


@functools.cache
def code_digest() -> str:
    """Our package's files and the versions of what renders with it."""
    return package_digest(Path(__file__).resolve().parent.parent, (".py", ".html", ".css", ".js", ".yml", ".yaml",
                                                                   ".json"), DISTRIBUTIONS)


def tree_digest(folder: Path | None, suffixes: tuple[str, ...] | None = None) -> str:
    """Names and bytes of the files under ``folder`` (none: an empty digest)."""
    digest = hashlib.blake2b(digest_size=16)
    if folder is None or not Path(folder).is_dir():
        return digest.hexdigest()
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and (suffixes is None or path.suffix in suffixes) and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(bytes_digest(path.read_bytes()).encode())
    return digest.hexdigest()


def scope(config, files, settings: Settings, site: Site, stubs: Stubs) -> str:
    """What every page depends on (see the module's docstring)."""
    digest = hashlib.blake2b(digest_size=16)
    config_file = Path(config.config_file_path or "mkdocs.yml")
    parts = [
        code_digest(),
        engine_version(),  # MkDocs or ProperDocs: the generator tag of every page names it
        tree_digest(Path(config.theme.custom_dir) if config.theme.custom_dir else None),
        tree_digest(settings.templates_dir),
        config_file.read_bytes().hex() if config_file.is_file() else "",
        _stable(_without_site_dir(settings)),
        _stable([config.extra_css, config.extra_javascript, dict(config.theme)]),
        stubs.digest(site.chrome),
    ]
    for file in files.documentation_pages():
        if file.inclusion.is_in_nav():  # their titles and addresses are in every page's navigation
            spec = site.pages.get(file.src_uri)
            title = spec.title if spec is not None and file.generated_by is not None else _bytes_digest(file)
            parts.append(f"nav {file.src_uri} {title}")
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def page_key(spec: PageSpec, url: str, site: Site, stubs: Stubs, files) -> str:
    """What one generated page outside the nav is rendered from, within the scope. A Markdown body
    also depends on whether the files its links name exist (MkDocs rewrites a link to a page it
    finds, and warns about one it does not)."""
    day = site.date_of(spec.src_uri, generated=True)
    foot = stubs.digest((site.history.get(spec.src_uri) or (), site.search_filters.get(spec.src_uri) or {}))
    links = ""
    if spec.body:
        named = {docs_uri(target, spec.src_uri) for _, target in link_targets(spec.body)}
        links = ",".join(f"{uri}={(files.src_uris.get(uri) or files.get_file_from_path(uri)) is not None:d}"
                         for uri in sorted(named - {"", None}))
    return f"{url}|{stubs.texts.get(spec.src_uri)}|{day}|{foot}|{links}"


def cacheable(spec: PageSpec) -> bool:
    return spec.generated and not spec.in_nav


def _without_site_dir(settings: Settings) -> dict:
    values = {f.name: getattr(settings, f.name) for f in fields(settings) if f.repr}
    values["site_dir"] = None  # `zwgk build` builds into a new folder every time
    return values


def _stable(value) -> str:
    """A text of settings that is the same in every process (sets sorted, objects by their text)."""
    def plain(v):
        if isinstance(v, set | frozenset):
            return sorted(map(str, v))
        return str(v)

    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=plain)


def _bytes_digest(file) -> str:
    try:
        return bytes_digest(Path(file.abs_src_path).read_bytes())
    except (OSError, TypeError):
        return "-"




def move_aside(site_dir: Path) -> Path | None:
    """Plain `mkdocs build` cleans its site folder before it renders: move the previous site's
    files (not the hidden ones, which MkDocs keeps) into a hidden folder beside them, to reuse
    from and to put back if the build fails (beside the site folder, not in it: it is not part of
    the new site). None when there is nothing to move."""
    if not site_dir.is_dir():
        return None
    entries = [e for e in os.listdir(site_dir) if not e.startswith(".")]
    if not entries:
        return None
    aside = site_dir.with_name(f".{site_dir.name}.zwgk-previous")
    discard(aside)  # left by a build that was killed
    aside.mkdir()
    for name in entries:
        os.rename(site_dir / name, aside / name)
    return aside


def move_back(site_dir: Path, aside: Path) -> None:
    """A failed build: its half-written files go, the previous site comes back."""
    for name in os.listdir(site_dir):
        if not name.startswith("."):
            path = site_dir / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    for name in os.listdir(aside):
        os.rename(aside / name, site_dir / name)
    aside.rmdir()
