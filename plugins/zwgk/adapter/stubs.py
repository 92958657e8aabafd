"""Source stubs of generated pages: what MkDocs reads for a page the plan made.

Each stub carries a fingerprint of everything its page is rendered from, and is rewritten only
when that changes: an unchanged file lets `mkdocs build --dirty` and `serve --dirty` skip the
page. A checkout that never runs those (CI, the web server) has no stub files. Part of the MkDocs
adapter (imports the site plan's PageSpec and our file writer).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import is_dataclass
from pathlib import Path

import yaml

from ..outputs.files import write_atomically
from ..site.views import PageSpec

STUB_DIR = ".cache/zwgk/pages"  # beside mkdocs.yml; safe to delete


class Stubs:
    """One build's stubs. Records and shared parts of the context (links, filters) recur on
    thousands of pages, so each object is digested once a build."""

    def __init__(self, root: Path) -> None:
        self.folder = root / STUB_DIR
        self._digests: dict[int, tuple[object, bytes]] = {}
        self.texts: dict[str, str] = {}  # src_uri → digest of its stub, for the build cache
        self.inputs: dict[str, str] = {}  # src_uri → its fingerprint (the stub's zwgk_inputs)

    def source(self, spec: PageSpec, on_disk: bool) -> dict:
        """What MkDocs reads for the page (File.generated's arguments): its stub file, rewritten only
        when the page's inputs changed (``on_disk``: see the plugin's on_files), else the same text
        in memory, thousands of files fewer."""
        text = self.text(spec)
        self.texts[spec.src_uri] = hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
        if not on_disk:
            return {"content": text}
        path = self.folder / spec.src_uri
        try:
            if path.read_text("utf-8") == text:
                return {"abs_src_path": str(path)}
        except OSError:
            pass
        write_atomically(path, text.encode("utf-8"))
        return {"abs_src_path": str(path)}

    def text(self, spec: PageSpec) -> str:
        """Front matter and the record's own body. JSON strings are valid YAML, so titles need no
        YAML dumper (thousands of pages per build)."""
        self.inputs[spec.src_uri] = inputs = self.fingerprint(spec)
        lines = ["---", f"title: {json.dumps(spec.title, ensure_ascii=False)}",
                 f"hide: {json.dumps(list(spec.hide))}", f"zwgk_inputs: {inputs}"]
        if not spec.searchable:
            lines.append("search: {exclude: true}")
        return "\n".join(lines) + "\n---\n" + spec.body

    def forget_digests(self) -> None:
        """Once every page is keyed: what stays is each page's fingerprint (for its front matter)."""
        self._digests.clear()
        self.texts.clear()

    def meta(self, spec: PageSpec) -> dict:
        """The front matter of the page's stub, as MkDocs reads it (its meta)."""
        inputs = self.inputs.get(spec.src_uri) or self.fingerprint(spec)
        meta = {"title": spec.title, "hide": list(spec.hide), "zwgk_inputs": _as_yaml_reads(inputs)}
        if not spec.searchable:
            meta["search"] = {"exclude": True}
        return meta

    def fingerprint(self, spec: PageSpec) -> str:
        """A digest of everything a generated page is rendered from."""
        digest = hashlib.blake2b(digest_size=12)
        digest.update(f"{spec.template}\0{spec.title}\0{spec.body}\0".encode())
        self._feed(digest, spec.context)
        return digest.hexdigest()

    def digest(self, value) -> str:
        """A digest of any part of a page's context (records, lists, dataclasses)."""
        digest = hashlib.blake2b(digest_size=12)
        self._feed(digest, value)
        return digest.hexdigest()

    def _feed(self, digest, value) -> None:
        """Feed ``value`` so that equal contexts give equal digests in every process: records by
        their text (each object digested once a build), containers and records whose text names a
        memory address (a function) element by element, sets in sorted order, functions by name.
        A set inside a record's text may print in another order in another process: the page is
        then rendered again, never reused wrongly."""
        if isinstance(value, dict | list | tuple | set | frozenset) or (is_dataclass(value)
                                                                        and not isinstance(value, type)):
            cached = self._digests.get(id(value))
            if cached is None or cached[0] is not value:
                text = repr(value) if is_dataclass(value) else ""
                if text and " at 0x" not in text:
                    cached = (value, text.encode())  # a record: its text says it all (fast)
                else:
                    inner = hashlib.blake2b(digest_size=12)
                    self._feed_container(inner, value)
                    cached = (value, inner.digest())
                self._digests[id(value)] = cached
            digest.update(cached[1])
        elif callable(value):
            digest.update(getattr(value, "__qualname__", "fn").encode())
        else:
            text = repr(value)
            digest.update((type(value).__qualname__ if " at 0x" in text else text).encode())

    def _feed_container(self, digest, value) -> None:
        if isinstance(value, dict):
            digest.update(b"{")
            for key in sorted(value, key=str):
                digest.update(f"{key}=".encode())
                self._feed(digest, value[key])
            digest.update(b"}")
        elif isinstance(value, set | frozenset):
            digest.update(b"<")
            for element in sorted(self.digest(element) for element in value):
                digest.update(element.encode())
            digest.update(b">")
        elif isinstance(value, list | tuple):
            digest.update(b"[")
            for element in value:
                self._feed(digest, element)
            digest.update(b"]")
        else:  # a dataclass
            digest.update(f"{type(value).__qualname__}(".encode())
            for name in value.__dataclass_fields__:
                digest.update(f"{name}=".encode())
                self._feed(digest, getattr(value, name))
            digest.update(b")")


def _as_yaml_reads(text: str) -> str | int:
    """A hex digest as YAML reads it unquoted (all digits may make a number)."""
    return yaml.safe_load(text) if text.isdigit() else text
