"""Household roster rules that need the registry: every registry member is accounted for.

The questionnaire engine checks a roster on its own (one head, presence values…); this
module checks it against what the registry knows about the household, which the engine
does not see.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sensus.domain import messages
from sensus.domain.errors import FieldError

REGISTRY_PREFIX = "r"
NEW_PREFIX = "n-"


def registry_member_id(person_id: int) -> str:
    return f"{REGISTRY_PREFIX}{person_id}"


def check_against_registry(
    document: Mapping[str, Any], registry_ids: Collection[str]
) -> list[FieldError]:
    """Registry members appear once each; nobody else may claim a registry id."""
    members = document.get("members")
    if not isinstance(members, list):
        return []
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, member in enumerate(members):
        member_id = member.get("member_id") if isinstance(member, dict) else None
        if not isinstance(member_id, str):
            continue
        if member_id in seen:
            errors.append(_error(f"members/{index}/member_id", "duplicate_member", *_DUPLICATE))
        seen.add(member_id)
        if not member_id.startswith(NEW_PREFIX) and member_id not in registry_ids:
            errors.append(_error(f"members/{index}/member_id", "unknown_member", *_UNKNOWN))
    if set(registry_ids) - seen:
        errors.append(_error("members", "registry_member_missing", *_MISSING))
    return errors


def unknown_members(document: Mapping[str, Any], registry_ids: Collection[str]) -> list[FieldError]:
    """The members claiming a registry id that is not on this family card: what a draft,
    which may still lack members, must already not have."""
    found = check_against_registry(document, registry_ids)
    return [error for error in found if error.code == "unknown_member"]


def _error(path: str, code: str, id_: str, en: str) -> FieldError:
    return FieldError(path, code, id_, en)


_DUPLICATE = messages.ROSTER["duplicate_member"]
_UNKNOWN = messages.ROSTER["unknown_member"]
_MISSING = messages.ROSTER["registry_member_missing"]
