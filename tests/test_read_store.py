"""The parsed catalog kept between builds (content/filecache.py's store): a later build reads
only the files whose bytes changed, and the store can never make a build publish anything that
is not in the files as they are now, nor run code, nor read a file outside the repository."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from conftest import BUILD_DATE, edit

STORE = Path(".cache/zwgk/reads/documents.pickle")
ITEM = Path("catalog/items/jiuye/jiuye-shiye-dengji.yml")

# a fresh process, as the next `zwgk build` is: prints the item's title and how many
# catalog files it parsed (every YAML parse goes through loader.parse_yaml)
LOAD = """
import sys, datetime as dt
from pathlib import Path
from zwgk.content import loader
from zwgk.content.catalog import load_catalog
parsed = []
original = loader.parse_yaml
def counting(text, file, offset=0):
    if file.startswith("catalog/"):  # the catalog's files (a few pages' front matter is read as well)
        parsed.append(file)
    return original(text, file, offset)
loader.parse_yaml = counting
root = Path(sys.argv[1])
catalog = load_catalog(root / "catalog", root / "content", dt.date.fromisoformat(sys.argv[2]), root)
item = next(i for i in catalog.items if i.id == "jiuye-shiye-dengji")
print(item.title)
print(len(parsed))
"""


def load(project: Path) -> tuple[str, int]:
    out = subprocess.run([sys.executable, "-c", LOAD, str(project), BUILD_DATE], capture_output=True, text=True,
                         check=True)
    title, parsed = out.stdout.strip().splitlines()[-2:]
    return title, int(parsed)


def test_the_next_build_parses_only_what_changed_and_shows_every_edit(project):
    title, first = load(project)
    assert title == "失业登记" and first > 100 and (project / STORE).is_file()
    assert load(project)[1] == 0  # nothing changed: nothing parsed again
    item = project / ITEM
    before = item.stat()
    text = item.read_text("utf-8")
    # an edit of the same length, with the file's old time put back (as a git checkout or a copy
    # may leave it): still seen, because the store is keyed by the file's bytes
    edit(item, "level3: 失业登记", "level3: 失业登甲")
    assert len(item.read_bytes()) == before.st_size
    os.utime(item, ns=(before.st_atime_ns, before.st_mtime_ns))
    new_title, parsed = load(project)
    assert new_title == "失业登甲" and parsed == 1
    item.write_text(text, "utf-8")  # and back: the old result is not kept for a file that changed since
    assert load(project)[0] == title


def test_a_store_of_another_kind_runs_nothing_and_is_replaced(project, tmp_path):
    load(project)
    planted = tmp_path / "ran"

    class Hostile:
        def __reduce__(self):
            return (os.system, (f"touch {planted}",))

    (project / STORE).write_bytes(pickle.dumps({"version": "x", "results": Hostile()}))
    title, parsed = load(project)
    assert not planted.exists()
    assert parsed > 100 and title  # read every file again
    assert load(project)[1] == 0  # and the store was written anew


def test_a_store_linked_outside_the_repository_is_neither_read_nor_written(project, tmp_path):
    outside = tmp_path / "elsewhere.pickle"
    outside.write_bytes(b"not ours")
    (project / STORE).parent.mkdir(parents=True)
    (project / STORE).symlink_to(outside)
    assert load(project)[1] > 100
    assert load(project)[1] > 100  # nothing kept through the link
    assert outside.read_bytes() == b"not ours"


def test_a_garbled_store_costs_only_time(project):
    load(project)
    (project / STORE).write_bytes(b"\x80\x05garbage")
    edit(project / ITEM, "level3: 失业登记", "level3: 失业登记新")
    title, parsed = load(project)
    assert title == "失业登记新" and parsed > 100
    assert load(project) == ("失业登记新", 0)
