"""A loaded questionnaire: questions, choice lists, and what the client is sent.

Objects here are immutable and built once per questionnaire by :mod:`.schema`, with the
look-ups validation needs (questions by id, the codes of each choice list) computed then,
not on every document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Scope = Literal["person", "household"]

TEXT, INTEGER, DATE = "text", "integer", "date"
SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO = "single_choice", "multiple_choice", "yes_no"
NIK, REGION = "nik", "region"
TYPES = (TEXT, INTEGER, DATE, SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO, NIK, REGION)
CHOICE_TYPES = (SINGLE_CHOICE, MULTIPLE_CHOICE)

# A text question without max_length still takes at most this many characters (code points).
TEXT_LIMIT = 1000
# Integers travel as JSON numbers, which the browser holds as doubles: beyond this they blur.
SAFE_INTEGER = 2**53 - 1


class QuestionnaireError(Exception):
    """A questionnaire definition that cannot be used; ``problems`` lists every one found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        listing = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in the questionnaire\n{listing}")


@dataclass(frozen=True, slots=True)
class Bilingual:
    """A text in Bahasa Indonesia (``id``) and English (``en``)."""

    id: str
    en: str

    def to_client(self) -> dict[str, str]:
        return {"id": self.id, "en": self.en}


@dataclass(frozen=True, slots=True)
class Choice:
    code: int
    label: Bilingual

    def to_client(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label.to_client()}


@dataclass(frozen=True, slots=True)
class Constraint:
    """A cross-field check: the answer is accepted only when ``rule`` is truthy."""

    rule: Any
    message: Bilingual

    def to_client(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message.to_client()}


@dataclass(frozen=True, slots=True)
class Question:
    """One question. ``minimum``/``maximum`` are ints for integers, ``YYYY-MM-DD`` for dates."""

    id: str
    scope: Scope
    type: str
    label: Bilingual
    help: Bilingual | None = None
    required: bool = False
    choices: str | None = None
    minimum: int | str | None = None
    maximum: int | str | None = None
    max_length: int | None = None
    relevant: Any = None
    constraints: tuple[Constraint, ...] = ()
    prefill: str | None = None

    def to_client(self) -> dict[str, Any]:
        """The question as the contract's client JSON ``Q``."""
        return {
            "id": self.id,
            "type": self.type,
            "label": self.label.to_client(),
            "help": self.help.to_client() if self.help else None,
            "required": self.required,
            "choices": self.choices,
            "min": self.minimum,
            "max": self.maximum,
            "max_length": self.max_length,
            "relevant": self.relevant,
            "constraints": [c.to_client() for c in self.constraints],
            "prefill": self.prefill,
        }


@dataclass(frozen=True)
class Questionnaire:
    """A versioned questionnaire; ``digest`` is the sha256 (hex) of its source file."""

    id: str
    version: str
    digest: str
    title: Bilingual
    choice_lists: Mapping[str, tuple[Choice, ...]]
    household_questions: tuple[Question, ...]
    person_questions: tuple[Question, ...]
    household_by_id: Mapping[str, Question] = field(init=False, repr=False, compare=False)
    person_by_id: Mapping[str, Question] = field(init=False, repr=False, compare=False)
    choice_codes: Mapping[str, frozenset[int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Look-ups for validation, computed once (the dataclass is frozen, hence __setattr__).
        object.__setattr__(self, "household_by_id", {q.id: q for q in self.household_questions})
        object.__setattr__(self, "person_by_id", {q.id: q for q in self.person_questions})
        codes = {
            name: frozenset(c.code for c in items) for name, items in self.choice_lists.items()
        }
        object.__setattr__(self, "choice_codes", codes)

    def to_client(self) -> dict[str, Any]:
        """The questionnaire as ``GET /api/v1/questionnaire`` serves it (see CONTRACTS.md)."""
        return {
            "id": self.id,
            "version": self.version,
            "digest": self.digest,
            "title": self.title.to_client(),
            "choice_lists": {
                name: [choice.to_client() for choice in items]
                for name, items in self.choice_lists.items()
            },
            "household_questions": [q.to_client() for q in self.household_questions],
            "person_questions": [q.to_client() for q in self.person_questions],
        }
