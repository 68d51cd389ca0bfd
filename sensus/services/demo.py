"""A synthetic civil registry for Kalimantan Selatan (province 63), for demos and benchmarks.

Every person is invented: names drawn from Banjar and other Indonesian names, families whose
ages, sexes, relationships and marital statuses make sense (a spouse of the other sex and of
age, children at least 16 years younger than their parents, a widowed parent, a grandchild),
living in real villages of the region master, spread over the 13 regencies roughly as the
2020 census counted people. NIKs carry the family's district, the birth date and the sex;
KKs the district and an issue date; both validate.

Deterministic: ``random.Random(seed)`` is the only source of chance, and family ``n`` does
not depend on how many come after it, so a demo of 100 families is the first 100 of a demo
of 10,000 and running ``sensus demo`` again changes nothing. Ages are as of ``EXTRACT_DATE``,
the day the synthetic extract was "taken" (a fixed day, so the data never depends on today).
Two demos with different seeds may share a NIK; the later import then moves that person.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

from sensus.domain import regions
from sensus.domain.identity import FEMALE, MALE, make_kk, make_nik
from sensus.domain.registry import COLUMNS, FamilyCard, FamilyMember
from sensus.services import demo_names as names
from sensus.services.clock import Clock, system_clock
from sensus.storage.database import Database
from sensus.storage.registry import WriteCounts, write_family_cards

DEFAULT_SEED = 2020
EXTRACT_DATE = date(2026, 6, 30)  # "DKB semester I 2026", the registry the census starts from
PROVINCE = "63"
CARDS_PER_WRITE = 1_200  # about 5,000 persons per transaction, as the importer writes

# Relationship (hubungan) and marital status (status kawin) codes of docs/CONTRACTS.md.
HEAD, HUSBAND, WIFE, CHILD, CHILD_IN_LAW, GRANDCHILD, PARENT, PARENT_IN_LAW, RELATIVE = (
    1, 2, 3, 4, 5, 6, 7, 8, 9,
)  # fmt: skip
SINGLE, MARRIED, DIVORCED, WIDOWED = 1, 2, 3, 4
ISLAM = 1

# Population by regency in the 2020 census (thousands): where the families live.
REGENCY_WEIGHTS = {
    "6301": 349, "6302": 326, "6303": 566, "6304": 313, "6305": 189, "6306": 228, "6307": 259,
    "6308": 227, "6309": 253, "6310": 323, "6311": 130, "6371": 658, "6372": 253,
}  # fmt: skip
# Religion of the family, near Kalimantan Selatan's shares (Islam about 97%).
RELIGION_WEIGHTS = {1: 966, 2: 12, 3: 5, 4: 8, 5: 4, 6: 1, 7: 4}


@dataclass(frozen=True)
class DemoLogin:
    """A ready identification for the demo: the card's KK and a member's NIK."""

    kk: str
    nik: str
    name: str


@dataclass(frozen=True)
class DemoReport:
    households: int
    persons: int
    written: WriteCounts
    logins: list[DemoLogin] = field(default_factory=list)


def demo_cards(households: int, seed: int = DEFAULT_SEED) -> Iterator[FamilyCard]:
    """``households`` synthetic family cards, always the same for the same seed."""
    return islice(_Generator(seed).cards(), households)


def generate_demo(
    database: Database,
    households: int = 10_000,
    seed: int = DEFAULT_SEED,
    *,
    progress: Callable[[int, int], None] | None = None,
    clock: Clock = system_clock,
    logins: int = 5,
) -> DemoReport:
    """Write a synthetic registry through the importer's storage path; return the first
    ``logins`` families' KK with the head's NIK and name, to try the census with."""
    written, persons, ready = WriteCounts(), 0, list[DemoLogin]()
    batch: list[FamilyCard] = []
    for number, card in enumerate(demo_cards(households, seed), start=1):
        batch.append(card)
        persons += len(card.members)
        if len(ready) < logins:
            ready.append(DemoLogin(card.kk, card.members[0].nik, card.members[0].name))
        if len(batch) == CARDS_PER_WRITE or number == households:
            written += write_family_cards(database, batch, clock())
            batch = []
            if progress:
                progress(number, households)
    return DemoReport(households, persons, written, ready)


def demo_cards_in(
    places: Sequence[tuple[str, str, str]], per_place: int, seed: int, serial_offset: int
) -> list[FamilyCard]:
    """``per_place`` synthetic families in each SLS ``(village, rt, rw)`` of ``places``,
    their NIK and KK serials counted from ``serial_offset`` (so that they never meet those
    of ``demo_cards``), always the same for the same arguments."""
    generator = _Generator(seed, serial_offset)
    return [
        generator.card_in(village, (rt, rw)) for village, rt, rw in places for _ in range(per_place)
    ]


def write_demo_csv(
    path: Path | str, households: int, seed: int = DEFAULT_SEED, *, sort_by_kk: bool = True
) -> int:
    """Write the demo registry as an extract for ``sensus registry import``; returns the
    number of persons (rows). Sex is written ``L``/``P`` as on a printed KK.

    Sorted by KK as Dukcapil delivers an extract, which holds all the families in memory
    (a few hundred MB per million); ``sort_by_kk=False`` streams them in generated order.
    """
    cards: Iterable[FamilyCard] = demo_cards(households, seed)
    if sort_by_kk:
        cards = sorted(cards, key=lambda card: card.kk)
    persons = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for card in cards:
            writer.writerows(_csv_row(card, member) for member in card.members)
            persons += len(card.members)
    return persons


def _csv_row(card: FamilyCard, m: FamilyMember) -> list[object]:
    sex = "L" if m.sex == MALE else "P"
    return [
        card.kk, m.nik, m.name, sex, m.birth_place, m.birth_date.isoformat(), m.relationship,
        m.religion or "", m.marital_status or "", card.address, card.rt, card.rw,
        card.village_code,
    ]  # fmt: skip


@dataclass(frozen=True)
class _Draft:
    """A member before names and numbers: who they are in the family."""

    relationship: int
    sex: int
    age: int  # completed years at EXTRACT_DATE
    marital_status: int
    birth_date: date


class _Generator:
    """The stream of synthetic families for one seed."""

    def __init__(self, seed: int, serial_offset: int = 0) -> None:
        # Not for secrets: synthetic data must come out the same for the same seed.
        self.rng = random.Random(seed)  # noqa: S311
        # A second generator numbers from here, so its NIKs and KKs never meet the first's.
        self.serial_offset = serial_offset
        self.villages = {code: _villages_in(code) for code in sorted(REGENCY_WEIGHTS)}
        # Serials count up per district and date, as Dukcapil numbers them: never a repeat.
        self.nik_serials: Counter[str] = Counter()
        self.kk_serials: Counter[str] = Counter()

    def cards(self) -> Iterator[FamilyCard]:
        while True:
            yield self.card()

    def card(self) -> FamilyCard:
        rng = self.rng
        regency = rng.choices(list(REGENCY_WEIGHTS), list(REGENCY_WEIGHTS.values()))[0]
        village = rng.choice(self.villages[regency])
        return self.card_in(village)

    def card_in(self, village: str, sls: tuple[str, str] | None = None) -> FamilyCard:
        """A family of ``village``, in the SLS ``(rt, rw)`` when given."""
        rng = self.rng
        regency = village[:4]
        religion = rng.choices(list(RELIGION_WEIGHTS), list(RELIGION_WEIGHTS.values()))[0]
        district = village[:6]
        members = tuple(self.member(draft, district, regency, religion) for draft in self.family())
        kk = self.kk(district, max(m.birth_date for m in members))
        address, rt, rw = self.address(village)
        if sls is not None:
            rt, rw = sls
        return FamilyCard(kk, address, rt, rw, village, members)

    def family(self) -> list[_Draft]:
        head_age = int(self.rng.triangular(19, 90, 38))
        married = head_age >= 20 and self.rng.random() < (0.9 if head_age < 60 else 0.65)
        family = self.couple(head_age) if married else self.single_head(head_age)
        if married and head_age >= 48 and self.rng.random() < 0.15:
            family += self.married_child(family)
        elif head_age >= 50 and self.rng.random() < 0.06:
            # Two generations of at least 16 years, plus slack: at most 15 years old.
            grandchild_age = self.age(0, min(15, head_age - 34))
            family.append(self.draft(GRANDCHILD, self.sex(), grandchild_age, SINGLE))
        if 25 <= head_age <= 62 and self.rng.random() < 0.07:
            family.append(self.parent(family))
        if self.rng.random() < 0.03:
            family.append(self.draft(RELATIVE, self.sex(), self.age(5, 25), SINGLE))
        return family

    def couple(self, head_age: int) -> list[_Draft]:
        # A KK names the husband as head; a wife heads it in a few families only.
        head_sex = FEMALE if self.rng.random() < 0.02 else MALE
        gap = int(self.rng.gauss(3, 4)) * (1 if head_sex == FEMALE else -1)
        spouse_age = min(max(head_age + gap, 18), 94)
        wife_age = head_age if head_sex == FEMALE else spouse_age
        spouse = HUSBAND if head_sex == FEMALE else WIFE
        return [
            self.draft(HEAD, head_sex, head_age, MARRIED),
            self.draft(spouse, _other(head_sex), spouse_age, MARRIED),
            *self.children(min(head_age, spouse_age), wife_age),
        ]

    def single_head(self, age: int) -> list[_Draft]:
        sex = FEMALE if self.rng.random() < 0.6 else MALE
        if age < 30 and self.rng.random() < 0.8:
            return [self.draft(HEAD, sex, age, SINGLE)]
        status = WIDOWED if age >= 45 and self.rng.random() < 0.75 else DIVORCED
        mother_age = age if sex == FEMALE else age - 3
        return [self.draft(HEAD, sex, age, status), *self.children(age, mother_age)]

    def children(self, youngest_parent: int, mother_age: int) -> list[_Draft]:
        """Children at least 16 years younger than either parent, born to a mother of 16-45,
        still at home (35 at most), oldest first."""
        oldest, youngest = min(youngest_parent, mother_age) - 16, max(0, mother_age - 45)
        oldest = min(oldest, 35)
        if oldest < youngest:
            return []
        count = self.rng.choices(range(6), [10, 22, 32, 22, 10, 4])[0]
        ages = (self.age(youngest, oldest) for _ in range(count))
        children = [self.draft(CHILD, self.sex(), age, SINGLE) for age in ages]
        return sorted(children, key=lambda child: child.birth_date)

    def married_child(self, family: list[_Draft]) -> list[_Draft]:
        """A grown child's spouse (menantu) and their children (cucu), living in."""
        grown = [i for i, d in enumerate(family) if d.relationship == CHILD and d.age >= 21]
        if not grown:
            return []
        child = family[grown[0]]
        family[grown[0]] = replace(child, marital_status=MARRIED)
        in_law_age = min(max(child.age + int(self.rng.gauss(0, 3)), 18), child.age + 10)
        young_parent = min(child.age, in_law_age)
        grandchildren = [
            self.draft(GRANDCHILD, self.sex(), self.age(0, young_parent - 16), SINGLE)
            for _ in range(self.rng.randint(0, 2) if young_parent >= 17 else 0)
        ]
        return [self.draft(CHILD_IN_LAW, _other(child.sex), in_law_age, MARRIED), *grandchildren]

    def parent(self, family: list[_Draft]) -> _Draft:
        """A widowed parent of the head (or mertua, of the spouse), 20-35 years older than
        their child and at most 94 (the head is at most 62 here)."""
        spouses = [d for d in family if d.relationship in (HUSBAND, WIFE)]
        # A spouse over 70 would leave no room for a mertua 20 years older and at most 94.
        in_law = bool(spouses) and spouses[0].age <= 70 and self.rng.random() < 0.4
        child_age = spouses[0].age if in_law else family[0].age
        age = min(child_age + self.age(20, 35), 94)
        sex = FEMALE if self.rng.random() < 0.75 else MALE
        return self.draft(PARENT_IN_LAW if in_law else PARENT, sex, age, WIDOWED)

    def draft(self, relationship: int, sex: int, age: int, marital_status: int) -> _Draft:
        return _Draft(relationship, sex, age, marital_status, self.birth_date(age))

    def member(self, draft: _Draft, district: str, regency: str, religion: int) -> FamilyMember:
        born = draft.birth_date
        code = make_nik(district, born, draft.sex, 0)[6:12]
        self.nik_serials[district + code] += 1
        serial = self.serial_offset + self.nik_serials[district + code]
        nik = make_nik(district, born, draft.sex, serial)
        name = names.person_name(self.rng, draft.sex, religion)
        place = names.birth_place(self.rng, regency)
        return FamilyMember(
            nik, name, draft.sex, place, born, draft.relationship, religion, draft.marital_status
        )

    def birth_date(self, age: int) -> date:
        """A day on which someone was ``age`` completed years old at EXTRACT_DATE."""
        # EXTRACT_DATE is 30 June: every year has that day, so replace() is always valid.
        last_possible = EXTRACT_DATE.replace(year=EXTRACT_DATE.year - age)
        return last_possible - timedelta(days=self.rng.randrange(365))

    def kk(self, district: str, youngest_birth: date) -> str:
        """A KK issued after its youngest member was born (a birth means a new card)."""
        earliest = max(youngest_birth, date(2008, 1, 1))
        issued = earliest + timedelta(days=self.rng.randint(0, (EXTRACT_DATE - earliest).days))
        key = district + issued.isoformat()
        self.kk_serials[key] += 1
        return make_kk(district, issued, self.serial_offset + self.kk_serials[key])

    def address(self, village: str) -> tuple[str, str, str]:
        # Village codes 1xxx are kelurahan (urban), 2xxx desa (rural).
        urban = village[6] == "1"
        street = names.street(self.rng, urban)
        return street, f"{self.rng.randint(1, 25):03d}", f"{self.rng.randint(1, 8):03d}"

    def sex(self) -> int:
        return self.rng.choice((MALE, FEMALE))

    def age(self, low: int, high: int) -> int:
        return self.rng.randint(low, max(low, high))


def _other(sex: int) -> int:
    return FEMALE if sex == MALE else MALE


def _villages_in(code: str) -> list[str]:
    """The codes of every village of a regency, in code order."""
    return [
        village.code
        for district in regions.children(code)
        for village in regions.children(district.code)
    ]
