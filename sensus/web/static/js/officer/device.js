// @ts-check
// What the officer's device keeps (IndexedDB, offline/schema.js version 2), each read
// checked: a record of the wrong shape goes to quarantine with the reason (offline/store.js),
// never silently deleted, and the app carries on with the rest.
//
//   officer          {key: "bundle", username, bundle, downloaded_at}
//                    {key: "questionnaire", questionnaire}
//                    {key: "sync", username, since, last_sync_at, removed, returned, answered,
//                     problem}   answered: {household_id → {receipt_hash, receipt_salt, answered_at}}
//   officer_records  {record_id, kind, body, household_id, assignment_id, area_id, replaces,
//                     state, batch, result, created_at, updated_at}
//   officer_drafts   {assignment_id, doc, record_id, replaces, started_at, updated_at}
//
// A record's `body` is exactly what a sync sends (docs/CONTRACTS.md, "Records"); `state`:
// waiting (to send) | stored | duplicate | superseded (the server has it) | rejected (the
// server refused it: `result` says why and what next). `batch`: the outbox entry carrying it.
import { documentProblem } from "../local.js";
import { DATABASE, STORES, VERSION } from "../offline/schema.js";
import { openStore } from "../offline/store.js";

/**
 * The records above, as types (tsc, make check).
 * @typedef {import("../offline/store.js").Records} Records
 * @typedef {import("../offline/store.js").Stored} Stored
 * @typedef {{status: string, error: object | null, notice: object | null, next: string | null,
 *   detail: object | null, at: string}} RecordResult  what the server said of a record
 * @typedef {{record_id: string, kind: string, body: {record_id: string, kind: string} & Record<string, unknown>,
 *   household_id?: string | null, assignment_id?: string | null, area_id?: string | null,
 *   replaces?: string | null, state: string, batch?: string | null, result?: RecordResult | null,
 *   attempts?: number, created_at: string, updated_at?: string}} FieldRecord
 * @typedef {{assignment_id: string, doc: import("../household-doc.js").HouseholdDoc,
 *   record_id?: string | null, replaces?: string | null, started_at?: string, updated_at?: string}} Draft
 * @typedef {{key: "sync", username: string, since: string | null, last_sync_at: string | null,
 *   removed: Record<string, object>, returned: Record<string, object>,
 *   answered: Record<string, {answered_at: string, receipt_salt: string}>,
 *   problem: {status: number, error: object | null, at: string} | null}} SyncState
 */

export const META = "officer";
export const RECORDS = "officer_records";
export const DRAFTS = "officer_drafts";
export const OUTBOX = "officer_outbox";
export const RESULTS = "officer_results";
export const KINDS = ["visit", "interview", "listing_check", "new_household"];
export const STATES = ["waiting", "stored", "duplicate", "superseded", "rejected"];
export const DONE = ["stored", "duplicate", "superseded"]; // the server has it

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}  any: a stored object, each use checks its fields
 */
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
/** @param {unknown} value */
const isText = (value) => typeof value === "string" && value !== "";

/**
 * The database, or null where IndexedDB cannot be used.
 * @param {() => void} [onClosed]
 */
export async function openDevice(onClosed) {
  try {
    return await openStore(DATABASE, VERSION, STORES, { onClosed });
  } catch (error) {
    console.warn("sensus: no IndexedDB", error);
    return null;
  }
}

/** @param {Stored} record */
function bundleProblem(record) {
  const bundle = record?.bundle;
  if (record?.key !== "bundle" || !isText(record.username) || !isObject(bundle)) return "wrong shape";
  const ok = Array.isArray(bundle.areas) && Array.isArray(bundle.assignments) && Array.isArray(bundle.returned)
    && isText(bundle.receipt_salt) && isText(bundle.bundle_version) && isObject(bundle.questionnaire);
  return ok ? null : "wrong shape";
}

/** @param {Stored} record */
function questionnaireProblem(record) {
  const q = record?.questionnaire;
  const ok = record?.key === "questionnaire" && isObject(q) && isText(q.id) && isText(q.digest)
    && Array.isArray(q.household_questions) && Array.isArray(q.person_questions) && isObject(q.choice_lists);
  return ok ? null : "wrong shape";
}

/** @param {Stored} record */
function syncProblem(record) {
  const ok = record?.key === "sync" && isText(record.username) && isObject(record.removed) && isObject(record.returned)
    && (record.answered === undefined || isObject(record.answered)); // kept before `answered` existed: none
  return ok ? null : "wrong shape";
}

/**
 * What is wrong with a field record kept on the device, or null.
 * @param {unknown} record
 */
export function recordProblem(record) {
  if (!isObject(record) || !isText(record.record_id) || !KINDS.includes(record.kind)) return "wrong shape";
  if (!isObject(record.body) || record.body.record_id !== record.record_id || record.body.kind !== record.kind) {
    return "wrong shape";
  }
  if (!STATES.includes(record.state)) return "wrong shape";
  if (record.kind === "interview" && documentProblem(record.body.document)) return "not a document";
  return null;
}

/** @param {unknown} draft */
function draftProblem(draft) {
  if (!isObject(draft) || !isText(draft.assignment_id)) return "wrong shape";
  return documentProblem(draft.doc);
}

/**
 * Every record of a store that passes `check`; the others are set aside in quarantine.
 * @param {Records} store
 * @param {string} name
 * @param {string} key
 * @param {(record: Stored) => string | null} check
 */
async function readAll(store, name, key, check) {
  /** @type {Stored[]} */
  const good = [];
  for (const record of await store.all(name)) {
    let reason;
    try {
      reason = check(record);
    } catch {
      reason = "unreadable";
    }
    if (reason) await store.setAside(name, record?.[key], record, reason);
    else good.push(record);
  }
  return good;
}

/**
 * Everything the officer app keeps on this device: {bundle, questionnaire, sync, records, drafts}.
 * @param {Records} store
 */
export async function readDevice(store) {
  return {
    bundle: await store.read(META, "bundle", bundleProblem),
    questionnaire: await store.read(META, "questionnaire", questionnaireProblem),
    sync: await store.read(META, "sync", syncProblem),
    records: await readAll(store, RECORDS, "record_id", recordProblem),
    drafts: await readAll(store, DRAFTS, "assignment_id", draftProblem),
  };
}

/**
 * A sync state for `username` starting from a bundle's version.
 * @param {string} username
 * @param {string | null} since
 * @returns {SyncState}
 */
export function newSyncState(username, since) {
  return { key: "sync", username, since, last_sync_at: null, removed: {}, returned: {}, answered: {}, problem: null };
}

/**
 * Forget every officer's thing on this device (signing out with everything sent).
 * @param {Records} store
 */
export async function forgetOfficer(store) {
  for (const name of [RECORDS, DRAFTS, OUTBOX, RESULTS, META]) await store.clear(name);
}
