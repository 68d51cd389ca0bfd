"""The shared vectors in Chromium: json-logic-js and engine.js give what the vectors expect.

The page is one the live server serves; ``rules.js`` and ``engine.js`` are imported from it
as ES modules, exactly as the household app imports them, and the vector files are parsed by
the page's own ``JSON.parse``. The expected values are the same the server is held to in
``tests/unit/test_rule_vectors.py``, less the errors only the server can find (ADR 0003).
"""

from __future__ import annotations

import json
from typing import Any

import httpx2 as httpx
import pytest
from playwright.sync_api import Page

from sensus.domain.messages import NIK
from sensus.domain.questionnaire import validate_document
from sensus.domain.questionnaire.jsvalues import truthy
from sensus.domain.questionnaire.messages import MESSAGES, out_of_range
from tests.browser.conftest import LiveServer
from tests.vectors import (
    DOCUMENTS,
    MOMENTS,
    RULES,
    as_json,
    codes,
    decode,
    document_cases,
    questionnaire,
    rule_cases,
    same,
)

pytestmark = pytest.mark.browser

SP2020 = "questionnaires/sp2020.yaml"

# Values JSON cannot carry go back to Python tagged, as the vector files tag them.
_ENCODE = """
const encode = (v) => {
  if (v === undefined) return { $js: "undefined" };
  if (typeof v === "number" && !Number.isFinite(v)) return { $js: String(v) };
  if (typeof v === "function") return { $js: "function" };
  if (Array.isArray(v)) return v.map(encode);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  }
  return v;
};
"""

_EVALUATE_RULES = (
    """
async (text) => {
  const { evaluate, holds } = await import("/static/js/rules.js");
"""
    + _ENCODE
    + """
  return JSON.stringify(JSON.parse(text).cases.map(({ rule, data }) => {
    try {
      return { value: encode(evaluate(rule, data)), holds: holds(rule, data) };
    } catch (error) {
      return { threw: String(error) };
    }
  }));
}
"""
)

_VALIDATE_DOCUMENTS = """
async ([files, questionnaires]) => {
  const { validateDocument, cleanDocument } = await import("/static/js/engine.js");
  // The real questionnaire as the household app gets it; the test ones as the API would send them.
  const served = await (await fetch("/api/v1/questionnaire")).json();
  const results = [];
  for (const text of files) {
    const file = JSON.parse(text);
    const questionnaire = file.questionnaire === "questionnaires/sp2020.yaml"
      ? served : JSON.parse(questionnaires[file.questionnaire]);
    for (const c of file.cases) {
      const censusDate = c.census_date ?? file.census_date;
      const source = c.source ?? "registry";
      results.push({
        errors: validateDocument(questionnaire, c.document, censusDate, source),
        cleaned: cleanDocument(questionnaire, c.document, censusDate, source),
      });
    }
  }
  return JSON.stringify(results);
}
"""


def _open_page(phone: Page, live_server: LiveServer) -> Page:
    phone.goto(live_server.page_url("/"))
    return phone


def test_json_logic_js_gives_what_the_rule_vectors_expect(
    phone: Page, live_server: LiveServer
) -> None:
    page = _open_page(phone, live_server)
    results = json.loads(page.evaluate(_EVALUATE_RULES, RULES.read_text(encoding="utf-8")))
    cases = rule_cases()
    assert len(results) == len(cases)
    wrong = []
    for case, result in zip(cases, results, strict=True):
        if case.throws or "threw" in result:
            if not (case.throws and "threw" in result):
                wrong.append((case.name, result, "throws" if case.throws else case.expected))
            continue
        value = decode(result["value"])
        if not same(value, case.expected) or result["holds"] is not truthy(case.expected):
            wrong.append((case.name, result, case.expected))
    assert wrong == []


def _server_errors(case: Any) -> list[dict[str, Any]]:
    """The server's errors for the case, with messages, less those only the server finds."""
    found = validate_document(
        questionnaire(case.questionnaire), case.document, case.census_date, case.source
    )
    return [
        {"path": e.path, "code": e.code, "message": {"id": e.id, "en": e.en}}
        for e, expected in zip(found, case.errors, strict=True)
        if not expected.get("server_only")
    ]


