// @ts-check
// The records an officer makes in the field (docs/CONTRACTS.md, "Records"), built and checked
// on the device before they wait for a sync: each with a record_id made here once, so that
// however often it is sent the server stores it once.
import { uuid } from "../household-doc.js";

export const OUTCOMES = ["completed", "nobody_home", "refused", "moved", "vacant", "dwelling_not_found", "new_household_found"];
export const REVISIT_OUTCOMES = ["nobody_home", "refused"];
export const LISTING_RESULTS = ["confirmed", "corrected", "moved", "not_found", "merged"];
export const CORRECTABLE = { address: 200, rt: 3, rw: 3, head_name: 120 };
export const MAX_NOTE = 500;
export const MAX_ADDRESS = 200;

/** The device's time with its offset, as a record's `recorded_at`. */
export function now() {
  return new Date().toISOString();
}

/** A new field record waiting to be sent; `refs` names what it is about (for the pages). */
export function newRecord(kind, fields, refs = {}) {
  const recordId = uuid();
  const body = { record_id: recordId, kind, ...fields, recorded_at: now() };
  const created = now();
  return {
    record_id: recordId, kind, body, household_id: refs.household_id ?? null, assignment_id: refs.assignment_id ?? null,
    area_id: refs.area_id ?? null, replaces: refs.replaces ?? null, state: "waiting", batch: null, result: null,
    created_at: created, updated_at: created,
  };
}

/** The same record with another body (a refused record fixed, or one not sent yet corrected). */
export function revised(record, fields) {
  const body = { record_id: record.record_id, kind: record.kind, ...fields, recorded_at: record.body.recorded_at };
  return { ...record, body, state: "waiting", batch: null, result: null };
}

/** "YYYY-MM-DD" and "HH:MM" on this device's clock as an ISO moment; null when incomplete. */
export function moment(day, time) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day ?? "")) return null;
  const when = new Date(`${day}T${/^\d{2}:\d{2}$/.test(time ?? "") ? time : "08:00"}`);
  return Number.isNaN(when.getTime()) ? null : when.toISOString();
}

/** Problems of a visit's fields (map field → message key), before it is saved. */
export function visitProblems({ outcome, revisit_at: revisitAt, note }) {
  const problems = {};
  if (!OUTCOMES.includes(outcome)) problems.outcome = "required";
  if (outcome === "nobody_home" && !revisitAt) problems.revisit_at = "revisit_needed";
  if (revisitAt && !REVISIT_OUTCOMES.includes(outcome)) problems.revisit_at = "revisit_not_allowed";
  if ((note ?? "").length > MAX_NOTE) problems.note = "too_long_note";
  return problems;
}

/** The fields of a visit as sent (no empty note, no revisit where none is allowed). */
export function visitFields(assignmentId, { outcome, revisit_at: revisitAt, note }) {
  const fields = { assignment_id: assignmentId, outcome };
  if (note) fields.note = note;
  if (revisitAt && REVISIT_OUTCOMES.includes(outcome)) fields.revisit_at = revisitAt;
  return fields;
}

export function listingProblems({ result, corrections = {}, merged_into: mergedInto, note }) {
  const problems = {};
  if (!LISTING_RESULTS.includes(result)) problems.result = "required";
  if (result === "merged" && !mergedInto) problems.merged_into = "choose_merged";
  if (result === "corrected" && !Object.values(corrections).some(Boolean)) problems.corrections = "correct_something";
  for (const [key, limit] of Object.entries(CORRECTABLE)) {
    const value = corrections[key] ?? "";
    if (value.length > limit) problems[`corrections/${key}`] = "too_long_text";
    if ((key === "rt" || key === "rw") && value && !/^\d{1,3}$/.test(value)) problems[`corrections/${key}`] = "rt_rw_digits";
  }
  if ((note ?? "").length > MAX_NOTE) problems.note = "too_long_note";
  return problems;
}

export function listingFields(householdId, { result, corrections = {}, merged_into: mergedInto, note }) {
  const fields = { household_id: householdId, result };
  const given = Object.fromEntries(Object.entries(corrections).filter(([, v]) => v));
  if (result === "corrected" && Object.keys(given).length) fields.corrections = given;
  if (result === "merged") fields.merged_into = mergedInto;
  if (note) fields.note = note;
  return fields;
}

export function newHouseholdProblems({ address, kk, note }) {
  const problems = {};
  if (!address) problems.address = "required";
  else if (address.length > MAX_ADDRESS) problems.address = "too_long_text";
  if (kk && !/^\d{16}$/.test(kk)) problems.kk = "sixteen_digits";
  if ((note ?? "").length > MAX_NOTE) problems.note = "too_long_note";
  return problems;
}

/** A household found in the field: a provisional id and an assignment id, both made here. */
export function newHouseholdFields(areaId, { address, kk, note }) {
  const fields = { provisional_id: `P-${uuid()}`, assignment_id: uuid(), area_id: areaId, address };
  if (kk) fields.kk = kk;
  if (note) fields.note = note;
  return fields;
}
