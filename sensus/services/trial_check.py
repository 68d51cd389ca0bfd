"""Verification of a census trial against the database: nothing lost, nothing stored twice.

The trial's ledger says what each simulated client was told: a receipt for a household's
submission (with the hash of the document it sent), an acknowledgement for each officer
record. This counts what the database holds under each:

- **lost**: a household with a receipt whose submission is not stored, or is stored with
  other answers or another receipt; an acknowledged officer record not stored;
- **duplicated**: a household with more than one self-response stored; an officer record
  stored more than once.

Households that sent no submission (they gave up, or the trial ended first) are still
checked for duplicates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sensus.storage import trial_check as store
from sensus.storage.database import Database

ACKNOWLEDGED = ("stored", "duplicate", "superseded")


@dataclass
class Verification:
    method: str  # database | api
    checked_households: int = 0
    checked_records: int = 0
    lost: list[dict[str, Any]] = field(default_factory=list)
    duplicated: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "checked_households": self.checked_households,
            "checked_records": self.checked_records,
            "lost": len(self.lost),
            "duplicated": len(self.duplicated),
            "offenders": {"lost": self.lost, "duplicated": self.duplicated},
        }


def household_id_of(ref: str) -> int | None:
    return int(ref[1:]) if ref.startswith("h") and ref[1:].isdigit() else None


def verify_in_database(
    database_url: str, households: list[dict[str, Any]], officers: list[dict[str, Any]]
) -> Verification:
    """Check the ledger against the database at ``database_url``."""
    database = Database.connect(database_url)
    try:
        return verify(database, households, officers)
    finally:
        database.dispose()


def verify(
    database: Database, households: list[dict[str, Any]], officers: list[dict[str, Any]]
) -> Verification:
    """Check the ledger (the load process's ``households`` and ``officers``) in ``database``."""
    result = Verification("database")
    touched = {
        household_id: entry
        for entry in households
        if (household_id := household_id_of(entry.get("ref", ""))) is not None
    }
    stored = defaultdict(list)
    for row in store.self_responses_of(database, touched):
        stored[row.household_id].append(row)
    for household_id, entry in touched.items():
        result.checked_households += 1
        rows = stored.get(household_id, [])
        who = {"household": entry["ref"], "index": entry["index"], "profile": entry["profile"]}
        if len(rows) > 1:
            result.duplicated.append({**who, "stored": len(rows)})
        if entry.get("outcome") != "receipted":
            continue
        if not rows:
            result.lost.append({**who, "reason": "not stored"})
            continue
        sent = next((r for r in rows if r.submission_id == entry["submission_id"]), None)
        if sent is None:
            result.lost.append({**who, "reason": "stored under another submission id"})
        elif sent.payload_hash != entry["sent_hash"]:
            result.lost.append({**who, "reason": "stored answers differ from those sent"})
        elif sent.receipt_code != entry["receipt_code"]:
            result.lost.append({**who, "reason": "another receipt code"})
    acknowledged = {
        record_id: (officer, kind)
        for officer in officers
        for record_id, kind in officer["records"].items()
        if officer["answered"].get(record_id) in ACKNOWLEDGED
    }
    counts = store.record_counts(database, acknowledged)
    for record_id, (officer, kind) in acknowledged.items():
        result.checked_records += 1
        who = {"record": record_id, "kind": kind, "officer": officer["username"]}
        if counts[record_id] == 0:
            result.lost.append({**who, "reason": "acknowledged, not stored"})
        elif counts[record_id] > 1:
            result.duplicated.append({**who, "stored": counts[record_id]})
    return result
