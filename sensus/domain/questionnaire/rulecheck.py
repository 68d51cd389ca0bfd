"""Load-time checks of a rule: known operators, well-formed arguments, ``var`` paths that exist.

A rule that passes cannot fail at evaluation time, on either side: every operator is one both
evaluators implement alike, and every variable is one the rule data carries.
"""

from __future__ import annotations

import math
from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any

from sensus.domain.questionnaire.model import SAFE_INTEGER
from sensus.domain.questionnaire.rules import ALLOWED_OPERATIONS

_ALLOWED_LIST = ", ".join(sorted(ALLOWED_OPERATIONS))


@dataclass
class RuleCheck:
    """The problems found in one rule and the variables it reads."""

    variables: Set[str]
    problems: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)


def check_rule(rule: Any, where: str, variables: Set[str]) -> RuleCheck:
    """Check ``rule`` (reported at ``where``) against the ``var`` paths its data will have."""
    check = RuleCheck(variables)
    _walk(rule, where, check)
    return check


def _walk(node: Any, where: str, check: RuleCheck) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _walk(item, f"{where}[{index}]", check)
    elif isinstance(node, dict):
        _walk_operation(node, where, check)
    else:
        _check_literal(node, where, check)


def _walk_operation(node: dict[Any, Any], where: str, check: RuleCheck) -> None:
    if len(node) != 1:
        keys = ", ".join(repr(k) for k in node)
        check.problems.append(f"{where}: an object in a rule holds exactly one operator ({keys})")
        return
    op, args = next(iter(node.items()))
    if op not in ALLOWED_OPERATIONS:
        check.problems.append(
            f"{where}: unknown operator {op!r} (a questionnaire may use: {_ALLOWED_LIST})"
        )
        return
    args = args if isinstance(args, list) else [args]
    here = f"{where}.{op}"
    if op == "var":
        _check_var(args, here, check)
    elif op == "missing":
        _check_missing(args, here, check)
    elif op == "missing_some":
        _check_missing_some(args, here, check)
    else:
        if op == "age" and len(args) != 2:
            check.problems.append(f"{here}: takes two dates, [date, reference_date]")
        _walk(args, here, check)


def _check_var(args: list[Any], where: str, check: RuleCheck) -> None:
    # Only literal paths: a computed path could not be checked here.
    if not 1 <= len(args) <= 2 or not isinstance(args[0], str):
        check.problems.append(f'{where}: takes a path, optionally a default: ["person.x", 0]')
        return
    _check_path(args[0], where, check)
    if len(args) == 2:
        _check_literal(args[1], f"{where}[1]", check)


def _check_missing(args: list[Any], where: str, check: RuleCheck) -> None:
    paths = args[0] if len(args) == 1 and isinstance(args[0], list) else args
    if not paths or not all(isinstance(p, str) for p in paths):
        check.problems.append(f'{where}: takes variable paths: ["person.x", "person.y"]')
        return
    for path in paths:
        _check_path(path, where, check)


def _check_missing_some(args: list[Any], where: str, check: RuleCheck) -> None:
    shape_ok = (
        len(args) == 2
        and type(args[0]) is int
        and isinstance(args[1], list)
        and all(isinstance(p, str) for p in args[1])
    )
    if not shape_ok:
        check.problems.append(f'{where}: takes [count, ["person.x", "person.y"]]')
        return
    for path in args[1]:
        _check_path(path, where, check)


def _check_path(path: str, where: str, check: RuleCheck) -> None:
    if path not in check.variables:
        check.problems.append(f"{where}: unknown variable {path!r}")
    else:
        check.used.add(path)


def _check_literal(value: Any, where: str, check: RuleCheck) -> None:
    if value is None or isinstance(value, bool | str):
        return
    if isinstance(value, int) and abs(value) <= SAFE_INTEGER:
        return
    if isinstance(value, float) and math.isfinite(value):
        return
    check.problems.append(f"{where}: {value!r} is not a JSON value both evaluators read alike")
