// @ts-check
// The one place the household app asks the questionnaire engine (engine.js) anything, so
// the pages read problems as a Map of path → message in the page's language.
import { cleanDocument, isRelevant, ruleData, validateDocument } from "./engine.js";
import { pick } from "./i18n.js";

// Given the questionnaire, the rule data is the engine's (answers of questions not asked
// left out), so a page shows exactly the questions validation asks; without it, the raw
// answers, on which a hidden question's leftover answer can show a question after it.
export function personData(doc, member, censusDate, questionnaire = null) {
  const settled = questionnaire && ruleData(questionnaire, doc, censusDate, doc.members.indexOf(member));
  return settled || { person: member.answers, household: doc.household, presence: member.presence, census_date: censusDate };
}

export function householdData(doc, censusDate, questionnaire = null) {
  return (questionnaire && ruleData(questionnaire, doc, censusDate)) || { household: doc.household, census_date: censusDate };
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
