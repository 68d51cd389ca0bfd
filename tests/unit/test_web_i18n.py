"""Respondent page catalogs: complete in Indonesian, in step with the code, Indonesian dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from sensus.web.i18n import LOCALES, Catalogs, format_day, format_moment

WEB = LOCALES.parent
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def _catalog_ids(path: Path) -> dict[str, str]:
    with path.open("rb") as po:
        return {str(m.id): str(m.string) for m in read_po(po) if m.id}


def _source_ids() -> set[str]:
    found = extract_from_dir(WEB, METHODS, options_map=OPTIONS)
    return {message for _file, _line, message, _comments, _context in found}


def test_every_string_of_the_pages_is_in_both_catalogs() -> None:
    source = _source_ids()
    for lang in ("id", "en"):
        assert set(_catalog_ids(LOCALES / lang / "LC_MESSAGES" / "messages.po")) == source, lang


def test_every_string_has_an_indonesian_translation() -> None:
    catalog = _catalog_ids(LOCALES / "id" / "LC_MESSAGES" / "messages.po")
    assert [msgid for msgid, text in catalog.items() if not text] == []


def test_english_falls_back_to_the_source_and_indonesian_is_translated() -> None:
    catalogs = Catalogs()
    assert catalogs.gettext("en", "Next") == "Next"
    assert catalogs.gettext("id", "Next") == "Lanjut"


def test_dates_are_written_day_first_with_indonesian_month_names() -> None:
    assert format_day(date(2026, 2, 15), "id") == "15 Februari 2026"
    assert format_day(date(2026, 2, 15), "en") == "15 February 2026"


def test_moments_are_shown_on_the_census_clock() -> None:
    moment = datetime(2026, 2, 15, 3, 5, tzinfo=UTC)
    assert format_moment(moment, "id") == "15 Februari 2026, pukul 10.05 WIB"
