"""The questionnaire engine: questionnaires as data, rules, and document validation.

A questionnaire is a YAML file (``questionnaires/sp2020.yaml``; format in
``docs/questionnaire.md``) checked on load. Its rules are JSON Logic, evaluated here as
json-logic-js evaluates them in the browser (:mod:`.rules`, proven by ``tests/vectors/``).
"""

from sensus.domain.questionnaire.model import (
    Bilingual,
    Choice,
    Constraint,
    Question,
    Questionnaire,
    QuestionnaireError,
)
from sensus.domain.questionnaire.rules import age, evaluate, holds
from sensus.domain.questionnaire.schema import load_questionnaire, parse_questionnaire
from sensus.domain.questionnaire.validate import clean_document, validate_document, validate_draft

__all__ = [
    "Bilingual",
    "Choice",
    "Constraint",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "age",
    "clean_document",
    "evaluate",
    "holds",
    "load_questionnaire",
    "parse_questionnaire",
    "validate_document",
    "validate_draft",
]
