// @ts-check
// The household app: opens from this device (the network only the first time), walks the
// respondent through roster → persons → household → review → submit, keeps every answer on
// the device as it is typed (work.js) and sends the draft and the submission to the server
// through the outbox (sync.js), saying at every moment what is saved where.
import { h } from "./dom.js";
import { messageOf, t } from "./i18n.js";
import { cleaned } from "./checks.js";
import { conflictNote, idPathOf, placePathOf, useOther } from "./conflicts.js";
import { StepForm } from "./form.js";
import { Outbox } from "./offline/outbox.js";
import { askPersistence, memoryStore } from "./offline/store.js";
import { draftRefusalProblems, refusalProblems } from "./refusals.js";
import { renderQueue } from "./queue-view.js";
import { watchOfflineReady } from "./offline-ready.js";
import { saveStateOf, showSaveState } from "./save-status.js";
import { openLocal } from "./local.js";
import { openHousehold, warmRegions } from "./start.js";
import { REVIEW, stepOf } from "./steps.js";
import { CHECK_EVERY_MS, Sync, submissionState } from "./sync.js";
import { Reconciler } from "./reconcile.js";
import { pageTools } from "./page-tools.js";
import { Work } from "./work.js";

const root = document.getElementById("app");
const status = document.getElementById("save-status");
// Where the person was: kept on the device per household, so that a reload, a language
// switch or a browser restart opens the same step (local.js forgets it at sign-out).
const STEP_KEY = "sensus.step.";
const RECEIPT_PAGE = "/tanda-terima";
const config = {
  retry: { baseMs: Number(root.dataset.retryBaseMs) || 2000, capMs: Number(root.dataset.retryCapMs) || 300_000 },
  syncDelayMs: Number(root.dataset.syncDelayMs) || 0,
};

const state = {
  questionnaire: null,
  shownSubmission: "none", // the submission state last drawn
  shownConflicts: "[]", // the conflicts last drawn
};
let work = null;
let sync = null;
let outbox = null;
let tools = null;
let offlineReady = null; // the check of offline-ready.js, once the work is open

/** The document changed in the page: on the device soon, to the server after a pause. */
function documentChanged() {
  work.touched();
  if (work.record.refusal) work.update((current) => ({ ...current, refusal: null }));
  sync.schedule();
}

/**
 * The person chose at a conflict: the other answer (`useThat`) or this one. The one way a
 * conflict ends on this device (ADR 0010); the choice goes to the server at once, and from
 * there to the other devices.
 */
async function resolveConflict(conflict, useThat) {
  if (useThat) {
    useOther(work.doc, conflict);
    work.touched();
  }
  await work.update((current) => ({ ...current, conflicts: current.conflicts.filter((c) => c.path !== conflict.path) }));
  render(true);
  sync.schedule(true);
}

// The steps, the engine's problems at their fields, and the review's Send button (form.js).
const form = new StepForm({
  root,
  questionnaire: () => state.questionnaire,
  doc: () => work.doc,
  censusDate: root.dataset.censusDate,
  finish: { id: "submit", label: t("submit") },
  onFinish: send,
  moreProblems: () => draftRefusalProblems(work.record, work.doc),
  setAside: () => work.record.set_aside,
  /** The note of a merge conflict at the field `path` (by place), or null. */
  conflictNote(path, question) {
    const idPath = idPathOf(path, work.doc);
    const conflict = work.record.conflicts.find((c) => c.path === idPath);
    return conflict ? conflictNote(conflict, question, state.questionnaire.choice_lists, (use) => resolveConflict(conflict, use)) : null;
  },
  banners() {
    const conflicts = work.record.conflicts;
    const refusal = work.record.refusal?.error; // a draft change the server did not accept
    // The first step with a conflict other than this one, for a conflict found elsewhere.
    const steps = conflicts.map((c) => placePathOf(c.path, work.doc)).filter(Boolean).map((p) => stepOf(p, work.doc));
    const elsewhere = steps.find((step) => step !== form.step);
    const show = elsewhere && !steps.includes(form.step)
      && h("button", { type: "button", class: "link-button", onclick: () => form.goTo(elsewhere) }, t("conflicts_show"));
    return [
      refusal && h("div", { class: "notice", role: "alert" }, messageOf(refusal)),
      h("div", { class: "notice conflicts-summary", role: "status", hidden: !conflicts.length },
        t("conflicts_summary", { count: conflicts.length }), " ", show || null),
    ];
  },
  changed: () => documentChanged(),
  leaving() {
    work.flush();
    sync.schedule(true); // leaving a step: the server gets it now, not after the pause
    sync.check(); // and this device learns what another one saved
  },
  drawn: () => drawn(),
  stepStore: {
    read: () => (work ? localStorage.getItem(STEP_KEY + work.record.household_ref) : null),
    write: (step) => work && localStorage.setItem(STEP_KEY + work.record.household_ref, step),
  },
});

/** After any drawing: the tools under the form and the save state. */
function drawn() {
  const submission = submissionState(work.record);
  state.shownSubmission = submission;
  state.shownConflicts = JSON.stringify(work.record.conflicts);
  tools?.show(submission !== "sent");
  updateStatus();
}

