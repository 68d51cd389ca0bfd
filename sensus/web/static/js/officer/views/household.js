// @ts-check
// One household: what the list says about it, the visit (outcome, revisit), the interview,
// the receipt code a household shows to say it answered online (checked offline), the list
// check, and what this device recorded about it with the fate of each record.
import { h } from "../../dom.js";
import { messageOf, t } from "../../i18n.js";
import { confirmReceipt } from "../../receipt-codes.js";
import { newRecord, revised, LISTING_RESULTS, listingFields, listingProblems, moment, OUTCOMES,
  REVISIT_OUTCOMES, visitFields, visitProblems } from "../records.js";
import { householdKey } from "../field.js";
import { formatMoment, kindLabel, listingLabel, onlineLabel, outcomeLabel, progressLabel, recordStateLabel,
  refusalLines } from "../texts.js";
import { householdLabel, householdName } from "./area.js";
import { inputField, put, radioField, selectField, showProblems, textField, valueOf } from "./forms.js";

/** Server field errors of a refused record, as {field id → message} of a form with `prefix`. */
function serverProblems(record, prefix) {
  const messages = {};
  for (const f of record?.result?.error?.fields ?? []) messages[`${prefix}-${f.path.replaceAll("/", "-")}`] = messageOf(f);
  return messages;
}

function facts(app, entry) {
  const rows = [
    [t("fact_address"), entry.address],
    [t("fact_kk"), entry.kk_masked ?? t("fact_none")],
    [t("fact_members"), String(entry.members)],
    [t("fact_online"), onlineLabel(entry.online_status)],
    [t("fact_source"), t(`source_${entry.source}`)],
    entry.provisional_id && [t("fact_provisional_id"), entry.provisional_id],
    [t("fact_listing"), app.field.listingOf(entry) ? listingLabel(app.field.listingOf(entry)) : t("fact_not_checked")],
  ].filter(Boolean);
  return h("dl", { class: "facts" }, rows.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

function interviewPart(app, assignment) {
  const { field } = app;
  const progress = field.progress(assignment);
  const open = (params = {}) => app.go("interview", { assignment: assignment.assignment_id, ...params });
  const parts = [h("p", { id: "progress" }, progressLabel(progress))];
  if (progress.status === "returned") {
    parts.push(h("div", { class: "notice attention comment" },
      h("p", {}, t("returned_comment")), h("p", { class: "quote" }, progress.returned.comment)),
    h("button", { type: "button", class: "primary", onclick: () => open({ returned: progress.returned.record_id }) },
      t("correct_interview")));
  } else if (progress.status === "interview_refused" && progress.record.result?.next === "fix") {
    parts.push(h("button", { type: "button", class: "primary", onclick: () => open({ fix: progress.record.record_id }) },
      t("fix_interview")));
  } else if (progress.status === "interviewed") {
    const record = progress.record;
    const editable = record.state === "waiting" && !record.batch && !record.result;
    if (editable) {
      parts.push(h("button", { type: "button", class: "secondary", onclick: () => open({ fix: record.record_id }) },
        t("change_interview")));
    }
  } else {
    const begun = field.drafts.has(assignment.assignment_id);
    parts.push(h("button", { type: "button", class: "primary", id: "start-interview", onclick: () => open() },
      t(begun ? "continue_interview" : "start_interview")));
  }
  return h("section", { class: "card", "aria-labelledby": "interview-title" },
    h("h3", { id: "interview-title" }, t("interview_title")), ...parts);
}

function visitPart(app, entry, assignment, fixing) {
  const body = fixing?.body ?? {};
  const form = h("form", { id: "visit-form", novalidate: true });
  const revisit = h("div", { id: "revisit-fields" },
    inputField("visit-revisit-day", t("revisit_day"), { type: "date", value: body.revisit_at ? body.revisit_at.slice(0, 10) : "" }),
    inputField("visit-revisit-time", t("revisit_time"), { type: "time", value: "" }));
  const showRevisit = (outcome) => { revisit.hidden = !REVISIT_OUTCOMES.includes(outcome); };
  form.append(
    h("h3", { id: "visit-title" }, t(fixing ? "fix_visit_title" : "visit_title")),
    radioField("visit-outcome", t("visit_outcome"), OUTCOMES.map((o) => ({ value: o, label: outcomeLabel(o) })),
      { value: body.outcome ?? null, onPick: showRevisit, required: true }),
    revisit,
    textField("visit-note", t("note"), { value: body.note ?? "", maxlength: "500" }),
    h("p", { class: "error form-error", id: "visit-revisit_at-error", role: "alert", hidden: true }),
    h("button", { type: "submit", class: "primary" }, t("save_visit")));
  showRevisit(body.outcome);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {
      outcome: valueOf(form, "visit-outcome"),
      revisit_at: REVISIT_OUTCOMES.includes(valueOf(form, "visit-outcome"))
        ? moment(valueOf(form, "visit-revisit-day"), valueOf(form, "visit-revisit-time")) : null,
      note: valueOf(form, "visit-note"),
    };
    const problems = visitProblems(values);
    if (Object.keys(problems).length) {
      const ids = { outcome: "visit-outcome", revisit_at: "visit-revisit-day", note: "visit-note" };
      return showProblems(form, Object.fromEntries(Object.entries(problems).map(([k, v]) => [ids[k], t(v)])));
    }
    const fields = visitFields(assignment.assignment_id, values);
    const refs = { household_id: entry.household_id, assignment_id: assignment.assignment_id, area_id: assignment.area_id };
    await app.field.putRecord(fixing ? revised(fixing, fields) : newRecord("visit", fields, refs));
    return app.go("household", { household: householdKey(entry) }, { replace: true, notice: t("visit_saved") });
  });
  if (fixing) queueMicrotask(() => showProblems(form, serverProblems(fixing, "visit")));
  return h("section", { class: "card", "aria-labelledby": "visit-title" }, form);
}

