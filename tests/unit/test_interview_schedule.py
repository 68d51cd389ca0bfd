"""The interview window in the schedule, and whether self-response stays open during it."""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError

from sensus.config import WIB, Settings
from sensus.domain.errors import SensusError
from sensus.domain.precedence import interview_becomes_final
from sensus.domain.receipt_hashes import receipt_hash
from sensus.services.schedule import Schedule

SEPT_1 = datetime(2026, 9, 1, tzinfo=WIB)
SEPT_30 = datetime(2026, 9, 30, tzinfo=WIB)


def settings(**more: object) -> Settings:
    chosen: dict[str, object] = {"interview_opens": SEPT_1, "interview_closes": SEPT_30}
    return Settings(database_url="sqlite://", **(chosen | more))


def test_an_interview_window_that_closes_before_it_opens_is_refused() -> None:
    with pytest.raises(ValidationError, match="interview_closes must be after interview_opens"):
        settings(interview_closes=SEPT_1)


def test_a_naive_interview_time_is_taken_as_wib() -> None:
    chosen = Settings(database_url="sqlite://", interview_opens=datetime(2026, 9, 1))
    assert chosen.interview_opens == SEPT_1


def test_the_interview_window_has_a_before_an_open_and_a_closed() -> None:
    schedule = Schedule.from_settings(settings())
    assert schedule.interview.state(datetime(2026, 8, 31, 23, 59, tzinfo=WIB)) == "before"
    assert schedule.interview.state(SEPT_1) == "open"
    assert schedule.interview.state(SEPT_30) == "closed"
    with pytest.raises(SensusError) as refused:
        schedule.require_interviews_open(SEPT_30)
    assert refused.value.problem.code == "interview_window_closed"


def test_self_response_closes_when_interviews_open_if_so_configured() -> None:
    staying = Schedule.from_settings(settings())
    closing = Schedule.from_settings(settings(self_response_during_interviews=False))
    assert staying.state(datetime(2026, 9, 2, tzinfo=WIB)) == "open"
    assert closing.state(datetime(2026, 9, 2, tzinfo=WIB)) == "closed"
    assert closing.state(datetime(2026, 8, 31, tzinfo=WIB)) == "open"
    assert closing.closes == SEPT_1


def test_a_self_response_outranks_interviews_unless_an_interview_is_already_final() -> None:
    assert interview_becomes_final(None) is True
    assert interview_becomes_final("interview") is True
    assert interview_becomes_final("self_response") is False


def test_a_receipt_hash_reads_a_code_as_people_type_it() -> None:
    code = "K3M9PQRT7VW"
    assert receipt_hash("ab", 7, "k3m9-pqrt-7vw") == receipt_hash("ab", 7, code)
    assert receipt_hash("ab", 7, code) != receipt_hash("ab", 8, code)
    assert receipt_hash("ab", 7, code) != receipt_hash("cd", 7, code)
    assert len(receipt_hash("ab", 7, code)) == 16
