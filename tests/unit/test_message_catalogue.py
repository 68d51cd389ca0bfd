"""The message catalogue: every code has its Indonesian and English text, and every code the
server or the browser refuses with is in it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sensus.domain import errors, messages

SENSUS = Path(__file__).resolve().parents[2] / "sensus"
SCRIPTS = SENSUS / "web" / "static" / "js"
CATALOGUES = {
    "FIELD": messages.FIELD,
    "NIK": messages.NIK,
    "KK": messages.KK,
    "SYNC": messages.SYNC,
    "ROSTER": messages.ROSTER,
    "DRAFT_CHANGES": messages.DRAFT_CHANGES,
    "RANGES": messages.RANGES,
}
PROBLEMS = [v for v in vars(errors).values() if isinstance(v, errors.Problem)]


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_field_message_is_in_both_languages(name: str) -> None:
    for code, (id_, en) in CATALOGUES[name].items():
        assert id_.strip() and en.strip(), (name, code)
        assert id_ != en, (name, code)


def test_every_problem_is_in_both_languages_under_its_own_code() -> None:
    assert len({p.code for p in PROBLEMS}) == len(PROBLEMS)
    for problem in PROBLEMS:
        assert problem.id.strip() and problem.en.strip() and problem.id != problem.en, problem


def _python_calls(where: str = "") -> list[ast.Call]:
    """The calls in every module whose source holds ``where``."""
    calls = []
    for path in SENSUS.rglob("*.py"):
        source = path.read_text()
        if where in source:
            calls += [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]
    return calls


def _codes(calls: list[ast.Call], name: str) -> set[str]:
    """The constant codes that calls of ``name(path, code)`` give."""
    codes = set()
    for call in calls:
        if _name(call) == name and len(call.args) == 2:
            code = call.args[1]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                codes.add(code.value)
    return codes


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_every_catalogued_code_the_server_refuses_with_is_in_the_catalogue() -> None:
    questionnaire = _python_calls("questionnaire.messages import")
    sync = _python_calls("sync_records import") + _python_calls("messages.SYNC[code]")
    assert _codes(questionnaire, "field_error") <= set(messages.FIELD)
    assert _codes(sync, "field_error") <= set(messages.SYNC)
    assert _codes(_python_calls(), "_nik_error") <= set(messages.NIK)
    assert _codes(_python_calls(), "_kk_error") <= set(messages.KK)
    assert _codes(questionnaire, "field_error") and _codes(sync, "field_error")


def test_every_problem_the_server_raises_is_in_the_catalogue() -> None:
    raised = set()
    for call in _python_calls():
        if _name(call) == "SensusError" and call.args:
            first = call.args[0]
            if isinstance(first, ast.Attribute) and getattr(first.value, "id", "") == "errors":
                raised.add(first.attr)
    assert raised
    for name in raised:
        assert isinstance(getattr(errors, name, None), errors.Problem), name


def test_every_code_the_browser_refuses_with_is_in_the_catalogue() -> None:
    source = "\n".join(p.read_text() for p in SCRIPTS.rglob("*.js") if "vendor" not in p.parts)
    fields = set(re.findall(r'\bfieldError\([^()]*?,\s*"([a-z_]+)"\)', source))
    for either in re.findall(r'\bfieldError\([^()]*?\? "([a-z_]+)" : "([a-z_]+)"\)', source):
        fields |= set(either)
    niks = set(re.findall(r'\bnikError\([^()]*?,\s*"([a-z_]+)"\)', source))
    assert fields and fields <= set(messages.FIELD)
    assert niks and niks <= set(messages.NIK)


def test_the_browser_gets_the_whole_catalogue() -> None:
    given = messages.for_browser()
    assert given["fields"] == {c: {"id": i, "en": e} for c, (i, e) in messages.FIELD.items()}
    assert given["nik"] == {c: {"id": i, "en": e} for c, (i, e) in messages.NIK.items()}
    assert len(given["ranges"]) == len(messages.RANGES)  # type: ignore[arg-type]
