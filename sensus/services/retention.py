"""The retention rule (UU 27/2022: keep personal data no longer than its purpose needs).

- Drafts and their history serve the online window alone (submissions are the record): they
  go ``draft_retention_days`` after it closes.
- Door counters serve minutes to hours: untouched for a day and not waiting, they go.
- Ended or expired sessions (households and staff) and spent or expired recovery codes go
  30 days after they ended, kept that long to answer "who was signed in when".
- The audit log is kept five years (``storage.retention.AUDIT_DAYS``); the database refuses
  to delete a younger entry.

``sensus retention apply`` runs it (``--dry-run`` counts only); the deployment runs it daily
(cron or a systemd timer).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sensus.config import Settings
from sensus.services.clock import Clock
from sensus.services.schedule import Schedule
from sensus.storage import retention as store
from sensus.storage.database import Database

COUNTER_HOURS = 24
ENDED_DAYS = 30


def cutoffs(settings: Settings, now: datetime) -> store.Cutoffs:
    """What is old enough to go at ``now``."""
    now = now.astimezone(UTC)
    drafts_go = Schedule.from_settings(settings).closes + timedelta(
        days=settings.draft_retention_days
    )
    return store.Cutoffs(
        drafts=now if now >= drafts_go else None,
        door_counters=now - timedelta(hours=COUNTER_HOURS),
        sessions=now - timedelta(days=ENDED_DAYS),
        audit=store.audit_cutoff(now),
    )


def apply(settings: Settings, database: Database, clock: Clock, *, dry_run: bool) -> dict[str, int]:
    """Delete (or with ``dry_run`` count) what the rule says is due; counts by kind."""
    return store.apply(database, cutoffs(settings, clock()), dry_run=dry_run)
