"""政府信息公开工作年度报告 (国办公开办函〔2021〕30号): the report page's sections and the
lines where tables 2–4 go, the tables and their checks.

Table 2 is counted from the published records, each figure with the records it counts so an
office can check it. Tables 3 and 4 come from a data file the office keeps per year
(``catalog/reports/<year>.yml``); every rule of the format is checked and a broken rule names
the table, row, column and numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .errors import ContentError
from .loader import Document as SourceDocument
from .model import Catalog, Document

# ---------------------------------------------------------------- the report page (30号)

REPORT_SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                   "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
REPORT_TABLES = ("表二", "表三", "表四")  # generated into sections 二 to 四
REPORT_MARKERS = tuple(f"<!-- {table} -->" for table in REPORT_TABLES)  # the lines an editor writes for them

# ---------------------------------------------------------------- table 3 layout (30号)

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
LEGAL_PERSONS = APPLICANTS[1:]  # 法人或其他组织
REFUSED = ("属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
           "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项")
UNABLE = ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")
NOT_HANDLED = ("信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
               "要求行政机关确认或重新出具已获取信息")
OTHER = ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他")
OUTCOME_GROUPS = (  # (key in the data file, row label, reasons or () for a single row)
    ("予以公开", "（一）予以公开", ()),
    ("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ()),
    ("不予公开", "（三）不予公开", REFUSED),
    ("无法提供", "（四）无法提供", UNABLE),
    ("不予处理", "（五）不予处理", NOT_HANDLED),
    ("其他处理", "（六）其他处理", OTHER),
)
REVIEW_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结")
REVIEW_KINDS = ("行政复议", "未经复议直接起诉", "复议后起诉")


@dataclass(frozen=True)
class Figure:
    """One number of table 2 and the published records it counts."""

    value: float
    records: tuple[Document, ...] = ()


@dataclass(frozen=True)
class Table2:
    year: int
    rules: dict[str, tuple[Figure, Figure, Figure]]  # 规章 / 行政规范性文件 → made, repealed, in force
    decisions: dict[str, Figure]  # 行政许可 / 行政处罚 / 行政强制 → decisions of the year
    fees: Figure  # 行政事业性收费, 万元


@dataclass(frozen=True)
class Applications:
    """Table 3 as the office's file gives it: per applicant type, every row."""

    new: dict[str, int]
    carried_in: dict[str, int]
    outcomes: dict[str, dict[str, int]]  # row key → applicant → count; reasons as "不予公开/属于国家秘密"
    carried_out: dict[str, int]

    def outcome_total(self, applicant: str) -> int:
        return sum(row[applicant] for row in self.outcomes.values())


@dataclass(frozen=True)
class ReportData:
    year: int
    applications: Applications
    review: dict[str, dict[str, int]]  # 行政复议 / 未经复议直接起诉 / 复议后起诉 → result → count
    file: str
    lines: dict = field(default_factory=dict, compare=False)


# ---------------------------------------------------------------- table 2 from the records


def _in_year(day: dt.date | None, year: int) -> bool:
    return day is not None and day.year == year


def _repealed_on(document: Document) -> dt.date | None:
    return document.valid_until if document.validity in ("废止", "失效") else None


def table2(catalog: Catalog, year: int) -> Table2:
    """Table 2 of ``year``, counted from the published documents."""
    end = dt.date(year, 12, 31)
    rules = {}
    for kind in ("规章", "行政规范性文件"):  # the rows of the national form; categories say where they count
        found = [d for d in catalog.documents if d.category.report_row == kind]
        made = [d for d in found if _in_year(d.written_date, year)]
        repealed = [d for d in found if _in_year(_repealed_on(d), year)]
        in_force = [d for d in found if d.written_date <= end
                    and (_repealed_on(d) is None or _repealed_on(d) > end)
                    and (d.valid_until is None or d.valid_until >= end)]
        rules[kind] = (Figure(len(made), tuple(made)), Figure(len(repealed), tuple(repealed)),
                       Figure(len(in_force), tuple(in_force)))
    decisions = {}
    for kind in ("行政许可", "行政处罚", "行政强制"):
        found = [d for d in catalog.documents if d.decision_kind == kind and _in_year(d.written_date, year)]
        decisions[kind] = Figure(sum(d.decision_count for d in found), tuple(found))
    fee_docs = [d for d in catalog.documents if d.fee_amount is not None and _in_year(d.written_date, year)]
    fees = Figure(round(sum(d.fee_amount for d in fee_docs), 4), tuple(fee_docs))
    return Table2(year, rules, decisions, fees)


