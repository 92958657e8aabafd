"""The browser editor as an office editor uses it: Decap CMS from cms/node_modules (installed from the
pinned lock file, never a CDN), the local backend writing into a copy of the demo, Chromium offline."""

from __future__ import annotations

import json
import threading
import time
import urllib.request

import pytest
import yaml

from conftest import ROOT, copy_project
from zwgk.tools.editor import start

OUTPUT = ROOT / "tests/output/cms"
LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")


@pytest.fixture
def editor(tmp_path):
    """The edit server of scripts/edit on a private copy of the demo; yields (base URL, project)."""
    project = copy_project(tmp_path / "project")
    server, backend = start(project, ROOT / "cms")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", project
    finally:
        server.shutdown()
        server.server_close()
        backend.terminate()
        backend.wait(10)


@pytest.fixture
def offline(browser):
    """A page that may reach only this machine; every other request is blocked and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave this entry?" after only looking at it
    page.set_default_timeout(20_000)
    yield page, outside
    context.close()


def status(base: str, after: int) -> dict:
    """The check result of the save numbered `after` or later (the status page's data)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with urllib.request.urlopen(base + "/status.json") as response:
            result = json.loads(response.read())
        if result.get("state") == "done" and result["done"] >= after:
            return result
        time.sleep(0.5)
    raise AssertionError("zwgk check did not finish after the save")


def login(page, base: str) -> None:
    page.goto(base + "/cms/")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("公开事项").first.wait_for()


def fill(page, name: str, value: str) -> None:
    """Type into the field whose id Decap derives from the schema name (e.g. `id-field-2`)."""
    field = page.locator(f"[id^='{name}-field-']").first
    field.fill(value)


def choose(page, name: str, option: str) -> None:
    """Pick an option of a select widget (react-select) by its visible Chinese text."""
    page.locator(f"[id^='{name}-field-']").first.click()
    page.get_by_text(option, exact=True).last.click()


def save(page) -> None:
    """Decap's 发布 menu → 立即发布: with the local backend this writes the file into the working tree."""
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").first.click()
    page.wait_for_url("**/entries/**")  # a new entry: Decap opens the saved entry once the backend wrote it
    page.get_by_text("含未保存的修改").wait_for(state="detached")


def new_item(page, base: str, category: str) -> None:
    """Fill every required field of a new item (huji-guanli-menpai-bianji) in the form."""
    page.goto(base + "/cms/#/collections/items/new")
    page.locator("[id^='id-field-']").wait_for()
    fill(page, "id", "huji-guanli-menpai-bianji")
    fill(page, "domain", "huji-guanli")
    fill(page, "category", category)
    fill(page, "level1", "门牌管理")
    fill(page, "content", "门牌号码编制和变更的结果")
    fill(page, "basis", "《地名管理条例》")
    fill(page, "publisher", "洛阳市公安局洛龙分局")
    fill(page, "channels", "政府网站")
    choose(page, "audience", "全社会")
    fill(page, "levels", "区级")
    fill(page, "published_date", "2024-01-05")
    page.keyboard.press("Tab")  # the date counts once the field is left, as when an editor moves on


def test_new_item_through_the_form_offline(editor, offline):
    base, project = editor
    page, outside = offline
    started = time.monotonic()
    login(page, base)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "list.png"))
    new_item(page, base, "依法行政")
    page.locator("[id^='id-field-']").first.scroll_into_view_if_needed()
    page.screenshot(path=str(OUTPUT / "form.png"), full_page=False)
    save(page)
    written = project / "catalog/items/huji-guanli/huji-guanli-menpai-bianji.yml"
    deadline = time.monotonic() + 20
    while not written.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert written.exists(), sorted(p.name for p in (project / "catalog/items/huji-guanli").iterdir())
    data = yaml.safe_load(written.read_text("utf-8"))
    assert data["id"] == "huji-guanli-menpai-bianji"
    assert data["matter"]["level1"] == "门牌管理"
    assert data["basis"] == ["《地名管理条例》"]
    result = status(base, 2)
    assert result["ok"], result.get("errors")
    assert "huji-guanli-menpai-bianji" not in json.dumps(result.get("warnings", []), ensure_ascii=False)
    assert outside == []
    print(f"new item through the editor: {time.monotonic() - started:.1f} s")