def test_engine_gives_what_the_document_vectors_expect(
    phone: Page, live_server: LiveServer
) -> None:
    page = _open_page(phone, live_server)
    cases = document_cases()
    files = [path.read_text(encoding="utf-8") for path in sorted(DOCUMENTS.glob("*.json"))]
    fixtures = {
        case.questionnaire: json.dumps(questionnaire(case.questionnaire).to_client())
        for case in cases
        if case.questionnaire != SP2020
    }
    results = json.loads(page.evaluate(_VALIDATE_DOCUMENTS, [files, fixtures]))
    assert len(results) == len(cases)
    wrong = []
    for case, result in zip(cases, results, strict=True):
        if codes(result["errors"]) != codes(case.browser_errors()):
            wrong.append((case.id, "errors", codes(result["errors"])))
        elif result["errors"] != _server_errors(case):
            wrong.append((case.id, "messages", result["errors"]))
        if as_json(result["cleaned"]) != as_json(case.cleaned):
            wrong.append((case.id, "cleaned", result["cleaned"]))
    assert wrong == []


def test_served_questionnaire_is_the_one_the_vectors_load(live_server: LiveServer) -> None:
    served = httpx.get(live_server.page_url("/api/v1/questionnaire")).json()
    assert served == questionnaire(SP2020).to_client()


def test_browser_catalogue_of_field_errors_is_the_servers(
    phone: Page, live_server: LiveServer
) -> None:
    page = _open_page(phone, live_server)
    catalogue = page.evaluate(
        """async ([fields, nik]) => {
          const { fieldError, nikError, outOfRange } = await import("/static/js/i18n.js");
          return {
            fields: Object.fromEntries(fields.map((code) => [code, fieldError("", code).message])),
            nik: Object.fromEntries(nik.map((code) => [code, nikError("", code).message])),
            range: outOfRange("", "1900-01-01", null, true).message,
          };
        }""",
        [list(MESSAGES), list(NIK)],
    )
    assert catalogue["fields"] == {code: {"id": i, "en": e} for code, (i, e) in MESSAGES.items()}
    assert catalogue["nik"] == {code: {"id": i, "en": e} for code, (i, e) in NIK.items()}
    wanted = out_of_range("", "1900-01-01", None, True)
    assert catalogue["range"] == {"id": wanted.id, "en": wanted.en}


def test_engine_imports_in_a_page_without_strings(phone: Page, live_server: LiveServer) -> None:
    # A JSON answer shown as a page has no #strings and no scripts of ours.
    phone.goto(live_server.page_url("/api/v1/schedule"))
    problems = phone.evaluate(
        """async () => {
          const { problemsOf } = await import("/static/js/checks.js");
          const questionnaire = await (await fetch("/api/v1/questionnaire")).json();
          const doc = { questionnaire_id: questionnaire.id,
                        questionnaire_version: questionnaire.version,
                        household: {}, members: [] };
          return Object.fromEntries(problemsOf(questionnaire, doc, "2026-09-01"));
        }"""
    )
    assert problems["members"]["code"] == "no_member_present"
    assert problems["household/wilayah_domisili"]["code"] == "required"


def test_pages_show_a_question_only_when_validation_asks_it(
    phone: Page, live_server: LiveServer
) -> None:
    # An 11-year-old whose draft still holds "working" from before the birth date was fixed:
    # activity is not asked under 15, so neither is the occupation that follows from it.
    page = _open_page(phone, live_server)
    shown = page.evaluate(
        """async (child) => {
          const { isShown, personData } = await import("/static/js/checks.js");
          const questionnaire = await (await fetch("/api/v1/questionnaire")).json();
          const doc = { questionnaire_id: questionnaire.id,
                        questionnaire_version: questionnaire.version,
                        household: {}, members: [child] };
          const pekerjaan = questionnaire.person_questions.find((q) => q.id === "pekerjaan");
          return {
            raw: isShown(pekerjaan, personData(doc, child, "2026-09-01")),
            settled: isShown(pekerjaan, personData(doc, child, "2026-09-01", questionnaire)),
          };
        }""",
        {
            "member_id": "r4",
            "presence": "lives_here",
            "answers": {"tanggal_lahir": "2014-11-03", "aktivitas": 1},
        },
    )
    assert shown == {"raw": True, "settled": False}


def test_moments_js_writes_times_as_the_server_does(phone: Page, live_server: LiveServer) -> None:
    # The officer's phone showed 14.48 and the supervisor's page 13.48 WIB for one sync in
    # Banjarmasin: both sides now read the zone from the province, from one table each.
    page = _open_page(phone, live_server)
    vectors = json.loads(MOMENTS.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async (vectors) => {
          const { formatMoment, zoneOf } = await import("/static/js/moments.js");
          return {
            zones: Object.fromEntries(
              Object.keys(vectors.zones).map((code) => [code, zoneOf(code)])),
            texts: vectors.cases.map((c) => formatMoment(c.moment, c.place, c.lang)),
          };
        }""",
        vectors,
    )
    assert found["zones"] == vectors["zones"]
    assert found["texts"] == [case["expected"] for case in vectors["cases"]]
