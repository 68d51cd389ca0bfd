"""Rules: JSON Logic evaluated on the server exactly as json-logic-js 2.0.5 does in the browser.

A questionnaire may use only the operators in :data:`ALLOWED_OPERATIONS`. Each is written
here on JavaScript's value semantics (:mod:`.jsvalues`), after json-logic-js's own code, and
so is :func:`evaluate`, json-logic-js's ``apply``: panzi-json-logic's builtins and its
``apply`` approximate JavaScript and differ from it (``null == 0``, ``"" == 0``, ``null <
"x"``, an ``and`` of nothing, which is ``undefined`` in JavaScript and ``None`` there). The
shared vectors in ``tests/vectors/`` hold both sides to this; operators left out (``cat``,
``/``, ``%``, ``substr``, ``map``…) are ones we have not proven alike, or that change the data
scope, which would defeat the load-time check of ``var`` paths.

The custom ``age`` operator is defined identically in ``sensus/web/static/js/rules.js``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Final

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


# json-logic-js tests the last argument for undefined, not the number of arguments: an
# argument that evaluates to undefined ({"or": []}) counts as left out.
def _op_less(
    _data: Any, a: Any = UNDEFINED, b: Any = UNDEFINED, c: Any = UNDEFINED, *_: Any
) -> bool:
    if c is UNDEFINED:
        return js.less(a, b)
    return js.less(a, b) and js.less(b, c)  # "between", exclusive


def _op_less_or_equal(
    _data: Any, a: Any = UNDEFINED, b: Any = UNDEFINED, c: Any = UNDEFINED, *_: Any
) -> bool:
    if c is UNDEFINED:
        return js.less_or_equal(a, b)
    return js.less_or_equal(a, b) and js.less_or_equal(b, c)


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


def _op_minus(_data: Any, a: Any = UNDEFINED, b: Any = UNDEFINED, *_: Any) -> float:
    if b is UNDEFINED:
        return -js.to_number(a)
    return js.to_number(a) - js.to_number(b)


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
            return js.utf16_length(value) if isinstance(value, str) else len(value)
        if prop.isascii() and prop.isdigit() and (prop == "0" or prop[0] != "0"):
            return _item(value, int(prop))
    return UNDEFINED


def _item(value: list[Any] | str, index: int) -> Any:
    if isinstance(value, str):  # strings are indexed by UTF-16 code unit in JavaScript
        unit = js.utf16_unit(value, index)
        return UNDEFINED if unit is None else unit
    return value[index] if index < len(value) else UNDEFINED


def _op_var(data: Any, key: Any = UNDEFINED, default: Any = UNDEFINED, *_: Any) -> Any:
    return var(data, key, default)


def _op_missing(data: Any, *args: Any) -> list[Any]:
    # One array argument is the list of keys, else every argument is a key; a key may be
    # [path, default], which json-logic-js hands to var as its arguments.
    keys = args[0] if args and isinstance(args[0], list) else list(args)
    missing = []
    for key in keys:
        value = evaluate({"var": key}, data)
        if value is None or value == "":
            missing.append(key)
    return missing


def _op_missing_some(
    data: Any, need: Any = UNDEFINED, options: Any = UNDEFINED, *_: Any
) -> list[Any]:
    missing = evaluate({"missing": options}, data)
    if options is None or options is UNDEFINED:
        raise TypeError("missing_some: the options are not a list")  # JavaScript: null.length
    present = js.to_number(_property(options, "length")) - len(missing)
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

# if, ?:, and, or are evaluated by evaluate itself, lazily, as in json-logic-js.
CONTROL_OPERATIONS: Final = frozenset({"if", "?:", "and", "or"})
ALLOWED_OPERATIONS: Final = frozenset(OPERATIONS) | CONTROL_OPERATIONS


def evaluate(rule: Any, data: Any) -> Any:
    """The value of ``rule`` on ``data``: what json-logic-js's ``apply`` gives in the browser.

    The value is JSON, or :data:`~.jsvalues.UNDEFINED` where JavaScript gives ``undefined``
    (``{"and": []}``), or a non-finite float where it gives NaN or Infinity. An unknown
    operator raises ValueError; questionnaires are checked for them when they are loaded.
    """
    if isinstance(rule, list):
        return [evaluate(item, data) for item in rule]
    if not isinstance(rule, dict) or len(rule) != 1:
        return rule  # a literal (an object of any other size too, as json-logic-js has it)
    op, args = next(iter(rule.items()))
    if not isinstance(args, list):
        args = [args]  # {"var": "x"} is {"var": ["x"]}
    if op == "if" or op == "?:":
        return _if(args, data)
    if op == "and" or op == "or":
        return _and_or(op == "or", args, data)
    operation = OPERATIONS.get(op)
    if operation is None:
        raise ValueError(f"unknown operator {op!r}")
    return operation(data, *[evaluate(arg, data) for arg in args])


def _if(args: list[Any], data: Any) -> Any:
    # Pairs of condition and value, then an optional value for "else"; null when none applies.
    index = 0
    while index < len(args) - 1:
        if js.truthy(evaluate(args[index], data)):
            return evaluate(args[index + 1], data)
        index += 2
    return evaluate(args[index], data) if index == len(args) - 1 else None


def _and_or(is_or: bool, args: list[Any], data: Any) -> Any:
    # The first value that decides (falsy for and, truthy for or), else the last one; an
    # and/or of nothing is undefined, as the loop variable is in json-logic-js.
    current: Any = UNDEFINED
    for arg in args:
        current = evaluate(arg, data)
        if js.truthy(current) == is_or:
            return current
    return current


def holds(rule: Any, data: Any) -> bool:
    """Whether ``rule`` is truthy on ``data`` (JsonLogic truthiness)."""
    return js.truthy(evaluate(rule, data))