/**
 * What a receipt code says about the household, checked against what the phone knows now:
 * the bundle's hash, or the one the latest sync brought with the household's online answer.
 */
async function receiptVerdict(app, code, entry) {
  if (!code) return "empty";
  const verdict = await confirmReceipt(code, entry, entry.receipt_salt ?? app.field.bundle.receipt_salt);
  // The phone knows the household answered online but holds no hash for it (a sync before
  // syncs carried them): say so, rather than that it had not answered.
  return verdict === "unknown" && entry.online_status === "submitted" ? "unverifiable" : verdict;
}

function receiptPart(app, entry) {
  const result = h("p", { id: "receipt-result", role: "status" });
  const form = h("form", { id: "receipt-form", novalidate: true },
    h("h3", { id: "receipt-title" }, t("receipt_title")),
    h("p", { class: "hint" }, t("receipt_intro")),
    inputField("receipt-code", t("receipt_code"), { hint: t("receipt_code_hint"), maxlength: "16" }),
    h("button", { type: "submit", class: "secondary" }, t("check_code")), result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = valueOf(form, "receipt-code");
    // The household as the phone knows it now: a sync may have answered since the screen was
    // drawn (the screen is not redrawn under a field being typed in).
    const current = app.field.household(householdKey(entry))?.entry ?? entry;
    const verdict = await receiptVerdict(app, code, current);
    result.textContent = t(`receipt_${verdict}`,
      { household: householdLabel(current), when: formatMoment(app.field.lastHeard) });
    result.dataset.verdict = verdict;
  });
  return h("section", { class: "card", "aria-labelledby": "receipt-title" }, form);
}

