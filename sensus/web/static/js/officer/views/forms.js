// @ts-check
// Small form parts of the officer's screens: every field with a visible label tied to it and
// an error line under it (the error's id is the field's id + "-error").
import { h } from "../../dom.js";

function errorLine(id) {
  return h("p", { class: "error", id: `${id}-error`, hidden: true });
}

/** A text, date, time or number input as a `.field`. */
export function inputField(id, label, { value = "", type = "text", hint = null, inputmode = null, maxlength = null, required = false } = {}) {
  const hintLine = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  const input = h("input", { id, type, value, inputmode, maxlength, autocomplete: "off",
    "aria-describedby": [hintLine && `${id}-hint`, `${id}-error`].filter(Boolean).join(" ") });
  return h("div", { class: "field" }, h("label", { for: id, class: required ? "required" : null }, label), hintLine, input, errorLine(id));
}

/** A multi-line text as a `.field`. */
export function textField(id, label, { value = "", maxlength = null } = {}) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    h("textarea", { id, rows: "3", maxlength, "aria-describedby": `${id}-error` }, value), errorLine(id));
}

/**
 * One choice of `options` ([{value, label}]) as radio rows under a legend; `onPick(value)`.
 * @param {string} id
 * @param {string} legend
 * @param {{value: string, label: string}[]} options
 * @param {{value?: string | null, onPick?: (value: string) => void, required?: boolean}} [settings]
 */
export function radioField(id, legend, options, { value = null, onPick = () => {}, required = false } = {}) {
  const group = h("div", { class: "choices" });
  for (const option of options) {
    const optionId = `${id}-${option.value}`;
    group.append(h("div", { class: "choice" },
      h("input", { id: optionId, type: "radio", name: id, value: option.value, checked: option.value === value,
        onchange: () => onPick(option.value) }),
      h("label", { for: optionId }, option.label)));
  }
  return h("fieldset", { class: "field", id, "aria-describedby": `${id}-error` },
    h("legend", { class: required ? "required" : null }, legend), group, errorLine(id));
}

/** A select of `options` ([{value, label}]) with an empty first choice. */
export function selectField(id, label, options, { value = "", empty = "" } = {}) {
  const select = h("select", { id, "aria-describedby": `${id}-error` }, h("option", { value: "" }, empty));
  for (const option of options) select.append(h("option", { value: option.value, selected: option.value === value }, option.label));
  return h("div", { class: "field" }, h("label", { for: id }, label), select, errorLine(id));
}

/** The value of the input `id` inside `root` (trimmed), or of its checked radio. */
export function valueOf(root, id) {
  const checked = root.querySelector(`input[name="${id}"]:checked`);
  if (checked) return checked.value;
  const field = root.querySelector(`#${id}`);
  return field && "value" in field ? String(field.value).trim() : "";
}

/** Show `messages` (id → text) at their fields inside `root`, clearing the others. */
export function showProblems(root, messages) {
  for (const box of root.querySelectorAll(".error")) {
    const id = box.id.replace(/-error$/, "");
    const message = messages[id] ?? "";
    box.textContent = message;
    box.hidden = !message;
    box.closest(".field")?.classList.toggle("invalid", Boolean(message));
  }
  const first = root.querySelector(".error:not([hidden])")?.closest(".field");
  (first?.querySelector("input, select, textarea"))?.focus();
}

/** Append `children` to `container`, leaving out the absent ones (null, false). */
export function put(container, ...children) {
  container.append(...children.flat().filter((child) => child != null && child !== false));
}
