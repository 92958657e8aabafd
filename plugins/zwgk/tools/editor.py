"""The browser editor on this machine: Decap CMS (installed from npm at the versions pinned in
cms/package-lock.json, never from a CDN), its local backend writing to the working tree, and a
status page that shows `zwgk check` after every save. Everything listens on 127.0.0.1 only.

Run: python -m zwgk.tools.editor [--root .] [--port 8080]   (scripts/edit also starts the preview)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Backend actions that change files: after each, `zwgk check` runs again.
WRITES = {"persistEntry", "deleteFile", "deleteFiles", "persistMedia"}
DECAP = "node_modules/decap-cms/dist/decap-cms.js"
SERVER = "node_modules/decap-server/dist/index.js"
# What the page server hands out from cms/: the page, its configuration and the editor's own files.
PAGES = ("/cms/", "/cms/index.html", "/cms/config.yml")


# Collections whose fields are generated from the JSON Schemas (one source): (collection, schema,
# definition, how Decap stores it). The four older collections are written out in cms/config.yml and
# checked against the schemas by tests/test_editor_tools.py.
GENERATED = (
    {"name": "halls", "label": "办理大厅", "label_singular": "办理大厅", "schema": "hall", "folder": "catalog/halls",
     "slug": "{{fields.id}}", "identifier_field": "name",
     "description": "便民服务中心、服务站等办理大厅（地址、办公时间、电话、窗口），一个大厅一个文件。"},
    {"name": "reports", "label": "年度报告数据", "label_singular": "年度报告数据", "schema": "report",
     "folder": "catalog/reports", "slug": "{{fields.year}}", "identifier_field": "year",
     "description": "政府信息公开工作年度报告的表三、表四数字，一年一个文件；表二由网站按公开的文件自动统计。"},
    {"name": "lists", "label": "清单", "schema": "lists", "files": (
        ("certificates", "证明事项清单", "catalog/lists/certificates.yml"),
        ("powers", "权责清单", "catalog/lists/powers.yml"))},
    {"name": "settings", "label": "站点和地点", "schema": None, "files": (
        ("site", "本单位信息（站点设置）", "catalog/site.yml", "site", None),
        ("places", "地点（区、镇、村）", "catalog/taxonomy/places.yml", "taxonomy", "places"))},
)


def _hint(prop: dict) -> str:
    return "".join(part for part in (prop.get("description", ""), prop.get("x-hint", "")) if part)


def schema_fields(schema: dict, root: dict, optional: bool = False, depth: int = 0) -> list[dict]:
    """Decap CMS fields for the properties of a schema object: Chinese label (title), hint (description
    and x-hint), required, and the widget the type needs. Inside an optional object every field is
    optional (Decap would otherwise refuse to save an empty one); `zwgk check` reports what is missing."""
    fields = []
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        while "$ref" in prop:
            prop = {**root["$defs"][prop["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in prop.items() if k != "$ref"}}
        field = {"name": name, "label": prop.get("title") or name, "required": name in required and not optional}
        if _hint(prop):
            field["hint"] = _hint(prop)
        kind = prop.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "string")
        if "enum" in prop:
            field.update(widget="select", options=list(prop["enum"]))
        elif prop.get("format") == "date":
            field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False)
        elif kind == "boolean":
            field["widget"] = "boolean"
        elif kind in ("integer", "number"):
            field.update(widget="number", value_type="int" if kind == "integer" else "float")
        elif kind == "object" and "properties" in prop:
            field.update(widget="object", collapsed=depth > 0,
                         fields=schema_fields(prop, root, optional or name not in required, depth + 1))
        elif kind == "array":
            items = prop.get("items", {})
            while "$ref" in items:
                items = root["$defs"][items["$ref"].rsplit("/", 1)[1]]
            if items.get("type") == "object" and depth < 3:
                field.update(widget="list", collapsed=True, fields=schema_fields(items, root, False, depth + 1))
            else:
                field["widget"] = "list"
        elif kind == "string" and prop.get("maxLength", 0) > 200:
            field["widget"] = "text"
        else:
            field["widget"] = "string"
        fields.append(field)
    return fields


def _definition(root: dict, definition: str | None) -> dict:
    return root["$defs"][definition] if definition else root


def generated_collections() -> list[dict]:
    """The generated collections, in Decap's configuration format."""
    from ..content.schema import load_schema

    collections = []
    for spec in GENERATED:
        base = {k: v for k, v in spec.items() if k not in ("schema", "files")}
        if "files" in spec:
            files = []
            for entry in spec["files"]:
                name, label, path = entry[:3]
                schema_name, definition = (entry[3], entry[4]) if len(entry) > 3 else (spec["schema"], name)
                root = load_schema(schema_name)
                files.append({"name": name, "label": label, "file": path,
                              "fields": schema_fields(_definition(root, definition), root)})
            collections.append({**base, "editor": {"preview": False}, "files": files})
        else:
            root = load_schema(spec["schema"])
            collections.append({**base, "extension": "yml", "format": "yaml", "create": True,
                                "editor": {"preview": False}, "fields": schema_fields(root, root)})
    return collections


