// @ts-check
// Strings come from the server's catalog, rendered into the page as JSON, so the page
// and its scripts always speak the same language and translators edit one file.
/** @type {Record<string, string>} */
const strings = JSON.parse(document.getElementById("strings")?.textContent || "{}");

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
