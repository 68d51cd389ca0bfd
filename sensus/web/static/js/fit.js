// @ts-check
// Fitting a household's document to the questionnaire in force: answers carry over to the
// questions that still exist; an answer to a question that no longer exists (or no longer
// takes that kind of answer) is set aside, with its question's label when known, to be
// shown to the person and kept in the saved file. Nothing is dropped.
import { typed, WRONG_TYPE } from "./answers.js";
import { lookupsOf } from "./document-shape.js";

function label(previous, scope, questionId) {
  const questions = previous?.[scope === "household" ? "household_questions" : "person_questions"] ?? [];
  return questions.find((q) => q.id === questionId)?.label ?? null;
}

function sortOut(answers, questions, codesOf, pathOf, scope, previous, setAside) {
  const kept = {};
  for (const [id, value] of Object.entries(answers ?? {})) {
    const question = questions.get(id);
    if (question && (value === null || typed(question, value, codesOf) !== WRONG_TYPE)) {
      if (value !== null) kept[id] = value;
    } else {
      setAside.push({ path: pathOf(id), value, label: label(previous, scope, id) });
    }
  }
  return kept;
}

/**
 * `doc` for `questionnaire`: {doc, setAside: [{path, value, label}]} (paths as in changes.js).
 * `previous` is the questionnaire the document was made with, for the labels, if known.
 */
export function fitToQuestionnaire(doc, questionnaire, previous = null) {
  const { household, person, codesOf } = lookupsOf(questionnaire);
  const setAside = [];
  const fitted = {
    questionnaire_id: questionnaire.id,
    questionnaire_version: questionnaire.version,
    household: sortOut(doc.household, household, codesOf, (q) => `household/${q}`, "household", previous, setAside),
    members: (doc.members ?? []).map((member) => ({
      member_id: member.member_id,
      presence: member.presence,
      answers: sortOut(member.answers, person, codesOf, (q) => `members/${member.member_id}/answers/${q}`,
        "person", previous, setAside),
    })),
  };
  return { doc: fitted, setAside };
}

/** Set-aside answers after another fit: the earlier ones and the new ones, each path once. */
export function combineSetAside(earlier, fresh) {
  const paths = new Set(fresh.map((item) => item.path));
  return [...(earlier ?? []).filter((item) => !paths.has(item.path)), ...fresh];
}
