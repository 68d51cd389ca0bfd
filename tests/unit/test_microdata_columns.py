"""The export's column-wise rows (``batch_columns``, built for speed) hold exactly the values
of the row-wise reference (``household_row``, ``person_rows``): the same keys, the same codes,
yes/no as 1 and 0, lists joined, ages from real dates only."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest

from sensus.config import Settings
from sensus.domain import microdata
from sensus.domain.microdata import Pseudonyms, Record
from sensus.domain.questionnaire import load_questionnaire

CENSUS = "2026-09-01"


def records() -> list[Record]:
    members: list[dict[str, Any]] = [
        {"member_id": "r1", "presence": "lives_here",
         "answers": {"nik": "6371014101800001", "nama": "Siti", "tanggal_lahir": "1980-01-01",
                     "jenis_kelamin": 2, "akta_kawin": True, "suku_bangsa": "Banjar"}},
        {"member_id": "r2", "presence": "new",
         "answers": {"tanggal_lahir": "2000-02-29", "akta_kawin": False, "jenis_kelamin": True}},
        {"member_id": "r3", "presence": "died",
         "answers": {"tanggal_lahir": "2021-02-29", "suku_bangsa": ["Banjar", "Jawa"]}},
        {"member_id": "r4", "presence": "moved_away", "answers": {"tanggal_lahir": "1990-9-01"}},
        {"member_id": "r5", "answers": {"tanggal_lahir": "2026-09-02", "jenis_kelamin": "2"}},
        {"member_id": "r6", "presence": "lives_here", "answers": {"tanggal_lahir": "1960-09-01"}},
    ]  # fmt: skip
    household = {"status_rumah": 1, "jenis_lantai": True, "wilayah_domisili": 6371011001}
    return [
        Record(1, "6371010101010001", "6371011001", "self_response",
               {"household": household, "members": members[:3]}, "2026-09-01T01:02:03Z", True,
               "a"),
        Record(2, None, "6371011002", "interview", {"members": members[3:]},
               "2026-09-02T01:02:03Z", False, "b"),
        Record(3, None, "6301011001", "interview", {}, "2026-09-03T01:02:03Z", True, "c"),
    ]  # fmt: skip


def as_rows(columns: microdata.Columns) -> list[dict[str, Any]]:
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]


@pytest.mark.parametrize(("lang", "identifiers"), [("id", False), ("en", True)])
def test_columns_hold_the_rows_values(lang: str, identifiers: bool) -> None:
    settings = Settings(database_url="sqlite://", secret_key="a-test-secret-of-enough-length")
    layout = microdata.layout(load_questionnaire(settings.questionnaire_path), lang, identifiers)
    pseudonyms = Pseudonyms(settings.secret_key)
    batch = records()
    households, persons = microdata.batch_columns(layout, batch, pseudonyms, CENSUS)
    assert list(households) == [v.name for v in layout.household]
    assert list(persons) == [v.name for v in layout.person]
    expected_households = [microdata.household_row(layout, r, pseudonyms) for r in batch]
    expected_persons = [
        row for r in batch for row in microdata.person_rows(layout, r, pseudonyms, CENSUS)
    ]
    assert len(expected_persons) == 6
    assert as_rows(households) == expected_households
    assert as_rows(persons) == expected_persons
    assert persons["umur"] == [46, 26, None, None, -1, 66]


def test_a_key_is_the_keyed_hash_it_always_was() -> None:
    pseudonyms = Pseudonyms("a-test-secret-of-enough-length")
    key = hmac.new(
        b"a-test-secret-of-enough-length", b"sensus export pseudonyms", hashlib.sha256
    ).digest()
    expected = hmac.new(key, b"person\0nik:1", hashlib.sha256).hexdigest()[:20]
    assert pseudonyms.key("person", "nik:1") == expected
    assert pseudonyms.keys("person", ["nik:1"]) == [expected]
