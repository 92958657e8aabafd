"""The YAML reader: every malformed file ends in an error with its line, never a traceback."""

from zwgk.content.loader import parse_yaml, read_yaml


def errors_of(text: str):
    doc, errors = parse_yaml(text, "x.yml")
    assert errors and (doc is None or doc.broken or errors)
    return errors


def test_fields_remember_their_lines():
    doc, errors = parse_yaml("id: a\nguide:\n  materials:\n    - name: 身份证\n", "x.yml")
    assert errors == []
    assert doc.data == {"id": "a", "guide": {"materials": [{"name": "身份证"}]}}
    assert doc.line_of(("guide", "materials", 0, "name")) == 4
    assert doc.line_of(("guide", "missing")) == 2  # falls back to the nearest parent


def test_syntax_error_reports_its_line():
    [error] = errors_of("id: a\nmatter:\n  level1: 就业\n level2: 登记\n")
    assert error.line == 4
    assert "YAML 格式错误" in error.message
    assert "缩进" in error.hint


def test_duplicate_key_is_an_error_not_a_silent_overwrite():
    [error] = errors_of("id: a\ncontent: 一\ncontent: 二\n")
    assert error.line == 3 and error.field == "content"
    assert "第一次在第 2 行" in error.message


def test_impossible_date_is_reported_with_its_line():
    [error] = errors_of("id: a\npublished_date: 2024-02-30\n")
    assert error.line == 2 and "不是一个存在的日期" in error.message


def test_an_unreadable_value_does_not_hide_the_rest_of_the_file():
    doc, [error] = parse_yaml("id: a\npublished_date: 2024-02-30\naudience: 全社会\n", "x.yml")
    assert error.line == 2
    assert doc.data["id"] == "a" and doc.data["audience"] == "全社会"
    assert doc.broken == {("published_date",)}


def test_dates_become_iso_strings():
    doc, _ = parse_yaml("published_date: 2024-02-29\n", "x.yml")
    assert doc.data == {"published_date": "2024-02-29"}


def test_object_constructing_tags_are_refused():
    [error] = errors_of("id: !!python/object/apply:os.system ['echo hacked']\n")
    assert error.line == 1 and "标签" in error.hint


def test_alias_bomb_stops_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for n in range(1, 9):
        name, previous = chr(97 + n), chr(96 + n)
        bomb += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    [error] = errors_of(bomb)
    assert "引用" in error.message


def test_empty_and_multi_document_files():
    assert "空的" in errors_of("")[0].message
    assert errors_of("id: a\n---\nid: b\n")[0].line == 3  # where the second record starts


def test_gbk_file_is_reported_as_wrong_encoding(tmp_path):
    path = tmp_path / "gbk.yml"
    path.write_bytes("id: a\ncontent: 就业登记\n".encode("gbk"))
    doc, [error] = read_yaml(path, "gbk.yml")
    assert doc is None and error.line == 2 and "UTF-8" in error.message


def test_bom_and_crlf_from_windows_editors_are_accepted(tmp_path):
    path = tmp_path / "win.yml"
    path.write_bytes("\ufeffid: a\r\ncontent: 就业登记\r\n".encode())
    doc, errors = read_yaml(path, "win.yml")
    assert errors == [] and doc.data == {"id": "a", "content": "就业登记"}
