// @ts-check
// The officer's sync, built on the generic outbox (offline/outbox.js, the officer's queue):
// the records waiting on the device go to POST /api/v1/officer/sync in batches, each batch
// one outbox entry with a body fixed when it is queued. A batch cut off (no answer, an answer
// cut mid-body, a 5xx) is sent again as it was, after a reload too: the server answers what
// it stored already as `duplicate`, so nothing is stored twice. The answer is taken record by
// record (docs/CONTRACTS.md): stored, duplicate, superseded (the server has it), or rejected
// with why and what next (fix, retry, ask_supervisor); then what changed since the last sync
// (assignments removed, interviews returned, households that answered online with their
// receipt code's hash, so a code shown at the door checks out right after the sync). A refusal of the whole batch puts its records
// back to wait, and says why. Nothing is ever dropped without an answer.
import { uuid } from "../household-doc.js";
import { Outbox } from "../offline/outbox.js";
import { OFFICER_QUEUE } from "../offline/schema.js";
import { DONE, newSyncState } from "./device.js";

export const BATCH = "sync"; // the outbox kind of a batch
export const BATCH_RECORDS = 50; // records per request: a cut-off costs little on 2G
export const BATCH_BYTES = 512 * 1024; // and well under the server's body limit (4 MB)
const SYNC_URL = "/api/v1/officer/sync";

/**
 * @typedef {import("./device.js").FieldRecord} FieldRecord
 * @typedef {import("./device.js").SyncState} SyncState
 * @typedef {import("../offline/outbox.js").Entry} Entry
 * @typedef {import("../offline/outbox.js").Answer} Answer
 * @typedef {{records: Map<string, FieldRecord>, drafts: Map<string, import("./device.js").Draft>,
 *   sync: SyncState | null, username: string | null,
 *   updateRecord(recordId: string, change: (current: FieldRecord) => FieldRecord | undefined): Promise<unknown>,
 *   putSync(sync: SyncState): Promise<void>}} Field  what the sync needs of the FieldWork (field.js)
 * @typedef {{records: FieldRecord["body"][], since?: string}} BatchBody
 */

/** @param {number} status */
const ok = (status) => status >= 200 && status < 300;

/**
 * The records of `waiting` in batches of at most BATCH_RECORDS and about BATCH_BYTES.
 * @param {FieldRecord[]} waiting
 * @param {number} [maxRecords]
 * @param {number} [maxBytes]
 */