def editor_config(cms: Path) -> dict:
    """cms/config.yml with the generated collections added: what the editor page loads."""
    import yaml

    config = yaml.safe_load((cms / "config.yml").read_text("utf-8"))
    config["collections"] = list(config["collections"]) + generated_collections()
    return config


class EditorError(Exception):
    """A setup problem the user can fix (node or npm missing, install failed)."""


def install(cms: Path) -> None:
    """`npm ci` from the committed lock file, only when node_modules is missing or older than it."""
    lock, stamp = cms / "package-lock.json", cms / "node_modules/.package-lock.json"
    if stamp.is_file() and stamp.stat().st_mtime >= lock.stat().st_mtime and (cms / DECAP).is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise EditorError("没有找到 npm：请先安装 Node.js 和 npm（Debian/Ubuntu：sudo apt-get install nodejs npm）。")
    print("正在安装编辑器（Decap CMS，版本见 cms/package-lock.json）……", file=sys.stderr)
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=cms, check=False)
    if done.returncode != 0:
        raise EditorError("编辑器安装失败（npm ci）：请检查网络或 npm 的镜像设置后重试。")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Checker:
    """Runs `zwgk check` in the background; the newest result is what the status page shows."""

    def __init__(self, root: Path, out: Path) -> None:
        self.root, self.out = root, out
        self.counter = threading.Lock()
        self.running = threading.Lock()
        self.wanted = 0
        self.done = 0
        self.result: dict = {"state": "pending"}
        out.mkdir(parents=True, exist_ok=True)

    def request(self) -> int:
        with self.counter:
            self.wanted += 1
            generation = self.wanted
        threading.Thread(target=self._run, args=(generation,), daemon=True).start()
        return generation

    def _run(self, generation: int) -> None:
        with self.running:  # one check at a time; a later request supersedes an earlier one
            if generation < self.wanted:
                return
            html = self.out / "check.html"
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
                str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH")]))}
            done = subprocess.run([sys.executable, "-m", "zwgk.cli", "check", "--format", "json", "--html", str(html)],
                                  cwd=self.root, capture_output=True, text=True, env=env, check=False)
            try:
                report = json.loads(done.stdout)
            except ValueError:
                report = {"ok": False, "errors": [], "output": (done.stdout + done.stderr)[-4000:]}
            self.result = {"state": "done", "generation": generation, "time": time.strftime("%H:%M:%S"), **report}
            self.done = generation


