"""Draft changes over generated drafts (Hypothesis, issue 8): the changes between two drafts
give the second one back, and any changes at all are applied or reported, never raised."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sensus.domain.draft_changes import apply_changes

answers_values = (
    st.integers(-5, 200)
    | st.text(max_size=8)
    | st.booleans()
    | st.lists(st.integers(1, 9), max_size=3)
)
questions = st.sampled_from(["nama", "umur", "jamban", "lama_tinggal", "agama"])
answers = st.dictionaries(questions, answers_values, max_size=4)
presences = st.sampled_from(["lives_here", "moved_away", "died", "new"])
member_ids = st.sampled_from(["r1", "r2", "r3", "n-a", "n-b", "n-c"])


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(member_ids, unique=True, max_size=5))
    members = [{"member_id": i, "presence": draw(presences), "answers": draw(answers)} for i in ids]
    return {"household": draw(answers), "members": members}


@st.composite
def later_documents(draw: st.DrawFn, before: dict[str, Any]) -> dict[str, Any]:
    """What another save could make of ``before``: members kept in their order (some gone,
    some changed), new ones last, and other household answers."""
    kept = [m for m in before["members"] if draw(st.booleans())]
    changed = [
        {**m, "presence": draw(presences), "answers": draw(answers)} if draw(st.booleans()) else m
        for m in kept
    ]
    taken = {m["member_id"] for m in before["members"]}
    new_ids = draw(st.lists(member_ids.filter(lambda i: i not in taken), unique=True, max_size=2))
    added = [
        {"member_id": i, "presence": draw(presences), "answers": draw(answers)} for i in new_ids
    ]
    return {"household": draw(answers), "members": changed + added}


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The changes a device sends (CONTRACTS.md, "Draft changes"): one per answer that
    differs, members named by id, ``null`` to remove."""
    changes = _answer_changes("household", before["household"], after["household"])
    old = {m["member_id"]: m for m in before["members"]}
    new = {m["member_id"]: m for m in after["members"]}
    for member_id in old.keys() - new.keys():
        changes.append({"path": f"members/{member_id}", "value": None})
    for member_id, member in new.items():
        if member_id not in old:
            value = {"presence": member["presence"], "answers": member["answers"]}
            changes.append({"path": f"members/{member_id}", "value": value})
            continue
        if member["presence"] != old[member_id]["presence"]:
            changes.append({"path": f"members/{member_id}/presence", "value": member["presence"]})
        prefix = f"members/{member_id}/answers"
        changes += _answer_changes(prefix, old[member_id]["answers"], member["answers"])
    return changes


def _answer_changes(prefix: str, old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    removed = [{"path": f"{prefix}/{q}", "value": None} for q in old.keys() - new.keys()]
    return removed + [
        {"path": f"{prefix}/{q}", "value": v} for q, v in new.items() if old.get(q) != v
    ]


@given(st.data())
def test_the_changes_between_two_drafts_give_the_second_back(data: st.DataObject) -> None:
    before = data.draw(documents())
    after = data.draw(later_documents(before))
    result, problems = apply_changes(before, changes_between(before, after))
    assert problems == []
    assert result == after


@given(documents())
def test_no_changes_give_the_draft_back_as_it_was(document: dict[str, Any]) -> None:
    assert apply_changes(document, []) == (document, [])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
paths = (
    st.lists(
        st.sampled_from(["members", "household", "answers", "presence", "r1", "n-a", "", "x"]),
        max_size=5,
    ).map("/".join)
    | st.text(max_size=20)
    | json_values
)
any_changes = st.lists(st.fixed_dictionaries({"path": paths, "value": json_values}), max_size=8)
any_documents = documents() | st.dictionaries(
    st.sampled_from(["household", "members", "questionnaire_id"]), json_values, max_size=3
)


@given(any_documents, any_changes)
def test_any_changes_are_applied_or_reported_never_raised(
    document: dict[str, Any], changes: list[dict[str, Any]]
) -> None:
    before = copy.deepcopy(document)
    result, problems = apply_changes(document, changes)
    assert document == before, "the draft given was changed in place"
    assert isinstance(result["household"], dict) and isinstance(result["members"], list)
    assert len({p.path for p in problems}) == len(problems)
    assert {p.path for p in problems} <= {f"changes/{i}" for i in range(len(changes))}
    for problem in problems:
        assert problem.code in {"invalid_change_path", "unknown_member", "invalid_member"}
        assert problem.id and problem.en
    json.dumps(result)  # still a JSON document
