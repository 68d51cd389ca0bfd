// @ts-check
// The origin's one IndexedDB database, shared by every app of sensus on this site (the
// household app and the officer app) and by the service worker: its object stores and
// schema version. A new store is a new version; opening at it upgrades the database in
// place and keeps every record (store.js: stores missing at the old version are created,
// nothing else is touched). A page of an older release still open is told to reload.
//
// Versions: 1 the household app; 2 adds the officer app's stores (docs/offline.md).
export const DATABASE = "sensus";
export const VERSION = 2;
export const STORES = {
  records: { keyPath: "key" }, // the household app's records, validated on every read
  outbox: { keyPath: "key" }, // the household app's server writes waiting to be sent (outbox.js)
  results: { keyPath: "key" }, // answers to writes the service worker sent while no page was open
  // The officer app (version 2): its records, never mixed with a household's, so that
  // signing a household in or out on the device never touches an officer's work.
  officer: { keyPath: "key" }, // the bundle, the questionnaire, the sync state
  officer_records: { keyPath: "record_id" }, // visits, interviews, list checks, new households
  officer_drafts: { keyPath: "assignment_id" }, // interviews being filled in
  officer_outbox: { keyPath: "key" }, // sync batches waiting to be sent
  officer_results: { keyPath: "key" }, // answers to batches the service worker sent
};

// An outbox's stores, its lock (one sender at a time across tabs and the service worker)
// and its Background Sync tag.
export const HOUSEHOLD_QUEUE = { outbox: "outbox", results: "results", lock: "sensus-outbox", tag: "sensus-outbox" };
export const OFFICER_QUEUE = {
  outbox: "officer_outbox", results: "officer_results", lock: "sensus-officer-outbox", tag: "sensus-officer-outbox",
};
export const QUEUES = [HOUSEHOLD_QUEUE, OFFICER_QUEUE];
