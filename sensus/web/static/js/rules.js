// @ts-check
// Rules: JSON Logic evaluated by json-logic-js 2.0.5, with sensus's one custom operator.
//
// The server evaluates the same rules with an evaluator and operators written after
// json-logic-js's own code, on JavaScript's value semantics (sensus/domain/questionnaire/
// rules.py); tests/vectors/rules.json holds both sides to it. `age` here must stay identical
// to `age` there.

import jsonLogic from "./vendor/json-logic.js";

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

function daysInMonth(year, month) {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** A `YYYY-MM-DD` string as {year, month, day}; null for anything else or an impossible day. */
export function parseDate(value) {
  if (typeof value !== "string") return null;
  const match = DATE.exec(value);
  if (match === null) return null;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return { year, month, day };
}

/**
 * Complete years from `born` to `on`, both `YYYY-MM-DD` (floor: negative when `on` comes
 * first); null when either is missing or not a real date. Someone born on 29 February has a
 * birthday on 1 March in other years.
 */
export function age(born, on) {
  const start = parseDate(born);
  const end = parseDate(on);
  if (start === null || end === null) return null;
  let years = end.year - start.year;
  if (end.month < start.month || (end.month === start.month && end.day < start.day)) years -= 1;
  return years;
}

// json-logic-js calls an operator with the rule data as `this`; `age` does not need it.
jsonLogic.add_operation("age", (born, on) => age(born, on));

/** The value of `rule` on `data`. */
export function evaluate(rule, data) {
  return jsonLogic.apply(rule, data);
}

/** Whether `rule` is truthy on `data` (JsonLogic truthiness: an empty array is false). */
export function holds(rule, data) {
  return jsonLogic.truthy(jsonLogic.apply(rule, data));
}

export { jsonLogic };