# ---------------------------------------------------------------- tables 3 and 4 from the office's file


def read_report_data(doc: SourceDocument) -> tuple[ReportData | None, list[ContentError]]:
    """The schema-valid data file as ReportData, with every arithmetic rule of 30号 checked."""
    d = doc.data
    errors: list[ContentError] = []

    def error(path: tuple, table: str, problem: str, hint: str) -> None:
        errors.append(ContentError(doc.file, doc.line_of(path), table, problem, hint))

    columns = d["applications"]
    new = {a: columns[a]["本年新收"] for a in APPLICANTS}
    carried_in = {a: columns[a]["上年结转"] for a in APPLICANTS}
    carried_out = {a: columns[a]["结转下年度"] for a in APPLICANTS}
    outcomes: dict[str, dict[str, int]] = {}
    for key, _, reasons in OUTCOME_GROUPS:
        if not reasons:
            outcomes[key] = {a: columns[a][key] for a in APPLICANTS}
            continue
        for reason in reasons:
            outcomes[f"{key}/{reason}"] = {a: columns[a][key][reason] for a in APPLICANTS}
        for a in APPLICANTS:
            given = columns[a][key].get("小计")
            parts = sum(columns[a][key][r] for r in reasons)
            if given is not None and given != parts:
                error(("applications", a, key, "小计"), f"表三 {a} 列 {key}",
                      f"小计写的是 {given}，但各项原因相加是 {parts}。", f"把小计改成 {parts}，或核对各项原因的数字。")
    data = ReportData(d["year"], Applications(new, carried_in, outcomes, carried_out), d["review"], doc.file)
    for a in APPLICANTS:
        total = data.applications.outcome_total(a)
        given = columns[a].get("办理结果总计")
        if given is not None and given != total:
            error(("applications", a, "办理结果总计"), f"表三 {a} 列 办理结果总计",
                  f"总计写的是 {given}，但（一）至（六）相加是 {total}。", f"把总计改成 {total}，或核对各行数字。")
        if new[a] + carried_in[a] != total + carried_out[a]:
            error(("applications", a, "本年新收"), f"表三 {a} 列",
                  f"本年新收 {new[a]} + 上年结转 {carried_in[a]} = {new[a] + carried_in[a]}，"
                  f"但办理结果总计 {total} + 结转下年度 {carried_out[a]} = {total + carried_out[a]}。",
                  "30号文要求两者相等：核对本列的新收、结转和各项办理结果。")
    for kind in REVIEW_KINDS:
        given = d["review"][kind].get("总计")
        parts = sum(d["review"][kind][r] for r in REVIEW_RESULTS)
        if given is not None and given != parts:
            error(("review", kind, "总计"), f"表四 {kind} 总计",
                  f"总计写的是 {given}，但{'、'.join(REVIEW_RESULTS)}相加是 {parts}。", f"把总计改成 {parts}。")
    return (None if errors else data), errors


def check_carry_over(previous: ReportData, current: ReportData, line: int) -> list[ContentError]:
    """Last year's 结转下年度 must be this year's 上年结转, column by column."""
    errors = []
    for a in APPLICANTS:
        out, into = previous.applications.carried_out[a], current.applications.carried_in[a]
        if out != into:
            errors.append(ContentError(
                current.file, line, f"表三 {a} 列 上年结转",
                f"{current.year} 年的上年结转是 {into}，但 {previous.year} 年报告的结转下年度是 {out}。",
                f"两者应相等：核对 {previous.file} 和本文件。"))
    return errors


