// @ts-check
// The household's server writes, through the outbox (offline/outbox.js):
// - the draft sync: PATCH /self-response/draft with the changes since the last server draft
//   this device knows (changes.js); a 409 stale_draft brings the server's draft, which is
//   merged three ways (ADR 0010) and what is left is sent again;
// - the submission, with one client-made submission_id kept across retries and reloads
//   (a replay answers with the original receipt; the server stores it once).
// Answers of both are written into the document record (work.js), so a reload, another tab
// or the service worker's Background Sync all end in the same state.
import { applyChanges, diff, merge, sameConflicts, settleConflicts, sharedConflicts } from "./changes.js";
import { combineSetAside, fitToQuestionnaire } from "./fit.js";
import { uuid } from "./household-doc.js";
import { HOUSEHOLD_HEADER } from "./sync-header.js";

/** @typedef {import("./local.js").Submission} Submission */

export const DRAFT = "draft";
export const SUBMISSION = "submission";
const DRAFT_URL = "/api/v1/self-response/draft";

const SUBMISSIONS_URL = "/api/v1/self-response/submissions";
// How often an open page asks whether another device saved (a 304 while nothing did).
export const CHECK_EVERY_MS = 15_000;

const codeOf = (answer) => answer.body?.error?.code ?? null;
const ok = (status) => status >= 200 && status < 300;

/** What a refusal says, kept in the record: the API's error (both languages) and status. */
export function refusalOf(answer) {
  const error = answer.body?.error;
  return { status: answer.status, code: error?.code ?? "server_error", error: error ?? null };
}

/** Where the household's submission is: none | queued | sent | refused | cancelled. */
export function submissionState(record) {
  const submission = record.submission;
  if (submission?.receipt) return "sent";
  // A refusal is said first, even if the household was sent some other way meanwhile.
  if (submission?.refused) return "refused";
  if (record.submitted_elsewhere) return "sent";
  if (!submission) return "none";
  return submission.cancelled ? "cancelled" : "queued";
}

export class Sync {
  /**
   * `work`: the household's Work; `questionnaire()`: the questionnaire in force;
   * `delayMs`: how long after the last change a draft sync goes; `events`: {changed(),
   * questionnaireChanged(), submitted(receipt, elsewhere)}.
   */
  constructor({ work, questionnaire, delayMs, events }) {
    /** @type {import("./work.js").Work} */
    this.work = work;
    /** @type {() => import("./household-doc.js").Questionnaire} */
    this.questionnaire = questionnaire;
    /** @type {number} */
    this.delayMs = delayMs;
    /** @type {{changed(): void, questionnaireChanged(): void, submitted(receipt: object, elsewhere: boolean): void}} */
    this.events = events;
    /** @type {import("./offline/outbox.js").Outbox | null} */
    this.outbox = null; // set once the outbox exists (it needs `handlers`)
    /** @type {number | undefined} */
    this.timer = undefined;
    this.handlers = {
      [DRAFT]: (entry, answer) => this.draftAnswered(entry, answer),
      [SUBMISSION]: (entry, answer) => this.submissionAnswered(entry, answer),
    };
  }

  /** The outbox, for what cannot wait for it: the app sets it right after making this Sync. */
  get sender() {
    if (!this.outbox) throw new Error("Sync.outbox is not set yet");
    return this.outbox;
  }

  /** The server's draft as this questionnaire reads it (answers it no longer asks set aside). */
  fitted(document) {
    return document === null ? { doc: null, setAside: [] } : fitToQuestionnaire(document, this.questionnaire());
  }

