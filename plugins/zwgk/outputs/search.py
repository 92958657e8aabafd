"""The site's search index, built by Pagefind while the pages are being rendered.

Pagefind (PyPI ``pagefind[extended]``: the extended binary segments Chinese) writes an index
in small chunks that the browser loads on demand, so a first query downloads a few hundred
KB however large the district is. Its ``--service`` mode takes pages over a pipe; we feed it
each page as MkDocs writes it, so the index is built on the second core during the render
instead of in a pass over ``site/`` afterwards. (The package's own asyncio client reads one
reply per 0.1 s, which would cost minutes at district scale, hence this small client.)

The finished index is taken back over the pipe (``GetFiles``) and written here, never by
Pagefind itself: its ``WriteFiles`` answers before its writes reach the disk and the service
exits the moment its input closes, which on a busy machine left empty files in a build that
still succeeded. We write the files into a new folder, check them against what Pagefind sent
and against the pages fed, and only then put the folder in place of ``site/pagefind/``.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ..site.addresses import INDEX_DIR
from .files import own_path, plain_file_bytes, swap_in

# what the index reads of each page: the article, without the buttons, QR codes and print chrome
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [".md-content__button", ".headerlink", ".zwgk-qr", ".zwgk-noindex", "script", "svg"]
REQUIRED = ("pagefind.js", "pagefind-entry.json")  # what the search page loads first
CHUNK_MAGIC = b"pagefind_dcd"  # every gzipped chunk starts with this once unpacked
SHOWN = 20  # problems listed in one message; the rest are counted
WRITERS = 4  # threads writing the index files

FILES_HINT = ("索引文件没能完整写出，多半是磁盘空间不足或网站文件夹不可写。腾出空间后重新构建；"
              "仍然失败，请把这段信息发给技术支持。")
PAGES_HINT = ("这些页面送去建索引，索引里却没有：多半是页面正文是空的，或页面用的模板里没有 "
              "<article class=\"md-content__inner\">。给页面写上正文或改用正常模板；页面不需要被搜到的话，"
              "在页面开头的元数据里写 search: {exclude: true}。")


class SearchUnavailable(RuntimeError):
    """Pagefind could not be started or refused the index, or the index could not be written
    completely; the message says why in Chinese."""


def _binary() -> str:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:
        raise SearchUnavailable("没有安装 pagefind[extended]（中文分词需要 extended 版本）：pip install "
                                "'pagefind[extended]'") from exc
    return str(get_executable())


class SearchIndexer:
    """One Pagefind service process; ``add`` queues a page, ``write`` finishes the index."""

    def __init__(self, language: str = "zh", words=None) -> None:
        """``words``: an ``IndexWords`` whose block each page carries in the index (None: the page only)."""
        self._words = words
        self._process = subprocess.Popen([_binary(), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL)
        self._replies: dict[int, dict] = {}
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read_replies, daemon=True)
        self._reader.start()
        self._last_id = 0
        self._adds = 0
        self._pages: dict[str, str] = {}  # url → what to call the page in a message
        config = {"root_selector": ROOT_SELECTOR, "exclude_selectors": EXCLUDE_SELECTORS,
                  "force_language": language}
        self._index_id = self._wait(self._send({"type": "NewIndex", "config": config}))["index_id"]

    def _send(self, payload: dict) -> int:
        self._last_id += 1
        message = json.dumps({"message_id": self._last_id, "payload": payload}, ensure_ascii=False)
        try:
            self._process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        except BrokenPipeError as exc:
            raise SearchUnavailable("搜索索引程序 Pagefind 意外退出。") from exc
        return self._last_id

    def _read_replies(self) -> None:
        # the finished index comes back as one reply of tens of MB: keep its pieces in a list and
        # join them once, instead of growing one bytes object chunk by chunk (quadratic)
        pending: list[bytes] = []
        while chunk := self._process.stdout.read1(1 << 20):
            *ends, rest = chunk.split(b",")
            if ends:
                messages = [b"".join([*pending, ends[0]]), *ends[1:]]
                pending = []
                with self._arrived:
                    for raw in messages:
                        reply = json.loads(base64.b64decode(raw))
                        self._replies[reply.get("message_id", -1)] = reply["payload"]
                    self._arrived.notify_all()
            if rest:
                pending.append(rest)
        with self._arrived:
            self._replies[-2] = {"type": "Error", "message": "Pagefind 意外退出"}
            self._arrived.notify_all()

    def _wait(self, message_id: int) -> dict:
        self._process.stdin.flush()
        with self._arrived:
            self._arrived.wait_for(lambda: message_id in self._replies or -2 in self._replies, timeout=600)
            reply = self._replies.pop(message_id, None) or self._replies.get(-2) or {"type": "Error"}
        if reply["type"] == "Error":
            raise SearchUnavailable(f"搜索索引生成失败：{reply.get('message', '没有回应')}")
        return reply

    def add(self, url: str, html: str, source: str | None = None) -> None:
        """Queue one page (``url`` from the site root, e.g. ``/items/x/``; ``source`` its file, named
        if the page goes missing from the index); replies are checked at the end."""
        html = indexed_part(html)
        if self._words is not None:
            html = self._words.augment(html)
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html,
                    "file_path": None})
        self._adds += 1
        self._pages[url] = f"{url}（{source}）" if source else url

    def _wait_for_pages(self) -> None:
        last_add = self._last_id
        self._process.stdin.flush()
        with self._arrived:
            self._arrived.wait_for(lambda: all(n in self._replies for n in range(last_add - self._adds + 1,
                                                                                 last_add + 1))
                                   or -2 in self._replies, timeout=600)
            errors = [r.get("message", "") for r in self._replies.values() if r["type"] == "Error"]
            self._replies.clear()
        if errors:
            raise SearchUnavailable(f"搜索索引生成失败：{errors[0]}")

    def write(self, site_dir: Path, previous: Path | None = None) -> int:
        """Wait for every page, take the index from Pagefind, stop it, and write and check
        ``site_dir/pagefind/`` (see ``store_index``; ``previous``: the previous build's site, whose
        index files are linked in where they are the same); return the page count."""
        try:
            self._wait_for_pages()
            reply = self._wait(self._send({"type": "GetFiles", "index_id": self._index_id}))
        finally:
            self.close()
        store_index(stable_filters(_decoded(reply)), Path(site_dir) / INDEX_DIR, self._pages,
                    Path(previous) / INDEX_DIR if previous is not None else None)
        return len(self._pages)

    def close(self) -> None:
        """End the service: it exits by itself when its input ends (it writes nothing to disk)."""
        if self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._process.terminate()
                self._process.wait(timeout=30)


def indexed_part(html: str) -> str:
    """What Pagefind reads of a page: the article (ROOT_SELECTOR; it ignores everything outside it,
    metadata too) in a bare document with the page's language. Half a page's bytes are its
    navigation and header: not sending them halves the pipe and Pagefind's parsing."""
    start = html.find('<article class="md-content__inner')
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return html
    head = html[:html.find(">", html.find("<html")) + 1] if "<html" in html[:200] else "<html>"
    return f"{head}<body>{html[start:end + len('</article>')]}</body></html>"


