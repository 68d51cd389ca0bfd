// @ts-check
// Conflicts of a merge (ADR 0010), shown at their field: what the other device (or a loaded
// file) had there, with one tap to use it and one to keep this one. The document's field
// paths name members by place (members/2/nama), conflicts by member_id: both are mapped here.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { setAnswer } from "./household-doc.js";
import { showValue } from "./values.js";

/** The conflict path (by member_id) of a field path (by place), or null. */
export function idPathOf(path, doc) {
  if (path.startsWith("household/")) return path;
  const match = /^members\/(\d+)(?:\/(.+))?$/.exec(path);
  const member = match && doc.members[Number(match[1])];
  if (!member) return null;
  const base = `members/${member.member_id}`;
  if (!match[2]) return base;
  return match[2] === "presence" ? `${base}/presence` : `${base}/answers/${match[2]}`;
}

/** The field path (by place) of a conflict path (by member_id), or null. */
export function placePathOf(path, doc) {
  const parts = path.split("/");
  if (parts[0] === "household") return path;
  const index = doc.members.findIndex((m) => m.member_id === parts[1]);
  if (index < 0) return null;
  if (parts.length === 2) return `members/${index}`;
  return `members/${index}/${parts[2] === "presence" ? "presence" : parts[3]}`;
}

/** Put the conflict's other value into `doc` (in place). */
export function useOther(doc, conflict) {
  const parts = conflict.path.split("/");
  if (parts[0] === "household") return setAnswer(doc.household, parts[1], conflict.other ?? undefined);
  const index = doc.members.findIndex((m) => m.member_id === parts[1]);
  if (index < 0) return undefined;
  if (parts.length === 2) return conflict.other === null ? doc.members.splice(index, 1) : undefined;
  if (parts[2] === "presence") doc.members[index].presence = conflict.other;
  else setAnswer(doc.members[index].answers, parts[3], conflict.other ?? undefined);
  return undefined;
}

function text(conflict, question, choiceLists) {
  const member = conflict.path.split("/").length === 2;
  if (member) return t(conflict.source === "mine" ? "conflict_removed_here" : "conflict_removed_elsewhere");
  const value = conflict.other === null ? t("conflict_empty") : showValue(question, conflict.other, choiceLists);
  const key = { mine: "conflict_here", file: "conflict_file", shared: "conflict_shared" }[conflict.source] ?? "conflict_elsewhere";
  const [before, after] = t(key).split("{value}");
  return [before, h("strong", {}, value), after ?? ""];
}

/**
 * The note for `conflict` at a field (`question`: the field's question, if any).
 * `resolve(useThat)` applies the choice.
 */
export function conflictNote(conflict, question, choiceLists, resolve) {
  const member = conflict.path.split("/").length === 2;
  const useLabel = member && conflict.other === null ? t("conflict_remove") : t("conflict_use");
  return h("div", { class: "conflict", role: "note" },
    h("p", {}, text(conflict, question, choiceLists)),
    h("div", { class: "conflict-actions" },
      h("button", { type: "button", class: "secondary", onclick: () => resolve(true) }, useLabel),
      h("button", { type: "button", class: "link-button", onclick: () => resolve(false) }, t("conflict_keep"))));
}
