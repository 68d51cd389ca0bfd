"""Who was counted: the population pyramid of the persons counted so far, and the registry
against the count (moved away, died, newly born, new members) per region.

Read from the final records' documents, in one's own scope (as ``Headquarters``). Unlike the
progress figures these read every document of the region, so they take time in proportion
to the households answered there (ADR 0021).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sensus.domain import errors
from sensus.domain.questionnaire import age
from sensus.domain.staff import ADMIN, SUPERVISOR, StaffMember, require_role
from sensus.services import answers
from sensus.services.headquarters import CHILD_LEVEL, Headquarters, region_trail
from sensus.storage import areas as area_store
from sensus.storage import headquarters as store
from sensus.storage.database import Database

AGE_GROUPS = [f"{low}-{low + 4}" for low in range(0, 75, 5)] + ["75+"]
MALE, FEMALE = 1, 2


@dataclass
class Coverage:
    code: str
    name: str
    counted: int = 0  # persons living here (registry members who live here, and new ones)
    moved_away: int = 0
    died: int = 0
    born: int = 0
    new_members: int = 0

    def as_dict(self) -> answers.Coverage:
        return {
            "code": self.code,
            "name": self.name,
            "counted": self.counted,
            "moved_away": self.moved_away,
            "died": self.died,
            "born": self.born,
            "new_members": self.new_members,
        }


@dataclass
class Population:
    code: str
    name: str
    level: answers.Level
    trail: list[tuple[str, str]]
    male: list[int] = field(default_factory=lambda: [0] * len(AGE_GROUPS))
    female: list[int] = field(default_factory=lambda: [0] * len(AGE_GROUPS))
    rows: list[Coverage] = field(default_factory=list)
    total: Coverage = field(default_factory=lambda: Coverage("", ""))

    def as_dict(self) -> answers.PopulationAnswer:
        return {
            "region": self.code or None,
            "level": self.level,
            "age_groups": AGE_GROUPS,
            "male": self.male,
            "female": self.female,
            "rows": [r.as_dict() for r in self.rows],
            "total": self.total.as_dict(),
        }


class PopulationCount:
    def __init__(self, database: Database, headquarters: Headquarters, census_date: str) -> None:
        self._db = database
        self._hq = headquarters
        self._census_date = census_date

    def population(self, actor: StaffMember, region: str = "") -> Population:
        require_role(actor, SUPERVISOR, ADMIN)
        name, trail = region_trail(region)
        area_ids = self._hq.area_ids(actor)
        found = Population(region, name, CHILD_LEVEL[len(region)], trail)
        found.total = Coverage(region, name)
        if area_ids is not None and not area_ids:
            raise errors.SensusError(errors.REGION_NOT_FOUND)
        width = {0: 2, 2: 4, 4: 6, 6: 10}.get(len(region))
        names = {a.id: (a.code, a.name) for a in area_store.areas_of(self._db, None)}
        rows: dict[str, Coverage] = {}
        for batch in store.final_documents(self._db, region, area_ids):
            for village, area, payload in batch:
                if width is None:
                    code, label = names.get(area, ("", ""))
                else:
                    code = village[:width]
                    label = ""
                if code not in rows:
                    rows[code] = Coverage(code, label or self._hq.region_name(code))
                self._count(found, rows[code], json.loads(payload))
        found.rows = sorted(rows.values(), key=lambda r: r.code)
        for row in found.rows:
            for key in ("counted", "moved_away", "died", "born", "new_members"):
                setattr(found.total, key, getattr(found.total, key) + getattr(row, key))
        return found

    def _count(self, found: Population, row: Coverage, document: dict[str, Any]) -> None:
        for member in document.get("members", []):
            presence = member.get("presence")
            answers = member.get("answers", {})
            if presence == "moved_away":
                row.moved_away += 1
                continue
            if presence == "died":
                row.died += 1
                continue
            if presence == "new":
                if answers.get("alasan_baru") == 1:
                    row.born += 1
                else:
                    row.new_members += 1
            row.counted += 1
            born = answers.get("tanggal_lahir")
            years = age(born, self._census_date) if isinstance(born, str) else None
            if years is None:
                continue
            group = min(years // 5, len(AGE_GROUPS) - 1)
            sex = answers.get("jenis_kelamin")
            if sex == MALE:
                found.male[group] += 1
            elif sex == FEMALE:
                found.female[group] += 1
