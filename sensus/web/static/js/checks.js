// The one place the household app asks the questionnaire engine (engine.js) anything, so
// the pages read problems as a Map of path → message in the page's language.
import { cleanDocument, isRelevant, validateDocument } from "./engine.js";
import { pick } from "./i18n.js";

export function personData(doc, member, censusDate) {
  return { person: member.answers, household: doc.household, presence: member.presence, census_date: censusDate };
}

export function householdData(doc, censusDate) {
  return { household: doc.household, census_date: censusDate };
}

export function isShown(question, data) {
  return isRelevant(question, data);
}

/** Every problem of the document: Map path → {code, message}. */
export function problemsOf(questionnaire, doc, censusDate) {
  const problems = new Map();
  for (const problem of validateDocument(questionnaire, doc, censusDate)) {
    if (!problems.has(problem.path)) {
      problems.set(problem.path, { code: problem.code, message: pick(problem.message) });
    }
  }
  return problems;
}

/** The document without answers to questions that do not apply. */
export function cleaned(questionnaire, doc, censusDate) {
  return cleanDocument(questionnaire, doc, censusDate);
}
