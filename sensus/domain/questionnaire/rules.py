"""Rules: JSON Logic evaluated by panzi-json-logic with operators that behave as in the browser.

A questionnaire may use only the operators in :data:`ALLOWED_OPERATIONS`. Each is either one
whose panzi-json-logic builtin already agrees with json-logic-js 2.0.5, or one re-implemented
here on JavaScript's value semantics (:mod:`.jsvalues`) because the builtin does not. The
shared vectors in ``tests/vectors/`` hold both sides to this; operators left out (``cat``,
``/``, ``%``, ``substr``, ``map``…) are ones where the two libraries disagree or that change
the data scope, which would defeat the load-time check of ``var`` paths.

The custom ``age`` operator is defined identically in ``sensus/web/static/js/rules.js``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Final

from json_logic.apply import apply

from sensus.domain.questionnaire import jsvalues as js
from sensus.domain.questionnaire.jsvalues import UNDEFINED

Operation = Callable[..., Any]

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_date(value: Any) -> date | None:
    """A ``YYYY-MM-DD`` string as a date; None for anything else or an impossible day."""
    return _parse_date(value) if isinstance(value, str) else None


@functools.lru_cache(maxsize=4096)  # a household's few birth dates are read many times
def _parse_date(value: str) -> date | None:
    match = _DATE.fullmatch(value)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:  # 2021-02-29, year 0000…
        return None


def age(born: Any, on: Any) -> int | None:
    """Complete years from ``born`` to ``on`` (floor: negative when ``on`` comes first).

    Someone born on 29 February has a birthday on 1 March in other years.
    """
    start, end = parse_date(born), parse_date(on)
    if start is None or end is None:
        return None
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def _op_age(_data: Any, born: Any = UNDEFINED, on: Any = UNDEFINED, *_: Any) -> int | None:
    return age(born, on)


# Operators receive the rule data, then their evaluated arguments; an argument the rule
# leaves out is UNDEFINED, as it is in JavaScript.


def _op_equals(_data: Any, a: Any = UNDEFINED, b: Any = UNDEFINED, *_: Any) -> bool:
    return js.loose_equals(a, b)


def _op_not_equals(_data: Any, a: Any = UNDEFINED, b: Any = UNDEFINED, *_: Any) -> bool:
    return not js.loose_equals(a, b)


def _op_strict_equals(_data: Any, a: Any = UNDEFINED, b: Any = UNDEFINED, *_: Any) -> bool:
    return js.strict_equals(a, b)


def _op_strict_not_equals(_data: Any, a: Any = UNDEFINED, b: Any = UNDEFINED, *_: Any) -> bool:
    return not js.strict_equals(a, b)


def _op_less(_data: Any, a: Any = UNDEFINED, b: Any = UNDEFINED, *rest: Any) -> bool:
    if not rest:
        return js.less(a, b)
    return js.less(a, b) and js.less(b, rest[0])  # "between", exclusive


def _op_less_or_equal(_data: Any, a: Any = UNDEFINED, b: Any = UNDEFINED, *rest: Any) -> bool:
    if not rest:
        return js.less_or_equal(a, b)
    return js.less_or_equal(a, b) and js.less_or_equal(b, rest[0])


# json-logic-js ignores a third argument of > and >= (only < and <= take "between").
def _op_greater(_data: Any, a: Any = UNDEFINED, b: Any = UNDEFINED, *_: Any) -> bool:
    return js.less(b, a)


def _op_greater_or_equal(_data: Any, a: Any = UNDEFINED, b: Any = UNDEFINED, *_: Any) -> bool:
    return js.less_or_equal(b, a)


def _op_not(_data: Any, a: Any = UNDEFINED, *_: Any) -> bool:
    return not js.truthy(a)


def _op_truthy(_data: Any, a: Any = UNDEFINED, *_: Any) -> bool:
    return js.truthy(a)


def _op_in(_data: Any, needle: Any = UNDEFINED, haystack: Any = UNDEFINED, *_: Any) -> bool:
    if isinstance(haystack, list):
        return any(js.strict_equals(needle, item) for item in haystack)
    if isinstance(haystack, str) and haystack:
        return js.to_string(needle) in haystack
    return False


def _op_plus(_data: Any, *args: Any) -> float:
    total = 0.0
    for arg in args:
        total = js.parse_float(total) + js.parse_float(arg)
    return total


def _op_minus(_data: Any, a: Any = UNDEFINED, *rest: Any) -> float:
    if not rest:
        return -js.to_number(a)
    return js.to_number(a) - js.to_number(rest[0])


def var(data: Any, key: Any = UNDEFINED, default: Any = UNDEFINED) -> Any:
    """``{"var": [path, default]}`` as json-logic-js: a present ``null`` is returned as null."""
    not_found = None if default is UNDEFINED else default
    if key is UNDEFINED or key is None or key == "":
        return data
    for prop in _path(key) if isinstance(key, str) else js.to_string(key).split("."):
        if data is None:
            return not_found
        data = data.get(prop, UNDEFINED) if type(data) is dict else _property(data, prop)
        if data is UNDEFINED:
            return not_found
    return data


@functools.lru_cache(maxsize=1024)
def _path(key: str) -> tuple[str, ...]:
    return tuple(key.split("."))


def _property(value: Any, prop: str) -> Any:
    """``value[prop]`` for JSON values (no prototype properties: rules cannot reach them)."""
    if isinstance(value, dict):
        return value.get(prop, UNDEFINED)
    if isinstance(value, list | str):
        if prop == "length":
            return len(value)
        if prop.isascii() and prop.isdigit() and (prop == "0" or prop[0] != "0"):
            index = int(prop)
            return value[index] if index < len(value) else UNDEFINED
    return UNDEFINED


def _op_var(data: Any, key: Any = UNDEFINED, default: Any = UNDEFINED, *_: Any) -> Any:
    return var(data, key, default)


def _op_missing(data: Any, *args: Any) -> list[Any]:
    keys = args[0] if args and isinstance(args[0], list) else list(args)
    missing = []
    for key in keys:
        value = var(data, *(key if isinstance(key, list) else [key])[:2])
        if value is None or value == "":
            missing.append(key)
    return missing


def _op_missing_some(
    data: Any, need: Any = UNDEFINED, options: Any = UNDEFINED, *_: Any
) -> list[Any]:
    keys = options if isinstance(options, list) else [options]
    missing = _op_missing(data, keys)
    present = len(options) - len(missing) if isinstance(options, list | str) else js.NAN
    return [] if js.compare(present, need) in (0, 1) else missing


OPERATIONS: Final[Mapping[str, Operation]] = {
    "==": _op_equals,
    "!=": _op_not_equals,
    "===": _op_strict_equals,
    "!==": _op_strict_not_equals,
    "<": _op_less,
    "<=": _op_less_or_equal,
    ">": _op_greater,
    ">=": _op_greater_or_equal,
    "!": _op_not,
    "!!": _op_truthy,
    "in": _op_in,
    "+": _op_plus,
    "-": _op_minus,
    "var": _op_var,
    "missing": _op_missing,
    "missing_some": _op_missing_some,
    "age": _op_age,
}

# if, ?:, and, or are evaluated by panzi-json-logic's apply itself (lazily, with its to_bool,
# which agrees with JsonLogic truthiness on JSON values); they need no entry above.
CONTROL_OPERATIONS: Final = frozenset({"if", "?:", "and", "or"})
ALLOWED_OPERATIONS: Final = frozenset(OPERATIONS) | CONTROL_OPERATIONS


_OPERATIONS_TABLE: Final[dict[str, Operation]] = dict(OPERATIONS)


def evaluate(rule: Any, data: Any) -> Any:
    """The value of ``rule`` on ``data``: what json-logic-js gives in the browser."""
    return apply(rule, data, _OPERATIONS_TABLE)


def holds(rule: Any, data: Any) -> bool:
    """Whether ``rule`` is truthy on ``data`` (JsonLogic truthiness)."""
    return js.truthy(apply(rule, data, _OPERATIONS_TABLE))