  /** A draft sync soon (`now`: at once), after what was typed is on the device. */
  schedule(now = false) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.queueDraft(), now ? 0 : this.delayMs);
  }

  /** Put the changes this device has over the server's draft in the outbox (or none). */
  async queueDraft() {
    clearTimeout(this.timer);
    await this.work.flush();
    const record = this.work.record;
    const submission = submissionState(record);
    // A queued submission carries everything; a sent one ends the draft; a refused change
    // waits for the person to edit.
    if (!this.outbox || submission === "queued" || submission === "sent" || record.refusal) return;
    const changes = diff(record.server.doc, record.doc);
    // The conflicts left open travel too, so that every device shows them until a choice.
    const conflictsChanged = !sameConflicts(record.conflicts, record.server.conflicts);
    if (changes.length === 0 && !conflictsChanged) {
      await this.outbox.remove(DRAFT);
      return;
    }
    const body = { base_version: record.server.version, questionnaire_version: this.questionnaire().version, changes };
    if (conflictsChanged) body.conflicts = sharedConflicts(record.conflicts);
    await this.outbox.put(this.entry(DRAFT, "PATCH", DRAFT_URL, body));
  }

  async draftAnswered(entry, answer) {
    if (!this.ours(entry)) return; // another household's, left on this device: its draft keeps it
    const code = codeOf(answer);
    if (ok(answer.status)) {
      const q = this.questionnaire();
      await this.work.update((current) => {
        if (current.server.version !== entry.body.base_version) return undefined; // another tab's answer got here first
        const doc = { ...applyChanges(current.server.doc, entry.body.changes), questionnaire_id: q.id, questionnaire_version: q.version };
        const conflicts = entry.body.conflicts ?? current.server.conflicts ?? [];
        return { ...current, server: { version: answer.body.version, doc, conflicts }, origin: structuredClone(doc) };
      });
    } else if (answer.status === 409 && code === "stale_draft") {
      const detail = answer.body.error.detail ?? {};
      await this.takeServerDraft(detail.version, detail.document ?? null, detail.conflicts ?? []);
    } else if (answer.status === 409 && code === "already_submitted") {
      await this.submittedElsewhere(answer.body.error.detail?.receipt ?? null);
    } else if (answer.status === 409 && code === "questionnaire_changed") {
      await this.events.questionnaireChanged();
    } else {
      // A permanent refusal: shown with its field messages; no more syncs until an edit.
      await this.work.update((current) => ({ ...current, refusal: { ...refusalOf(answer), changes: entry.body.changes } }));
    }
    this.events.changed();
    await this.queueDraft();
  }

  /**
   * The server's draft `version` (`document`, with the conflicts its devices left open):
   * merged into this device's work (ADR 0010).
   */
  async takeServerDraft(version, document, openConflicts = []) {
    const { doc: theirs, setAside } = this.fitted(document);
    await this.work.update((current) => {
      // Already known, or older than what this device has seen (a view fetched before this
      // device's last save landed, answered late): server versions only grow.
      if (version <= current.server.version) return undefined;
      // No server draft at all (version 0): nothing was changed there.
      const there = theirs ?? current.origin;
      const { doc, conflicts: fresh } = merge(current.origin, there, current.doc);
      const conflicts = settleConflicts({
        earlier: current.conflicts, fresh, known: current.server.conflicts, now: openConflicts, doc, theirs: there,
      });
      return {
        ...current,
        doc,
        server: { version, doc: theirs, conflicts: sharedConflicts(openConflicts) },
        origin: structuredClone(there),
        conflicts,
        set_aside: combineSetAside(current.set_aside, setAside),
      };
    });
  }

  /**
   * Ask the server whether another device saved since (a 304 costs a few bytes): its draft is
   * merged in and the page says what the server holds. Quiet when there is no signal.
   */
  async check() {
    const record = this.work.record;
    if (!["none", "cancelled"].includes(submissionState(record))) return;
    let response;
    try {
      response = await fetch(DRAFT_URL, {
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "If-None-Match": `"d${record.server.version}"`,
          // The work on this device is that household's: another's draft is refused (409).
          [HOUSEHOLD_HEADER]: record.household_ref,
        },
      });
    } catch {
      return; // no signal: the outbox and the next check will tell
    }
    if (response.status !== 200) return; // 304: nothing new; 401, 409, 503: the outbox says
    const draft = await response.json().catch(() => null);
    if (!draft) return;
    await this.takeServerDraft(draft.version, draft.document, draft.conflicts ?? []);
    this.events.changed();
    await this.queueDraft();
  }

  /** Take in the server's view of the household (a second device may have saved): merge, sync. */
  async absorb(view) {
    if (view.receipt) {
      await this.submittedElsewhere(view.receipt);
      return;
    }
    await this.takeServerDraft(view.draft_version, view.draft, view.draft_conflicts ?? []);
    this.events.changed();
    await this.queueDraft();
  }

  /** Whether an answer is about this household's work (not another's left on the device). */
  ours(entry) {
    return entry.headers?.[HOUSEHOLD_HEADER] === this.work.record.household_ref;
  }

  /** An entry of this household's work. */
  entry(kind, method, url, body) {
    return { key: kind, kind, method, url, body, headers: { [HOUSEHOLD_HEADER]: this.work.record.household_ref } };
  }

  async submittedElsewhere(receipt) {
    await this.work.update((current) => {
      // Ours may be that one (its answer lost): the queued replay will say, with the receipt.
      if (current.submission?.receipt || submissionState(current) === "queued") return undefined;
      return { ...current, submitted_elsewhere: receipt ?? {} };
    });
    this.events.changed();
  }

  /** Queue the submission of `document` (already cleaned and checked). */
  async submit(document) {
    await this.work.flush();
    const earlier = this.work.record.submission;
    // The same document again after a cancelled send keeps its id: it may have arrived
    // already. After a refusal, a new id: the refused one may be taken (submission_id_reused).
    const sameBody = earlier?.submission_id && JSON.stringify(earlier.document) === JSON.stringify(document);
    const submission = {
      submission_id: sameBody && !earlier.refused ? earlier.submission_id : uuid(),
      document,
      queued_at: new Date().toISOString(),
      receipt: null,
      refused: null,
    };
    await this.work.update((current) => ({ ...current, submission, refusal: null }));
    await this.sender.remove(DRAFT);
    const body = { submission_id: submission.submission_id, document };
    await this.sender.put(this.entry(SUBMISSION, "POST", SUBMISSIONS_URL, body));
    this.events.changed();
  }

  /** Take a queued submission back (not while it is on its way). */
  async cancelSubmission() {
    if (!(await this.sender.remove(SUBMISSION))) return false;
    // The outbox held it, so the record has the submission.
    await this.work.update((current) => ({
      ...current, submission: { .../** @type {Submission} */ (current.submission), cancelled: true } }));
    this.events.changed();
    await this.queueDraft();
    return true;
  }

  async submissionAnswered(entry, answer) {
    if (!this.ours(entry)) return; // kept in that household's set-aside record
    const code = codeOf(answer);
    let outcome;
    if (answer.status === 200 || answer.status === 201) {
      outcome = { receipt: answer.body };
    } else if (answer.status === 409 && code === "already_submitted") {
      outcome = { receipt: answer.body.error.detail?.receipt ?? {}, elsewhere: true };
    } else {
      // Refused (the answers stay on the device): say why; a corrected send gets a new id.
      outcome = { refused: refusalOf(answer) };
    }
    await this.work.update((current) => (current.submission?.submission_id !== entry.body.submission_id
      ? undefined : { ...current, submission: { ...current.submission, ...outcome } }));
    if (code === "questionnaire_changed") await this.events.questionnaireChanged();
    this.events.changed();
    if (outcome.receipt) this.events.submitted(outcome.receipt, Boolean(outcome.elsewhere));
  }
}
