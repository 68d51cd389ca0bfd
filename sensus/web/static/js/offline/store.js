// @ts-check
// IndexedDB with named object stores and a schema version. Every record an app reads goes
// through a check; a record that fails it (corrupted, of another household, of another
// questionnaire) is moved to the quarantine store with the reason: never silently deleted,
// and never a crash of the app that reads it.

export const QUARANTINE = "quarantine";

/**
 * A record as IndexedDB gives it back: `any`, because a store holds what its app put there
 * and each app checks what it reads (`read()`'s check) against its own shapes.
 * @typedef {any} Stored
 * @typedef {{store: string, key: IDBValidKey, reason: string, record: Stored, at: string}} QuarantineEntry
 */

/**
 * @template T
 * @param {IDBRequest<T>} request
 * @returns {Promise<T>}
 */
function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * @param {IDBTransaction} tx
 * @returns {Promise<void>}
 */
function committed(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException("The write was abandoned.", "AbortError"));
  });
}

/**
 * Open the database `name` at schema `version` with `stores` ({name: {keyPath,
 * autoIncrement}}; the quarantine store is added). Stores missing at an older version are
 * created and nothing else changes. When a newer page needs to upgrade, this connection
 * closes and `onClosed` hears of it (the page should ask to reload).
 */
/**
 * @param {string} name
 * @param {number} version
 * @param {Record<string, IDBObjectStoreParameters>} stores
 * @param {{onClosed?: () => void}} [options]
 */
export async function openStore(name, version, stores, { onClosed } = {}) {
  if (typeof indexedDB === "undefined") throw new Error("IndexedDB is not available");
  const request = indexedDB.open(name, version);
  request.onupgradeneeded = () => {
    const db = request.result;
    for (const [store, options] of Object.entries({ ...stores, [QUARANTINE]: { autoIncrement: true } })) {
      if (!db.objectStoreNames.contains(store)) db.createObjectStore(store, options);
    }
  };
  const db = await done(request);
  db.onversionchange = () => {
    db.close();
    onClosed?.();
  };
  return new Store(db);
}

export class Store {
  /** @param {IDBDatabase} db */
  constructor(db) {
    this.db = db;
  }

  /**
   * @param {string} store
   * @param {IDBValidKey} key
   * @returns {Promise<Stored>}
   */
  async get(store, key) {
    return done(this.db.transaction(store).objectStore(store).get(key));
  }

  /**
   * @param {string} store
   * @returns {Promise<Stored[]>}
   */
  async all(store) {
    return done(this.db.transaction(store).objectStore(store).getAll());
  }

  /**
   * @param {string} store
   * @param {Stored} record
   */
  async put(store, record) {
    const tx = this.db.transaction(store, "readwrite");
    tx.objectStore(store).put(record);
    return committed(tx);
  }

  /**
   * @param {string} store
   * @param {IDBValidKey} key
   */
  async delete(store, key) {
    const tx = this.db.transaction(store, "readwrite");
    tx.objectStore(store).delete(key);
    return committed(tx);
  }

  /** @param {string} store */
  async clear(store) {
    const tx = this.db.transaction(store, "readwrite");
    tx.objectStore(store).clear();
    return committed(tx);
  }

  /**
   * Read, change and write one record in one transaction: `change(current)` (current is
   * undefined when absent) returns the record to store, null to delete it, or undefined to
   * leave it. Resolves to what `change` returned. `change` must not await anything.
   * @param {string} store
   * @param {IDBValidKey} key
   * @param {(current: Stored) => Stored} change
   * @returns {Promise<Stored>}
   */
  async update(store, key, change) {
    const tx = this.db.transaction(store, "readwrite");
    const objects = tx.objectStore(store);
    const current = await done(objects.get(key));
    const next = change(current);
    if (next === null) objects.delete(key);
    else if (next !== undefined) objects.put(next);
    await committed(tx);
    return next;
  }

