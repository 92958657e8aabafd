"""The official 标准目录 table's vocabulary (formats.md §1): its column and group names, the marks
in its cells, the values its 公开对象 and 公开方式 columns stand for, and our 事项编号 column. Written
once for the exports that print the table (tables.py) and the importer that reads tables back
(which accepts other provinces' spellings on top of these). Imports nothing."""

from __future__ import annotations

NUMBER = "序号"
MATTER = "公开事项"  # over the 事项 levels, each named in the row below
MATTER_HEADERS = ("一级事项", "二级事项", "三级事项")
CONTENT, BASIS, TIME_LIMIT = "公开内容（要素）", "公开依据", "公开时限"
PUBLISHER, CHANNELS = "公开主体", "公开渠道和载体"
SINGLE_COLUMNS = (CONTENT, BASIS, TIME_LIMIT, PUBLISHER, CHANNELS)  # one column each
AUDIENCE, MODE, LEVELS = "公开对象", "公开方式", "公开层级"  # one marked column per value below them
GROUPS = (MATTER, AUDIENCE, MODE, LEVELS)  # headers over several columns

EVERYONE, SPECIFIC_GROUP = "全社会", "特定群体"
AUDIENCES = (EVERYONE, SPECIFIC_GROUP)
MODE_DISCLOSURES = {"主动": "主动公开", "依申请": "依申请公开"}  # a 公开方式 column → the item's disclosure
MODES = tuple(MODE_DISCLOSURES)

USED, UNUSED = "■", "□"  # a channel used or not, in the 公开渠道和载体 checklist
MARK = "√"  # the value of a marked 公开对象, 公开方式 or 公开层级 column

ID_COLUMN = "事项编号"  # ours, after the official columns: lets a re-import find the item again
