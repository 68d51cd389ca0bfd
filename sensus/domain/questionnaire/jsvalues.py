"""JavaScript value semantics for JSON values, as json-logic-js relies on them.

The browser evaluates rules with json-logic-js, whose operators are JavaScript's own ``==``,
``<``, ``String()``, ``parseFloat()``… panzi-json-logic approximates these in Python and
differs in places (``null == 0``, ``"" == 0``, ``null < "x"``: the cases are in
``tests/vectors/rules.json``). The server's operators are built on this module instead, so
that a rule gives the same answer on both sides.

Values are what ``json.loads`` produces (``None``, ``bool``, ``int``, ``float``, ``str``,
``list``, ``dict``) plus :data:`UNDEFINED`, JavaScript's ``undefined``, which is what an
operator sees for an argument the rule left out.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final


class _Undefined:
    """JavaScript's ``undefined``: an argument the rule did not give."""

    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNDEFINED"


UNDEFINED: Final = _Undefined()
NAN: Final = float("nan")

# StrWhiteSpaceChar of ECMAScript: WhiteSpace (including every Zs character) and LineTerminator.
_JS_SPACE = "".join(
    [
        "\t\n\v\f\r \u00a0\u1680",
        *map(chr, range(0x2000, 0x200B)),
        "\u2028\u2029\u202f\u205f\u3000\ufeff",
    ]
)
_DECIMAL = r"[+-]?(?:Infinity|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
_NUMERIC_STRING = re.compile(_DECIMAL)
_FLOAT_PREFIX = re.compile(f"[{re.escape(_JS_SPACE)}]*({_DECIMAL})")
_NON_DECIMAL = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")
_BASES = {"x": 16, "o": 8, "b": 2}


_KINDS: Final = {
    type(None): "null",
    bool: "boolean",
    int: "number",
    float: "number",
    str: "string",
    _Undefined: "undefined",
}
_NUMBERS: Final = (int, float)  # exact types, compared with ``type(x) in``: bool is not one


def kind(value: Any) -> str:
    """JavaScript's type of a JSON value: null, undefined, boolean, number, string or object."""
    return _KINDS.get(type(value), "object")


def truthy(value: Any) -> bool:
    """JsonLogic truthiness: JavaScript's, except that an empty array is false."""
    if value is None or value is UNDEFINED:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value != 0 and not math.isnan(value)
    if isinstance(value, int | str | list):
        return bool(value)
    return True


def _float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:  # an int beyond float range: JavaScript would say Infinity
        return math.copysign(math.inf, value)


def string_to_number(text: str) -> float:
    """``Number(text)``: blank is 0, decimal and 0x/0o/0b literals parse, anything else NaN."""
    text = text.strip(_JS_SPACE)
    if not text:
        return 0.0
    if _NUMERIC_STRING.fullmatch(text):
        return float(text.replace("Infinity", "inf"))
    if _NON_DECIMAL.fullmatch(text):
        return float(int(text[2:], _BASES[text[1].lower()]))
    return NAN


def to_number(value: Any) -> float:
    """``Number(value)`` for a JSON value."""
    if value is None:
        return 0.0
    if value is UNDEFINED:
        return NAN
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return _float(value)
    if isinstance(value, str):
        return string_to_number(value)
    return string_to_number(to_primitive(value))


def parse_float(value: Any) -> float:
    """``parseFloat(value)``: the longest decimal prefix of ``String(value)``, else NaN."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _float(value)
    match = _FLOAT_PREFIX.match(to_string(value))
    if match is None:
        return NAN
    return float(match.group(1).replace("Infinity", "inf"))


def number_to_string(value: int | float) -> str:
    """``String(number)``: ECMAScript's Number::toString on the shortest round-trip digits."""
    number = _float(value)
    if math.isnan(number):
        return "NaN"
    if number == 0:
        return "0"
    if number < 0:
        return "-" + number_to_string(-number)
    if math.isinf(number):
        return "Infinity"
    digits, point = _shortest_digits(number)
    return _format_number(digits, point)


def _shortest_digits(number: float) -> tuple[str, int]:
    """Digits ``s`` and exponent ``n`` with number = 0.s × 10^n, from Python's shortest repr."""
    mantissa, _, exponent = repr(number).partition("e")
    whole, _, fraction = mantissa.partition(".")
    all_digits = whole + fraction
    significant = all_digits.lstrip("0")
    leading_zeros = len(all_digits) - len(significant)
    point = len(whole) + int(exponent or 0) - leading_zeros
    return significant.rstrip("0"), point


