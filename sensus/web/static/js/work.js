// @ts-check
// The household's work on this device: the document the pages edit, saved to IndexedDB as
// it is typed (at most SAVE_DELAY_MS after the first unsaved change, and at once when the
// page is hidden or left), and the one door through which the document record changes:
// one change at a time in this tab, read-change-write in one transaction across tabs.
//
// When the record changed under the pages (another tab, a merge with the server's draft),
// the pages' document is merged with it three ways (changes.js): what was typed here since
// is kept, and `onAdopt()` redraws.
import { combineConflicts, diff, merge } from "./changes.js";
import { RECORDS } from "./local.js";

/**
 * @typedef {import("./changes.js").Doc} Doc
 * @typedef {import("./local.js").DocumentRecord} DocumentRecord
 * @typedef {(current: DocumentRecord) => DocumentRecord | undefined} Change
 */

export const SAVE_DELAY_MS = 300;
const CHANNEL = "sensus-work";

// The same answers and members (key order and member order aside).
/**
 * @param {Doc} a
 * @param {Doc} b
 */
const sameDoc = (a, b) => diff(a, b).length === 0;

export class Work {
  /**
   * @param {{store: import("./offline/store.js").Records, persistent?: boolean,
   *   record: DocumentRecord, onAdopt?: () => void, onChange?: () => void}} options
   */
  constructor({ store, persistent = true, record, onAdopt = () => {}, onChange = () => {} }) {
    this.store = store;
    this.persistent = persistent; // false: no IndexedDB; the answers live in this page only
    this.record = record;
    this.doc = structuredClone(record.doc);
    this.dirty = false;
    this.failed = false; // the last write to the device failed: say so
    /** @type {number | null} */
    this.timer = null;
    /** @type {Promise<unknown>} */
    this.chain = Promise.resolve();
    /** @type {import("./changes.js").Conflict[]} */
    this.unrecorded = []; // conflicts found while adopting, for the next write
    this.onAdopt = onAdopt;
    this.onChange = onChange;
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
    if (this.channel) this.channel.onmessage = () => this.refresh();
    addEventListener("pagehide", () => this.flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.flush();
    });
  }

  /** The pages changed `this.doc`: save it soon. */
  touched() {
    this.dirty = true;
    this.onChange();
    this.timer ??= setTimeout(() => this.flush(), SAVE_DELAY_MS);
  }

  /** Write what was typed now; resolves once it is on the device (or the write failed). */
  flush() {
    clearTimeout(this.timer ?? undefined);
    this.timer = null;
    if (!this.dirty) return this.chain;
    this.dirty = false;
    const snapshot = structuredClone(this.doc);
    const known = this.record;
    return this.write((current) => {
      const conflicts = [...this.unrecorded];
      this.unrecorded = [];
      let doc = snapshot;
      if (current.revision !== known.revision) {
        // Another tab (or a merge) wrote since: keep both.
        const merged = merge(known.doc, current.doc, snapshot);
        doc = merged.doc;
        conflicts.push(...merged.conflicts);
      }
      return { ...current, doc, conflicts: combineConflicts(current.conflicts, conflicts) };
    }, snapshot);
  }

  /**
   * Change the record: `change(current)` returns the new record (or undefined for none).
   * Resolves to the record written, or undefined.
   * @param {Change} change
   */
  update(change) {
    return this.write(change, null);
  }

  /** Read the record again (another tab wrote) and take in what changed. */
  refresh() {
    return this.queue(async () => {
      const current = await this.store.get(RECORDS, "document");
      if (!current || current.revision === this.record.revision) return;
      const before = this.record;
      this.record = current;
      this.adopt(before.doc, current.doc);
      this.onChange();
    });
  }

  /**
   * @param {Change} change
   * @param {Doc | null} snapshot  the pages' document written, if that is what this is
   * @returns {Promise<DocumentRecord | undefined>}
   */
  write(change, snapshot) {
    return this.queue(async () => {
      const before = this.record;
      /** @param {DocumentRecord | undefined} current */
      const stamp = (current) => {
        const next = change(current ?? before);
        return next === undefined ? undefined
          : { ...next, revision: (current ?? before).revision + 1, updated_at: new Date().toISOString() };
      };
      let next;
      try {
        next = await this.store.update(RECORDS, "document", stamp);
        this.failed = false;
      } catch (error) {
        console.error("sensus: saving on the device failed", error);
        this.failed = true;
        if (snapshot) this.dirty = true; // still unsaved: try again with the next change
        this.onChange();
        return undefined;
      }
      if (next === undefined) return undefined;
      this.record = next;
      this.adopt(snapshot ?? before.doc, next.doc);
      this.channel?.postMessage({ revision: next.revision });
      this.onChange();
      return next;
    });
  }

  /**
   * The pages' document was `reference` plus what was typed since; the record now says `now`.
   * @param {Doc} reference
   * @param {Doc} now
   */
  adopt(reference, now) {
    if (sameDoc(reference, now)) return;
    const merged = merge(reference, now, this.doc);
    this.unrecorded.push(...merged.conflicts);
    this.doc = merged.doc;
    if (!sameDoc(this.doc, now)) this.touched();
    this.onAdopt();
    // A conflict is shown from the record: write it now, not after the pause, and redraw.
    if (merged.conflicts.length) this.flush().then(() => this.onAdopt());
  }

  /**
   * @template T
   * @param {() => Promise<T>} task
   * @returns {Promise<T>}
   */
  queue(task) {
    const run = this.chain.then(task);
    this.chain = run.catch(() => {});
    return run;
  }
}