# ---------------------------------------------------------------- rows for the page and the exports


def table3_rows(data: ReportData) -> list[tuple[str, list[int], bool]]:
    """(row label, numbers per applicant + 法人小计? no: per applicant then 总计, emphasised?)"""
    apps = data.applications

    def numbers(values: dict[str, int]) -> list[int]:
        return [values[a] for a in APPLICANTS] + [sum(values.values())]

    rows = [("一、本年新收政府信息公开申请数量", numbers(apps.new), True),
            ("二、上年结转政府信息公开申请数量", numbers(apps.carried_in), True),
            ("三、本年度办理结果", [], True)]
    for key, label, reasons in OUTCOME_GROUPS:
        if not reasons:
            rows.append((label, numbers(apps.outcomes[key]), False))
            continue
        rows.append((label, [], False))
        for n, reason in enumerate(reasons, start=1):
            rows.append((f"{n}．{reason}", numbers(apps.outcomes[f"{key}/{reason}"]), False))
    rows.append(("（七）总计", numbers({a: apps.outcome_total(a) for a in APPLICANTS}), True))
    rows.append(("四、结转下年度继续办理", numbers(apps.carried_out), True))
    return rows


def table4_row(data: ReportData) -> list[int]:
    """The one data row of table 4: per kind its four results and their total."""
    row = []
    for kind in REVIEW_KINDS:
        values = [data.review[kind][r] for r in REVIEW_RESULTS]
        row += values + [sum(values)]
    return row


# ---------------------------------------------------------------- the tables as grids, for XLSX and CSV

Cell = tuple  # (text or number, rowspan, colspan)


def report_grids(catalog: Catalog, data: ReportData) -> dict[str, list[list[Cell]]]:
    """Tables 2–4 as rows of (value, rowspan, colspan) cells, merged headers as in 30号."""
    t2 = table2(catalog, data.year)
    two: list[list[Cell]] = []
    for section, header, rows in (
        ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
         [[kind] + [f.value for f in figures] for kind, figures in t2.rules.items()]),
        ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [["行政许可", t2.decisions["行政许可"].value]]),
        ("第二十条第（六）项", ["信息内容", "本年处理决定数量"],
         [[k, t2.decisions[k].value] for k in ("行政处罚", "行政强制")]),
        ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [["行政事业性收费", t2.fees.value]]),
    ):
        two.append([(section, 1, 4)])
        wide = len(header) == 2
        two.append([(header[0], 1, 1)] + ([(header[1], 1, 3)] if wide else [(h, 1, 1) for h in header[1:]]))
        two += [[(r[0], 1, 1)] + ([(r[1], 1, 3)] if wide else [(v, 1, 1) for v in r[1:]]) for r in rows]
    width = len(APPLICANTS) + 1
    three: list[list[Cell]] = [
        [("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", 3, 1), ("申请人情况", 1, width)],
        [("自然人", 2, 1), ("法人或其他组织", 1, len(LEGAL_PERSONS)), ("总计", 2, 1)],
        [(a, 1, 1) for a in LEGAL_PERSONS],
    ]
    for label, numbers, _ in table3_rows(data):
        three.append([(label, 1, 1)] + [(n, 1, 1) for n in numbers] if numbers else [(label, 1, width + 1)])
    results = len(REVIEW_RESULTS) + 1
    four: list[list[Cell]] = [
        [("行政复议", 1, results), ("行政诉讼", 1, results * 2)],
        [(r, 2, 1) for r in REVIEW_RESULTS] + [("总计", 2, 1)] + [(k, 1, results) for k in REVIEW_KINDS[1:]],
        [(r, 1, 1) for _ in REVIEW_KINDS[1:] for r in (*REVIEW_RESULTS, "总计")],
        [(n, 1, 1) for n in table4_row(data)],
    ]
    return {"表二 主动公开政府信息情况": two, "表三 收到和处理政府信息公开申请情况": three,
            "表四 政府信息公开行政复议、行政诉讼情况": four}