function listingPart(app, entry, area, fixing) {
  const body = fixing?.body ?? {};
  const form = h("form", { id: "listing-form", novalidate: true });
  const others = app.field.entries(area.id).filter((e) => e.household_id !== null && e.household_id !== entry.household_id);
  const corrections = h("div", { id: "listing-corrections" },
    inputField("listing-corrections-address", t("correct_address"), { value: body.corrections?.address ?? "", maxlength: "200" }),
    inputField("listing-corrections-rt", t("correct_rt"), { value: body.corrections?.rt ?? "", inputmode: "numeric", maxlength: "3" }),
    inputField("listing-corrections-rw", t("correct_rw"), { value: body.corrections?.rw ?? "", inputmode: "numeric", maxlength: "3" }),
    inputField("listing-corrections-head_name", t("correct_head"), { value: body.corrections?.head_name ?? "", maxlength: "120" }),
    h("p", { class: "error", id: "listing-corrections-error", hidden: true }));
  const merged = selectField("listing-merged_into", t("merged_into"),
    others.map((e) => ({ value: String(e.household_id), label: `${householdName(e)} · ${e.address}` })),
    { value: body.merged_into ? String(body.merged_into) : "", empty: t("choose") });
  const shown = (result) => {
    corrections.hidden = result !== "corrected";
    merged.hidden = result !== "merged";
  };
  form.append(
    h("h3", { id: "listing-title" }, t(fixing ? "fix_listing_title" : "listing_check_title")),
    h("p", { class: "hint" }, t("listing_check_intro")),
    radioField("listing-result", t("listing_result"), LISTING_RESULTS.map((r) => ({ value: r, label: listingLabel(r) })),
      { value: body.result ?? null, onPick: shown, required: true }),
    corrections, merged,
    textField("listing-note", t("note"), { value: body.note ?? "", maxlength: "500" }),
    h("button", { type: "submit", class: "secondary" }, t("save_listing")));
  shown(body.result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {
      result: valueOf(form, "listing-result"),
      corrections: Object.fromEntries(["address", "rt", "rw", "head_name"].map((k) => [k, valueOf(form, `listing-corrections-${k}`)])),
      merged_into: Number(valueOf(form, "listing-merged_into")) || null,
      note: valueOf(form, "listing-note"),
    };
    const problems = listingProblems(values);
    if (Object.keys(problems).length) {
      return showProblems(form, Object.fromEntries(Object.entries(problems).map(([k, v]) => [`listing-${k.replace("/", "-")}`, t(v)])));
    }
    const fields = listingFields(entry.household_id, values);
    const refs = { household_id: entry.household_id, area_id: area.id };
    await app.field.putRecord(fixing ? revised(fixing, fields) : newRecord("listing_check", fields, refs));
    return app.go("household", { household: householdKey(entry) }, { replace: true, notice: t("listing_saved") });
  });
  if (fixing) queueMicrotask(() => showProblems(form, serverProblems(fixing, "listing")));
  return h("section", { class: "card", "aria-labelledby": "listing-title" }, form);
}

/** This device's records about the household, each with its fate and, if refused, why. */
export function recordItem(app, record) {
  const what = record.kind === "visit" ? `${kindLabel("visit")}: ${outcomeLabel(record.body.outcome)}`
    : record.kind === "listing_check" ? `${kindLabel("listing_check")}: ${listingLabel(record.body.result)}`
      : kindLabel(record.kind);
  return h("li", { class: `record state-${record.state}`, "data-record": record.record_id },
    h("p", { class: "record-what" }, what, " · ", formatMoment(record.body.recorded_at)),
    h("p", { class: "record-state" }, recordStateLabel(record)),
    record.state === "superseded" ? h("p", { class: "hint" }, t("superseded_explained")) : null,
    ...(record.state === "rejected" || record.result?.error ? refusalLines(record.result, app.field.questionnaire) : []));
}

export function renderHousehold(container, app, { household: key, fix }) {
  const found = app.field.household(key);
  if (!found) return app.go("home", {}, { replace: true });
  const { entry, area, assignment } = found;
  const fixing = fix ? app.field.records.get(fix) : null;
  const records = app.field.recordsOf(entry);
  const removed = Object.values(app.field.sync?.removed ?? {}).find((r) => r.assignment_id === entry.assignment_id);
  put(container,
    h("p", {}, h("button", { type: "button", class: "link-button", onclick: () => app.go("area", { area: area.id }) },
      t("back_to_area", { name: area.name }))),
    h("h1", {}, householdName(entry)),
    facts(app, entry),
    removed ? h("p", { class: "notice", id: "assignment-removed" }, t(`removed_${removed.reason}`)) : null,
    assignment ? interviewPart(app, assignment) : null,
    assignment && (!fixing || fixing.kind === "visit") ? visitPart(app, entry, assignment, fixing?.kind === "visit" ? fixing : null) : null,
    receiptPart(app, entry),
    entry.household_id !== null && (!fixing || fixing.kind === "listing_check")
      ? listingPart(app, entry, area, fixing?.kind === "listing_check" ? fixing : null) : null,
    records.length ? h("section", { class: "card", "aria-labelledby": "device-records-title" },
      h("h3", { id: "device-records-title" }, t("device_records_title")),
      h("ul", { class: "records" }, records.map((record) => recordItem(app, record)))) : null,
  );
  return undefined;
}