export function batches(waiting, maxRecords = BATCH_RECORDS, maxBytes = BATCH_BYTES) {
  /** @type {FieldRecord[][]} */
  const out = [];
  /** @type {FieldRecord[]} */
  let current = [];
  let size = 0;
  for (const record of waiting) {
    const bytes = JSON.stringify(record.body).length;
    if (current.length && (current.length >= maxRecords || size + bytes > maxBytes)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(record);
    size += bytes;
  }
  if (current.length) out.push(current);
  return out;
}

export class FieldSync {
  /**
   * `field`: the FieldWork; `store`: the open Store; `backoff`: {baseMs, capMs};
   * `events`: {changed(), unauthorized(), synced(answer)}.
   * @param {{field: Field, store: import("../offline/store.js").Records,
   *   backoff: import("../offline/backoff.js").Backoff,
   *   events: {changed(): void, unauthorized(): void, synced(body: object): void}}} options
   */
  constructor({ field, store, backoff, events }) {
    this.field = field;
    this.events = events;
    /** @type {Promise<void> | undefined} */
    this.chain = undefined; // the sync being queued (syncNow)
    this.outbox = new Outbox({
      store, backoff, queue: OFFICER_QUEUE,
      handlers: { [BATCH]: (entry, answer) => this.answered(entry, answer) },
      onChange: () => events.changed(),
      onUnauthorized: () => events.unauthorized(),
    });
  }

  /**
   * Send what waits (and ask what changed): every waiting record not already in a batch.
   * One at a time: a tap on "sync" while the `online` event syncs must not put the same
   * records into two batches.
   */
  syncNow() {
    this.chain = (this.chain ?? Promise.resolve()).then(() => this.queueWaiting()).catch((error) => {
      console.error("sensus: the sync could not be queued", error);
    });
    return this.chain;
  }

  async queueWaiting() {
    await this.outbox.settleResults(); // answers the service worker got while no page was open
    await this.outbox.refresh();
    const queued = new Set(this.outbox.state.entries.map((e) => e.key));
    // A batch whose entry is gone (answered while this page was closed, or lost) frees its records.
    for (const record of this.field.records.values()) {
      if (record.batch && !queued.has(record.batch)) {
        await this.field.updateRecord(record.record_id, (current) => ({ ...current, batch: null }));
      }
    }
    // A record being changed on this phone (an interview reopened before it was sent) waits
    // until the change is saved: its old version must not reach the server first.
    const editing = new Set([...this.field.drafts.values()].map((d) => d.record_id).filter(Boolean));
    const waiting = [...this.field.records.values()]
      .filter((r) => r.state === "waiting" && !r.batch && !editing.has(r.record_id))
      .sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
    const groups = batches(waiting);
    if (groups.length === 0 && queued.size === 0) groups.push([]); // only to hear what changed
    for (const group of groups) await this.queue(group);
    await this.outbox.flush();
  }

  /** @param {FieldRecord[]} records */
  async queue(records) {
    const key = `batch-${uuid()}`;
    for (const record of records) {
      await this.field.updateRecord(record.record_id, (current) => ({ ...current, batch: key }));
    }
    /** @type {BatchBody} */
    const body = { records: records.map((r) => r.body) };
    if (this.field.sync?.since) body.since = this.field.sync.since;
    await this.outbox.put({ key, kind: BATCH, method: "POST", url: SYNC_URL, body });
  }

  /**
   * The server's final answer to a batch (retries are the outbox's).
   * @param {Entry} entry
   * @param {Answer} answer
   */
  async answered(entry, answer) {
    const sent = /** @type {BatchBody} */ (entry.body).records;
    if (!ok(answer.status) || !Array.isArray(answer.body?.results)) {
      await this.refused(entry, answer);
      return;
    }
    /** @type {Map<number, Record<string, any>>} any: a record's result, as Answer.body (outbox.js) */
    const results = new Map(answer.body.results.map((/** @type {{index: number}} */ r) => [r.index, r]));
    for (const [index, body] of sent.entries()) {
      const result = results.get(index) ?? null;
      await this.field.updateRecord(body.record_id, (current) => this.settled(current, entry, result, answer.body.synced_at));
    }
    await this.takeChanges(answer.body);
    this.events.synced(answer.body);
  }

  /**
   * A record after its result: done, refused (fix or ask), or waiting again (retry).
   * @param {FieldRecord} current
   * @param {Entry} entry
   * @param {Record<string, any> | null} result  the server's, as Answer.body (outbox.js)
   * @param {string} syncedAt
   * @returns {FieldRecord | undefined}
   */
  settled(current, entry, result, syncedAt) {
    if (current.batch !== entry.key) return undefined; // fixed and queued again meanwhile: not this answer's
    const kept = result && { status: result.status, error: result.error ?? null, notice: result.notice ?? null,
      next: result.next ?? null, detail: result.detail ?? null, at: syncedAt };
    if (!result) return { ...current, batch: null }; // no answer for it: it waits for the next sync
    if (DONE.includes(result.status)) return { ...current, state: result.status, batch: null, result: kept };
    const retry = result.next === "retry";
    return { ...current, state: retry ? "waiting" : "rejected", batch: null, result: kept,
      attempts: (current.attempts ?? 0) + 1 };
  }

  /**
   * The whole batch refused (a 4xx the outbox does not retry): its records wait again.
   * @param {Entry} entry
   * @param {Answer} answer
   */
  async refused(entry, answer) {
    for (const body of /** @type {BatchBody} */ (entry.body).records) {
      await this.field.updateRecord(body.record_id, (current) => (current.batch === entry.key ? { ...current, batch: null } : undefined));
    }
    const error = answer.body?.error ?? null;
    await this.field.putSync({ ...this.known, problem: { status: answer.status, error, at: new Date().toISOString() } });
  }

  /**
   * Assignments removed, interviews returned and households answered online since the last sync.
   * @param {Answer["body"]} body
   */
  async takeChanges(body) {
    const sync = this.known;
    const removed = { ...sync.removed };
    for (const change of body.changes?.removed_assignments ?? []) removed[change.assignment_id] = change;
    const returned = { ...sync.returned };
    for (const interview of body.changes?.returned_interviews ?? []) returned[interview.record_id] = interview;
    // Each answer's hashes go with that answer's salt; a household that answered again (after
    // a reopening) keeps its newest receipt.
    const answered = { ...sync.answered };
    const salt = body.changes?.receipt_salt;
    for (const online of body.changes?.answered_online ?? []) {
      const known = answered[online.household_id];
      if (salt && (!known || String(known.answered_at) <= String(online.answered_at))) {
        answered[online.household_id] = { ...online, receipt_salt: salt };
      }
    }
    const since = [sync.since, body.synced_at].filter(Boolean).sort().pop();
    await this.field.putSync({ ...sync, removed, returned, answered, since, last_sync_at: body.synced_at, problem: null });
  }

  /**
   * The sync state to build on: the device's, or a fresh one when it was set aside as
   * unreadable (device.js), so that an answer is still taken in (found by tsc: a null here
   * made `refused` write a record without a key and `takeChanges` throw).
   */
  get known() {
    return this.field.sync ?? newSyncState(this.field.username ?? "", null);
  }

  /** What the sync is doing now, for the status line: a state key and the next try's time. */
  get activity() {
    const { entries, inFlight, paused } = this.outbox.state;
    if (paused) return { state: "signin" };
    if (inFlight) return { state: "sending" };
    const head = entries[0];
    if (!head) return { state: "idle" };
    if (!navigator.onLine || head.waiting === "network") return { state: "no_signal", at: head.not_before };
    if (head.waiting === "server") return { state: "busy", at: head.not_before, status: head.last_status };
    return { state: "queued" };
  }
}
