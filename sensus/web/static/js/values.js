// @ts-check
// An answer as people read it: choice labels, dates written out, region names.
import { api } from "./api.js";
import { h } from "./dom.js";
import { formatDate, pick, t } from "./i18n.js";

/** `value` (an answer to `question`) as text, or as an element that fills in a region's names. */
export function showValue(question, value, choiceLists) {
  if (value === undefined || value === null) return t("not_answered");
  if (question?.type === "yes_no") return value ? t("yes") : t("no");
  if (question?.type === "presence") return t(`presence_${value}`);
  if (question?.type === "date") return formatDate(value);
  if (question?.type === "single_choice" || question?.type === "multiple_choice") {
    const list = choiceLists[question.choices] ?? [];
    const label = (code) => pick(list.find((c) => c.code === code)?.label) || String(code);
    return Array.isArray(value) ? value.map(label).join(", ") : label(value);
  }
  if (question?.type === "region") {
    const node = h("span", {}, value);
    // Names from the region master, village first: "Kuin Utara, Banjarmasin Utara, …".
    api("GET", `/regions/${value}`).then((r) => { node.textContent = r.path.join(", "); }).catch(() => {});
    return node;
  }
  return Array.isArray(value) ? value.join(", ") : String(value);
}