def _decoded(reply: dict) -> dict[str, bytes]:
    """The index files of a ``GetFiles`` reply, by path inside the index folder."""
    files, bad = {}, []
    for file in reply.get("files", []):
        path = PurePosixPath(file["path"])
        if path.is_absolute() or ".." in path.parts or not path.parts:
            bad.append(file["path"])
            continue
        files[path.as_posix()] = base64.b64decode(file["content"])
    if bad:
        raise SearchUnavailable(f"搜索索引生成失败：Pagefind 交回的文件名不在索引文件夹里：{'、'.join(bad[:SHOWN])}")
    return files


def stable_filters(files: dict[str, bytes]) -> dict[str, bytes]:
    """The same pages give the same index bytes: Pagefind (1.5) writes each filter's values, and the
    meta's list of filters, in hash-map order, so every build named and filled its filter files
    differently. Sort both, name each rewritten file by its content, and point the meta and the
    entry file at the new names. Anything unexpected leaves the index as Pagefind made it."""
    try:
        return _stable_filters(files)
    except (ValueError, IndexError, KeyError, OSError, EOFError, UnicodeDecodeError):
        return files


def _stable_filters(files: dict[str, bytes]) -> dict[str, bytes]:
    found = dict(files)
    renamed: dict[str, str] = {}  # old file id (zh_55f781b) → new
    for name in sorted(n for n in files if n.startswith("filter/") and n.endswith(".pf_filter")):
        raw = _chunk(files[name])
        start = _cbor_skip(raw, _cbor_head(raw, len(CHUNK_MAGIC))[2])  # [filter name, [[value, pages]…]]
        entries, count, at = _items(raw, start)
        entries.sort(key=lambda span: _cbor_text(raw, _cbor_head(raw, span[0])[2]))
        body = raw[:at] + b"".join(raw[a:b] for a, b in entries)
        old = name[len("filter/"):-len(".pf_filter")]
        new = f"{old.split('_', 1)[0]}_{hashlib.sha256(body).hexdigest()[:len(old.split('_', 1)[1])]}"
        renamed[old] = new
        del found[name]
        found[f"filter/{new}.pf_filter"] = _packed(body)
    if not renamed:
        return files
    entry = files["pagefind-entry.json"]
    for name in [n for n in files if n.startswith("pagefind.") and n.endswith(".pf_meta")]:
        raw = _chunk(files[name])
        elements, _, _ = _items(raw, 0)
        a, b = elements[3]  # the filters: [[filter name, file id]…]
        pairs, _, at = _items(raw, a)
        for old, new in renamed.items():
            raw = raw[:a] + raw[a:b].replace(old.encode(), new.encode()) + raw[b:]  # same length
        pairs.sort(key=lambda span: _cbor_text(raw, _cbor_head(raw, span[0])[2]))
        body = raw[:at] + b"".join(raw[p:q] for p, q in pairs) + raw[b:]
        old = name[len("pagefind."):-len(".pf_meta")]
        lang, digits = old.split("_", 1)
        new = f"{lang}_{hashlib.sha256(body).hexdigest()[:len(digits)]}"
        del found[name]
        found[f"pagefind.{new}.pf_meta"] = _packed(body)
        entry = entry.replace(f'"{old}"'.encode(), f'"{new}"'.encode())
    found["pagefind-entry.json"] = entry
    return found


