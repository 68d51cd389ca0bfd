// @ts-check
// A page of questions, for one person or for the household. Skip logic runs live: a
// question appears or disappears as the answers it depends on change.
import { h } from "./dom.js";
import { renderField } from "./fields.js";
import { t } from "./i18n.js";
import { displayName, setAnswer } from "./household-doc.js";
import { householdPath, fieldId, memberPath } from "./paths.js";
import { householdData, isShown, personData } from "./checks.js";

function drawQuestions(container, ctx, { questions, answers, pathOf, data }) {
  const blocks = questions.map((question) => {
    const path = pathOf(question.id);
    const block = renderField(question, answers[question.id], {
      id: fieldId(path),
      choiceLists: ctx.questionnaire.choice_lists,
      report: (value, committed) => {
        setAnswer(answers, question.id, value);
        showRelevant();
        ctx.changed(path, committed);
      },
    });
    const note = ctx.conflictNote(path, question); // another device's answer here (ADR 0010)
    if (note) block.append(note);
    container.append(block);
    return { question, block };
  });
  function showRelevant() {
    const current = data();
    for (const { question, block } of blocks) block.hidden = !isShown(question, current);
  }
  showRelevant();
}

/** The questions for the member at `index` of the document. */
export function renderPerson(container, ctx, index) {
  const member = ctx.doc.members[index];
  container.append(h("h1", {}, displayName(member)));
  drawQuestions(container, ctx, {
    questions: ctx.questionnaire.person_questions,
    answers: member.answers,
    pathOf: (questionId) => memberPath(index, questionId),
    data: () => personData(ctx.doc, member, ctx.censusDate, ctx.questionnaire),
  });
}

/** The household's own questions (where it lives, the dwelling…). */
export function renderHousehold(container, ctx) {
  container.append(h("h1", {}, t("household_title")));
  drawQuestions(container, ctx, {
    questions: ctx.questionnaire.household_questions,
    answers: ctx.doc.household,
    pathOf: householdPath,
    data: () => householdData(ctx.doc, ctx.censusDate, ctx.questionnaire),
  });
}
