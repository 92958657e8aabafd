"""The site's search index, built by Pagefind while the pages are being rendered.

Pagefind (PyPI ``pagefind[extended]``: the extended binary segments Chinese) writes an index
in small chunks that the browser loads on demand, so a first query downloads a few hundred
KB however large the district is. Its ``--service`` mode takes pages over a pipe; we feed it
each page as MkDocs writes it, so the index is built on the second core during the render
instead of in a pass over ``site/`` afterwards. (The package's own asyncio client reads one
reply per 0.1 s, which would cost minutes at district scale, hence this small client.)
"""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from pathlib import Path

INDEX_DIR = "pagefind"  # under site/, loaded by the search page
# what the index reads of each page: the article, without the buttons, QR codes and print chrome
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [".md-content__button", ".headerlink", ".zwgk-qr", ".zwgk-noindex", "script", "svg"]


class SearchUnavailable(RuntimeError):
    """Pagefind could not be started or refused the index; the message says why in Chinese."""


def _binary() -> str:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:
        raise SearchUnavailable("没有安装 pagefind[extended]（中文分词需要 extended 版本）：pip install "
                                "'pagefind[extended]'") from exc
    return str(get_executable())


class SearchIndexer:
    """One Pagefind service process; ``add`` queues a page, ``write`` finishes the index."""

    def __init__(self, language: str = "zh") -> None:
        self._process = subprocess.Popen([_binary(), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL)
        self._replies: dict[int, dict] = {}
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read_replies, daemon=True)
        self._reader.start()
        self._last_id = 0
        self._pages = 0
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
        buffer = b""
        while chunk := self._process.stdout.read1(1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            with self._arrived:
                for raw in messages:
                    reply = json.loads(base64.b64decode(raw))
                    self._replies[reply.get("message_id", -1)] = reply["payload"]
                self._arrived.notify_all()
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

    def add(self, url: str, html: str) -> None:
        """Queue one page (``url`` from the site root, e.g. ``/items/x/``); replies are checked at the end."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html,
                    "file_path": None})
        self._pages += 1

    def write(self, site_dir: Path) -> int:
        """Wait for every page, write ``site_dir/pagefind/`` and stop the process; return the page count."""
        try:
            last_add = self._last_id
            self._process.stdin.flush()
            with self._arrived:
                self._arrived.wait_for(lambda: all(n in self._replies for n in range(last_add - self._pages + 1,
                                                                                     last_add + 1))
                                       or -2 in self._replies, timeout=600)
                errors = [r.get("message", "") for r in self._replies.values() if r["type"] == "Error"]
                self._replies.clear()
            if errors:
                raise SearchUnavailable(f"搜索索引生成失败：{errors[0]}")
            self._wait(self._send({"type": "WriteFiles", "index_id": self._index_id,
                                   "output_path": str(Path(site_dir).resolve() / INDEX_DIR)}))
            return self._pages
        finally:
            self.close()

    def close(self) -> None:
        """End the service; it may still be flushing files it reported written, so let it exit by
        itself when its input ends (terminating it at once once cut pagefind-component-ui.js short)."""
        if self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._process.terminate()
                self._process.wait(timeout=30)
