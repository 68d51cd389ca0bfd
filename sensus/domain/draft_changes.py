"""Draft changes: the small messages a device sends instead of its whole draft (ADR 0010).

``PATCH /api/v1/self-response/draft`` carries ``{"base_version": n, "changes": [{"path",
"value"}]}``. Members are named by ``member_id``, not by their place in the list, so that two
devices that added or removed members still mean the same person:

- ``household/<question>``: set the household's answer, or remove it (``null``);
- ``members/<member_id>/answers/<question>``: set or remove a member's answer;
- ``members/<member_id>/presence``: set where the member is;
- ``members/<member_id>``: add a member (``{"presence", "answers"}``; replaces a member with
  that id, keeping its place) or remove it (``null``).

Applying changes is pure and total: a change that cannot be applied is a ``FieldError`` at
``changes/<i>``; whether the result is a valid draft is ``validate_draft``'s to say. The
browser applies changes with the same rules (``web/static/js/changes.js``), held to it by
``tests/vectors/draft_changes.json``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from sensus.domain import messages
from sensus.domain.errors import FieldError, field_error

_INVALID_PATH = ("invalid_change_path", *messages.DRAFT_CHANGES["invalid_change_path"])
_UNKNOWN_MEMBER = ("unknown_member", *messages.DRAFT_CHANGES["unknown_member"])
_NOT_A_MEMBER = ("invalid_member", *messages.DRAFT_CHANGES["invalid_member"])
_MEMBER_KEYS = frozenset({"presence", "answers"})


def empty_document(questionnaire_id: str, questionnaire_version: str) -> dict[str, Any]:
    """The draft before anything was saved: what version 0 means."""
    return {
        "questionnaire_id": questionnaire_id,
        "questionnaire_version": questionnaire_version,
        "household": {},
        "members": [],
    }


def apply_changes(
    document: Mapping[str, Any], changes: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, Any], list[FieldError]]:
    """``document`` with ``changes`` applied in order (a copy), and the changes that failed."""
    result = copy.deepcopy(dict(document))
    if not isinstance(result.get("household"), dict):
        result["household"] = {}
    if not isinstance(result.get("members"), list):
        result["members"] = []
    problems: list[FieldError] = []
    for index, change in enumerate(changes):
        problem = _apply(result, change.get("path"), change.get("value"))
        if problem is not None:
            code, id_, en = problem
            problems.append(field_error(f"changes/{index}", code, id_, en))
    return result, problems


def _apply(document: dict[str, Any], path: Any, value: Any) -> tuple[str, str, str] | None:
    parts = path.split("/") if isinstance(path, str) else []
    if any(part == "" for part in parts):
        return _INVALID_PATH
    if len(parts) == 2 and parts[0] == "household":
        _set(document["household"], parts[1], value)
        return None
    if len(parts) < 2 or parts[0] != "members":
        return _INVALID_PATH
    if len(parts) == 2:
        return _set_member(document["members"], parts[1], value)
    member = _member(document["members"], parts[1])
    if len(parts) == 3 and parts[2] == "presence":
        if member is None:
            return _UNKNOWN_MEMBER
        member["presence"] = value
        return None
    if len(parts) == 4 and parts[2] == "answers":
        if member is None:
            return _UNKNOWN_MEMBER
        if not isinstance(member.get("answers"), dict):
            member["answers"] = {}
        _set(member["answers"], parts[3], value)
        return None
    return _INVALID_PATH


def _set(answers: dict[str, Any], key: str, value: Any) -> None:
    # null removes: an unanswered question is absent from the document (CONTRACTS.md).
    if value is None:
        answers.pop(key, None)
    else:
        answers[key] = value


def _member(members: list[Any], member_id: str) -> dict[str, Any] | None:
    for member in members:
        if isinstance(member, dict) and member.get("member_id") == member_id:
            return member
    return None


def _set_member(members: list[Any], member_id: str, value: Any) -> tuple[str, str, str] | None:
    existing = _member(members, member_id)
    if value is None:
        if existing is None:
            return _UNKNOWN_MEMBER
        members.remove(existing)
        return None
    if not isinstance(value, dict) or set(value) != _MEMBER_KEYS:
        return _NOT_A_MEMBER
    member = {"member_id": member_id, "presence": value["presence"], "answers": value["answers"]}
    if existing is None:
        members.append(member)
    else:
        members[members.index(existing)] = member
    return None


_INVALID_CONFLICT = ("invalid_conflict", *messages.DRAFT_CHANGES["invalid_conflict"])
MAX_CONFLICTS = 500


def check_conflicts(conflicts: Sequence[Mapping[str, Any]]) -> list[FieldError]:
    """What is wrong with the open conflicts a device sends along with its changes.

    A conflict is ``{"path", "other"}``: a field (a change path) where two devices typed
    different answers, the draft holding one and ``other`` the answer not kept, until a
    person chooses (ADR 0010). Each path once.
    """
    problems: list[FieldError] = []
    seen: set[str] = set()
    for index, conflict in enumerate(conflicts):
        path = conflict.get("path")
        if not isinstance(path, str) or path in seen or not _is_change_path(path):
            code, id_, en = _INVALID_CONFLICT
            problems.append(field_error(f"conflicts/{index}", code, id_, en))
            continue
        seen.add(path)
    return problems


def _is_change_path(path: str) -> bool:
    parts = path.split("/")
    if any(part == "" for part in parts):
        return False
    if parts[0] == "household":
        return len(parts) == 2
    if parts[0] != "members":
        return False
    return (
        len(parts) == 2
        or (len(parts) == 3 and parts[2] == "presence")
        or (len(parts) == 4 and parts[2] == "answers")
    )
