// @ts-check
// The outbox: server writes kept in IndexedDB until the server has answered them.
//
// An entry is a request with a key: {key, kind, method, url, body, headers}. Putting an entry
// whose key is already waiting replaces it (a newer draft sync replaces an older one) and
// keeps its place in the backoff. Entries go one at a time, oldest first, each after its
// `not_before`: a network failure, a 408, a 429 or a 5xx waits (exponential backoff with
// full jitter, at least Retry-After) and tries again, also after a reload; the `online`
// event and Background Sync try again at once. A 401 pauses the whole outbox until
// `resume()` (the session ended: sign in again; nothing is dropped). Any other answer
// settles the entry: the handler of its kind hears it and the entry leaves the outbox.
//
// Only one sender at a time across tabs and the service worker (Web Locks). Answers to
// entries the service worker sent while no page was open wait in the results store for
// `settleResults()`.
//
// Each app has its own queue (schema.js: its outbox and results stores, lock and Background
// Sync tag): the household app's by default, the officer app's sync batches apart from it.
import { backoffDelay, nextDelay, retryAfterMs } from "./backoff.js";
import { HOUSEHOLD_QUEUE } from "./schema.js";

/**
 * @typedef {{key: string, kind: string, method: string, url: string, body?: unknown,
 *   headers?: Record<string, string>}} NewEntry  what `put()` is given
 * @typedef {NewEntry & {rev: number, seq: number, created_at: string, attempts: number,
 *   not_before: number, waiting: "network" | "server" | "unauthorized" | null,
 *   last_status?: number}} Entry  an outbox entry as it is stored
 * @typedef {{status: number, retryAfter: number | null, body: any}} Answer
 *   a server's answer to an entry (status 0: none came). `body` is the parsed JSON, or null:
 *   `any` because its shape is the route's (docs/CONTRACTS.md, the OpenAPI), which the
 *   server's tests check; each handler reads the fields its route documents.
 * @typedef {(entry: Entry, answer: Answer) => unknown} Handler  hears a kind's final answers
 * @typedef {{outbox: string, results: string, lock: string, tag: string}} Queue  (schema.js)
 * @typedef {{entries: Entry[], inFlight: Entry | null, paused: boolean, next: Entry | null}} OutboxState
 */

/**
 * Whether a request answered with `status` may be tried again (0: no answer at all).
 * @param {number} status
 */
export function retryable(status) {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * Send one entry: {status, retryAfter, body}; status 0 when no complete answer came.
 * @param {NewEntry} entry
 * @returns {Promise<Answer>}
 */
export async function send(entry) {
  let response;
  try {
    response = await fetch(entry.url, {
      method: entry.method,
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json", ...entry.headers },
      body: entry.body === undefined ? undefined : JSON.stringify(entry.body),
    });
  } catch {
    return { status: 0, retryAfter: null, body: null };
  }
  let text;
  try {
    text = await response.text();
  } catch {
    // The connection broke after the status line: the server may have done it. Only the
    // retry's answer (idempotent) can say what happened.
    return { status: 0, retryAfter: null, body: null };
  }
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    if (response.ok) return { status: 0, retryAfter: null, body: null }; // a success we cannot read
  }
  return { status: response.status, retryAfter: retryAfterMs(response.headers.get("Retry-After")), body };
}

