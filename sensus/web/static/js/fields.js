// @ts-check
// One input per question type (docs/CONTRACTS.md), each with a visible <label for> and an
// error line under it. A field reports answers already in the document's value types.
import { h } from "./dom.js";
import { pick, t } from "./i18n.js";
import { regionPicker } from "./regions.js";

// Up to this many choices show as radio rows (one tap); longer lists as a select.
const MAX_RADIOS = 4;

function toInteger(raw) {
  const text = raw.trim();
  if (text === "") return undefined;
  // Kept as typed when it is not a whole number, so validation can say what is wrong.
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

// A text that may run longer than a name (an address) gets a box of several lines: in one
// line, a long address was cut off at the edge of a phone's screen.
const ONE_LINE_MAX = 120;

function textInput(question, value, id, report) {
  const numeric = question.type === "integer" || question.type === "nik";
  const long = question.type === "text" && (question.max_length ?? 1000) > ONE_LINE_MAX;
  const input = h(long ? "textarea" : "input", {
    id,
    type: long ? null : question.type === "date" ? "date" : "text",
    rows: long ? "3" : null,
    inputmode: numeric ? "numeric" : null,
    autocomplete: "off",
    maxlength: question.type === "nik" ? "16" : question.max_length ?? null,
  });
  input.value = value == null ? "" : String(value);
  const read = () => {
    if (question.type === "integer") return toInteger(input.value);
    if (question.type === "nik") return input.value.replace(/\D/g, "") || undefined;
    return input.value.trim() === "" ? undefined : input.value;
  };
  input.addEventListener("input", () => report(read(), false));
  input.addEventListener("change", () => report(read(), true));
  return input;
}

function radios(options, value, id, multiple, report) {
  const name = id;
  const group = h("div", { class: "choices" });
  for (const option of options) {
    const optionId = `${id}-${option.code}`;
    const checked = multiple ? (value ?? []).includes(option.code) : value === option.code;
    group.append(
      h("div", { class: "choice" },
        h("input", { id: optionId, type: multiple ? "checkbox" : "radio", name, value: String(option.code), checked }),
        h("label", { for: optionId }, option.label)),
    );
  }
  group.addEventListener("change", () => {
    const picked = [...group.querySelectorAll("input:checked")].map((i) => option(options, i.value));
    report(multiple ? (picked.length ? picked : undefined) : picked[0], true);
  });
  return group;
}

function option(options, raw) {
  return options.find((o) => String(o.code) === raw).code;
}

function dropdown(options, value, id, report) {
  const select = h("select", { id }, h("option", { value: "" }, t("choose")));
  for (const o of options) select.append(h("option", { value: String(o.code), selected: o.code === value }, o.label));
  select.addEventListener("change", () => report(select.value === "" ? undefined : option(options, select.value), true));
  return select;
}

function choicesOf(question, choiceLists) {
  if (question.type === "yes_no") {
    return [{ code: true, label: t("yes") }, { code: false, label: t("no") }];
  }
  return (choiceLists[question.choices] ?? []).map((c) => ({ code: c.code, label: pick(c.label) }));
}

/**
 * A question as a `.field` element. `report(value, committed)` is called on every edit;
 * `committed` is true when the person has finished with the field (change, blur, a tap).
 */
export function renderField(question, value, { id, choiceLists, report }) {
  const label = pick(question.label);
  const hint = question.help ? h("p", { class: "hint", id: `${id}-hint` }, pick(question.help)) : null;
  const error = h("p", { class: "error", id: `${id}-error`, hidden: true });
  const describedBy = [hint && hint.id, error.id].filter(Boolean).join(" ");
  const grouped = ["single_choice", "multiple_choice", "yes_no", "region"].includes(question.type);
  const choices = grouped && question.type !== "region" ? choicesOf(question, choiceLists) : [];

  if (question.type === "region" || (grouped && (choices.length <= MAX_RADIOS || question.type === "multiple_choice"))) {
    // A group of inputs: the question is the legend, each input has its own label.
    const legend = h("legend", { class: question.required ? "required" : null }, label);
    const set = h("fieldset", { class: "field", id, "aria-describedby": describedBy }, legend, hint);
    if (question.type === "region") {
      const box = h("div");
      set.append(box);
      regionPicker(box, { idPrefix: id, value: value ?? "", describedBy: error.id, onChange: (code) => report(code || undefined, true) });
    } else {
      set.append(radios(choices, value, id, question.type === "multiple_choice", report));
    }
    set.append(error);
    return set;
  }
  const input = grouped ? dropdown(choices, value, id, report) : textInput(question, value, id, report);
  input.setAttribute("aria-describedby", describedBy);
  return h("div", { class: "field" },
    h("label", { for: id, class: question.required ? "required" : null }, label),
    hint, input, error);
}