def _chunk(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    if not raw.startswith(CHUNK_MAGIC):
        raise ValueError("not a Pagefind chunk")
    return raw


def _packed(raw: bytes) -> bytes:
    return gzip.compress(raw, mtime=0)


def _cbor_head(raw: bytes, at: int) -> tuple[int, int, int]:
    """(major type, value or length, where the item's content starts) of the CBOR item at ``at``."""
    first = raw[at]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return major, int.from_bytes(raw[at + 1:at + 1 + size], "big"), at + 1 + size


def _cbor_skip(raw: bytes, at: int) -> int:
    """Where the CBOR item at ``at`` ends."""
    major, value, at = _cbor_head(raw, at)
    if major in (2, 3):
        return at + value
    if major in (4, 5):
        for _ in range(value * (2 if major == 5 else 1)):
            at = _cbor_skip(raw, at)
    elif major == 6:
        at = _cbor_skip(raw, at)
    return at


def _items(raw: bytes, at: int) -> tuple[list[tuple[int, int]], int, int]:
    """The (start, end) of each element of the CBOR array at ``at`` (after Pagefind's magic at the
    top), its length, and where its elements start."""
    if at == 0:
        at = len(CHUNK_MAGIC)
    major, count, at = _cbor_head(raw, at)
    if major != 4:
        raise ValueError("not an array")
    spans, start = [], at
    for _ in range(count):
        end = _cbor_skip(raw, at)
        spans.append((at, end))
        at = end
    return spans, count, start


def _cbor_text(raw: bytes, at: int) -> str:
    major, size, at = _cbor_head(raw, at)
    if major != 3:
        raise ValueError("not a text")
    return raw[at:at + size].decode("utf-8")


def store_index(files: dict[str, bytes], target: Path, pages: dict[str, str], previous: Path | None = None) -> None:
    """Write ``files`` into a new folder beside ``target``, check it (``index_problems``) and
    only then swap it in whole: a reader never sees half an index, a failed check leaves the
    old one, and chunks of an earlier index (``build --dirty``) do not pile up. A file whose
    bytes the ``previous`` index folder holds under the same name is linked from there instead:
    after a small edit most of them are (no new file for the disk to make, nor later to delete)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.new-", dir=target.parent))
    except OSError as exc:
        raise SearchUnavailable(f"搜索索引无法写到 {target.parent}：{exc.strerror or exc}。{FILES_HINT}") from None
    try:
        failures = {}
        reusable = _own_folders(previous, files) if previous is not None else set()

        def write(name: str, data: bytes) -> None:
            path = staging / name
            old = previous / name if previous is not None else None
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                if old is not None and old.parent in reusable and plain_file_bytes(
                        old, lambda status: status.st_size == len(data)) == data:
                    with contextlib.suppress(OSError):  # another file system: written below
                        os.link(old, path, follow_symlinks=False)
                        return
                path.write_bytes(data)
            except OSError as exc:
                failures[name] = exc.strerror or str(exc)

        # thousands of small files, each mostly the kernel's work (which releases Python's lock):
        # threads write them side by side, in about half the time one takes
        with ThreadPoolExecutor(WRITERS) as writers:
            for name, data in files.items():
                writers.submit(write, name, data)
        file_problems, page_problems = index_problems(staging, files, pages, failures)
        if file_problems or page_problems:
            raise SearchUnavailable(_message(file_problems, page_problems))
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _own_folders(previous: Path, names) -> set[Path]:
    """The previous index's folders (those these files would be in) that its site reaches without
    a link: its files are reused only from there, never through a link out of it."""
    site = previous.parent
    return {folder for folder in {(previous / name).parent for name in names}
            if (own := own_path(site, folder.relative_to(site))) is not None and own.is_dir()}


def index_problems(folder: Path, files: dict[str, bytes], pages: dict[str, str],
                   failures: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """What is wrong with the index written to ``folder`` (Chinese, one line each): files that
    Pagefind sent but are missing, short or different on disk (``failures``: the write error
    by file), files the search page needs but are not there, and pages fed (url → name) that the
    index does not hold. Returns (file problems, page problems); both empty when complete."""
    failures = failures or {}
    problems: list[str] = []
    if not files:
        problems.append("Pagefind 没有交回任何索引文件")
    problems += [f"Pagefind 没有交回 {INDEX_DIR}/{name}" for name in REQUIRED if files and name not in files]
    written: dict[str, bytes] = {}
    for name, data in sorted(files.items()):
        path = folder / name
        reason = f"（{failures[name]}）" if name in failures else ""
        if not data:
            problems.append(f"Pagefind 交回的 {INDEX_DIR}/{name} 是空的")
        elif not path.is_file():
            problems.append(f"{INDEX_DIR}/{name} 没有写出来{reason}")
        elif (size := path.stat().st_size) != len(data):
            problems.append(f"{INDEX_DIR}/{name} 只写入了 {size} 字节，应有 {len(data)} 字节{reason}")
        elif path.read_bytes() != data:
            problems.append(f"{INDEX_DIR}/{name} 写出的内容与 Pagefind 交回的不一致{reason}")
        else:
            written[name] = data
    if "pagefind-entry.json" not in written:
        return problems, []
    try:
        languages = json.loads(written["pagefind-entry.json"])["languages"]
        counted = sum(int(language["page_count"]) for language in languages.values())
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return [*problems, f"{INDEX_DIR}/pagefind-entry.json 读不懂：{exc}"], []
    for language in languages.values():
        for name in (f"pagefind.{language.get('hash')}.pf_meta", f"wasm.{language.get('wasm') or 'unknown'}.pagefind"):
            if name not in files:
                problems.append(f"Pagefind 没有交回 {INDEX_DIR}/{name}（{INDEX_DIR}/pagefind-entry.json 要用它）")
    indexed: set[str] = set()
    fragments = 0
    for name, data in written.items():
        if not name.startswith("fragment/"):
            continue
        fragments += 1
        try:
            unpacked = gzip.decompress(data)
            indexed.add(unquote(json.loads(unpacked[len(CHUNK_MAGIC):])["url"]))
        except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
            problems.append(f"{INDEX_DIR}/{name} 读不出页面：{exc}")
    if fragments != counted:
        problems.append(f"{INDEX_DIR}/pagefind-entry.json 记的是 {counted} 个页面，写出的页面分块却有 {fragments} 个")
    fed = {unquote(url): name for url, name in pages.items()}
    missing = [f"页面 {fed[url]} 不在搜索索引里" for url in sorted(fed.keys() - indexed)]
    problems += [f"搜索索引里的页面 {url} 并没有送去建索引" for url in sorted(indexed - fed.keys())]
    return problems, missing


def _message(file_problems: list[str], page_problems: list[str]) -> str:
    lines = [*file_problems, *page_problems]
    shown = [f"  - {line}" for line in lines[:SHOWN]]
    if len(lines) > SHOWN:
        shown.append(f"  ……共 {len(lines)} 处")
    hints = [hint for hint, found in ((FILES_HINT, file_problems), (PAGES_HINT, page_problems)) if found]
    return "\n".join(["搜索索引不完整，本次构建失败（用 zwgk build 构建时，已发布的网站不变）：", *shown,
                      *(f"处理：{hint}" for hint in hints)])
