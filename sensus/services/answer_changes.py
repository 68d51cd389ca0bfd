"""What changed between two versions of a household's answers, as a person reads them.

A supervisor who returned an interview reviews the correction: the answers that differ from
the returned version, question by question, with the questionnaire's labels. Members are
matched by ``member_id`` (a registry member keeps ``r<id>``, a new one its device-made id),
so a member moved in the roster is not a change; a member added or taken out shows every
answer it has, against nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sensus.domain.questionnaire.model import Bilingual
from sensus.services.readable import ReadableAnswer, ReadableDocument, ReadableMember, text_in

PRESENCE_LABEL = Bilingual("Keberadaan", "Where they are now")


@dataclass(frozen=True)
class AnswerChange:
    """One answer that differs; ``before``/``after`` are "" where there was no answer."""

    member_number: int | None  # the member's place (from 1) in its version; None: the household
    member_name: str
    question: str
    before: str
    after: str


def changed_answers(
    before: ReadableDocument, after: ReadableDocument, lang: str
) -> list[AnswerChange]:
    """The answers of ``after`` that differ from ``before``: members first, in the roster's
    order (then the members only ``before`` had), then the household's."""
    changes: list[AnswerChange] = []
    earlier = {m.member_id: m for m in before.members}
    later = {m.member_id for m in after.members}
    for number, member in enumerate(after.members, start=1):
        changes += _member(earlier.get(member.member_id), member, number, lang)
    for number, member in enumerate(before.members, start=1):
        if member.member_id not in later:
            changes += _member(member, None, number, lang)
    changes += [
        AnswerChange(None, "", label, old, new)
        for label, old, new in _answers(before.household, after.household)
    ]
    return changes


def _member(
    before: ReadableMember | None, after: ReadableMember | None, number: int, lang: str
) -> list[AnswerChange]:
    either = after or before
    assert either is not None
    name = either.name
    presence = [
        (
            text_in(PRESENCE_LABEL, lang),
            before.presence_label if before else "",
            after.presence_label if after else "",
        )
    ]
    answers = _answers(before.answers if before else [], after.answers if after else [])
    return [
        AnswerChange(number, name, label, old, new)
        for label, old, new in presence + answers
        if old != new
    ]


def _answers(
    before: list[ReadableAnswer], after: list[ReadableAnswer]
) -> list[tuple[str, str, str]]:
    """(label, before, after) of every question either version answered differently."""
    old = {a.question_id: a for a in before}
    new = {a.question_id: a for a in after}
    order = [a.question_id for a in after] + [q for q in old if q not in new]
    found = []
    for question in order:
        label = (new.get(question) or old[question]).label
        was, now = old.get(question), new.get(question)
        texts = (was.text if was else "", now.text if now else "")
        if texts[0] != texts[1]:
            found.append((label, *texts))
    return found
