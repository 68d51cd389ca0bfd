"""Field errors of document validation, with their texts from the catalogue.

The texts live in :mod:`sensus.domain.messages`, which the browser gets too (``i18n.js``
``fieldError``). NIK errors come from :mod:`sensus.domain.identity`, constraint errors carry
the questionnaire's own message. Messages never repeat the answer (it may be personal data).
"""

from __future__ import annotations

from typing import Final

from sensus.domain.errors import FieldError
from sensus.domain.messages import FIELD as MESSAGES
from sensus.domain.messages import MONTHS as _MONTHS
from sensus.domain.messages import RANGES as _RANGES

CONSTRAINT_FAILED: Final = "constraint_failed"


def field_error(path: str, code: str) -> FieldError:
    """The catalogued error ``code`` at ``path``."""
    id_, en = MESSAGES[code]
    return FieldError(path, code, id_, en)


def _written(bound: int | str | None, is_date: bool, lang: str) -> str:
    if bound is None or not is_date:
        return str(bound)
    year, month, day = str(bound).split("-")
    return f"{int(day)} {_MONTHS[lang].split()[int(month) - 1]} {year}"


def out_of_range(
    path: str, low: int | str | None, high: int | str | None, is_date: bool
) -> FieldError:
    """``out_of_range`` at ``path``, saying the range ("Isikan angka 0–120."); a question
    out of range has a bound. i18n.js ``outOfRange`` says the same."""
    id_, en = _RANGES[(low is not None, high is not None, is_date)]
    return FieldError(
        path,
        "out_of_range",
        id_.format(low=_written(low, is_date, "id"), high=_written(high, is_date, "id")),
        en.format(low=_written(low, is_date, "en"), high=_written(high, is_date, "en")),
    )
