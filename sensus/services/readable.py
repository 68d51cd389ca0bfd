"""A household response document as a person reads it, in one language.

Supervisors review interviews on a page: question labels from the questionnaire, choice codes
as their labels, a village code as its name, and each member of the roster with where they
are now. Answers to questions this questionnaire no longer has are shown under their id, so
that nothing an officer recorded is hidden from the reviewer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_date

from sensus.domain import regions
from sensus.domain.questionnaire import Questionnaire
from sensus.domain.questionnaire.model import (
    DATE,
    MULTIPLE_CHOICE,
    REGION,
    SINGLE_CHOICE,
    YES_NO,
    Bilingual,
    Question,
)

PRESENCE = {
    "lives_here": Bilingual("Tinggal di sini", "Lives here"),
    "moved_away": Bilingual("Pindah", "Moved away"),
    "died": Bilingual("Meninggal", "Died"),
    "new": Bilingual("Anggota baru", "New member"),
}
_YES, _NO = Bilingual("Ya", "Yes"), Bilingual("Tidak", "No")


@dataclass(frozen=True)
class ReadableAnswer:
    question_id: str
    label: str
    text: str


@dataclass(frozen=True)
class ReadableMember:
    member_id: str
    name: str  # the answer to ``nama``, else the registry's name, else ""
    presence: str
    presence_label: str
    from_registry: bool
    answers: list[ReadableAnswer]


@dataclass(frozen=True)
class ReadableDocument:
    questionnaire: str  # "sp2020 2020.1": which questionnaire the document was filled in
    household: list[ReadableAnswer]
    members: list[ReadableMember]


def text_in(text: Bilingual, lang: str) -> str:
    return text.en if lang == "en" else text.id


def read_document(
    questionnaire: Questionnaire,
    document: Mapping[str, Any],
    lang: str,
    registry_names: Mapping[str, str] | None = None,
) -> ReadableDocument:
    """``document`` with labels in ``lang``; ``registry_names`` names registry members
    (``r<id>``) whose record carries no name, such as those who moved away."""
    reader = _Reader(questionnaire, lang)
    household = document.get("household")
    members = document.get("members")
    stated = f"{document.get('questionnaire_id', '?')} {document.get('questionnaire_version', '?')}"
    return ReadableDocument(
        questionnaire=stated,
        household=reader.answers(
            household if isinstance(household, dict) else {},
            questionnaire.household_questions,
        ),
        members=[
            reader.member(m, registry_names or {})
            for m in (members if isinstance(members, list) else [])
            if isinstance(m, dict)
        ],
    )


class _Reader:
    def __init__(self, questionnaire: Questionnaire, lang: str) -> None:
        self.q = questionnaire
        self.lang = lang

    def member(
        self, member: Mapping[str, Any], registry_names: Mapping[str, str]
    ) -> ReadableMember:
        member_id = str(member.get("member_id", ""))
        answers = member.get("answers")
        answers = answers if isinstance(answers, dict) else {}
        presence = str(member.get("presence", ""))
        name = answers.get("nama")
        label = PRESENCE.get(presence)
        return ReadableMember(
            member_id=member_id,
            name=name if isinstance(name, str) and name else registry_names.get(member_id, ""),
            presence=presence,
            presence_label=text_in(label, self.lang) if label else presence,
            from_registry=member_id in registry_names,
            answers=self.answers(answers, self.q.person_questions),
        )

    def answers(
        self, answers: Mapping[str, Any], questions: tuple[Question, ...]
    ) -> list[ReadableAnswer]:
        """The answered questions in the questionnaire's order, then any it does not know."""
        known = [
            ReadableAnswer(q.id, text_in(q.label, self.lang), self.value(q, answers[q.id]))
            for q in questions
            if q.id in answers
        ]
        asked = {q.id for q in questions}
        unknown = [
            ReadableAnswer(key, key, _plain(value))
            for key, value in answers.items()
            if key not in asked
        ]
        return known + unknown

    def value(self, question: Question, value: Any) -> str:
        if question.type == YES_NO and isinstance(value, bool):
            return text_in(_YES if value else _NO, self.lang)
        if question.type == SINGLE_CHOICE:
            return self.choice(question, value)
        if question.type == MULTIPLE_CHOICE and isinstance(value, list):
            return ", ".join(self.choice(question, code) for code in value)
        if question.type == REGION and isinstance(value, str):
            region = regions.get(value)
            return f"{region.name} ({value})" if region else value
        if question.type == DATE and isinstance(value, str):
            return self.day(value)
        return _plain(value)

    def choice(self, question: Question, code: Any) -> str:
        for choice in self.q.choice_lists.get(question.choices or "", ()):
            if choice.code == code:
                return text_in(choice.label, self.lang)
        return _plain(code)

    def day(self, value: str) -> str:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        return format_date(day, "d MMMM y", locale=self.lang)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return "" if value is None else str(value)
