// The origin's one IndexedDB database, shared by every app of sensus on this site (the
// household app today, the officer app later) and by the service worker: its object stores
// and schema version. A new store is a new version; opening at it upgrades the database in
// place and keeps every record (store.js).
export const DATABASE = "sensus";
export const VERSION = 1;
export const STORES = {
  records: { keyPath: "key" }, // an app's own records, validated on every read
  outbox: { keyPath: "key" }, // server writes waiting to be sent (outbox.js)
  results: { keyPath: "key" }, // answers to writes the service worker sent while no page was open
};
export const OUTBOX_LOCK = "sensus-outbox"; // one sender at a time across tabs and the worker
export const SYNC_TAG = "sensus-outbox"; // Background Sync