  /**
   * The record at `key` of `store` if `check(record)` finds nothing wrong (it returns a
   * reason, or null). A record with a reason is moved to the quarantine store; then, as for
   * a missing record, the answer is null.
   * @param {string} store
   * @param {IDBValidKey} key
   * @param {(record: Stored) => string | null} check
   * @returns {Promise<Stored | null>}
   */
  async read(store, key, check) {
    let record;
    try {
      record = await this.get(store, key);
    } catch (error) {
      // Unreadable even for IndexedDB: nothing to move; leave it where it is.
      console.warn(`sensus: ${store}/${key} cannot be read`, error);
      return null;
    }
    if (record === undefined) return null;
    let reason;
    try {
      reason = check(record);
    } catch {
      reason = "unreadable";
    }
    if (!reason) return record;
    await this.setAside(store, key, record, reason);
    return null;
  }

  /**
   * Move `record` from `store` to the quarantine store (one transaction: never both, never neither).
   * @param {string} store
   * @param {IDBValidKey} key
   * @param {Stored} record
   * @param {string} reason
   */
  async setAside(store, key, record, reason) {
    const tx = this.db.transaction([store, QUARANTINE], "readwrite");
    tx.objectStore(QUARANTINE).add({ store, key, reason, record, at: new Date().toISOString() });
    tx.objectStore(store).delete(key);
    await committed(tx);
  }

  /**
   * Put records set aside for `reason` back where they were (as `revive(entry)` makes them),
   * when `belongs(entry)` says so and their place is free (an entry is {store, key, reason,
   * record, at}). One transaction. Resolves to how many came back.
   * @param {string[]} stores
   * @param {string} reason
   * @param {(entry: QuarantineEntry) => boolean} belongs
   * @param {(entry: QuarantineEntry) => Stored} [revive]
   */
  async restore(stores, reason, belongs, revive = (entry) => entry.record) {
    const tx = this.db.transaction([QUARANTINE, ...stores], "readwrite");
    const quarantine = tx.objectStore(QUARANTINE);
    let restored = 0;
    /** @type {Promise<void>} */
    const walked = new Promise((resolve, reject) => {
      const cursor = quarantine.openCursor();
      cursor.onerror = () => reject(cursor.error);
      cursor.onsuccess = async () => {
        const at = cursor.result;
        if (!at) return resolve();
        const entry = at.value;
        if (entry.reason === reason && stores.includes(entry.store) && belongs(entry)) {
          const free = (await done(tx.objectStore(entry.store).count(entry.key))) === 0;
          if (free) {
            tx.objectStore(entry.store).put(revive(entry));
            at.delete();
            restored += 1;
          }
        }
        at.continue();
      };
    });
    await walked;
    await committed(tx);
    return restored;
  }
}

/** Ask the browser not to clear this site's storage under pressure; true when granted. */
export async function askPersistence() {
  try {
    if (await navigator.storage?.persisted?.()) return true;
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

/**
 * What an app's records need of a store: a Store, or the memoryStore below.
 * @typedef {Pick<Store, "get" | "all" | "put" | "delete" | "clear" | "read" | "setAside" | "update">} Records
 */

/**
 * A Store kept in this page's memory, for where IndexedDB cannot be used: gone with the page.
 * @returns {Records}
 */
export function memoryStore() {
  /** @type {Map<string, Map<IDBValidKey, Stored>>} */
  const stores = new Map();
  /** @param {string} name */
  const of = (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    return /** @type {Map<IDBValidKey, Stored>} */ (stores.get(name));
  };
  /** @param {Stored} record */
  const keyOf = (record) => record.key;
  return {
    get: async (store, key) => structuredClone(of(store).get(key)),
    all: async (store) => [...of(store).values()].map((r) => structuredClone(r)),
    put: async (store, record) => void of(store).set(keyOf(record), structuredClone(record)),
    delete: async (store, key) => void of(store).delete(key),
    clear: async (store) => void of(store).clear(),
    read: async (store, key) => structuredClone(of(store).get(key)) ?? null,
    setAside: async (store, key) => void of(store).delete(key),
    async update(store, key, change) {
      const next = change(structuredClone(of(store).get(key)));
      if (next === null) of(store).delete(key);
      else if (next !== undefined) of(store).set(key, structuredClone(next));
      return next;
    },
  };
}