/** Draw the page. `keepFocus`: the document changed under the person; stay where they were. */
function render(keepFocus = false) {
  const submission = submissionState(work.record);
  state.shownSubmission = submission;
  if (submission !== "queued" && submission !== "sent") {
    form.render(keepFocus);
    return;
  }
  const body = h("div", { class: "step" });
  renderQueue(body, {
    record: work.record,
    sent: submission === "sent",
    inFlight: outbox?.state.inFlight?.key === "submission",
    onSendNow: () => outbox.flush(),
    onCancel: cancelSending,
    receiptPage: RECEIPT_PAGE,
  });
  root.replaceChildren(h("div", { class: "notice", role: "status", hidden: !form.notice }, form.notice), body);
  drawn();
}

function setNotice(notice) {
  form.notice = notice;
  render();
}

async function send(event) {
  const button = event.currentTarget;
  button.disabled = true;
  await sync.submit(cleaned(state.questionnaire, work.doc, form.censusDate));
  form.notice = "";
  render();
}

async function cancelSending() {
  if (await sync.cancelSubmission()) {
    form.step = REVIEW;
    form.notice = t("sending_cancelled");
  } else {
    form.notice = t("cannot_cancel");
  }
  render();
}

/** A submission the server refused: the answers stay; its messages show at their fields. */
function showRefusal(refused) {
  const message = refused.error ? messageOf(refused.error) : t("server_error");
  form.showRefusal(refusalProblems(refused, work.record.submission.document, work.doc), message);
}

function updateStatus() {
  if (!work || !outbox) return;
  showSaveState(status, saveStateOf({ work, outbox: outbox.state, online: navigator.onLine }));
  offlineReady?.();
  const submission = submissionState(work.record);
  if (submission !== state.shownSubmission) {
    if (submission === "refused") return showRefusal(work.record.submission.refused);
    render();
    return;
  }
  // A merge found (or another device settled) a conflict: drawn at its field now, whatever
  // the person is doing, without touching the field they may be typing in.
  const conflicts = JSON.stringify(work.record.conflicts);
  if (conflicts !== state.shownConflicts && submission !== "queued" && submission !== "sent") {
    state.shownConflicts = conflicts;
    form.refreshConflicts();
  }
}

const events = {
  changed: () => updateStatus(),
  questionnaireChanged: () => reconciler.questionnaire(),
  submitted() {
    if (navigator.onLine && document.visibilityState === "visible") {
      tools.leave(RECEIPT_PAGE); // the receipt page needs the network; until then the sent state shows
    } else {
      render();
    }
  },
};

const reconciler = new Reconciler({
  get work() { return work; },
  get sync() { return sync; },
  get questionnaire() { return state.questionnaire; },
  setQuestionnaire(questionnaire, notice) {
    state.questionnaire = questionnaire;
    setNotice(notice);
  },
  leave: (path) => tools.leave(path),
  unauthorized: () => tools.signInAgain(),
});

function showStartFailure(error) {
  // fetch rejects with a TypeError when there is no network at all.
  const noNetwork = error.status === 0 || error instanceof TypeError || !navigator.onLine;
  const message = noNetwork ? t("first_open_needs_network") : error.message || t("server_error");
  root.replaceChildren(h("p", { class: "form-error", role: "alert" }, message),
    h("button", { type: "button", class: "primary", onclick: () => window.location.reload() }, t("try_again")));
}

async function start() {
  const local = await openLocal(() => setNotice(t("reload_needed")));
  const store = local ?? memoryStore();
  let opened;
  try {
    opened = await openHousehold(local);
  } catch (error) {
    if (error.code === "not_signed_in") return window.location.assign("/");
    return showStartFailure(error);
  }
  reconciler.store = local;
  state.questionnaire = opened.questionnaire;
  work = new Work({ store, persistent: Boolean(local), record: opened.record, onAdopt: () => render(true), onChange: () => updateStatus() });
  sync = new Sync({ work, questionnaire: () => state.questionnaire, delayMs: config.syncDelayMs, events });
  outbox = new Outbox({ store, handlers: sync.handlers, backoff: config.retry, onChange: () => updateStatus(),
    onUnauthorized: () => tools.signInAgain() });
  sync.outbox = outbox;
  offlineReady = watchOfflineReady(document.getElementById("offline-ready"), () => work.persistent && !work.failed);
  tools = pageTools({ work, outbox, sync, store: local, questionnaire: () => state.questionnaire, reconciler,
    setNotice });
  render();
  if (submissionState(work.record) === "refused") showRefusal(work.record.submission.refused);
  if (local) askPersistence();
  if (navigator.onLine) warmRegions(work.doc.household.wilayah_domisili);
  // The server first (is this device's work still this household's?), then the outbox.
  if (!opened.local || (await reconciler.reconcile())) await outbox.start();
  addEventListener("online", async () => {
    if (await reconciler.reconcile()) outbox.flush();
  });
  addEventListener("offline", () => updateStatus());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") reconciler.reconcile();
  });
  // While the page is open, now and then: has another device saved? (a 304 while not)
  setInterval(() => {
    if (navigator.onLine && document.visibilityState === "visible") sync.check();
  }, Number(root.dataset.checkEveryMs) || CHECK_EVERY_MS);
  navigator.serviceWorker?.addEventListener("message", (event) => {
    if (event.data?.type === "outbox") outbox.settleResults().then(() => work.refresh());
  });
  if (submissionState(work.record) === "sent" && navigator.onLine) tools.leave(RECEIPT_PAGE);
}

start();
