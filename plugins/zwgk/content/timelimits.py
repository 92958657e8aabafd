"""公开时限 and 办结时限: rules written as Chinese phrases, parsed into data and back.

Editors (and imported office tables) write phrases like "信息形成或者变更之日起20个工作日内",
"公示7个工作日" or "实时"; the model keeps the rule's parts so later checks can count days. In
the official format the 公开时限 is free text: a phrase is kept as written, and a rule is derived
when one is recognisable inside it ("自…之日起20个工作日内予以公开", "常态化公开，…"); a phrase
without a recognisable rule is kept as text only (no late-disclosure check for it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

WORKING = "工作日"
CALENDAR = "自然日"
DEFAULT_TRIGGER = "信息形成或者变更之日起"

RULE_PERIOD = "期限"  # within N days of a trigger
RULE_PUBLICITY = "公示"  # shown for N days
RULE_REALTIME = "实时"
RULE_PROMPT = "及时"
RULES = (RULE_PERIOD, RULE_PUBLICITY, RULE_REALTIME, RULE_PROMPT)

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = r"[0-9]+|[零一二两三四五六七八九十百]+"
_UNIT = r"个?(?:工作日|自然日|日|天)"
_PERIOD_RE = re.compile(rf"^(?P<trigger>(?:[^，,；;。：:]*?[起后])?)(?P<days>{_NUMBER})(?P<unit>{_UNIT})内?$")
_PUBLICITY_RE = re.compile(rf"^公示(?:期)?(?:不少于|不低于)?(?P<days>{_NUMBER})(?P<unit>{_UNIT})$")
_DURATION_RE = re.compile(rf"^(?:法定|承诺)?(?P<days>{_NUMBER})(?P<unit>{_UNIT})(?:内)?(?:办结)?$")
# inside a longer phrase: qualifiers before ("常态化公开，", "自") or after ("予以公开") the rule
_CLAUSE_STOP = "，,；;。：:"
_TRIGGERED_IN = re.compile(
    rf"(?P<trigger>[^{_CLAUSE_STOP}]*?(?:起|后))(?P<days>{_NUMBER})(?P<unit>{_UNIT})")
_PUBLICITY_IN = re.compile(
    rf"公示(?:期|时间)?(?:为|不少于|不低于|不得少于|至少)?(?P<days>{_NUMBER})(?P<unit>{_UNIT})")
_BARE_IN = re.compile(rf"(?<![第0-9零一二两三四五六七八九十百])(?P<days>{_NUMBER})(?P<unit>{_UNIT})")
_IMMEDIATE = {"即办", "当场办结", "即时办结", "立即办理", "当场办理", "即来即办"}


@dataclass(frozen=True)
class TimeLimit:
    """A disclosure deadline (公开时限): its rule (None when no rule could be derived from the
    phrase) and the phrase as the office wrote it, when that differs from the rule's own wording.
    Two time limits with the same rule are equal whatever their wording."""

    rule: str | None
    days: int | None = None
    day_type: str = WORKING
    trigger: str = ""
    phrase: str = field(default="", compare=False)

    @property
    def text(self) -> str:
        """What the site shows: the office's phrase, else the rule in the official wording."""
        if self.phrase:
            return self.phrase
        if self.rule == RULE_PERIOD:
            return f"{self.trigger}{self.days}个{self.day_type}内"
        if self.rule == RULE_PUBLICITY:
            return f"公示{self.days}个{self.day_type}"
        return self.rule


DEFAULT_TIME_LIMIT = TimeLimit(RULE_PERIOD, 20, WORKING, DEFAULT_TRIGGER)


@dataclass(frozen=True)
class Duration:
    """A processing time limit (法定/承诺办结时限); 0 days means 即办."""

    days: int
    day_type: str = WORKING

    @property
    def text(self) -> str:
        return "即办" if self.days == 0 else f"{self.days}个{self.day_type}"


def _normalise(text: str) -> str:
    # Full-width digits and spaces from Word or phones become plain ones.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[char]
    return total + current


def _day_type(unit: str) -> str:
    return WORKING if "工作日" in unit else CALENDAR


