// @ts-check
// How the officer app names things on screen: outcomes, list checks, statuses, the fate of a
// record after a sync and what comes next (every refusal says why and what to do: never a
// bare code), and where in a record a refused field is ("Anggota ke-3 · Tanggal lahir").
import { h } from "../dom.js";
import { formatDate, messageOf, pick, t } from "../i18n.js";
import { formatMoment as formatZoned } from "../moments.js";

// The officer's areas are in one province: times are shown in its zone (WITA in Kalimantan
// Selatan), whatever zone the phone is set to. Set from the bundle (field.js).
let place = null;

/** Show times in the zone of region `code` (an area's code) from now on. */
export function showTimesIn(code) {
  place = code ?? null;
}

/** An ISO moment in the zone of the officer's areas, the zone named: "25 November 2026, pukul 22.10 WITA". */
export const formatMoment = (iso) => formatZoned(iso, place);

export const outcomeLabel = (outcome) => t(`outcome_${outcome}`);
export const listingLabel = (result) => t(`listing_${result}`);
export const kindLabel = (kind) => t(`kind_${kind}`);
export const onlineLabel = (status) => t(`online_${status}`);

/** What an assignment's progress (FieldWork.progress) says, in a line. */
export function progressLabel(progress) {
  if (progress.status.startsWith("visit_")) {
    const text = t("progress_visit", { outcome: outcomeLabel(progress.status.slice(6)) });
    return progress.revisit_at ? `${text} · ${t("revisit_on", { when: formatMoment(progress.revisit_at) })}` : text;
  }
  return t(`progress_${progress.status}`);
}

/** The fate of a record on this device, in a few words. */
export function recordStateLabel(record) {
  if (record.state === "waiting") return t(record.result ? "record_waiting_again" : "record_waiting");
  if (record.state === "rejected") return t(`record_rejected_${record.result?.next ?? "retry"}`);
  return t(`record_${record.state}`);
}

/** What happens next with a refused record (fix, retry, ask_supervisor). */
export const nextStepText = (next) => t(`next_${next ?? "retry"}`);

/** The place of a refused field: `document/members/2/tanggal_lahir` → "Anggota ke-3 · Tanggal lahir". */
export function fieldPlace(path, questionnaire) {
  let parts = String(path ?? "").split("/").filter(Boolean);
  if (parts[0] === "document" && parts.length > 1) parts = parts.slice(1);
  if (parts[0] === "members" && /^\d+$/.test(parts[1] ?? "")) {
    const who = t("place_member", { number: Number(parts[1]) + 1 });
    const question = parts.length === 3 ? questionnaire?.person_questions.find((q) => q.id === parts[2]) : null;
    const what = question ? pick(question.label) : parts.slice(2).join("/");
    return what ? `${who} · ${what}` : who;
  }
  if (parts[0] === "household" && parts.length === 2) {
    const question = questionnaire?.household_questions.find((q) => q.id === parts[1]);
    return `${t("place_household")} · ${question ? pick(question.label) : parts[1]}`;
  }
  const known = t(`field_${parts[0]}`);
  if (parts.length && known !== `field_${parts[0]}`) return [known, ...parts.slice(1)].join(" · ");
  return parts.join("/") || t("place_record");
}

/** Why a record was refused, where, and what next: the lines the sync screen shows. */
export function refusalLines(result, questionnaire) {
  const error = result?.error;
  if (!error) return [];
  return [
    h("p", { class: "why" }, messageOf(error) || error.code),
    ...(error.fields ?? []).map((f) => h("p", { class: "where" }, `${fieldPlace(f.path, questionnaire)}: ${messageOf(f) || f.code}`)),
    h("p", { class: "next" }, nextStepText(result.next)),
  ];
}

export { formatDate };
