"""Service halls (“1+N”: the district's 政务服务中心, a 便民服务中心 in every town and 街道, a
便民服务站 in every village and community), one file each under catalog/halls/. Their opening
hours are structure (days, sessions whose gaps are the 午休, summer times, the holiday rule),
rendered in words by the model; an item's address and hours come from its hall, written once.
Core module: imports the model, loader, layout and readers.
"""

from __future__ import annotations

import re

from .layout import HALLS_DIR, taxonomy_file
from .model import Hall, Hours, Session, Source, Vocabulary, Window
from .readers import RecordReader

_SESSION = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-—–~～至]\s*(\d{1,2}):(\d{2})\s*$")


def load_halls(run, vocabularies: dict) -> Vocabulary[Hall]:
    """Every hall that passed its checks, the district's first, then in the order of the places."""
    folder = run.catalog_dir / HALLS_DIR
    paths = sorted(p for pattern in ("*.yml", "*.yaml") for p in folder.rglob(pattern) if run.inside(p)) \
        if folder.is_dir() else []
    halls, seen = [], {}
    for doc, ok in run.read_all(paths, "hall"):
        hall = HallReader(run, doc, vocabularies).read(ok, seen)
        if hall is not None:
            halls.append(hall)
    order = {p.id: n for n, p in enumerate(vocabularies["places"])}
    halls.sort(key=lambda h: (order[h.place.id], h.id))
    return Vocabulary(halls)


class HallReader(RecordReader):
    schema = "hall"

    def read(self, schema_ok: bool, seen: dict) -> Hall | None:
        d = self.data
        if not d:
            return None
        hall_id = d.get("id")
        if isinstance(hall_id, str):
            owner = seen.setdefault(hall_id, self.doc.file)
            if owner != self.doc.file:
                self.error(("id",), f"大厅编号“{hall_id}”已被 {owner} 使用。", "每个大厅的编号必须不同：换一个编号。")
        place = self._place(d.get("place"))
        level = None
        if place is not None:
            level = next((lv for lv in self.v["levels"] if place.kind in lv.place_kinds), None)
            written = self.term(self.v["levels"], "level", "公开层级", taxonomy_file("levels"))
            if written is not None and level is not None and written != level:
                self.error(("level",), f"{place.name}属于“{level.name}”，不是“{written.name}”。",
                           "删去 level 这一行（层级按所在地点自动确定），或改正 place。")
        hours = self._hours(d.get("hours")) if schema_ok else None
        windows = d.get("windows") if isinstance(d.get("windows"), list) else []
        ids = [w.get("id") for w in windows if isinstance(w, dict)]
        for i, window_id in enumerate(ids):
            if window_id is not None and ids.index(window_id) != i:
                self.error(("windows", i, "id"), f"窗口编号“{window_id}”重复。", "同一大厅里每个窗口的编号必须不同。")
        if not schema_ok or self.failed:
            return None
        coordinates = d.get("coordinates")
        return Hall(
            id=d["id"], name=d["name"], aliases=tuple(d.get("aliases", ())), place=place, level=level,
            address=d["address"], hours=hours, phone=d["phone"], transport=d.get("transport", ""),
            accessible=d.get("accessible", ""),
            windows=tuple(Window(w["id"], w["name"], w.get("note", "")) for w in windows),
            coordinates=(coordinates["lat"], coordinates["lng"]) if coordinates else None,
            note=d.get("note", ""), source=Source(self.doc.file, self.doc.line_of(("id",))))

    def _place(self, value):
        if not isinstance(value, str):
            return None
        places = self.v["places"]
        found = places.by_id.get(value) or places.resolve(value)
        if found is None:
            self.error(("place",), f"未知的地点“{value}”。",
                       f"写 catalog/{taxonomy_file('places')} 里的地点编号，例如 lilou 或 lilou-donggao。")
        return found

    def _sessions(self, values: list, path: tuple) -> tuple[Session, ...]:
        """Sessions in order, each ending after it starts and after the one before it."""
        found = []
        for i, text in enumerate(values):
            match = _SESSION.match(text)
            start = int(match[1]) * 60 + int(match[2])
            end = int(match[3]) * 60 + int(match[4])
            session = Session(start, end)
            if end <= start:
                self.error(path + (i,), f"时段“{text}”的结束时间不晚于开始时间。", "写成 开始-结束，如 14:30-17:30。")
            elif found and start < found[-1].end:
                self.error(path + (i,), f"时段“{text}”与前一段“{found[-1].text}”重叠或顺序颠倒。",
                           "按时间先后写，上午在前、下午在后，两段之间是午休。")
            found.append(session)
        return tuple(found)

    def _hours(self, h: dict) -> Hours:
        summer = None
        if "summer" in h:
            s = h["summer"]
            summer = (s["from"], s["to"], self._sessions(s["times"], ("hours", "summer", "times")))
        return Hours(days=h["days"], sessions=self._sessions(h["times"], ("hours", "times")),
                     holidays=h.get("holidays", "休息"), summer=summer, extra=tuple(h.get("extra", ())))
