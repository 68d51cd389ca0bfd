// @ts-check
// The review step: every answer on one page, each section with a link back to edit it.
import { h } from "./dom.js";
import { pick, t } from "./i18n.js";
import { showValue } from "./values.js";
import { displayName, isPresent } from "./household-doc.js";
import { householdPath, memberPath } from "./paths.js";
import { householdData, isShown, personData } from "./checks.js";

function section(title, stepId, ctx, ...body) {
  return h("section", { class: "review-section" },
    h("header", {}, h("h3", {}, title),
      h("button", { type: "button", class: "link-button", "aria-label": t("edit_section", { section: title }),
        onclick: () => ctx.go(stepId) }, t("edit"))),
    ...body);
}

function answers(ctx, questions, values, pathOf, data) {
  const list = h("dl");
  for (const question of questions) {
    if (!isShown(question, data)) continue;
    const problem = ctx.problems.get(pathOf(question.id));
    list.append(h("dt", {}, pick(question.label)),
      h("dd", {}, showValue(question, values[question.id], ctx.questionnaire.choice_lists),
        problem && h("p", { class: "error" }, problem.message), ctx.conflictNote(pathOf(question.id), question)));
  }
  return list;
}

/** Draw the review of the whole document into `container`. */
export function renderReview(container, ctx) {
  const { doc, questionnaire } = ctx;
  const roster = h("dl", {}, doc.members.flatMap((m) => [h("dt", {}, displayName(m)), h("dd", {}, t(`presence_${m.presence}`))]));
  // Roster-wide problems ("exactly one head") and presence problems belong to no answer.
  const rosterProblems = [...ctx.problems].filter(([path]) => path === "members" || /\/(presence|member_id)$/.test(path));
  container.append(h("h1", {}, t("review_title")), h("p", {}, t("review_intro")),
    section(t("roster_title"), "roster", ctx, roster,
      ...rosterProblems.map(([, problem]) => h("p", { class: "error" }, problem.message))));
  doc.members.forEach((member, index) => {
    if (!isPresent(member)) return;
    container.append(section(displayName(member), `person:${member.member_id}`, ctx,
      answers(ctx, questionnaire.person_questions, member.answers, (q) => memberPath(index, q),
        personData(doc, member, ctx.censusDate, questionnaire))));
  });
  container.append(section(t("household_title"), "household", ctx,
    answers(ctx, questionnaire.household_questions, doc.household, householdPath, householdData(doc, ctx.censusDate, questionnaire))));
  if (ctx.setAside.length) container.append(setAsideSection(ctx.setAside));
}

/** Answers to questions the questionnaire no longer asks: kept, shown, in the saved file. */
function setAsideSection(items) {
  return h("section", { class: "review-section set-aside", id: "set-aside" },
    h("h3", {}, t("set_aside_title")), h("p", { class: "hint" }, t("set_aside_intro")),
    h("dl", {}, items.flatMap((item) => [h("dt", {}, pick(item.label) || item.path.split("/").pop()),
      h("dd", {}, showValue(null, item.value, {}))])));
}