export class Outbox {
  /**
   * `store`: an open Store (store.js); `handlers`: {kind: async (entry, answer) => ...};
   * `backoff`: {baseMs, capMs}; `onChange()`: the outbox's state changed (see `state`);
   * `onUnauthorized()`: a 401 paused the outbox; `queue`: whose outbox (schema.js).
   * @param {{store: import("./store.js").Records, handlers?: Record<string, Handler>,
   *   backoff: import("./backoff.js").Backoff, onChange?: (state: OutboxState) => void,
   *   onUnauthorized?: (entry: Entry) => void, transport?: (entry: Entry) => Promise<Answer>,
   *   now?: () => number, random?: () => number, queue?: Queue}} options
   */
  constructor({ store, handlers = {}, backoff, onChange = () => {}, onUnauthorized = () => {},
    transport = send, now = () => Date.now(), random = Math.random, queue = HOUSEHOLD_QUEUE }) {
    this.store = store;
    this.handlers = handlers;
    this.backoff = backoff;
    this.onChange = onChange;
    this.onUnauthorized = onUnauthorized;
    this.transport = transport;
    this.now = now;
    this.random = random;
    this.queue = queue;
    /** @type {Entry | null} */
    this.inFlight = null;
    this.paused = false;
    this.running = false;
    this.again = false;
    /** @type {number | undefined} */
    this.timer = undefined;
    /** @type {Entry[]} */
    this.entries = [];
  }

  /** Start sending; call once the page is ready to handle answers (and `flush()` on `online`). */
  async start() {
    await this.settleResults();
    this.kick();
  }

  /**
   * Add or replace the entry `key`. Resolves once it is stored.
   * @param {NewEntry} request
   */
  async put({ key, kind, method, url, body, headers = {} }) {
    const stamp = this.now() + this.random();
    await this.store.update(this.queue.outbox, key, (current) => ({
      key, kind, method, url, body, headers,
      rev: stamp, // which put this is: an answer to an older one must not remove it
      // A replacement keeps its place in the queue and in the backoff: typing must not
      // hammer a busy server, nor jump ahead of what was queued before it.
      seq: current?.seq ?? stamp,
      created_at: current?.created_at ?? new Date(this.now()).toISOString(),
      attempts: current?.attempts ?? 0,
      not_before: current?.not_before ?? 0,
      waiting: current?.waiting ?? null,
    }));
    await this.refresh();
    this.kick();
    askBackgroundSync(this.queue.tag);
  }

  /**
   * Take the entry `key` out (unless it is being sent: then false).
   * @param {string} key
   */
  async remove(key) {
    if (this.inFlight?.key === key) return false;
    await this.store.delete(this.queue.outbox, key);
    await this.refresh();
    return true;
  }

  /**
   * @param {string} key
   * @returns {Promise<Entry | null>}
   */
  async get(key) {
    return (await this.store.get(this.queue.outbox, key)) ?? null;
  }

  /** Try every entry now: the network is back (or the person asked). */
  async flush() {
    // Waits for the network end now; a server's Retry-After is still honoured.
    for (const entry of await this.store.all(this.queue.outbox)) {
      if (entry.waiting !== "network") continue;
      await this.store.update(this.queue.outbox, entry.key, (current) =>
        (current?.rev === entry.rev ? { ...current, not_before: 0 } : undefined));
    }
    this.kick(true);
  }

  /** After a 401 has been dealt with (signed in again). */
  resume() {
    this.paused = false;
    this.kick(true);
  }

  /** {entries, inFlight, paused, next}: what the page shows about unsent work. */
  get state() {
    const next = this.entries[0] ?? null;
    return { entries: this.entries, inFlight: this.inFlight, paused: this.paused, next };
  }

  async refresh() {
    this.entries = (await this.store.all(this.queue.outbox)).sort((a, b) => a.seq - b.seq);
    this.onChange(this.state);
  }

  kick(now = false) {
    clearTimeout(this.timer);
    if (now || !this.running) this.run();
  }

  async run() {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    let pause = 0;
    try {
      do {
        this.again = false;
        await this.locked(() => this.sendDue());
      } while (this.again && !this.paused);
      this.troubles = 0;
    } catch (error) {
      // A fault of this page (storage, a handler): the entries stay; try again later, not
      // in a tight loop.
      console.error("sensus: the outbox stopped", error);
      this.troubles = (this.troubles ?? 0) + 1;
      pause = backoffDelay(this.troubles, this.backoff, () => 1);
    } finally {
      this.running = false;
    }
    this.plan(pause);
  }

