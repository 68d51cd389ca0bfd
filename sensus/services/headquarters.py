"""Census headquarters: progress by region level, responses per day, in one's own scope.

Progress is counted per village (or, inside a village, per enumeration area) and summed up
the region tree here, so that a parent's figures are always the sum of its children's. An
administrator sees every household; a supervisor only the households of the areas of the
officers they oversee, whatever page, route or command asks. A region outside one's scope
is answered as an unknown one is (404).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sensus.domain import errors, regions
from sensus.domain.staff import ADMIN, SUPERVISOR, StaffMember, require_role
from sensus.services import answers, scope
from sensus.services.clock import Clock
from sensus.storage import areas as area_store
from sensus.storage import headquarters as store
from sensus.storage.database import Database

ONLINE, INTERVIEW = "self_response", "interview"
# What a region's rows are, by the length of its code ("" is the whole country).
CHILD_LEVEL: dict[int, answers.Level] = {
    0: "province",
    2: "regency",
    4: "district",
    6: "village",
    10: "area",
}
SORTS = ("code", "name", "households", "online", "interviewed", "outstanding", "rate")
MAX_DAYS = 400


@dataclass
class ProgressRow:
    code: str
    name: str
    households: int = 0
    online: int = 0
    interviewed: int = 0

    @property
    def responded(self) -> int:
        return self.online + self.interviewed

    @property
    def outstanding(self) -> int:
        return self.households - self.responded

    @property
    def rate(self) -> float:
        """The share of households with a final record, 0 to 1 (0 when there are none)."""
        return self.responded / self.households if self.households else 0.0

    def add(self, mode: str | None, count: int) -> None:
        self.households += count
        if mode == ONLINE:
            self.online += count
        elif mode == INTERVIEW:
            self.interviewed += count

    def as_dict(self) -> answers.ProgressRow:
        return {
            "code": self.code,
            "name": self.name,
            "households": self.households,
            "online": self.online,
            "interviewed": self.interviewed,
            "outstanding": self.outstanding,
            "rate": round(self.rate, 4),
        }


@dataclass
class RegionProgress:
    """One region's progress and its children's: the rows of one page."""

    code: str  # "" for the whole country
    name: str
    level: answers.Level  # what the rows are
    trail: list[tuple[str, str]]  # (code, name) from the province down to this region
    rows: list[ProgressRow]
    total: ProgressRow
    generated_at: str = ""

    def as_dict(self) -> answers.RegionProgress:
        return {
            "region": self.code or None,
            "name": self.name,
            "level": self.level,
            "trail": [{"code": c, "name": n} for c, n in self.trail],
            "rows": [r.as_dict() for r in self.rows],
            "total": self.total.as_dict(),
            "generated_at": self.generated_at,
        }


@dataclass
class DailyResponses:
    """Households answered per day (UTC), by mode, over ``days``; and the running totals."""

    days: list[date]
    online: list[int] = field(default_factory=list)
    interviewed: list[int] = field(default_factory=list)

    def cumulative(self, series: list[int]) -> list[int]:
        total, out = 0, []
        for value in series:
            total += value
            out.append(total)
        return out

    def as_dict(self) -> answers.DailyAnswer:
        return {
            "days": [d.isoformat() for d in self.days],
            "online": self.online,
            "interviewed": self.interviewed,
            "online_cumulative": self.cumulative(self.online),
            "interviewed_cumulative": self.cumulative(self.interviewed),
        }


class Headquarters:
    """What a census office watches: how far the count has come, where, by which mode."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def progress(
        self, actor: StaffMember, region: str = "", sort: str = "code", descending: bool = False
    ) -> RegionProgress:
        """``region``'s children with their figures (the provinces for ""), sorted."""
        require_role(actor, SUPERVISOR, ADMIN)
        name, trail = _region(region)
        area_ids = self.area_ids(actor)
        if len(region) == 10:
            rows = self._areas_of_village(region, area_ids)
        else:
            rows = self._children(region, area_ids)
        total = ProgressRow(region, name)
        for row in rows:
            total.households += row.households
            total.online += row.online
            total.interviewed += row.interviewed
        if region and area_ids is not None and total.households == 0:
            raise errors.SensusError(errors.REGION_NOT_FOUND)  # not among the supervisor's
        return RegionProgress(
            region,
            name,
            CHILD_LEVEL[len(region)],
            trail,
            sort_rows(rows, sort, descending),
            total,
            self._clock().astimezone(UTC).isoformat(),
        )

    def daily(
        self,
        actor: StaffMember,
        region: str = "",
        since: date | None = None,
        until: date | None = None,
    ) -> DailyResponses:
        """Households answered per day in ``region``; the days from the first response to
        the last unless ``since``/``until`` say otherwise (an empty or reversed range is
        refused, as is one of more than MAX_DAYS days)."""
        require_role(actor, SUPERVISOR, ADMIN)
        _region(region)
        if since is not None and until is not None and (until < since):
            raise errors.SensusError(errors.BAD_DATE_RANGE)
        counts = store.responses_by_day(self._db, region, self.area_ids(actor))
        seen = sorted({c.day for c in counts})
        first = since or (seen[0] if seen else self._clock().astimezone(UTC).date())
        last = until or (seen[-1] if seen else first)
        if last < first or (last - first).days >= MAX_DAYS:
            raise errors.SensusError(errors.BAD_DATE_RANGE)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        by_day: dict[tuple[date, str], int] = {(c.day, c.mode): c.households for c in counts}
        return DailyResponses(
            days,
            [by_day.get((d, ONLINE), 0) for d in days],
            [by_day.get((d, INTERVIEW), 0) for d in days],
        )

    def region_name(self, code: str) -> str:
        found = regions.get(code)
        return found.name if found else code

    def area_ids(self, actor: StaffMember) -> list[int] | None:
        """The areas whose households ``actor`` may count; None: every household."""
        officers = scope.officer_ids(self._db, actor)
        if officers is None:
            return None
        return [a.id for a in area_store.areas_of(self._db, officers)]

    def _children(self, region: str, area_ids: Collection[int] | None) -> list[ProgressRow]:
        width = 2 if not region else {2: 4, 4: 6, 6: 10}[len(region)]
        rows: dict[str, ProgressRow] = {}
        if area_ids is not None and not area_ids:
            return []
        for count in store.counts_by_village(self._db, region, area_ids):
            code = str(count.key)[:width]
            if code not in rows:
                found = regions.get(code)
                rows[code] = ProgressRow(code, found.name if found else code)
            rows[code].add(count.mode, count.households)
        return list(rows.values())

    def _areas_of_village(
        self, village: str, area_ids: Collection[int] | None
    ) -> list[ProgressRow]:
        if area_ids is not None and not area_ids:
            return []
        names = {a.id: (a.code, a.name) for a in area_store.areas_of(self._db, None)}
        rows: dict[int, ProgressRow] = {}
        for count in store.counts_by_area(self._db, village, area_ids):
            key = int(count.key)
            if key not in rows:
                code, name = names.get(key, ("", ""))
                rows[key] = ProgressRow(code, name)
            rows[key].add(count.mode, count.households)
        return list(rows.values())


def sort_rows(rows: Iterable[ProgressRow], sort: str, descending: bool) -> list[ProgressRow]:
    """Rows by one column (``code`` for an unknown one), ties by code."""
    key = sort if sort in SORTS else "code"
    by_code = sorted(rows, key=lambda r: r.code)
    return sorted(by_code, key=lambda r: getattr(r, key), reverse=descending)


def region_trail(code: str) -> tuple[str, list[tuple[str, str]]]:
    return _region(code)


def _region(code: str) -> tuple[str, list[tuple[str, str]]]:
    """The region's name and its trail from the province down; unknown codes are 404."""
    if not code:
        return "Indonesia", []
    found = regions.get(code) if regions.level_of(code) is not None else None
    if found is None:
        raise errors.SensusError(errors.REGION_NOT_FOUND)
    trail: list[tuple[str, str]] = []
    current: regions.Region | None = found
    while current is not None:
        trail.append((current.code, current.name))
        current = regions.get(current.parent_code) if current.parent_code else None
    return found.name, list(reversed(trail))


def parse_day(value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` from a query string; anything else is a bad date range."""
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise errors.SensusError(errors.BAD_DATE_RANGE) from None
