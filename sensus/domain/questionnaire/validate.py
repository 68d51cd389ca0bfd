"""Validating and cleaning a household response document (format: CONTRACTS.md).

Two passes, mirrored step for step by ``sensus/web/static/js/engine.js``:

1. **Shape** (all a draft must pass): the document's keys, the roster's member ids and
   presence values, and that every answer belongs to a known question and has its type.
   Answers that pass become the rule data; the others are reported and left out of it.
2. **Content** (a submission): relevance is decided question by question in questionnaire
   order, household first; an answer to a question that is not relevant is dropped from the
   rule data (so it cannot make a later question relevant) and is not an error. Relevant
   questions must be answered when required and have acceptable values and constraints;
   then the roster rules: someone lives here, exactly one head, no NIK twice.

Nothing here raises on bad input: every problem is a :class:`FieldError` at its path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from sensus.domain.errors import FieldError
from sensus.domain.questionnaire.answers import (
    WRONG_TYPE,
    answered,
    has_forbidden_character,
    typed,
    value_errors,
    wrong_type_error,
)
from sensus.domain.questionnaire.messages import CONSTRAINT_FAILED, field_error
from sensus.domain.questionnaire.model import Question, Questionnaire
from sensus.domain.questionnaire.rules import holds

LIVES_HERE, MOVED_AWAY, DIED, NEW = "lives_here", "moved_away", "died", "new"
PRESENT: Final = (LIVES_HERE, NEW)
# Where the household comes from (households.source), the rule variable ``source``: a
# question may be asked only of registry households (``alasan_baru``: a member new to the
# registry's household), not of one that registered itself or an officer found.
REGISTRY, SELF_REGISTERED, FIELD_FOUND = "registry", "self_registered", "field_found"
SOURCES: Final = (REGISTRY, SELF_REGISTERED, FIELD_FOUND)
# A household larger than this is a mistake or an attack; either way, it is not read further.
MAX_MEMBERS: Final = 60
HEAD: Final = 1

_TOP_KEYS = ("questionnaire_id", "questionnaire_version", "household", "members")
_MEMBER_KEYS = ("member_id", "presence", "answers")
_REGISTRY_ID = re.compile(r"r[1-9][0-9]{0,17}")
_NEW_ID = re.compile(r"n-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_PRESENCE_OF = {"r": (LIVES_HERE, MOVED_AWAY, DIED), "n": (NEW,)}
_ABSENT: Final = object()  # a key the document does not have (a present null is an error)


@dataclass
class _Member:
    index: int
    presence: str | None  # None when it is not valid for this member
    answers: dict[str, Any]  # answers of the right type only


@dataclass
class _Document:
    """What the shape pass could read: the rule data's raw material."""

    errors: list[FieldError] = field(default_factory=list)
    household: dict[str, Any] = field(default_factory=dict)
    members: list[_Member] = field(default_factory=list)
    readable: bool = False  # household and members were both there to read


def validate_draft(questionnaire: Questionnaire, document: Any) -> list[FieldError]:
    """Shape and type errors of a draft (partial answers are fine); ``[]`` when none."""
    return _read(questionnaire, document, complete=False).errors


def validate_document(
    questionnaire: Questionnaire, document: Any, census_date: str, source: str = REGISTRY
) -> list[FieldError]:
    """Every error of a submission (``census_date``: ``YYYY-MM-DD``; ``source``: where the
    household comes from, the rule variable ``source``); ``[]`` when none."""
    read = _read(questionnaire, document, complete=True)
    if not read.readable:
        return read.errors
    content = _Content(questionnaire, census_date, read, source)
    return read.errors + content.errors()


def clean_document(
    questionnaire: Questionnaire, document: Any, census_date: str, source: str = REGISTRY
) -> dict[str, Any]:
    """The document as it is stored: only answers to relevant questions, none for members
    who moved away or died, unanswered (null, blank, empty) answers left out.

    Meant for a document that passed :func:`validate_document`; on any other it still
    returns a document, without the parts it could not read.
    """
    read = _read(questionnaire, document, complete=True)
    return _Content(questionnaire, census_date, read, source).cleaned(document)


def validate_and_clean(
    questionnaire: Questionnaire, document: Any, census_date: str, source: str = REGISTRY
) -> tuple[list[FieldError], dict[str, Any]]:
    """:func:`validate_document` and :func:`clean_document` in one pass (half the work)."""
    read = _read(questionnaire, document, complete=True)
    content = _Content(questionnaire, census_date, read, source)
    errors = read.errors + content.errors() if read.readable else read.errors
    return errors, content.cleaned(document)