STATUS_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="3"><title>检查结果 · 内容编辑</title>
<style>body{{font:16px/1.6 sans-serif;margin:1rem}} .ok{{color:#17603a}} .bad{{color:#a4000f}}
pre{{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}}</style></head><body>
<h1>保存后的检查结果</h1><p class="{cls}">{headline}</p>{body}
<p>本页每 3 秒自动刷新。完整报告：<a href="/status/check.html">自查报告</a>；
预览网站：<a href="{preview}">{preview}</a></p>
</body></html>"""


def status_html(result: dict, preview: str) -> str:
    from html import escape

    if result.get("state") != "done":
        return STATUS_PAGE.format(cls="", headline="正在检查……", body="", preview=preview)
    errors, warnings = result.get("errors", []), result.get("warnings", [])
    def line(e: dict) -> str:
        where = f"{e.get('file') or ''}{':' + str(e['line']) if e.get('line') else ''}"
        field = f"（字段 {e['field']}）" if e.get("field") else ""
        hint = f"<br>怎么改：{escape(e['hint'])}" if e.get("hint") else ""
        return f"<li><b>{escape(where)}</b>{escape(field)}：{escape(e.get('message') or '')}{hint}</li>"

    items = "".join(line(e) for e in errors)
    notes = "".join(line(e) for e in warnings)
    body = (f"<h2>错误（发布前必须改正）：{len(errors)} 处</h2><ol>{items}</ol>" if errors else "")
    body += (f"<h2>提醒（不影响发布）：{len(warnings)} 处</h2><ol>{notes}</ol>" if warnings else "")
    if result.get("output"):
        body += f"<pre>{escape(result['output'])}</pre>"
    headline = (f"{result['time']} 检查通过：{escape(result.get('summary', ''))}" if result.get("ok")
                else f"{result['time']} 有 {len(errors)} 处错误，改正后再保存。")
    return STATUS_PAGE.format(cls="ok" if result.get("ok") else "bad", headline=headline, body=body, preview=preview)


def make_handler(cms: Path, backend: str, checker: Checker, preview: str):
    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml; charset=utf-8",
                          ".js": "text/javascript; charset=utf-8"}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(cms), **kwargs)

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802 - http.server's naming
            path = self.path.split("?", 1)[0]
            if path in ("/", "/cms"):
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", "/cms/")
                self.end_headers()
            elif path == "/status.json":
                self._send(200, json.dumps({"done": checker.done, "wanted": checker.wanted, **checker.result},
                                           ensure_ascii=False).encode("utf-8"), "application/json")
            elif path in ("/status", "/status/"):
                self._send(200, status_html(checker.result, preview).encode("utf-8"), "text/html; charset=utf-8")
            elif path == "/status/check.html" and (checker.out / "check.html").is_file():
                self._send(200, (checker.out / "check.html").read_bytes(), "text/html; charset=utf-8")
            elif path == "/cms/config.yml":
                import yaml

                text = yaml.safe_dump(editor_config(cms), allow_unicode=True, sort_keys=False)
                self._send(200, text.encode("utf-8"), "text/yaml; charset=utf-8")
            elif path in PAGES or path.startswith("/cms/node_modules/decap-cms/dist/"):
                self.path = path[len("/cms"):]
                super().do_GET()
            else:
                self._send(404, "没有这个页面".encode(), "text/plain; charset=utf-8")

        def do_POST(self):  # noqa: N802
            if self.path != "/api/v1":
                self._send(404, b"{}", "application/json")
                return
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            request = urllib.request.Request(backend, data=body, headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    status, answer = response.status, response.read()
            except urllib.error.HTTPError as error:
                status, answer = error.code, error.read()
            try:
                action = json.loads(body).get("action")
            except ValueError:
                action = None
            if status == 200 and action in WRITES:
                checker.request()
            self._send(status, answer, "application/json")

    return Handler


def start(root: Path, cms: Path, port: int = 0,
          preview: str = "http://127.0.0.1:8000/") -> tuple[ThreadingHTTPServer, subprocess.Popen]:
    """The local backend (decap-server, files only) and the page server; the caller stops both."""
    install(cms)
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise EditorError("没有找到 node：请先安装 Node.js（Debian/Ubuntu：sudo apt-get install nodejs npm）。")
    backend_port = free_port()
    backend = subprocess.Popen([node, str(cms / SERVER)], cwd=root, stdout=subprocess.DEVNULL, env={
        **os.environ, "PORT": str(backend_port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(root.resolve()), "LOG_LEVEL": "warn"})
    url = f"http://127.0.0.1:{backend_port}/api/v1"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", backend_port), timeout=0.2):
                break
        except OSError:
            if backend.poll() is not None:
                raise EditorError("编辑器的本地服务（decap-server）没能启动，请看上面的提示。") from None
            time.sleep(0.1)
    checker = Checker(root, root / ".cache/editor")
    checker.request()
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(cms, url, checker, preview))
    server.checker = checker  # type: ignore[attr-defined]
    return server, backend


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zwgk-edit", description="在本机浏览器里编辑内容（不连外网）")
    parser.add_argument("--root", default=".", help="要编辑的项目文件夹（默认当前文件夹）")
    parser.add_argument("--cms", help="编辑器文件夹（默认项目里的 cms/）")
    parser.add_argument("--port", type=int, default=8080, help="编辑页面的端口（默认 8080）")
    parser.add_argument("--preview", default="http://127.0.0.1:8000/", help="预览网站的地址")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    try:
        server, backend = start(root, Path(args.cms).resolve() if args.cms else root / "cms", args.port, args.preview)
    except EditorError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"编辑器：http://127.0.0.1:{server.server_address[1]}/cms/   检查结果：http://127.0.0.1:{server.server_address[1]}/status"
          f"   预览：{args.preview}（按 Ctrl+C 停止）", file=sys.stderr)
    # a plain `kill` stops the local backend too, not only Ctrl+C
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        backend.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
