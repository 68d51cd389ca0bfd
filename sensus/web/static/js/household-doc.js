// @ts-check
// The household response document (docs/CONTRACTS.md): building it from the registry
// pre-fill, and the small questions every step asks of it.
import { t } from "./i18n.js";

/**
 * The document's shapes (docs/CONTRACTS.md), for the type check (`tsc`, make check).
 * @typedef {string | number | boolean | null} Answer  an answer as JSON gives it
 * @typedef {Record<string, Answer>} Answers  question id → answer; an unanswered one is absent
 * @typedef {"lives_here" | "moved_away" | "died" | "new"} Presence
 * @typedef {{member_id: string, presence: Presence, answers: Answers}} Member
 * @typedef {{questionnaire_id?: string, questionnaire_version?: string, household: Answers,
 *   members: Member[]}} HouseholdDoc
 * @typedef {{id: string, prefill?: string | null}} Question  (the rest of it: engine.js)
 * @typedef {{id: string, version: string, digest?: string, household_questions: Question[],
 *   person_questions: Question[], choice_lists: Record<string, object[]>}} Questionnaire
 * @typedef {{household: Answers, registry_members: ({member_id: string} & Answers)[]}} RegistryView
 *   the registry pre-fill (GET /self-response/household, the officer's bundle)
 */

export const PRESENT = ["lives_here", "new"];
export const HEAD = 1; // hubungan code of the head of the family

/**
 * Whether the person questions are asked of this member.
 * @param {Member} member
 */
export function isPresent(member) {
  return PRESENT.includes(member.presence);
}

/** @param {Member} member */
export function isAdded(member) {
  return member.presence === "new";
}

/**
 * What to call a member on screen.
 * @param {Member} member
 */
export function displayName(member) {
  return member.answers.nama || t("new_member");
}

/**
 * @param {Question[]} questions
 * @param {Answers} source
 */
function prefilledAnswers(questions, source) {
  /** @type {Answers} */
  const answers = {};
  for (const question of questions) {
    const value = source[question.prefill ?? question.id];
    if (value != null && value !== "") answers[question.id] = value;
  }
  return answers;
}

/**
 * A first document: every registry member lives here until the respondent says otherwise.
 * @param {Questionnaire} questionnaire
 * @param {RegistryView} view
 * @returns {HouseholdDoc}
 */
export function fromRegistry(questionnaire, view) {
  const personIds = questionnaire.person_questions.map((q) => ({ ...q, prefill: null }));
  return {
    questionnaire_id: questionnaire.id,
    questionnaire_version: questionnaire.version,
    household: prefilledAnswers(questionnaire.household_questions, view.household),
    members: view.registry_members.map((person) => ({
      member_id: person.member_id,
      presence: "lives_here",
      // The service hands registry people over keyed by question id already.
      answers: prefilledAnswers(personIds, person),
    })),
  };
}

/** A random UUID v4. randomUUID exists only in secure contexts (HTTPS, localhost). */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** @returns {Member} */
export function newMember() {
  return { member_id: `n-${uuid()}`, presence: "new", answers: {} };
}

/**
 * Set or (for `undefined`) remove an answer: an unanswered question is absent.
 * @param {Answers} answers
 * @param {string} questionId
 * @param {Answer | undefined} value
 */
export function setAnswer(answers, questionId, value) {
  if (value === undefined) delete answers[questionId];
  else answers[questionId] = value;
}
