"""`mkdocs serve` picks up an edited catalog file without a restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import BUILD_DATE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, predicate, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode("utf-8")
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not change as expected within {timeout}s")


def test_serve_rebuilds_when_an_item_file_changes(project):
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZWGK_BUILD_DATE": BUILD_DATE}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f",
         str(project / "mkdocs.yml")],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/items/jiuye-shiye-dengji/"
    try:
        wait_for(url, lambda html: '<h1 id="zwgk-title">失业登记</h1>' in html, timeout=120)
        item = project / "catalog/items/jiuye/jiuye-shiye-dengji.yml"
        item.write_text(item.read_text("utf-8").replace("level3: 失业登记", "level3: 失业登记（已更新）"),
                        "utf-8")
        wait_for(url, lambda html: '<h1 id="zwgk-title">失业登记（已更新）</h1>' in html, timeout=60)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
