// The review step: every answer on one page, each section with a link back to edit it.
import { api } from "./api.js";
import { h } from "./dom.js";
import { formatDate, pick, t } from "./i18n.js";
import { displayName, isPresent } from "./household-doc.js";
import { householdPath, memberPath } from "./paths.js";
import { householdData, isShown, personData } from "./checks.js";

function showValue(question, value, choiceLists) {
  if (value === undefined) return t("not_answered");
  if (question.type === "yes_no") return value ? t("yes") : t("no");
  if (question.type === "date") return formatDate(value);
  if (question.type === "single_choice" || question.type === "multiple_choice") {
    const list = choiceLists[question.choices] ?? [];
    const label = (code) => pick(list.find((c) => c.code === code)?.label) || String(code);
    return Array.isArray(value) ? value.map(label).join(", ") : label(value);
  }
  if (question.type === "region") {
    const node = h("span", {}, value);
    // Names from the region master, village first: "Kuin Utara, Banjarmasin Utara, …".
    api("GET", `/regions/${value}`).then((r) => { node.textContent = r.path.join(", "); }).catch(() => {});
    return node;
  }
  return String(value);
}

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
        problem && h("p", { class: "error" }, problem.message)));
  }
  return list;
}

/** Draw the review of the whole document into `container`. */
export function renderReview(container, ctx) {
  const { doc, questionnaire } = ctx;
  const roster = h("dl", {}, doc.members.flatMap((m) => [h("dt", {}, displayName(m)), h("dd", {}, t(`presence_${m.presence}`))]));
  // Roster-wide problems ("exactly one head") and presence problems belong to no answer.
  const rosterProblems = [...ctx.problems].filter(([path]) => path === "members" || /\/(presence|member_id)$/.test(path));
  container.append(h("h2", {}, t("review_title")), h("p", {}, t("review_intro")),
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
}
