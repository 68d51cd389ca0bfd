// @ts-check
// The shape pass of document validation (engine.js, pass 1), as validate.py's _Reader:
// the document's keys, the roster's member ids and presence values, and that every answer
// belongs to a known question and has its type. Answers that pass become the rule data; the
// others are reported and left out of it.
import { hasForbiddenCharacter, typed, WRONG_TYPE, wrongTypeError } from "./answers.js";
import { fieldError } from "./i18n.js";

const LIVES_HERE = "lives_here";
const MOVED_AWAY = "moved_away";
const DIED = "died";
const NEW = "new";
export const PRESENT = [LIVES_HERE, NEW];
// A household larger than this is a mistake or an attack; either way, it is not read further.
export const MAX_MEMBERS = 60;
const TOP_KEYS = ["questionnaire_id", "questionnaire_version", "household", "members"];
const MEMBER_KEYS = ["member_id", "presence", "answers"];
const REGISTRY_ID = /^r[1-9][0-9]{0,17}$/;
const NEW_ID = /^n-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// died/moved_away only for registry members ("r…"), new only for added ones ("n-…").
const PRESENCE_OF = { r: [LIVES_HERE, MOVED_AWAY, DIED], n: [NEW] };
const ABSENT = Symbol("absent"); // a key the document does not have (a present null is an error)

export const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
export const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
const own = (object, key) => (hasOwn(object, key) ? object[key] : ABSENT);

// Look-ups by question id and the codes of each choice list, built once per questionnaire.
const lookups = new WeakMap();

export function lookupsOf(questionnaire) {
  let found = lookups.get(questionnaire);
  if (found === undefined) {
    const codes = new Map(Object.entries(questionnaire.choice_lists ?? {})
      .map(([name, choices]) => [name, new Set(choices.map((choice) => choice.code))]));
    found = {
      household: new Map(questionnaire.household_questions.map((q) => [q.id, q])),
      person: new Map(questionnaire.person_questions.map((q) => [q.id, q])),
      codesOf: (name) => codes.get(name) ?? new Set(),
    };
    lookups.set(questionnaire, found);
  }
  return found;
}

class Reader {
  constructor(questionnaire, complete) {
    this.questionnaire = questionnaire;
    this.lookups = lookupsOf(questionnaire);
    this.complete = complete;
    this.errors = [];
  }

  /** What the shape pass could read: {errors, household, members, readable}. */
  document(doc) {
    /** @type {{errors: object[], household: object, members: object[], readable: boolean}} */
    const read = { errors: this.errors, household: {}, members: [], readable: false };
    if (!isObject(doc)) {
      this.errors.push(fieldError("", "invalid_type"));
      return read;
    }
    this.topLevel(doc);
    const household = own(doc, "household");
    const members = own(doc, "members");
    read.household = this.answers(this.lookups.household, household, "household");
    read.members = this.members(members);
    read.readable = isObject(household) && Array.isArray(members) && members.length <= MAX_MEMBERS;
    return read;
  }

  topLevel(doc) {
    for (const key of Object.keys(doc)) {
      if (!TOP_KEYS.includes(key)) this.errors.push(fieldError(key, "unknown_field"));
    }
    for (const key of TOP_KEYS) {
      if (!hasOwn(doc, key)) {
        if (this.complete) this.errors.push(fieldError(key, "missing_field"));
      } else if (key.startsWith("questionnaire_") && typeof doc[key] !== "string") {
        this.errors.push(fieldError(key, "invalid_type"));
      }
    }
    const id = own(doc, "questionnaire_id");
    const version = own(doc, "questionnaire_version");
    const readable = typeof id === "string" && typeof version === "string";
    const { questionnaire: q } = this;
    if (this.complete && readable && (id !== q.id || version !== q.version)) {
      this.errors.push(fieldError("questionnaire_version", "questionnaire_changed"));
    }
  }

  /** The answers of the right type, by question id; errors at `<prefix>/<id>`. */
  answers(questions, answers, where, prefix = where) {
    if (answers === ABSENT) return {}; // reported with the keys of its parent
    if (!isObject(answers)) {
      this.errors.push(fieldError(where, "invalid_type"));
      return {};
    }
    const good = {};
    for (const [id, value] of Object.entries(answers)) {
      const question = questions.get(id);
      if (question === undefined) {
        this.errors.push(fieldError(`${prefix}/${id}`, "unknown_field"));
      } else if (value !== null) { // null is an unanswered question, as an absent one is
        const answer = typed(question, value, this.lookups.codesOf);
        if (answer === WRONG_TYPE) this.errors.push(wrongTypeError(question, `${prefix}/${id}`));
        else if (typeof answer === "string" && hasForbiddenCharacter(answer)) {
          this.errors.push(fieldError(`${prefix}/${id}`, "invalid_character"));
        } else good[id] = answer;
      }
    }
    return good;
  }

  members(members) {
    if (members === ABSENT) return [];
    if (!Array.isArray(members)) {
      this.errors.push(fieldError("members", "invalid_type"));
      return [];
    }
    if (members.length > MAX_MEMBERS) {
      this.errors.push(fieldError("members", "too_many_members"));
      return [];
    }
    return members.map((member, index) => this.member(index, member)).filter((m) => m !== null);
  }

  member(index, member) {
    const where = `members/${index}`;
    if (!isObject(member)) {
      this.errors.push(fieldError(where, "invalid_type"));
      return null;
    }
    for (const key of Object.keys(member)) {
      if (!MEMBER_KEYS.includes(key)) this.errors.push(fieldError(`${where}/${key}`, "unknown_field"));
    }
    for (const key of MEMBER_KEYS) {
      if (!hasOwn(member, key)) this.errors.push(fieldError(`${where}/${key}`, "missing_field"));
    }
    const kind = this.memberKind(own(member, "member_id"), where);
    const presence = this.presence(own(member, "presence"), kind, where);
    const answers = this.answers(this.lookups.person, own(member, "answers"), `${where}/answers`, where);
    return { index, presence, answers };
  }

  /** "r" for a registry member, "n" for an added one, null when the id is not valid. */
  memberKind(memberId, where) {
    if (memberId === ABSENT) return null; // already reported
    if (typeof memberId === "string" && REGISTRY_ID.test(memberId)) return "r";
    if (typeof memberId === "string" && NEW_ID.test(memberId)) return "n";
    this.errors.push(fieldError(`${where}/member_id`, "invalid_member_id"));
    return null;
  }

  presence(presence, kind, where) {
    if (presence === ABSENT) return null;
    if (![LIVES_HERE, MOVED_AWAY, DIED, NEW].includes(presence)) {
      this.errors.push(fieldError(`${where}/presence`, "invalid_presence"));
      return null;
    }
    if (kind !== null && !PRESENCE_OF[kind].includes(presence)) {
      this.errors.push(fieldError(`${where}/presence`, "presence_not_allowed"));
      return null;
    }
    return presence;
  }
}

/** What the shape pass could read of `doc`: {errors, household, members, readable}.
 * `complete`: a submission, whose top-level parts must all be there. */
export function readDocument(questionnaire, doc, complete) {
  return new Reader(questionnaire, complete).document(doc);
}
