"""The rule engine over generated rules and data (Hypothesis, issue 8).

A rule that passes the check a questionnaire's rules get when it is loaded is evaluated on
any JSON without raising, gives the same value twice and changes nothing; any rule at all
raises at most the two refusals ``evaluate`` documents.
"""

from __future__ import annotations

import contextlib
import json
import math
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sensus.domain.questionnaire.jsvalues import UNDEFINED
from sensus.domain.questionnaire.rulecheck import check_rule
from sensus.domain.questionnaire.rules import ALLOWED_OPERATIONS, evaluate, holds

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
# Paths that reach into the data a questionnaire's rules see (CONTRACTS.md, "Rule data").
var_paths = st.sampled_from(
    ["person.umur", "household.jamban", "presence", "census_date", "person", "", "a.0.b", "x"]
)
dates = st.dates().map(lambda d: d.isoformat()) | st.text(max_size=12)


def _operation(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.builds(
        lambda op, args: {op: args},
        st.sampled_from(sorted(ALLOWED_OPERATIONS)),
        st.lists(inner, max_size=4) | inner,
    )


literals = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
rules = st.recursive(
    literals
    | var_paths.map(lambda p: {"var": p})
    | st.builds(lambda a, b: {"age": [a, b]}, dates, dates),
    _operation,
    max_leaves=12,
)
VARIABLES = frozenset({"person.umur", "household.jamban", "presence", "census_date", "person", "x"})
data = (
    st.fixed_dictionaries(
        {
            "person": st.dictionaries(
                st.sampled_from(["umur", "nama", "tanggal_lahir"]), json_values
            ),
            "household": st.dictionaries(st.sampled_from(["jamban", "0"]), json_values),
            "presence": st.sampled_from(["lives_here", "new", "moved_away"]),
            "census_date": dates,
        }
    )
    | json_values
)


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values, NaN equal to NaN (JavaScript's NaN is one value to a rule)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _loadable(rule: Any) -> bool:
    return not check_rule(rule, "rule", VARIABLES).problems


@settings(max_examples=150)
@given(rules, data)
def test_a_rule_a_questionnaire_may_hold_evaluates_on_any_data(rule: Any, context: Any) -> None:
    assume(_loadable(rule))
    first = evaluate(rule, context)
    assert _same(first, evaluate(rule, json.loads(json.dumps(context)))), "not stable"
    assert isinstance(holds(rule, context), bool)


@settings(max_examples=60)
@given(rules, data)
def test_evaluating_leaves_the_rule_and_the_data_as_they_were(rule: Any, context: Any) -> None:
    assume(_loadable(rule))
    before = json.dumps([rule, context], sort_keys=True)
    evaluate(rule, context)
    assert json.dumps([rule, context], sort_keys=True) == before


@settings(max_examples=150)
@given(rules, data)
def test_any_rule_at_all_is_evaluated_or_refused(rule: Any, context: Any) -> None:
    # An unknown operator; the options of missing_some not a list (JavaScript throws too).
    with contextlib.suppress(ValueError, TypeError):
        evaluate(rule, context)


@given(st.text(min_size=1, max_size=8).filter(lambda op: op not in ALLOWED_OPERATIONS), json_values)
def test_an_unknown_operator_is_refused_by_name(op: str, args: Any) -> None:
    with pytest.raises(ValueError, match="unknown operator"):
        evaluate({op: args}, {})


def test_an_and_of_nothing_is_undefined_as_in_javascript() -> None:
    assert evaluate({"and": []}, {}) is UNDEFINED
