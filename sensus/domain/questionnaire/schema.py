"""Reading a questionnaire from YAML and checking it before anyone answers it.

Every problem is collected, with its location (``questions[4] (hubungan).choices: unknown
choice list 'hubungn'``), and raised together as one :class:`QuestionnaireError`: an author
fixes a file in one pass, not one error per start-up. The format is described in
``docs/questionnaire.md``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, cast

import yaml

from sensus.domain.questionnaire.model import (
    CHOICE_TYPES,
    DATE,
    INTEGER,
    SAFE_INTEGER,
    TEXT,
    TEXT_LIMIT,
    TYPES,
    Bilingual,
    Choice,
    Constraint,
    Question,
    Questionnaire,
    QuestionnaireError,
    Scope,
)
from sensus.domain.questionnaire.rulecheck import check_rule
from sensus.domain.questionnaire.rules import parse_date

_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,19}")  # stored in a String(20) column
_TOP_KEYS = {"id", "version", "title", "choice_lists", "questions"}
_QUESTION_KEYS = {
    "id", "scope", "type", "label", "help", "required", "choices", "min", "max",
    "max_length", "relevant", "constraints", "prefill",
}  # fmt: skip
_SCOPES = ("household", "person")
# Names every JavaScript object inherits (Object.prototype) that a question id could take:
# {"var": "person.constructor"} would find Object's constructor in the browser when the
# question is unanswered, and null on the server.
_INHERITED_NAMES = frozenset({"constructor"})

# Questions other parts of sensus read by id (CONTRACTS.md): if present, of this scope and type.
_CONTRACT_QUESTIONS = {
    "nama": ("person", "text"),
    "nik": ("person", "nik"),
    "jenis_kelamin": ("person", "single_choice"),
    "tempat_lahir": ("person", "text"),
    "tanggal_lahir": ("person", "date"),
    "hubungan": ("person", "single_choice"),
    "agama": ("person", "single_choice"),
    "status_kawin": ("person", "single_choice"),
    "wilayah_domisili": ("household", "region"),
    "alamat_domisili": ("household", "text"),
}
# The registry fields a question of each scope may be pre-filled from (CONTRACTS.md): a
# misspelt one would silently pre-fill nothing.
_PREFILL_FIELDS = {
    "household": frozenset({"village_code", "address", "rt", "rw"}),
    "person": frozenset(
        {"name", "nik", "sex", "birth_place", "birth_date", "relationship", "religion",
         "marital_status"}
    ),
}  # fmt: skip
# The code lists fixed by the contract, shared with the registry extract and the exports.
_CONTRACT_CODES = {
    "jenis_kelamin": frozenset({1, 2}),
    "hubungan": frozenset(range(1, 12)),
    "agama": frozenset(range(1, 8)),
    "status_kawin": frozenset(range(1, 5)),
}


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Read and check the questionnaire at ``path``; raise :class:`QuestionnaireError`."""
    source = Path(path)
    return parse_questionnaire(source.read_bytes(), source=str(source))


