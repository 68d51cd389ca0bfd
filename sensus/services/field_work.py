"""The services of the interview round, built together (one field of ``Services``)."""

from __future__ import annotations

from dataclasses import dataclass

from sensus.config import Settings
from sensus.domain.questionnaire import Questionnaire
from sensus.services.areas import AreaService
from sensus.services.bundle import BundleService
from sensus.services.clock import Clock
from sensus.services.interviews import InterviewRound
from sensus.services.staff import StaffService
from sensus.services.supervision import SupervisionService
from sensus.services.sync import SyncService
from sensus.storage.database import Database


@dataclass(frozen=True)
class FieldWork:
    staff: StaffService
    areas: AreaService
    interviews: InterviewRound
    bundle: BundleService
    sync: SyncService
    supervision: SupervisionService


def build_field_work(
    settings: Settings, database: Database, questionnaire: Questionnaire, clock: Clock
) -> FieldWork:
    interviews = InterviewRound(settings, database, questionnaire, clock)
    return FieldWork(
        staff=StaffService(settings, database, clock),
        areas=AreaService(database, clock),
        interviews=interviews,
        bundle=BundleService(database, interviews, clock),
        sync=SyncService(database, interviews, clock),
        supervision=SupervisionService(database, clock),
    )