def parse_time_limit(text: str) -> TimeLimit | None:
    """The rule of a 公开时限 phrase, also when qualifiers stand before or after it; None when no
    rule can be recognised. The result carries no phrase: its ``text`` is the official wording."""
    phrase = _normalise(text)
    if phrase in ("实时", "即时"):
        return TimeLimit(RULE_REALTIME)
    if phrase == "及时":
        return TimeLimit(RULE_PROMPT)
    match = _PUBLICITY_RE.match(phrase)
    if match:
        return TimeLimit(RULE_PUBLICITY, _number(match["days"]), _day_type(match["unit"]))
    match = _PERIOD_RE.match(phrase)
    if match and _number(match["days"]) > 0:
        trigger = match["trigger"] or DEFAULT_TRIGGER
        return TimeLimit(RULE_PERIOD, _number(match["days"]), _day_type(match["unit"]), trigger)
    return _rule_inside(phrase)


def _rule_inside(phrase: str) -> TimeLimit | None:
    """A rule inside a longer phrase: a period counted from an event first (the deadline of the
    disclosure), then a 公示 period, then 实时 / 及时, then a bare number of days."""
    match = _TRIGGERED_IN.search(phrase)
    if match and _number(match["days"]) > 0:
        trigger = match["trigger"]
        trigger = trigger[1:] if trigger.startswith("自") and len(trigger) > 2 else trigger
        return TimeLimit(RULE_PERIOD, _number(match["days"]), _day_type(match["unit"]), trigger)
    match = _PUBLICITY_IN.search(phrase)
    if match and _number(match["days"]) > 0:
        return TimeLimit(RULE_PUBLICITY, _number(match["days"]), _day_type(match["unit"]))
    if "实时" in phrase or "即时" in phrase:
        return TimeLimit(RULE_REALTIME)
    if "及时" in phrase:
        return TimeLimit(RULE_PROMPT)
    match = _BARE_IN.search(phrase)
    if match and _number(match["days"]) > 0:
        return TimeLimit(RULE_PERIOD, _number(match["days"]), _day_type(match["unit"]), DEFAULT_TRIGGER)
    return None


def read_time_limit(text: str) -> TimeLimit:
    """A 公开时限 as an item keeps it: the phrase as written (when it is not the rule's own
    wording) with the rule derived from it, or with no rule (``rule is None``) when none is found."""
    written = text.strip()
    rule = parse_time_limit(written)
    if rule is None:
        return TimeLimit(None, phrase=written)
    return rule if rule.text == written else replace(rule, phrase=written)


def time_limit_of(value) -> TimeLimit | None:
    """An item's ``time_limit`` field as the model reads it: absent → the default rule, a phrase →
    :func:`read_time_limit`, a mapping → its parts (None when it lacks the days its rule needs)."""
    if value is None:
        return DEFAULT_TIME_LIMIT
    if isinstance(value, str):
        return read_time_limit(value)
    rule = value.get("rule")
    if rule in (RULE_PERIOD, RULE_PUBLICITY) and "days" not in value:
        return None
    trigger = value.get("trigger", DEFAULT_TRIGGER if rule == RULE_PERIOD else "")
    return TimeLimit(rule, value.get("days"), value.get("day_type", WORKING), trigger)


def parse_duration(text: str) -> Duration | None:
    """Parse a 办结时限 phrase such as "20个工作日" or "即办"; None when unknown."""
    phrase = _normalise(text)
    if phrase in _IMMEDIATE:
        return Duration(0)
    match = _DURATION_RE.match(phrase)
    if match:
        return Duration(_number(match["days"]), _day_type(match["unit"]))
    return None


TIME_LIMIT_HINT = (
    "写成“信息形成或者变更之日起20个工作日内”“作出决定之日起7个工作日内”“公示7个工作日”"
    "“实时”或“及时”这样的说法。"
)
UNKNOWN_TIME_LIMIT_HINT = (
    "原文照样发布，但看不出几天内公开，这一事项不做“公开不及时”检查。需要检查的，改写成"
    "“信息形成或者变更之日起20个工作日内”“公示7个工作日”“实时”或“及时”这样的说法（前后可以有别的文字）。"
)
DURATION_HINT = "写成“20个工作日”“30日”或“即办”这样的说法。"