def parse_questionnaire(raw: bytes, *, source: str = "<questionnaire>") -> Questionnaire:
    """Check a questionnaire given as YAML bytes; ``digest`` is their sha256."""
    problems: list[str] = []
    data = _read_yaml(raw, problems)
    if data is None:  # not YAML, or empty: nothing more to say about it
        raise QuestionnaireError(source, problems or ["the file is empty"])
    questionnaire = _Reader(problems).questionnaire(data, hashlib.sha256(raw).hexdigest())
    if problems or questionnaire is None:
        raise QuestionnaireError(source, problems)
    return questionnaire


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that reports a key given twice (PyYAML silently keeps the last one)."""

    def __init__(self, stream: bytes) -> None:
        super().__init__(stream)
        self.duplicates: list[str] = []


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, str | int | bool):
            continue  # not hashable, or not a key anyone types twice by mistake
        if key in seen:
            loader.duplicates.append(f"line {key_node.start_mark.line + 1}: {key!r} is given twice")
        seen.add(key)
    return cast(dict[Any, Any], loader.construct_mapping(node))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(raw: bytes, problems: list[str]) -> Any:
    try:
        # The loader decodes as it is built: bytes that are not UTF-8/16 fail here already.
        loader = _StrictLoader(raw)
    except yaml.YAMLError as exc:
        problems.append(f"not valid YAML: {exc}")
        return None
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        problems.append(f"not valid YAML: {exc}")
        return None
    finally:
        loader.dispose()
    problems.extend(loader.duplicates)
    return data


class _Reader:
    """Turns parsed YAML into model objects, noting each problem instead of stopping."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        self._interned: dict[str, Any] = {}

    def _intern(self, rule: Any) -> Any:
        """One object per distinct rule: validation memoises rule results by identity."""
        if rule is None:
            return None
        return self._interned.setdefault(json.dumps(rule, sort_keys=True, default=str), rule)

    def questionnaire(self, data: Any, digest: str) -> Questionnaire | None:
        if not self._mapping(data, "the questionnaire", _TOP_KEYS, _TOP_KEYS):
            return None
        # A missing key is reported once, by _mapping, not again as a wrong value.
        qid = self._name(data["id"], "id") if "id" in data else None
        version = self._version(data["version"]) if "version" in data else None
        title = self._bilingual(data["title"], "title") if "title" in data else None
        lists = self._choice_lists(data["choice_lists"]) if "choice_lists" in data else {}
        questions = self._questions(data["questions"], lists) if "questions" in data else []
        if qid is None or version is None or title is None:
            return None
        return Questionnaire(
            id=qid,
            version=version,
            digest=digest,
            title=title,
            choice_lists=lists,
            household_questions=tuple(q for q in questions if q.scope == "household"),
            person_questions=tuple(q for q in questions if q.scope == "person"),
        )

    # -- small readers ------------------------------------------------------------------------

    def _problem(self, message: str) -> None:
        self.problems.append(message)

    def _mapping(self, value: Any, where: str, allowed: set[str], required: set[str]) -> bool:
        if not isinstance(value, dict):
            self._problem(f"{where}: must be a mapping of keys to values")
            return False
        for key in value:
            if key not in allowed:
                self._problem(f"{where}: unknown key {key!r}")
        for key in sorted(required - value.keys()):
            self._problem(f"{where}: {key!r} is missing")
        return True

    def _name(self, value: Any, where: str) -> str | None:
        if isinstance(value, str) and _NAME.fullmatch(value):
            return value
        self._problem(f"{where}: {value!r} is not a name (a-z, 0-9 and _, at most 40)")
        return None

    def _version(self, value: Any) -> str | None:
        if isinstance(value, str) and _VERSION.fullmatch(value):
            return value
        hint = " (quote it: YAML reads 2020.1 as a number)" if isinstance(value, float) else ""
        self._problem(f"version: {value!r} is not a version string of at most 20{hint}")
        return None

    def _text(self, value: Any, where: str) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        hint = (
            " (quote it: YAML reads yes/no/on/off as booleans)" if isinstance(value, bool) else ""
        )
        self._problem(f"{where}: must be non-empty text{hint}")
        return None

    def _bilingual(self, value: Any, where: str) -> Bilingual | None:
        if not self._mapping(value, where, {"id", "en"}, {"id", "en"}):
            return None
        id_ = self._text(value.get("id"), f"{where}.id") if "id" in value else None
        en = self._text(value.get("en"), f"{where}.en") if "en" in value else None
        return Bilingual(id_, en) if id_ is not None and en is not None else None

    # -- choice lists -------------------------------------------------------------------------

    def _choice_lists(self, value: Any) -> dict[str, tuple[Choice, ...]]:
        if not isinstance(value, dict):
            self._problem("choice_lists: must be a mapping of list names to choices")
            return {}
        lists = {}
        for name, items in value.items():
            where = f"choice_lists.{name}"
            if self._name(name, where) is not None:
                lists[name] = self._choices(items, where)
        return lists

    def _choices(self, items: Any, where: str) -> tuple[Choice, ...]:
        if not isinstance(items, list) or not items:
            self._problem(f"{where}: must be a non-empty list of choices")
            return ()
        choices: list[Choice] = []
        for index, item in enumerate(items):
            choice = self._choice(item, f"{where}[{index}]")
            if choice is None:
                continue
            if any(c.code == choice.code for c in choices):
                self._problem(f"{where}[{index}].code: {choice.code} is used twice")
            choices.append(choice)
        return tuple(choices)

    def _choice(self, item: Any, where: str) -> Choice | None:
        if not self._mapping(item, where, {"code", "label"}, {"code", "label"}):
            return None
        code = item.get("code")
        valid_code = type(code) is int and 0 <= code <= SAFE_INTEGER
        if "code" in item and not valid_code:
            self._problem(f"{where}.code: {code!r} is not a whole number of 0 or more")
        label = self._bilingual(item.get("label"), f"{where}.label") if "label" in item else None
        return Choice(code, label) if valid_code and label is not None else None

    # -- questions ----------------------------------------------------------------------------

    def _questions(self, value: Any, lists: Mapping[str, tuple[Choice, ...]]) -> list[Question]:
        if not isinstance(value, list) or not value:
            self._problem("questions: must be a non-empty list of questions")
            return []
        raw = [(i, item, _where(i, item)) for i, item in enumerate(value)]
        ids = self._question_ids(raw)
        questions = []
        for index, item, where in raw:
            question = self._question(item, where, lists)
            if question is not None:
                questions.append(question)
                self._rules(question, where, ids, index)
        self._contract(questions, lists)
        return questions

    def _question_ids(self, raw: list[tuple[int, Any, str]]) -> dict[str, tuple[Scope, int]]:
        """Every question id with its scope and position, for uniqueness and rule checks."""
        ids: dict[str, tuple[Scope, int]] = {}
        for index, item, where in raw:
            if not isinstance(item, dict):
                continue
            qid, scope = item.get("id"), item.get("scope")
            if isinstance(qid, str) and qid in ids:
                self._problem(f"{where}.id: {qid!r} is already the id of another question")
            elif isinstance(qid, str) and scope in _SCOPES:
                ids[qid] = (cast(Scope, scope), index)
        return ids

    def _question(self, item: Any, where: str, lists: Mapping[str, Any]) -> Question | None:
        if not self._mapping(item, where, _QUESTION_KEYS, {"id", "scope", "type", "label"}):
            return None
        qid = self._name(item.get("id"), f"{where}.id")
        if qid in _INHERITED_NAMES:
            self._problem(f"{where}.id: {qid!r} is a name every JavaScript object has already")
            qid = None
        scope = item.get("scope")
        if scope not in _SCOPES:
            self._problem(f"{where}.scope: {scope!r} is not one of person, household")
        qtype = item.get("type")
        if qtype not in TYPES:
            self._problem(f"{where}.type: unknown type {qtype!r} (one of: {', '.join(TYPES)})")
            qtype = None
        label = self._bilingual(item.get("label"), f"{where}.label") if "label" in item else None
        help_ = self._bilingual(item["help"], f"{where}.help") if item.get("help") else None
        required = self._required(item.get("required", False), where)
        choices = self._choice_list(item.get("choices"), qtype, where, lists)
        minimum, maximum = self._bounds(item, qtype, where)
        max_length = self._max_length(item.get("max_length"), qtype, where)
        prefill = self._prefill(item.get("prefill"), scope, where)
        if qid is None or scope not in _SCOPES or qtype is None or label is None:
            return None
        return Question(
            id=qid,
            scope=cast(Scope, scope),
            type=qtype,
            label=label,
            help=help_,
            required=required,
            choices=choices,
            minimum=minimum,
            maximum=maximum,
            max_length=max_length,
            relevant=self._intern(item.get("relevant")),
            constraints=self._constraints(item.get("constraints"), where),
            prefill=prefill,
        )

    def _required(self, value: Any, where: str) -> bool:
        if isinstance(value, bool):
            return value
        self._problem(f"{where}.required: must be true or false")
        return False

    def _choice_list(
        self, value: Any, qtype: str | None, where: str, lists: Mapping[str, Any]
    ) -> str | None:
        if qtype in CHOICE_TYPES:
            if value is None:
                self._problem(f"{where}.choices: a {qtype} question names its choice list")
            elif value not in lists:
                self._problem(f"{where}.choices: unknown choice list {value!r}")
            return value if isinstance(value, str) else None
        if value is not None:
            self._problem(f"{where}.choices: only choice questions have choices")
        return None

    def _bounds(self, item: dict[str, Any], qtype: str | None, where: str) -> tuple[Any, Any]:
        bounds = []
        for key in ("min", "max"):
            value = item.get(key)
            if value is not None and qtype == INTEGER:
                value = self._integer_bound(value, f"{where}.{key}")
            elif value is not None and qtype == DATE:
                value = self._date_bound(value, f"{where}.{key}")
            elif value is not None:
                self._problem(f"{where}.{key}: only integer and date questions have bounds")
                value = None
            bounds.append(value)
        minimum, maximum = bounds
        if minimum is not None and maximum is not None and type(minimum) is type(maximum):
            self._check_order(minimum, maximum, where)
        return minimum, maximum

    def _check_order(self, minimum: Any, maximum: Any, where: str) -> None:
        if minimum > maximum:
            self._problem(f"{where}: min {minimum!r} is above max {maximum!r}")

    def _integer_bound(self, value: Any, where: str) -> int | None:
        if type(value) is int and abs(value) <= SAFE_INTEGER:
            return value
        self._problem(f"{where}: {value!r} is not a whole number")
        return None

    def _date_bound(self, value: Any, where: str) -> str | None:
        if isinstance(value, date):  # YAML reads an unquoted 1900-01-01 as a date
            return value.isoformat()
        if parse_date(value) is not None:
            return cast(str, value)
        self._problem(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
        return None

    def _max_length(self, value: Any, qtype: str | None, where: str) -> int | None:
        if value is None:
            return None
        if qtype != TEXT:
            self._problem(f"{where}.max_length: only text questions have a max_length")
        elif type(value) is not int or not 1 <= value <= TEXT_LIMIT:
            self._problem(f"{where}.max_length: must be a whole number from 1 to {TEXT_LIMIT}")
        else:
            return value
        return None

    def _prefill(self, value: Any, scope: Any, where: str) -> str | None:
        if value is None:
            return None
        fields = _PREFILL_FIELDS.get(scope, frozenset())
        if value in fields:
            return cast(str, value)
        known = ", ".join(sorted(fields)) or "none"
        self._problem(f"{where}.prefill: {value!r} is not a registry field ({known})")
        return None

    def _constraints(self, value: Any, where: str) -> tuple[Constraint, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self._problem(f"{where}.constraints: must be a list of {{rule, message}}")
            return ()
        constraints = []
        for index, item in enumerate(value):
            here = f"{where}.constraints[{index}]"
            if not self._mapping(item, here, {"rule", "message"}, {"rule", "message"}):
                continue
            message = self._bilingual(item.get("message"), f"{here}.message")
            if message is not None and "rule" in item:
                constraints.append(Constraint(self._intern(item["rule"]), message))
        return tuple(constraints)

    # -- rules and the contract -----------------------------------------------------------

    def _rules(self, question: Question, where: str, ids: Mapping[str, Any], at: int) -> None:
        variables = _variables(question.scope, ids)
        if question.relevant is not None:
            check = check_rule(question.relevant, f"{where}.relevant", variables)
            self.problems.extend(check.problems)
            self._skip_order(check.used, question.scope, ids, at, where)
        for index, constraint in enumerate(question.constraints):
            here = f"{where}.constraints[{index}].rule"
            self.problems.extend(check_rule(constraint.rule, here, variables).problems)

    def _skip_order(
        self, used: set[str], scope: Scope, ids: Mapping[str, Any], at: int, where: str
    ) -> None:
        # A skip rule reads only earlier questions of its scope (household ones are all
        # settled before any person's), so relevance is decided in one pass, in order.
        for path in sorted(used):
            prefix, _, qid = path.partition(".")
            if prefix == scope and ids[qid][1] >= at:
                self._problem(
                    f"{where}.relevant: reads {path!r}, which is not asked before this question"
                )

    def _contract(self, questions: list[Question], lists: Mapping[str, Any]) -> None:
        by_id = {q.id: q for q in questions}
        hubungan = by_id.get("hubungan")
        if hubungan is None:
            self._problem("questions: the person question 'hubungan' is required (roster rules)")
        for qid, (scope, qtype) in _CONTRACT_QUESTIONS.items():
            question = by_id.get(qid)
            if question is not None and (question.scope, question.type) != (scope, qtype):
                self._problem(f"questions ({qid}): must be a {scope} question of type {qtype}")
        for qid, codes in _CONTRACT_CODES.items():
            question = by_id.get(qid)
            if question is None or question.choices is None or question.choices not in lists:
                continue
            found = {c.code for c in lists[question.choices]}
            if found != codes:
                self._problem(
                    f"questions ({qid}).choices: list {question.choices!r} must have the "
                    f"contract's codes {sorted(codes)}, not {sorted(found)}"
                )


def _where(index: int, item: Any) -> str:
    qid = item.get("id") if isinstance(item, dict) else None
    return f"questions[{index}] ({qid})" if isinstance(qid, str) else f"questions[{index}]"


def _variables(scope: Scope, ids: Mapping[str, tuple[Scope, int]]) -> frozenset[str]:
    """The ``var`` paths of the rule data of a question of this scope (see CONTRACTS.md)."""
    household = {f"household.{qid}" for qid, (s, _) in ids.items() if s == "household"}
    if scope == "household":
        return frozenset(household | {"census_date", "source"})
    person = {f"person.{qid}" for qid, (s, _) in ids.items() if s == "person"}
    return frozenset(person | household | {"presence", "census_date", "source"})
