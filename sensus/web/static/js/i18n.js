// @ts-check
// Strings come from the server's catalog, rendered into the page as JSON, so the page
// and its scripts always speak the same language and translators edit one file.
/** @type {Record<string, string>} */
const strings = JSON.parse(document.getElementById("strings")?.textContent || "{}");
// The field error catalogue (sensus/domain/messages.py), rendered beside the strings in both
// languages: a field error carries its {id, en} message, as the server's do.
const catalogue = JSON.parse(document.getElementById("field-messages")?.textContent || "{}");

export const lang = document.documentElement.lang === "en" ? "en" : "id";

/**
 * The translated string for `key`, with `{name}` placeholders filled from `vars`.
 * @param {string} key
 * @param {Record<string, unknown>} [vars]
 */
export function t(key, vars = {}) {
  let text = strings[key] ?? key;
  for (const [name, value] of Object.entries(vars)) {
    text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

/**
 * A `{"id": ..., "en": ...}` text from the questionnaire or the API, in the page's language.
 * @param {string | Record<string, string | undefined> | null | undefined} text
 */
export function pick(text) {
  if (text == null) return "";
  if (typeof text === "string") return text;
  return text[lang] ?? text.id ?? "";
}

/**
 * The message of an API error or field error (`message_id` / `message_en`).
 * @param {{message_id?: string, message_en?: string}} error
 */
export function messageOf(error) {
  return (lang === "en" ? error.message_en : error.message_id) || error.message_id || "";
}

const dates = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "id-ID", {
  day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
});

/**
 * A `YYYY-MM-DD` answer as people write it: "15 Februari 2026".
 * @param {string} iso
 */
export function formatDate(iso) {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? dates.format(new Date(`${iso}T00:00:00Z`)) : iso;
}

/**
 * The catalogued error `code` at `path`: {path, code, message: {id, en}}.
 * @param {string} path
 * @param {string} code
 */
export function fieldError(path, code) {
  return { path, code, message: { ...catalogue.fields?.[code] } };
}

/**
 * A NIK error (a NIK code of the catalogue) at `path`.
 * @param {string} path
 * @param {string} code
 */
export function nikError(path, code) {
  return { path, code, message: { ...catalogue.nik?.[code] } };
}

/**
 * @param {number | string | null | undefined} bound
 * @param {boolean} isDate
 * @param {"id" | "en"} language
 */
function written(bound, isDate, language) {
  if (bound == null || !isDate) return String(bound);
  const [year, month, day] = String(bound).split("-");
  return `${Number(day)} ${catalogue.months[language][Number(month) - 1]} ${year}`;
}

/**
 * `out_of_range` at `path`, saying the range ("Isikan angka 0–120."), as messages.py does.
 * @param {string} path
 * @param {number | string | null | undefined} low
 * @param {number | string | null | undefined} high
 * @param {boolean} isDate
 */
export function outOfRange(path, low, high, isDate) {
  const texts = catalogue.ranges?.[[low != null, high != null, isDate].join(",")];
  if (!texts) return { path, code: "out_of_range", message: {} };
  const fill = (/** @type {"id" | "en"} */ language) => texts[language]
    .replace("{low}", written(low, isDate, language)).replace("{high}", written(high, isDate, language));
  return { path, code: "out_of_range", message: { id: fill("id"), en: fill("en") } };
}