def _format_number(s: str, n: int) -> str:
    k = len(s)
    if k <= n <= 21:
        return s + "0" * (n - k)
    if 0 < n <= 21:
        return s[:n] + "." + s[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + s
    e = n - 1
    sign = "+" if e >= 0 else "-"
    head = s if k == 1 else s[0] + "." + s[1:]
    return f"{head}e{sign}{abs(e)}"


def to_string(value: Any) -> str:
    """``String(value)`` for a JSON value."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_to_string(value)
    return str(to_primitive(value))


def to_primitive(value: Any) -> Any:
    """ToPrimitive: an array joins its items with commas, an object is ``[object Object]``."""
    if isinstance(value, list):
        return ",".join(
            "" if item is None or item is UNDEFINED else to_string(item) for item in value
        )
    if isinstance(value, dict):
        return "[object Object]"
    return value


def utf16_length(text: str) -> int:
    """``text.length`` in JavaScript: UTF-16 code units, two for a character beyond U+FFFF."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_unit(text: str, index: int) -> str | None:
    """``text[index]`` in JavaScript (one UTF-16 code unit), or None beyond the end."""
    if text.isascii():
        return text[index] if index < len(text) else None
    units = text.encode("utf-16-le", "surrogatepass")
    if 2 * index >= len(units):
        return None
    return units[2 * index : 2 * index + 2].decode("utf-16-le", "surrogatepass")


def _same_number(a: int | float, b: int | float) -> bool:
    # As doubles, as JavaScript holds them: 2**53 + 1 == 2**53 there. NaN != NaN.
    return _float(a) == _float(b)


def strict_equals(a: Any, b: Any) -> bool:
    """``a === b``: same type and value; arrays and objects only when they are the same one."""
    kind_a = kind(a)
    if kind_a != kind(b):
        return False
    if kind_a == "object":
        return a is b
    if kind_a == "number":
        return _same_number(a, b)
    return bool(a == b)


def loose_equals(a: Any, b: Any) -> bool:
    """``a == b``: ECMAScript's IsLooselyEqual on JSON values."""
    if type(a) in _NUMBERS and type(b) in _NUMBERS:
        return _same_number(a, b)  # the common cases first
    if type(a) is type(b) is str:
        return bool(a == b)
    kind_a, kind_b = kind(a), kind(b)
    if kind_a == kind_b:
        return strict_equals(a, b)
    nullish = {"null", "undefined"}
    if kind_a in nullish or kind_b in nullish:
        return kind_a in nullish and kind_b in nullish
    if kind_a == "boolean":
        return loose_equals(to_number(a), b)
    if kind_b == "boolean":
        return loose_equals(a, to_number(b))
    if {kind_a, kind_b} == {"number", "string"}:
        return to_number(a) == to_number(b)
    if kind_a == "object":
        return loose_equals(to_primitive(a), b)
    return loose_equals(a, to_primitive(b))


def compare(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 as JavaScript's relational operators order ``a`` and ``b``; None for NaN.

    Two strings compare by UTF-16 code units; anything else compares as numbers.
    """
    if type(a) in _NUMBERS and type(b) in _NUMBERS:
        x, y = _float(a), _float(b)  # as doubles, as in JavaScript
        return None if x != x or y != y else (x > y) - (x < y)  # x != x: NaN
    if type(a) is type(b) is str and a.isascii() and b.isascii():
        return (a > b) - (a < b)  # ASCII orders the same in code points and UTF-16 units
    a, b = to_primitive(a), to_primitive(b)
    if isinstance(a, str) and isinstance(b, str):
        left, right = a.encode("utf-16-be", "surrogatepass"), b.encode("utf-16-be", "surrogatepass")
        return (left > right) - (left < right)
    x, y = to_number(a), to_number(b)
    if math.isnan(x) or math.isnan(y):
        return None
    return (x > y) - (x < y)


def less(a: Any, b: Any) -> bool:
    return compare(a, b) == -1


def less_or_equal(a: Any, b: Any) -> bool:
    return compare(a, b) in (-1, 0)
