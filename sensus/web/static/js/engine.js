// @ts-check
// The questionnaire engine in the browser: validating and cleaning a household response
// document (docs/CONTRACTS.md), step for step as sensus/domain/questionnaire/validate.py
// does on the server, so that what the page accepts the server accepts, with the same paths,
// codes and messages. tests/vectors/ holds both sides to it.
//
// Two passes:
// 1. Shape (document-shape.js): the document's keys, the roster's member ids and presence values, and that
//    every answer belongs to a known question and has its type. Answers that pass become
//    the rule data; the others are reported and left out of it.
// 2. Content: relevance is decided question by question in questionnaire order, household
//    first; an answer to a question that is not relevant is dropped from the rule data (so
//    it cannot make a later question relevant) and is not an error. Relevant questions must
//    be answered when required and have acceptable values and constraints; then the roster
//    rules: someone lives here, exactly one head, no NIK twice.
//
// Two checks are the server's alone, because they need data the browser does not have: the
// district prefix of a NIK and the existence of a village code (answers.js, nik.js).
import { answered, valueErrors } from "./answers.js";
import { hasOwn, isObject, lookupsOf, PRESENT, readDocument } from "./document-shape.js";
import { fieldError } from "./i18n.js";
import { holds } from "./rules.js";

export { PRESENT };

const HEAD = 1; // hubungan code of the head of the family
// Where the household comes from (households.source), the rule variable `source`
// (docs/CONTRACTS.md): a registry household, one that registered itself, one found in the field.
export const REGISTRY = "registry";
const ownOrNull = (object, key) => (isObject(object) && hasOwn(object, key) ? object[key] : null);

/**
 * The document exactly as the server will receive it: JSON drops `undefined` properties and
 * turns NaN into null. Validating the in-memory object instead would judge a document that
 * is never sent.
 */
function asSent(doc) {
  return doc === undefined ? null : JSON.parse(JSON.stringify(doc));
}

// -- pass 2: content -------------------------------------------------------------------------

/** The rule data of the household or of one member, and its relevant questions. */
class Scope {
  constructor(answers, data) {
    this.answers = answers; // also inside data, as "household" or "person"
    this.data = data;
    this.relevant = [];
  }

  /** Decide relevance in order; a question found not relevant loses its answer before the
   * next rule runs, so no later skip rule reads a dropped answer. */
  settle(questions) {
    for (const question of questions) {
      if (isRelevant(question, this.data)) this.relevant.push(question);
      else delete this.answers[question.id];
    }
    return this;
  }
}

class Content {
  constructor(questionnaire, censusDate, read, source = REGISTRY) {
    this.questionnaire = questionnaire;
    this.codesOf = lookupsOf(questionnaire).codesOf;
    const household = { ...read.household };
    const facts = { census_date: censusDate, source };
    this.household = new Scope(household, { household, ...facts })
      .settle(questionnaire.household_questions);
    this.members = read.members;
    this.people = new Map(); // by member index: members who live here
    for (const member of read.members) {
      if (!PRESENT.includes(member.presence)) continue;
      const answers = { ...member.answers };
      const data = { person: answers, household, presence: member.presence, ...facts };
      this.people.set(member.index, new Scope(answers, data).settle(questionnaire.person_questions));
    }
  }

  errors() {
    const errors = this.questions(this.household, "household", null);
    for (const [index, person] of this.people) {
      errors.push(...this.questions(person, `members/${index}`, person.answers));
    }
    return [...errors, ...this.duplicateNiks(), ...this.roster()];
  }

  cleaned(doc) {
    const source = isObject(doc) ? doc : {};
    const members = this.members.map((member) => {
      const raw = source.members[member.index];
      const person = this.people.get(member.index);
      return {
        member_id: ownOrNull(raw, "member_id"),
        presence: ownOrNull(raw, "presence"),
        answers: person ? kept(person.answers) : {},
      };
    });
    return {
      questionnaire_id: ownOrNull(source, "questionnaire_id"),
      questionnaire_version: ownOrNull(source, "questionnaire_version"),
      household: kept(this.household.answers),
      members,
    };
  }