  /** Send the entries that are due, oldest first, until one has to wait. */
  async sendDue({ networkWaitsToo = false } = {}) {
    let pending = false;
    while (!this.paused) {
      await this.refresh();
      const head = this.entries[0];
      if (!head) break;
      const due = head.not_before <= this.now() || (networkWaitsToo && head.waiting === "network");
      if (!due) {
        pending = true;
        break;
      }
      if (!(await this.sendOne(head))) {
        pending = true;
        break;
      }
    }
    await this.refresh();
    return pending;
  }

  /**
   * One try of `entry`; false when it has to wait (or the outbox paused).
   * @param {Entry} entry
   */
  async sendOne(entry) {
    this.inFlight = entry;
    this.onChange(this.state);
    let answer;
    try {
      answer = await this.transport(entry);
    } finally {
      this.inFlight = null;
    }
    if (retryable(answer.status)) {
      const attempts = entry.attempts + 1;
      const delay = nextDelay(attempts, answer.retryAfter, this.backoff, this.random);
      // Recorded on whatever now stands under the key: a replacement waits its turn too.
      await this.store.update(this.queue.outbox, entry.key, (current) => (!current ? undefined : {
        ...current, attempts, not_before: this.now() + delay,
        waiting: answer.status === 0 ? "network" : "server", last_status: answer.status,
      }));
      askBackgroundSync(this.queue.tag);
      return false;
    }
    if (answer.status === 401) {
      this.paused = true;
      await this.store.update(this.queue.outbox, entry.key, (current) => (current ? { ...current, waiting: "unauthorized" } : undefined));
      await this.refresh();
      this.onUnauthorized(entry);
      return false;
    }
    await this.settle(entry, answer);
    return true;
  }

  /**
   * Hand a final answer to the kind's handler (or keep it for a page), then drop the entry.
   * @param {Entry} entry
   * @param {Answer} answer
   */
  async settle(entry, answer) {
    const handler = this.handlers[entry.kind];
    if (handler) {
      await handler(entry, answer);
    } else {
      await this.store.put(this.queue.results, { key: entry.key, entry, answer, at: new Date(this.now()).toISOString() });
    }
    // The handler may have put a newer entry under the same key: that one stays, and goes
    // at once (the server just answered).
    await this.store.update(this.queue.outbox, entry.key, (current) => {
      if (!current) return undefined;
      return current.rev === entry.rev ? null : { ...current, attempts: 0, not_before: 0, waiting: null };
    });
  }

  /** Answers the service worker received while no page was open, to this page's handlers. */
  async settleResults() {
    for (const result of await this.store.all(this.queue.results)) {
      const handler = this.handlers[result.entry.kind];
      if (!handler) continue;
      await handler(result.entry, result.answer);
      await this.store.delete(this.queue.results, result.key);
    }
    await this.refresh();
  }

  plan(atLeast = 0) {
    clearTimeout(this.timer);
    const head = this.entries[0];
    if (!head || this.paused) return;
    this.timer = setTimeout(() => this.run(), Math.max(atLeast, head.not_before - this.now()));
  }

  /**
   * @template T
   * @param {() => Promise<T>} work
   * @returns {Promise<T>}
   */
  async locked(work) {
    if (typeof navigator !== "undefined" && navigator.locks) return navigator.locks.request(this.queue.lock, work);
    return work();
  }
}

/**
 * Ask the browser to wake the service worker when the network is back (where it can).
 * @param {string} tag
 */
function askBackgroundSync(tag) {
  if (typeof window === "undefined" || !navigator.serviceWorker?.controller) return;
  navigator.serviceWorker.ready
    // Background Sync is not in TypeScript's DOM library (a WICG draft): its one method, typed here.
    .then((registration) => /** @type {{sync?: {register(tag: string): Promise<void>}}} */ (registration).sync?.register(tag))
    .catch(() => {}); // not offered (or not allowed): the page and the online event still send
}
