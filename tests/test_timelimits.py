import pytest

from zwgk.content.timelimits import Duration, TimeLimit, parse_duration, parse_time_limit


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("信息形成或者变更之日起20个工作日内", TimeLimit("期限", 20, "工作日", "信息形成或者变更之日起")),
        ("制定或获取信息之日起10个工作日内", TimeLimit("期限", 10, "工作日", "制定或获取信息之日起")),
        ("作出决定之日起7个工作日内", TimeLimit("期限", 7, "工作日", "作出决定之日起")),
        ("公示7个工作日", TimeLimit("公示", 7, "工作日")),
        ("公示期不少于七个工作日", TimeLimit("公示", 7, "工作日")),
        ("２０个工作日内", TimeLimit("期限", 20, "工作日", "信息形成或者变更之日起")),
        ("作出决定之日起30日内", TimeLimit("期限", 30, "自然日", "作出决定之日起")),
        ("实时", TimeLimit("实时")),
        ("及时", TimeLimit("及时")),
    ],
)
def test_phrases_from_real_tables_parse(phrase, expected):
    assert parse_time_limit(phrase) == expected


def test_parsed_rule_reads_back_as_the_official_phrase():
    assert parse_time_limit("公示 7 个工作日").text == "公示7个工作日"
    assert parse_time_limit("20个工作日内").text == "信息形成或者变更之日起20个工作日内"


@pytest.mark.parametrize("phrase", ["尽快", "20", "第二十个工作日", ""])
def test_unknown_phrases_are_rejected(phrase):
    assert parse_time_limit(phrase) is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("20个工作日", Duration(20)), ("即办", Duration(0)), ("30日", Duration(30, "自然日")),
     ("一百二十天", Duration(120, "自然日")), ("法定20个工作日内办结", Duration(20))],
)
def test_durations(phrase, expected):
    assert parse_duration(phrase) == expected
    assert parse_duration("马上") is None
    assert Duration(0).text == "即办"
