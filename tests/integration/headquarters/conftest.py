"""Headquarters over the interview round's cast (tests/integration/interviews) plus a demo
registry of Kalimantan Selatan, of which the demo answers a share online or by interview."""

from __future__ import annotations

import pytest

from sensus.config import Settings
from sensus.domain.questionnaire import load_questionnaire
from sensus.services.demo import generate_demo
from sensus.services.demo_responses import ResponsesReport, answer_demo
from sensus.storage.database import Database
from tests.integration.interviews.conftest import (  # noqa: F401  (fixtures, shared)
    admin,
    app,
    bundle,
    clock,
    database,
    officer,
    other_officer,
    password_hash,
    settings,
    signed_in,
    supervisor,
)
from tests.integration.interviews.helpers import FakeClock

DEMO_HOUSEHOLDS = 240
SEED = 7


@pytest.fixture
def census(database: Database, settings: Settings, clock: FakeClock) -> ResponsesReport:  # noqa: F811
    """The cast's database with demo families, about 60 % of all households answered."""
    generate_demo(database, DEMO_HOUSEHOLDS, SEED, clock=clock)
    questionnaire = load_questionnaire(settings.questionnaire_path)
    return answer_demo(database, questionnaire, settings, 0.6, SEED, clock=clock)
