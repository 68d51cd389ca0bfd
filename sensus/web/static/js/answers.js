// @ts-check
// One answer: is it of the question's type, and is its value acceptable. The browser's
// mirror of sensus/domain/questionnaire/answers.py, step for step, except that a village
// code is only checked for its shape here: whether the village exists is the server's check
// (the region master is not in the browser), and so is the district prefix of a NIK.
import { fieldError, outOfRange } from "./i18n.js";
import { nikErrors } from "./nik.js";
import { parseDate } from "./rules.js";

export const WRONG_TYPE = Symbol("wrong type");
// A text question without max_length still takes at most this many characters (model.py).
export const TEXT_LIMIT = 1000;
const STRING_TYPES = ["text", "date", "nik", "region"];
// The same set as answers.py: JavaScript's trim() and Python's strip() differ.
const NOT_BLANK = /[^ \t\n\r\f\v]/;
const VILLAGE = /^[0-9]{10}$/;
const DATE_SHAPE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
// Control characters but tab and newline (C0, DEL, C1), and half of a surrogate pair (the
// "u" flag makes a whole pair one character): the same set as answers.py refuses.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\u{D800}-\u{DFFF}]/u;

/**
 * Length in characters (code points), as Python counts it: an emoji is one character here,
 * two UTF-16 units in `.length`. Beyond 2 × TEXT_LIMIT units a text is over every limit
 * however it is counted, and its `.length` is returned without walking it.
 */
export function characters(text) {
  if (text.length > 2 * TEXT_LIMIT) return text.length;
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function integer(value) {
  // JSON's 3.0 is 3 here already; booleans and non-integral numbers are not integers.
  return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : WRONG_TYPE;
}

function codes(value, listLength) {
  // A selection of distinct codes is never longer than its list: no need to read further.
  if (!Array.isArray(value) || value.length > listLength) return WRONG_TYPE;
  const read = value.map(integer);
  return read.includes(WRONG_TYPE) ? WRONG_TYPE : read;
}

/**
 * `value` as the answer to `question` (a copy for lists), or WRONG_TYPE. `codesOf(name)` is
 * the Set of codes of a choice list.
 */
export function typed(question, value, codesOf) {
  const kind = question.type;
  if (STRING_TYPES.includes(kind)) {
    return typeof value === "string" && characters(value) <= TEXT_LIMIT ? value : WRONG_TYPE;
  }
  if (kind === "yes_no") return typeof value === "boolean" ? value : WRONG_TYPE;
  if (kind === "integer" || kind === "single_choice") return integer(value);
  return codes(value, codesOf(question.choices).size);
}

/** Whether a text holds a character no answer may have (a NUL in a name, say). */
export function hasForbiddenCharacter(text) {
  return FORBIDDEN.test(text);
}

/** Whether a typed answer says something: not null, blank text or an empty selection. */
export function answered(value) {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return NOT_BLANK.test(value);
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function rangeErrors(question, value, path) {
  if (question.type === "date" && parseDate(value) === null) {
    // 2021-02-29 is written right and is no day at all: say so, not "the format".
    return [fieldError(path, DATE_SHAPE.test(value) ? "no_such_date" : "invalid_date")];
  }
  // Dates are YYYY-MM-DD strings here, which order as the dates do.
  const { min, max } = question;
  if ((min != null && value < min) || (max != null && value > max)) {
    return [outOfRange(path, min, max, question.type === "date")];
  }
  return [];
}

/** The error of an answer not of its question's type: a number question says it takes digits. */
export function wrongTypeError(question, path) {
  return fieldError(path, question.type === "integer" ? "not_a_number" : "invalid_type");
}

function nikCheck(value, path, person) {
  // The NIK encodes sex and birth date: check them against the member's own answers.
  const sex = person?.jenis_kelamin;
  return nikErrors(value, {
    sex: sex === 1 || sex === 2 ? sex : null,
    birthDate: parseDate(person?.tanggal_lahir),
  }, path);
}

/**
 * What is wrong with the typed, answered `value` of `question` at `path`; `person` is the
 * member's answers (null for household questions).
 */
export function valueErrors(question, value, path, codesOf, person) {
  switch (question.type) {
    case "text":
      return characters(value) > (question.max_length || TEXT_LIMIT) ? [fieldError(path, "too_long")] : [];
    case "integer":
    case "date":
      return rangeErrors(question, value, path);
    case "single_choice":
      return codesOf(question.choices).has(value) ? [] : [fieldError(path, "invalid_choice")];
    case "multiple_choice": {
      const known = codesOf(question.choices);
      const distinct = new Set(value).size === value.length;
      return distinct && value.every((code) => known.has(code)) ? [] : [fieldError(path, "invalid_choice")];
    }
    case "nik":
      return nikCheck(value, path, person);
    case "region":
      return VILLAGE.test(value) ? [] : [fieldError(path, "invalid_region")];
    default:
      return [];
  }
}
