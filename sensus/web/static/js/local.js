// @ts-check
// The household's records on this device (IndexedDB, offline/store.js), each checked when
// read: a record of the wrong shape, of another household or of another questionnaire is
// set aside in quarantine and the app carries on without it.
//
//   questionnaire  {key, questionnaire}          the questionnaire as GET /questionnaire gave it
//   household      {key, household_ref, view}    the registry pre-fill (GET /self-response/household)
//   signin         {key, household_ref, kk, nik} to ask only for the password when a session ends
//   document       {key, household_ref, questionnaire_id, doc, revision, server: {version, doc, conflicts},
//                   origin, conflicts, set_aside, submission, refusal, updated_at}
//
// `doc` is this device's document; `server` the last server draft it knows (doc null: none
// yet); `origin` what this device's changes are measured from in a merge (the server draft,
// or the registry pre-fill before there is one). See ADR 0010 and docs/offline.md.
import { DATABASE, STORES, VERSION } from "./offline/schema.js";
import { openStore } from "./offline/store.js";

/**
 * The document record's shape (checked on every read by documentRecordProblem below).
 * @typedef {import("./changes.js").Doc} Doc
 * @typedef {import("./changes.js").Conflict} Conflict
 * @typedef {import("./changes.js").SharedConflict} SharedConflict
 * @typedef {{submission_id: string, document: Doc, queued_at: string, receipt: object | null,
 *   refused: object | null, cancelled?: boolean}} Submission  the household's submission (sync.js)
 * @typedef {{key: "document", household_ref: string, questionnaire_id: string, doc: Doc,
 *   revision: number, server: {version: number, doc: Doc | null, conflicts?: SharedConflict[]},
 *   origin: Doc, conflicts: Conflict[], set_aside: object[], submission: Submission | null,
 *   refusal: object | null, submitted_elsewhere?: boolean, updated_at: string}} DocumentRecord
 * @typedef {import("./offline/store.js").Stored} Stored
 */

export const RECORDS = "records";
/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}  any: a stored object, each use checks its fields
 */
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
/** @param {unknown} value */
const isText = (value) => typeof value === "string" && value !== "";
/** @param {unknown} value */
const isCount = (value) => typeof value === "number" && Number.isInteger(value) && value >= 0;

/**
 * The database, or null where IndexedDB cannot be used (then answers live in the page only).
 * @param {() => void} [onClosed]
 */
export async function openLocal(onClosed) {
  try {
    return await openStore(DATABASE, VERSION, STORES, { onClosed });
  } catch (error) {
    console.warn("sensus: no IndexedDB", error);
    return null;
  }
}

/**
 * What is wrong with a household response document's shape, or null.
 * @param {unknown} doc
 */
export function documentProblem(doc) {
  if (!isObject(doc) || !isObject(doc.household) || !Array.isArray(doc.members)) return "not a document";
  for (const member of doc.members) {
    if (!isObject(member) || !isText(member.member_id) || !isText(member.presence) || !isObject(member.answers)) {
      return "not a member";
    }
  }
  return null;
}

/** @param {Stored} record */
function questionnaireProblem(record) {
  const q = record?.questionnaire;
  if (record?.key !== "questionnaire" || !isObject(q)) return "wrong shape";
  const ok = isText(q.id) && isText(q.version) && isText(q.digest) && isObject(q.choice_lists)
    && Array.isArray(q.household_questions) && Array.isArray(q.person_questions);
  return ok ? null : "wrong shape";
}

/**
 * @param {Stored} record
 * @param {string | null} ref
 */
function householdProblem(record, ref) {
  if (record?.key !== "household" || !isText(record.household_ref) || !isObject(record.view)) return "wrong shape";
  if (!isObject(record.view.household) || !Array.isArray(record.view.registry_members)) return "wrong shape";
  return ref && record.household_ref !== ref ? "other household" : null;
}

/**
 * @param {Stored} record
 * @param {string | null} ref
 */
function signinProblem(record, ref) {
  if (record?.key !== "signin" || !isText(record.household_ref) || !isText(record.kk) || !isText(record.nik)) {
    return "wrong shape";
  }
  return ref && record.household_ref !== ref ? "other household" : null;
}

/**
 * @param {Stored} record
 * @param {string | null} ref
 * @param {string | null} questionnaireId
 */
function documentRecordProblem(record, ref, questionnaireId) {
  if (record?.key !== "document" || !isText(record.household_ref) || !isText(record.questionnaire_id)) return "wrong shape";
  const server = record.server;
  const shape = documentProblem(record.doc) ?? documentProblem(record.origin)
    ?? (!isObject(server) || !isCount(server.version) ? "no server version" : null)
    ?? (server.doc === null ? null : documentProblem(server.doc))
    ?? (server.conflicts === undefined || Array.isArray(server.conflicts) ? null : "wrong shape")
    ?? (!isCount(record.revision) || !Array.isArray(record.conflicts) || !Array.isArray(record.set_aside) ? "wrong shape" : null);
  if (shape) return shape;
  if (ref && record.household_ref !== ref) return "other household";
  if (questionnaireId && record.questionnaire_id !== questionnaireId) return "other questionnaire";
  return null;
}

/**
 * Every record of this device, checked: {questionnaire, household, signin, document} (each
 * null when absent or set aside). `ref`: the household signed in, when the server said so.
 * @param {import("./offline/store.js").Records} store
 * @param {string | null} [ref]
 */
export async function readLocal(store, ref = null) {
  const questionnaire = await store.read(RECORDS, "questionnaire", questionnaireProblem);
  const household = await store.read(RECORDS, "household", (r) => householdProblem(r, ref));
  const known = ref ?? household?.household_ref ?? null;
  const signin = await store.read(RECORDS, "signin", (r) => signinProblem(r, known));
  const document = await store.read(RECORDS, "document",
    (r) => documentRecordProblem(r, known, questionnaire?.questionnaire.id ?? null));
  return { questionnaire, household, signin, document };
}

/**
 * The numbers kept for signing in again as household `ref`, or null.
 * @param {import("./offline/store.js").Records | null} store
 * @param {string | null} ref
 */
export async function readSignin(store, ref) {
  return store ? store.read(RECORDS, "signin", (record) => signinProblem(record, ref)) : null;
}

/**
 * A document record for a household seen for the first time on this device.
 * @param {string} ref
 * @param {{id: string}} questionnaire
 * @param {Doc} doc
 * @param {DocumentRecord["server"]} server
 * @returns {DocumentRecord}
 */
export function newDocumentRecord(ref, questionnaire, doc, server) {
  return {
    key: "document",
    household_ref: ref,
    questionnaire_id: questionnaire.id,
    doc,
    revision: 0,
    server,
    origin: structuredClone(server.doc ?? doc),
    conflicts: [],
    set_aside: [],
    submission: null,
    refusal: null,
    updated_at: new Date().toISOString(),
  };
}

/**
 * Forget this household on this device (signing out with everything sent).
 * @param {import("./offline/store.js").Records} store
 */
export async function forgetHousehold(store) {
  for (const key of ["document", "household", "signin"]) await store.delete(RECORDS, key);
  // Where the person was in each household's form (app.js): nothing to come back to.
  for (const key of Object.keys(localStorage)) if (key.startsWith("sensus.step.")) localStorage.removeItem(key);
  await store.clear("outbox");
  await store.clear("results");
}
