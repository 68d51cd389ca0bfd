// @ts-check
// The roster step: who on the family card lives here now, who moved away or died, who was
// born or joined since; and who is the head (by relationship).
import { h } from "./dom.js";
import { renderField } from "./fields.js";
import { formatDate, pick, t } from "./i18n.js";
import { displayName, isAdded, isPresent, newMember, setAnswer } from "./household-doc.js";
import { fieldId, memberPath } from "./paths.js";

const PRESENCE = ["lives_here", "moved_away", "died"];

function presenceChoices(member, index, onPick) {
  const id = fieldId(memberPath(index, "presence"));
  const group = h("div", { class: "choices", role: "radiogroup", "aria-labelledby": `${id}-name` });
  for (const presence of PRESENCE) {
    const optionId = `${id}-${presence}`;
    group.append(h("div", { class: "choice" },
      h("input", { id: optionId, type: "radio", name: id, value: presence, checked: member.presence === presence,
        onchange: () => onPick(presence) }),
      h("label", { for: optionId }, t(`presence_${presence}`))));
  }
  return h("div", { class: "field" }, group, h("p", { class: "error", id: `${id}-error`, hidden: true }));
}

function withNote(ctx, path, question, block) {
  const note = ctx.conflictNote(path, question);
  if (note) block.append(note);
  return block;
}

function registryFacts(member, questionnaire) {
  const relation = questionnaire.choice_lists.hubungan?.find((c) => c.code === member.answers.hubungan);
  const born = member.answers.tanggal_lahir;
  return [relation && pick(relation.label), born && t("born_on", { date: formatDate(born) })].filter(Boolean).join(" · ");
}

function memberCard(ctx, member, index) {
  const { questionnaire, doc } = ctx;
  const nameId = `${fieldId(memberPath(index, "presence"))}-name`;
  const card = h("fieldset", { class: "member", "aria-labelledby": nameId },
    h("h3", { id: nameId }, displayName(member)), ctx.conflictNote(`members/${index}`));
  const questions = Object.fromEntries(questionnaire.person_questions.map((q) => [q.id, q]));
  const field = (questionId) => withNote(ctx, memberPath(index, questionId), questions[questionId], renderField(questions[questionId], member.answers[questionId], {
    id: fieldId(memberPath(index, questionId)),
    choiceLists: questionnaire.choice_lists,
    report: (value, committed) => {
      setAnswer(member.answers, questionId, value);
      if (questionId === "nama") {
        card.querySelector("h3").textContent = displayName(member);
        const remove = card.querySelector("button.danger");
        if (remove) remove.textContent = t("remove_member", { name: displayName(member) });
      }
      ctx.changed(memberPath(index, questionId), committed);
    },
  }));

  if (isAdded(member)) {
    card.append(h("p", { class: "meta" }, t("added_member_hint")), field("nama"), field("hubungan"),
      h("button", { type: "button", class: "danger", onclick: () => {
        doc.members.splice(index, 1);
        ctx.rerender();
      } }, t("remove_member", { name: displayName(member) })));
    return card;
  }
  card.append(h("p", { class: "meta" }, registryFacts(member, questionnaire)),
    withNote(ctx, memberPath(index, "presence"), { type: "presence" }, presenceChoices(member, index, (presence) => {
      member.presence = presence;
      ctx.changed(memberPath(index, "presence"), true);
      ctx.rerender();
    })));
  // Only someone who lives here can be the head: the relationship is asked of them alone.
  if (isPresent(member)) card.append(field("hubungan"));
  return card;
}

/** Draw the roster into `container`. */
export function renderRoster(container, ctx) {
  container.append(
    h("h1", {}, t("roster_title")),
    h("p", {}, t("roster_intro")),
    ...ctx.doc.members.map((member, index) => memberCard(ctx, member, index)),
    h("h3", {}, t("add_member_title")),
    h("p", { class: "hint" }, t("add_member_hint")),
    h("button", { type: "button", class: "secondary", onclick: () => {
      ctx.doc.members.push(newMember());
      ctx.rerender(`${fieldId(memberPath(ctx.doc.members.length - 1, "nama"))}`);
    } }, t("add_member")),
  );
}

/** Paths whose errors stop the respondent leaving the roster. */
export function rosterOwns(path, doc) {
  if (path === "members") return true;
  const match = /^members\/(\d+)\/(.+)$/.exec(path);
  if (!match) return false;
  const member = doc.members[Number(match[1])];
  if (["presence", "member_id", "hubungan"].includes(match[2])) return true;
  return match[2] === "nama" && member != null && isAdded(member);
}