def _kept(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {qid: value for qid, value in answers.items() if answered(value)}


# -- pass 1: shape -----------------------------------------------------------------------------


def _read(questionnaire: Questionnaire, document: Any, *, complete: bool) -> _Document:
    return _Reader(questionnaire, complete).document(document)


class _Reader:
    """The shape pass: keeps what is readable, notes what is not."""

    def __init__(self, questionnaire: Questionnaire, complete: bool) -> None:
        self.questionnaire = questionnaire
        self.complete = complete
        self.errors: list[FieldError] = []

    def document(self, document: Any) -> _Document:
        read = _Document(self.errors)
        if not isinstance(document, dict):
            self.errors.append(field_error("", "invalid_type"))
            return read
        self._top_level(document)
        household, members = document.get("household", _ABSENT), document.get("members", _ABSENT)
        read.household = self._answers(self.questionnaire.household_by_id, household, "household")
        read.members = self._members(members)
        read.readable = (
            isinstance(household, dict)
            and isinstance(members, list)
            and len(members) <= MAX_MEMBERS
        )
        return read

    def _top_level(self, document: dict[Any, Any]) -> None:
        for key in document:
            if key not in _TOP_KEYS:
                self.errors.append(field_error(str(key), "unknown_field"))
        for key in _TOP_KEYS:
            if key not in document:
                if self.complete:
                    self.errors.append(field_error(key, "missing_field"))
            elif key.startswith("questionnaire_") and not isinstance(document[key], str):
                self.errors.append(field_error(key, "invalid_type"))
        q = self.questionnaire
        identity = (document.get("questionnaire_id"), document.get("questionnaire_version"))
        readable = all(isinstance(part, str) for part in identity)
        if self.complete and readable and identity != (q.id, q.version):
            self.errors.append(field_error("questionnaire_version", "questionnaire_changed"))

    def _answers(
        self, questions: Mapping[str, Question], answers: Any, where: str, prefix: str = ""
    ) -> dict[str, Any]:
        """The answers of the right type, by question id; errors at ``<prefix>/<id>``."""
        prefix = prefix or where
        if answers is _ABSENT:
            return {}  # reported with the keys of its parent
        if not isinstance(answers, dict):
            self.errors.append(field_error(where, "invalid_type"))
            return {}
        good = {}
        for qid, value in answers.items():
            question = questions.get(qid) if isinstance(qid, str) else None
            if question is None:
                self.errors.append(field_error(f"{prefix}/{qid}", "unknown_field"))
            elif value is not None:  # null is an unanswered question, as an absent one is
                value = typed(question, value, self.questionnaire)
                if value is WRONG_TYPE:
                    self.errors.append(wrong_type_error(question, f"{prefix}/{qid}"))
                elif isinstance(value, str) and has_forbidden_character(value):
                    self.errors.append(field_error(f"{prefix}/{qid}", "invalid_character"))
                else:
                    good[qid] = value
        return good

    def _members(self, members: Any) -> list[_Member]:
        if members is _ABSENT:
            return []
        if not isinstance(members, list):
            self.errors.append(field_error("members", "invalid_type"))
            return []
        if len(members) > MAX_MEMBERS:
            self.errors.append(field_error("members", "too_many_members"))
            return []
        read = (self._member(index, member) for index, member in enumerate(members))
        return [member for member in read if member is not None]

    def _member(self, index: int, member: Any) -> _Member | None:
        where = f"members/{index}"
        if not isinstance(member, dict):
            self.errors.append(field_error(where, "invalid_type"))
            return None
        for key in member:
            if key not in _MEMBER_KEYS:
                self.errors.append(field_error(f"{where}/{key}", "unknown_field"))
        for key in _MEMBER_KEYS:
            if key not in member:
                self.errors.append(field_error(f"{where}/{key}", "missing_field"))
        kind = self._member_kind(member.get("member_id", _ABSENT), where)
        presence = self._presence(member.get("presence", _ABSENT), kind, where)
        answers = member.get("answers", _ABSENT)
        answers = self._answers(self.questionnaire.person_by_id, answers, f"{where}/answers", where)
        return _Member(index, presence, answers)

    def _member_kind(self, member_id: Any, where: str) -> str | None:
        """ "r" for a registry member, "n" for an added one, None when the id is not valid."""
        if member_id is _ABSENT:
            return None  # already reported
        if isinstance(member_id, str) and _REGISTRY_ID.fullmatch(member_id):
            return "r"
        if isinstance(member_id, str) and _NEW_ID.fullmatch(member_id):
            return "n"
        self.errors.append(field_error(f"{where}/member_id", "invalid_member_id"))
        return None

    def _presence(self, presence: Any, kind: str | None, where: str) -> str | None:
        if presence is _ABSENT:
            return None
        if presence not in (LIVES_HERE, MOVED_AWAY, DIED, NEW):
            self.errors.append(field_error(f"{where}/presence", "invalid_presence"))
            return None
        if kind is not None and presence not in _PRESENCE_OF[kind]:
            # died/moved_away only for registry members, new only for added ones
            self.errors.append(field_error(f"{where}/presence", "presence_not_allowed"))
            return None
        return str(presence)


# -- pass 2: content ---------------------------------------------------------------------------


class _Scope:
    """The rule data of the household or of one member, with its rule results memoised.

    Rules are interned when the questionnaire is loaded (one object per distinct rule), so
    a rule shared by several questions is evaluated once for as long as the data is the same.
    """

    def __init__(self, answers: dict[str, Any], data: dict[str, Any]) -> None:
        self.answers = answers  # also inside data, as "household" or "person"
        self.data = data
        self.relevant: list[Question] = []
        self._results: dict[int, bool] = {}

    def holds(self, rule: Any) -> bool:
        key = id(rule)
        result = self._results.get(key)
        if result is None:
            result = self._results[key] = holds(rule, self.data)
        return result

    def settle(self, questions: tuple[Question, ...]) -> _Scope:
        """Decide relevance in order; a question found not relevant loses its answer before
        the next rule runs, so no later skip rule reads a dropped answer."""
        for question in questions:
            if question.relevant is None or self.holds(question.relevant):
                self.relevant.append(question)
            elif question.id in self.answers:
                del self.answers[question.id]
                self._results.clear()  # the data changed
        return self


class _Content:
    """The content pass: relevance, required answers, values, constraints, roster rules."""

    def __init__(
        self, questionnaire: Questionnaire, census_date: str, read: _Document, source: str
    ) -> None:
        self.questionnaire = questionnaire
        household = dict(read.household)
        facts = {"census_date": census_date, "source": source}
        self.household = _Scope(household, {"household": household, **facts})
        self.household.settle(questionnaire.household_questions)
        self.members = read.members
        self.people: dict[int, _Scope] = {}  # by member index: members who live here
        for member in read.members:
            if member.presence in PRESENT:
                answers = dict(member.answers)
                data = {
                    "person": answers,
                    "household": household,
                    "presence": member.presence,
                    **facts,
                }
                self.people[member.index] = _Scope(answers, data).settle(
                    questionnaire.person_questions
                )

    def errors(self) -> list[FieldError]:
        errors = self._questions(self.household, "household", None)
        for index, person in self.people.items():
            errors += self._questions(person, f"members/{index}", person.answers)
        errors += self._duplicate_niks()
        errors += self._roster()
        return errors

    def cleaned(self, document: Any) -> dict[str, Any]:
        source = document if isinstance(document, dict) else {}
        members = []
        for member in self.members:
            raw = source["members"][member.index]
            person = self.people.get(member.index)
            answers = _kept(person.answers) if person else {}
            members.append(
                {
                    "member_id": raw.get("member_id"),
                    "presence": raw.get("presence"),
                    "answers": answers,
                }
            )
        return {
            "questionnaire_id": source.get("questionnaire_id"),
            "questionnaire_version": source.get("questionnaire_version"),
            "household": _kept(self.household.answers),
            "members": members,
        }

    def _questions(
        self, scope: _Scope, prefix: str, person: dict[str, Any] | None
    ) -> list[FieldError]:
        errors: list[FieldError] = []
        for question in scope.relevant:
            path = f"{prefix}/{question.id}"
            value = scope.answers.get(question.id)
            if not answered(value):
                if question.required:
                    errors.append(field_error(path, "required"))
                continue
            problems = value_errors(question, value, path, self.questionnaire, person)
            if problems:
                errors += problems
                continue  # a constraint on a value already wrong would only say it twice
            for constraint in question.constraints:
                if not scope.holds(constraint.rule):
                    message = constraint.message
                    errors.append(FieldError(path, CONSTRAINT_FAILED, message.id, message.en))
        return errors

    def _duplicate_niks(self) -> list[FieldError]:
        errors = []
        for question in self.questionnaire.person_questions:
            if question.type != "nik":
                continue
            seen: set[str] = set()
            for index, person in self.people.items():
                value = person.answers.get(question.id)
                if not isinstance(value, str) or not answered(value):
                    continue
                if value in seen:
                    errors.append(field_error(f"members/{index}/{question.id}", "duplicate_nik"))
                seen.add(value)
        return errors

    def _roster(self) -> list[FieldError]:
        if not self.people:
            return [field_error("members", "no_member_present")]
        heads = sum(1 for person in self.people.values() if person.answers.get("hubungan") == HEAD)
        if heads == 0:
            return [field_error("members", "no_head")]
        if heads > 1:
            return [field_error("members", "multiple_heads")]
        return []