  questions(scope, prefix, person) {
    const errors = [];
    for (const question of scope.relevant) {
      const path = `${prefix}/${question.id}`;
      const value = hasOwn(scope.answers, question.id) ? scope.answers[question.id] : null;
      if (!answered(value)) {
        if (question.required) errors.push(fieldError(path, "required"));
        continue;
      }
      const problems = valueErrors(question, value, path, this.codesOf, person);
      if (problems.length) {
        errors.push(...problems);
        continue; // a constraint on a value already wrong would only say it twice
      }
      for (const constraint of question.constraints ?? []) {
        if (!holds(constraint.rule, scope.data)) {
          const { id, en } = constraint.message;
          errors.push({ path, code: "constraint_failed", message: { id, en } });
        }
      }
    }
    return errors;
  }

  duplicateNiks() {
    const errors = [];
    for (const question of this.questionnaire.person_questions) {
      if (question.type !== "nik") continue;
      const seen = new Set();
      for (const [index, person] of this.people) {
        const value = hasOwn(person.answers, question.id) ? person.answers[question.id] : null;
        if (typeof value !== "string" || !answered(value)) continue;
        if (seen.has(value)) errors.push(fieldError(`members/${index}/${question.id}`, "duplicate_nik"));
        seen.add(value);
      }
    }
    return errors;
  }

  roster() {
    if (this.people.size === 0) return [fieldError("members", "no_member_present")];
    const heads = [...this.people.values()].filter((person) => person.answers.hubungan === HEAD).length;
    if (heads === 0) return [fieldError("members", "no_head")];
    if (heads > 1) return [fieldError("members", "multiple_heads")];
    return [];
  }
}

function kept(answers) {
  return Object.fromEntries(Object.entries(answers).filter(([, value]) => answered(value)));
}

// -- the engine's questions ------------------------------------------------------------------

/** Whether `question` is asked, on rule `data` ({person?, household, presence?, census_date, source}). */
export function isRelevant(question, data) {
  return question.relevant == null || holds(question.relevant, data);
}

/**
 * The rule data validation decides relevance on, for the household (`memberIndex` null) or
 * for the member at `memberIndex`: typed answers, without those of questions not asked. A
 * page that shows questions by `isRelevant` on this data shows exactly the questions the
 * server will ask; on the raw document, a hidden question's leftover answer could show a
 * question that follows from it. Null for a member who is asked nothing (moved away, died).
 */
export function ruleData(questionnaire, doc, censusDate, memberIndex = null, source = REGISTRY) {
  const read = readDocument(questionnaire, asSent(doc), false);
  const content = new Content(questionnaire, censusDate, read, source);
  if (memberIndex === null) return content.household.data;
  return content.people.get(memberIndex)?.data ?? null;
}

/** Shape and type errors of a draft (partial answers are fine): [{path, code, message}]. */
export function validateDraft(questionnaire, doc) {
  return readDocument(questionnaire, asSent(doc), false).errors;
}

/**
 * Every error of a submission (`censusDate`: YYYY-MM-DD; `source`: the household's, for the
 * rules): [{path, code, message: {id, en}}].
 */
export function validateDocument(questionnaire, doc, censusDate, source = REGISTRY) {
  const read = readDocument(questionnaire, asSent(doc), true);
  if (!read.readable) return read.errors;
  return [...read.errors, ...new Content(questionnaire, censusDate, read, source).errors()];
}

/**
 * The document as the server stores it: only answers to relevant questions, none for members
 * who moved away or died, unanswered (null, blank, empty) answers left out. Meant for a
 * document without errors; on any other it still returns a document, without the parts it
 * could not read.
 */
export function cleanDocument(questionnaire, doc, censusDate, source = REGISTRY) {
  const sent = asSent(doc);
  const read = readDocument(questionnaire, sent, true);
  return new Content(questionnaire, censusDate, read, source).cleaned(sent);
}
