"""The demo site's output, file by file, against a committed manifest of hashes: a change anywhere
in the code that alters what the public sees shows up here, and a refactoring that claims to
change nothing is checked byte by byte.

What is hashed is what this project makes: the article of every page (the body our templates and
the Markdown pipeline write, not Material's frame around it), feeds, the sitemap, open data, CSV
downloads and the worksheets inside every XLSX. The search index is left out (Pagefind's own
format). The build is conftest's ``demo_build``: a copy of the demo committed to git once on a fixed
day, so the dates hand-written pages take from git are the same on every run.

After an intended change: ``ZWGK_UPDATE_MANIFEST=1 scripts/test tests/test_manifest.py`` rewrites
the manifest; the diff of tests/site-manifest.json then lists every file that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from pathlib import Path

MANIFEST = Path(__file__).with_name("site-manifest.json")
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*)</article>', re.S)  # greedy: boards nest articles
LEFT_OUT = ("pagefind/", "assets/", "search/")  # Pagefind's files; Material's and our static assets


def fingerprint(path: Path) -> str | None:
    """The hash of what this project wrote into ``path``, or None for files it does not make."""
    data = path.read_bytes()
    if path.suffix == ".html":
        found = ARTICLE.search(data.decode("utf-8"))
        data = found.group(1).encode("utf-8") if found else b""
    elif path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            data = b"".join(book.read(n) for n in sorted(book.namelist()) if n.startswith("xl/worksheets/"))
    elif path.suffix not in (".xml", ".json", ".csv"):
        return None
    return hashlib.sha256(data).hexdigest()[:16]


def manifest_of(site: Path) -> dict[str, str]:
    found = {}
    for path in sorted(site.rglob("*")):
        uri = path.relative_to(site).as_posix()
        if path.is_file() and not uri.startswith(LEFT_OUT) and (digest := fingerprint(path)):
            found[uri] = digest
    return found


def test_demo_output_matches_the_manifest(demo_build):
    built = manifest_of(demo_build.site)
    if os.environ.get("ZWGK_UPDATE_MANIFEST"):
        MANIFEST.write_text(json.dumps(built, ensure_ascii=False, indent=0, sort_keys=True) + "\n", "utf-8")
    expected = json.loads(MANIFEST.read_text("utf-8"))
    changed = sorted(uri for uri in expected.keys() & built.keys() if expected[uri] != built[uri])
    assert not changed and built.keys() == expected.keys(), {
        "changed": changed, "new": sorted(built.keys() - expected.keys()),
        "gone": sorted(expected.keys() - built.keys()),
        "if intended": "ZWGK_UPDATE_MANIFEST=1 scripts/test tests/test_manifest.py"}
    assert len(built) > 300  # every page of the demo is in it
