// @ts-check
// The order of the household app's steps and which step answers for which error path.
import { isPresent } from "./household-doc.js";
import { parseMemberPath } from "./paths.js";
import { rosterOwns } from "./roster.js";

export const ROSTER = "roster";
export const HOUSEHOLD = "household";
export const REVIEW = "review";

export function personStep(member) {
  return `person:${member.member_id}`;
}

/** Roster, one step per person asked the person questions, household, review. */
export function stepsOf(doc) {
  return [ROSTER, ...doc.members.filter(isPresent).map(personStep), HOUSEHOLD, REVIEW];
}

/** The step where the problem at `path` is fixed. */
export function stepOf(path, doc) {
  if (path.startsWith("household/")) return HOUSEHOLD;
  if (rosterOwns(path, doc)) return ROSTER;
  const parsed = parseMemberPath(path);
  const member = parsed && doc.members[parsed.index];
  return member && isPresent(member) ? personStep(member) : ROSTER;
}

/** Whether a problem at `path` keeps the respondent on `step` (the review owns them all). */
export function owns(step, path, doc) {
  return step === REVIEW || stepOf(path, doc) === step;
}
