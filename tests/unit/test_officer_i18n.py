"""The officer app's strings: every key its scripts ask for is rendered into its page, in
Bahasa Indonesia and in English, and every value the server can send (an outcome, a list
check result, a next step) has its label.

The scripts are read as the page loads them: from ``officer/app.js`` along every relative
import, the shared question, roster and review modules included. Keys are the literal first
arguments of ``t(...)``; a key built from a prefix (``t(`outcome_${outcome}`)``) must be
complete for every value of its list below, which comes from the domain where there is one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sensus.domain.field_records import KINDS, LISTING_RESULTS, OUTCOMES
from sensus.services.refusals import RECORD_FIELDS
from sensus.services.sync_records import ASK_SUPERVISOR, FIX, RETRY
from sensus.web.i18n import Catalogs
from sensus.web.routes import STRINGS

JS = Path(__file__).resolve().parents[2] / "sensus" / "web" / "static" / "js"
OFFICER = STRINGS["officer.html"]
NEXT_STEPS = (FIX, RETRY, ASK_SUPERVISOR)
PROGRESS = (
    "not_visited",
    "in_progress",
    "interviewed",
    "interview_refused",
    "returned",
    "completed",
)
SYNC_STATES = (
    "no_work",
    "signin",
    "sending",
    "no_signal",
    "busy",
    "waiting",
    "rejected",
    "nothing_yet",
    "all_sent",
)
PREFIXES: dict[str, tuple[str, ...]] = {
    "outcome_": OUTCOMES,
    "listing_": LISTING_RESULTS,
    "kind_": KINDS,
    "next_": NEXT_STEPS,
    "record_rejected_": NEXT_STEPS,
    "record_": ("waiting", "stored", "duplicate", "superseded"),
    "online_": ("not_started", "in_progress", "submitted"),
    "removed_": ("self_responded", "reassigned", "struck"),
    "removed_item_": ("self_responded", "reassigned", "struck"),
    "source_": ("registry", "self_registered", "field_found"),
    "field_": (*RECORD_FIELDS, "record_id", "kind"),
    "receipt_": ("invalid", "match", "mismatch", "unknown", "unverifiable", "empty"),
    "progress_": PROGRESS,
    "activity_": ("idle", "queued", "sending", "no_signal", "busy", "signin"),
    "sync_": SYNC_STATES,
    "presence_": ("lives_here", "moved_away", "died", "new"),
    "region_": ("province", "regency", "district", "village"),
}
_IMPORT = re.compile(r"""(?:import|from)\s*(?:[^"';]*?\bfrom\s*)?["'](\.{1,2}/[^"']+)["']""")
_CALL = re.compile(r"\bt\(\s*([^,)]*)")
_LITERAL = re.compile(r'"([a-z][a-z_]*)"')
_PREFIX = re.compile(r"\bt\(`([a-z_]+)\$\{")
_PROBLEM = re.compile(r'problems(?:\.\w+|\[[^\]]+\]) = "([a-z_]+)"')


def officer_modules() -> set[Path]:
    """Every module the officer page loads, following relative imports from its entry."""
    seen: set[Path] = set()
    todo = [JS / "officer" / "app.js"]
    while todo:
        module = todo.pop()
        if module in seen or "vendor" in module.parts:
            continue
        seen.add(module)
        for target in _IMPORT.findall(module.read_text(encoding="utf-8")):
            todo.append((module.parent / target).resolve())
    return seen


def asked_keys() -> tuple[set[str], set[str]]:
    """(literal keys, prefixes) the officer page's scripts pass to t()."""
    literal: set[str] = set()
    prefixes: set[str] = set()
    for module in officer_modules():
        source = module.read_text(encoding="utf-8")
        for argument in _CALL.findall(source):
            if not argument.lstrip().startswith("`"):  # a built key: see PREFIXES
                literal.update(_LITERAL.findall(argument))
        literal.update(_PROBLEM.findall(source))
        prefixes.update(_PREFIX.findall(source))
    return literal, prefixes


def test_the_officer_page_loads_the_shared_form_modules() -> None:
    names = {m.relative_to(JS).as_posix() for m in officer_modules()}
    assert {"form.js", "engine.js", "roster.js", "review.js", "questions.js"} <= names
    assert {"offline/outbox.js", "offline/store.js", "receipt-codes.js"} <= names


def test_every_key_the_officer_scripts_ask_for_is_on_its_page() -> None:
    literal, prefixes = asked_keys()
    assert literal - set(OFFICER) == set()
    assert prefixes - set(PREFIXES) == set(), "a new t(`prefix_${...}`): list its values here"
    built = {prefix + value for prefix in prefixes for value in PREFIXES[prefix]}
    assert built - set(OFFICER) == set()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_officer_string_is_translated(lang: str) -> None:
    catalogs = Catalogs()
    missing = [key for key, message in OFFICER.items() if not catalogs.gettext(lang, message)]
    assert missing == []
    if lang == "id":
        untranslated = [key for key, msg in OFFICER.items() if catalogs.gettext("id", msg) == msg]
        assert untranslated == []
