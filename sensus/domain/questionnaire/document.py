"""The household response document as a type (docs/CONTRACTS.md; ADR 0015).

What the client edits, a draft stores, a submission and an interview carry. Checked by
``validate_draft`` and ``validate_document``, which take any JSON (it comes from outside);
what they let through, and what the server gives back, has this shape. The same types name
the answers of ``/api/v1`` in its OpenAPI description (``sensus.services.answers``).

``typing_extensions.TypedDict``: pydantic reads ``typing.TypedDict`` only from Python 3.12.
"""

from __future__ import annotations

from typing import Literal, NotRequired

from typing_extensions import TypedDict

# lives_here, moved_away and died: registry members (r<id>); new: an added member (n-<uuid4>).
Presence = Literal["lives_here", "moved_away", "died", "new"]

# text, date (YYYY-MM-DD), NIK, region -> string; integer, single choice -> integer; multiple
# choice -> integers; yes/no -> boolean. An unanswered question is absent, or null. A number
# may arrive as 3.0 for 3 (JSON does not tell them apart).
Answer = str | int | float | bool | list[int] | None


class Member(TypedDict):
    member_id: str
    presence: Presence
    answers: dict[str, Answer]


class HouseholdDocument(TypedDict):
    """Version 0 of a draft is ``{"household": {}, "members": []}``; a stored draft and a
    submission carry the questionnaire they were made for."""

    questionnaire_id: NotRequired[str]
    questionnaire_version: NotRequired[str]
    household: dict[str, Answer]
    members: list[Member]