def front_matter(path) -> tuple[dict, str]:
    _, head, body = path.read_text("utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def test_edit_a_document_and_a_posting_offline(editor, offline):
    base, project = editor
    page, outside = offline
    document = project / "catalog/documents/caizheng-shenji/llcz-2024-sfqk.md"
    posting = project / "content/gongshi/anle/2026-yuandan-chunjie-zhiban.md"
    doc_before, doc_body = front_matter(document)
    post_before, post_body = front_matter(posting)
    login(page, base)

    page.goto(base + "/cms/#/collections/documents")
    page.get_by_text("洛龙区财政局关于2024年度行政事业性收费情况的公告").first.click()
    fill(page, "title", "洛龙区财政局关于2024年度行政事业性收费情况的公告（更正）")
    fill(page, "change_note", "更正收费金额的统计口径说明")
    save(page)

    page.goto(base + "/cms/#/collections/postings")
    page.get_by_text("安乐镇2026年元旦、春节期间值班安排").first.click()
    fill(page, "summary", "元旦1月1日至3日、春节2月15日至23日实行24小时值班，值班电话0379-65052101。")
    save(page)

    doc_after, doc_body_after = front_matter(document)
    assert doc_after["title"].endswith("（更正）")
    assert doc_after["change_note"] == "更正收费金额的统计口径说明"
    assert {k: v for k, v in doc_after.items() if k not in ("title", "change_note")} == {
        k: v for k, v in doc_before.items() if k not in ("title", "change_note")}
    post_after, post_body_after = front_matter(posting)
    assert post_after["summary"].endswith("0379-65052101。")
    assert {k: v for k, v in post_after.items() if k != "summary"} == {
        k: v for k, v in post_before.items() if k != "summary"}
    for before, after in ((doc_body, doc_body_after), (post_body, post_body_after)):
        assert after.split() == before.split(), "the body (tables included) survives an edit of the form"
    result = status(base, 3)
    assert result["ok"], result.get("errors")
    assert outside == []


def test_halls_lists_reports_and_site_open_from_the_schemas(editor, offline):
    """The generated collections load the real files; editing a hall keeps every other field."""
    base, project = editor
    page, outside = offline
    hall = project / "catalog/halls/anle-zhongxin.yml"
    before = yaml.safe_load(hall.read_text("utf-8"))
    login(page, base)
    for label in ("办理大厅", "年度报告数据", "清单", "站点和地点"):
        assert page.get_by_role("link", name=label).count(), label
    page.goto(base + "/cms/#/collections/lists/entries/certificates")
    page.get_by_text("25 证明事项").wait_for()
    assert page.locator("[id^='title-field-']").first.input_value() == "洛龙区保留证明事项清单"
    page.goto(base + "/cms/#/collections/reports")
    page.get_by_text("2024").first.click()
    page.get_by_text("表三 收到和处理政府信息公开申请情况").wait_for()
    page.wait_for_function("() => document.querySelector(\"[id^='year-field-']\")?.value === '2024'")
    page.goto(base + "/cms/#/collections/halls")  # from the list, as an editor does: Decap loads the entry
    page.get_by_text("安乐镇便民服务中心").first.click()
    page.wait_for_function("() => document.querySelector(\"[id^='name-field-']\")?.value === '安乐镇便民服务中心'")
    fill(page, "phone", "0379-65052199")
    save(page)
    after = yaml.safe_load(hall.read_text("utf-8"))
    assert after["phone"] == "0379-65052199"
    assert {k: v for k, v in after.items() if k != "phone"} == {k: v for k, v in before.items() if k != "phone"}
    result = status(base, 2)
    assert result["ok"], result.get("errors")
    assert outside == []


def test_new_posting_gets_a_file_name_decap_can_make(editor, offline):
    """Decap cannot ask for a file name: a new posting is named after its start date and the save time,
    lands in its place's folder and passes check."""
    base, project = editor
    page, outside = offline
    login(page, base)
    page.goto(base + "/cms/#/collections/postings/new")
    page.locator("[id^='title-field-']").wait_for()
    fill(page, "title", "东岗村2026年春季植树活动安排公开")
    fill(page, "place", "anle-donggang")
    fill(page, "kind", "村务公开")
    fill(page, "publisher", "东岗村村民委员会")
    fill(page, "start_date", "2026-01-05")
    page.keyboard.press("Tab")
    fill(page, "end_date", "2026-01-20")
    page.keyboard.press("Tab")
    page.locator("[data-slate-editor='true']").last.click()
    page.keyboard.type("3月12日上午9时在村东荒坡集中植树，欢迎村民参加。")
    save(page)
    made = sorted((project / "content/gongshi/anle-donggang").glob("2026-01-05-*.md"))
    assert len(made) == 1, sorted(p.name for p in (project / "content/gongshi/anle-donggang").iterdir())
    head, body = front_matter(made[0])
    assert head["title"] == "东岗村2026年春季植树活动安排公开"
    assert "村东荒坡集中植树" in body
    result = status(base, 2)
    assert result["ok"], result.get("errors")
    assert outside == []


def test_a_mistake_saved_in_the_form_shows_on_the_status_page(editor, offline):
    """Saved with a category that does not exist: the file is written (the form cannot know the
    taxonomy), and the editor's badge and the status page list check's error with file and field."""
    base, project = editor
    page, outside = offline
    login(page, base)
    new_item(page, base, "不存在的类别")
    save(page)
    result = status(base, 2)
    assert not result["ok"]
    assert any(e["file"].endswith("huji-guanli-menpai-bianji.yml") and e["field"].startswith("category")
               for e in result["errors"]), result["errors"]
    page.locator("#zwgk-status.bad").wait_for()
    assert "处错误" in page.locator("#zwgk-status").inner_text()
    page.goto(base + "/status")
    text = page.inner_text("body")
    assert "huji-guanli-menpai-bianji.yml" in text and "category" in text and "怎么改" in text
    assert outside == []
