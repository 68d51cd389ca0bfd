"""Translations for the respondent's pages: Bahasa Indonesia by default, English on request.

Catalogs are the ``.po`` files under ``locales/``, compiled in memory at startup so a
translator's edit needs no build step. Each language gets its own Jinja2 environment with
gettext installed, which keeps one request's language from leaking into another's.
"""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request

from sensus.domain.zones import zone_name, zone_of

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
LANG_COOKIE = "lang"
LOCALES = Path(__file__).parent / "locales"
TEMPLATES = Path(__file__).parent / "templates"

# Babel's "long" English date puts the month first; the census prints day-first everywhere.
_DAY = "d MMMM y"
_MOMENT = {"id": "d MMMM y, 'pukul' HH.mm", "en": "d MMMM y, 'at' HH:mm"}


def language_of(request: Request) -> str:
    """The language the respondent chose with the switch, else Bahasa Indonesia."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def load_translations(language: str, locales: Path = LOCALES) -> Translations:
    """The catalog ``locales/<language>/LC_MESSAGES/messages.po``, compiled in memory."""
    with (locales / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def make_environment(translations: Translations, templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return env


def format_day(day: date, language: str) -> str:
    """A calendar day as people write it: ``15 Februari 2026``."""
    return format_date(day, _DAY, locale=language)


def format_moment(moment: datetime, language: str, place: str | None = None) -> str:
    """A point in time in the zone of the province of region code ``place`` (the census
    clock, WIB, without one), the zone named: ``15 Februari 2026, pukul 11.05 WITA``.
    The browser writes it the same way (static/js/moments.js)."""
    zone = zone_of(place)
    text = format_datetime(moment, _MOMENT[language], tzinfo=zone, locale=language)
    return f"{text} {zone_name(zone)}"


class Catalogs:
    """Every language's translations and template environment, loaded once."""

    def __init__(self, locales: Path = LOCALES, templates: Path = TEMPLATES) -> None:
        self.translations = {lang: load_translations(lang, locales) for lang in LANGUAGES}
        self.environments = {
            lang: make_environment(t, templates) for lang, t in self.translations.items()
        }

    def gettext(self, language: str, message: str) -> str:
        return self.translations[language].gettext(message)
