"""The services of one running deployment, built once and shared by API, pages and CLI."""

from __future__ import annotations

from dataclasses import dataclass

from sensus.config import Settings
from sensus.domain.questionnaire import Questionnaire, load_questionnaire
from sensus.services.clock import Clock, system_clock
from sensus.services.field_work import FieldWork, build_field_work
from sensus.services.recovery import Recovery
from sensus.services.respondent_access import RespondentAccess
from sensus.services.self_response import SelfResponseService
from sensus.storage.database import Database


@dataclass(frozen=True)
class Services:
    settings: Settings
    database: Database
    questionnaire: Questionnaire
    access: RespondentAccess
    self_response: SelfResponseService
    clock: Clock
    field: FieldWork  # the interview round: staff, areas, bundle, sync, supervision
    recovery: Recovery  # new passwords and codes set by staff, claims of a KK (ADR 0016)


def build_services(settings: Settings, database: Database, clock: Clock = system_clock) -> Services:
    questionnaire = load_questionnaire(settings.questionnaire_path)
    return Services(
        settings=settings,
        database=database,
        questionnaire=questionnaire,
        access=RespondentAccess(settings, database, clock),
        self_response=SelfResponseService(settings, database, questionnaire, clock),
        clock=clock,
        field=build_field_work(settings, database, questionnaire, clock),
        recovery=Recovery(settings, database, clock),
    )
