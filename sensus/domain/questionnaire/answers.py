"""One answer: is it of the question's type, and is its value acceptable.

The type check is what a draft must pass; the value check is what a submission must pass too.
``sensus/web/static/js/engine.js`` mirrors both, apart from the two checks that need data the
browser does not have (the district prefix of a NIK, the existence of a village).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from sensus.domain import identity, regions
from sensus.domain.errors import FieldError
from sensus.domain.questionnaire.messages import field_error, out_of_range
from sensus.domain.questionnaire.model import (
    DATE,
    INTEGER,
    MULTIPLE_CHOICE,
    NIK,
    REGION,
    SAFE_INTEGER,
    SINGLE_CHOICE,
    TEXT,
    TEXT_LIMIT,
    YES_NO,
    Question,
    Questionnaire,
)
from sensus.domain.questionnaire.rules import parse_date

WRONG_TYPE: Final = object()
_STRING_TYPES = (TEXT, DATE, NIK, REGION)
_BLANK = " \t\n\r\f\v"  # the same set as engine.js: Python's and JavaScript's trims differ
_VILLAGE = re.compile(r"[0-9]{10}")
_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Control characters but tab and newline (C0, DEL, C1), and half of a surrogate pair, which
# JSON can carry and no text column can store. engine.js (answers.js) refuses the same set.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def typed(question: Question, value: Any, questionnaire: Questionnaire) -> Any:
    """``value`` as the answer to ``question`` (integral floats become ints), or WRONG_TYPE.

    ``True`` is an ``int`` in Python and never an integer answer here; a string longer than
    the text limit is refused whatever the question, so no answer is unbounded.
    """
    kind = question.type
    if kind in _STRING_TYPES:
        return value if isinstance(value, str) and len(value) <= TEXT_LIMIT else WRONG_TYPE
    if kind == YES_NO:
        return value if isinstance(value, bool) else WRONG_TYPE
    if kind in (INTEGER, SINGLE_CHOICE):
        return _integer(value)
    return _codes(value, len(questionnaire.choice_codes.get(question.choices or "", ())))


def _integer(value: Any) -> Any:
    if type(value) is int and abs(value) <= SAFE_INTEGER:
        return value
    if type(value) is float and value.is_integer() and abs(value) <= SAFE_INTEGER:
        return int(value)  # JSON 3.0 is the browser's 3
    return WRONG_TYPE


def _codes(value: Any, list_length: int) -> Any:
    # A selection of distinct codes is never longer than its list: no need to read further.
    if not isinstance(value, list) or len(value) > list_length:
        return WRONG_TYPE
    codes = [_integer(item) for item in value]
    return WRONG_TYPE if any(code is WRONG_TYPE for code in codes) else codes


def has_forbidden_character(value: str) -> bool:
    """Whether a text holds a character no answer may have (a NUL in a name, say)."""
    return _FORBIDDEN.search(value) is not None


def answered(value: Any) -> bool:
    """Whether a typed answer says something: not null, blank text or an empty selection."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip(_BLANK))
    if isinstance(value, list):
        return bool(value)
    return True


def value_errors(
    question: Question,
    value: Any,
    path: str,
    questionnaire: Questionnaire,
    person: Mapping[str, Any] | None,
) -> list[FieldError]:
    """What is wrong with the typed, answered ``value`` (``person``: the member's answers)."""
    kind = question.type
    if kind == TEXT:
        limit = question.max_length or TEXT_LIMIT
        return [field_error(path, "too_long")] if len(value) > limit else []
    if kind in (INTEGER, DATE):
        return _range_errors(question, value, path)
    if kind == SINGLE_CHOICE:
        codes = questionnaire.choice_codes.get(question.choices or "", frozenset())
        return [] if value in codes else [field_error(path, "invalid_choice")]
    if kind == MULTIPLE_CHOICE:
        codes = questionnaire.choice_codes.get(question.choices or "", frozenset())
        distinct = len(set(value)) == len(value)
        return [] if distinct and codes.issuperset(value) else [field_error(path, "invalid_choice")]
    if kind == NIK:
        return _nik_errors(value, path, person)
    if kind == REGION:
        village = _VILLAGE.fullmatch(value) and regions.is_village(value)
        return [] if village else [field_error(path, "invalid_region")]
    return []


def _range_errors(question: Question, value: Any, path: str) -> list[FieldError]:
    if question.type == DATE and parse_date(value) is None:
        # 2021-02-29 is written right and is no day at all: say so, not "the format".
        return [
            field_error(path, "no_such_date" if _DATE_SHAPE.fullmatch(value) else "invalid_date")
        ]
    # Dates are YYYY-MM-DD strings here, which order as the dates do.
    low, high = question.minimum, question.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return [out_of_range(path, low, high, question.type == DATE)]
    return []


def wrong_type_error(question: Question, path: str) -> FieldError:
    """The error of an answer that is not of its question's type: a number question says
    that it takes digits, whatever else was typed."""
    return field_error(path, "not_a_number" if question.type == INTEGER else "invalid_type")


def _nik_errors(value: str, path: str, person: Mapping[str, Any] | None) -> list[FieldError]:
    # The NIK encodes sex and birth date: check them against the member's own answers.
    person = person or {}
    sex = person.get("jenis_kelamin")
    return identity.validate_nik(
        value,
        sex=sex if sex in (identity.MALE, identity.FEMALE) and type(sex) is int else None,
        birth_date=parse_date(person.get("tanggal_lahir")),
        path=path,
    )
