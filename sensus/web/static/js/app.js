// The household app: opens from this device (the network only the first time), walks the
// respondent through roster → persons → household → review → submit, keeps every answer on
// the device as it is typed (work.js) and sends the draft and the submission to the server
// through the outbox (sync.js), saying at every moment what is saved where.
import { h } from "./dom.js";
import { messageOf, t } from "./i18n.js";
import { cleaned, problemsOf } from "./checks.js";
import { conflictNote, idPathOf, useOther } from "./conflicts.js";
import { Outbox } from "./offline/outbox.js";
import { askPersistence, memoryStore } from "./offline/store.js";
import { draftRefusalProblems, refusalProblems } from "./refusals.js";
import { fieldId } from "./paths.js";
import { renderQueue } from "./queue-view.js";
import { renderRoster } from "./roster.js";
import { renderHousehold, renderPerson } from "./questions.js";
import { renderReview } from "./review.js";
import { saveStateOf, showSaveState } from "./save-status.js";
import { openLocal } from "./local.js";
import { openHousehold, warmRegions } from "./start.js";
import { owns, REVIEW, ROSTER, HOUSEHOLD, stepOf, stepsOf } from "./steps.js";
import { Sync, submissionState } from "./sync.js";
import { Reconciler } from "./reconcile.js";
import { pageTools } from "./page-tools.js";
import { Work } from "./work.js";

const root = document.getElementById("app");
const status = document.getElementById("save-status");
const STEP_KEY = "sensus.step"; // survives a reload or a language switch on this tab
const RECEIPT_PAGE = "/tanda-terima";
const config = {
  retry: { baseMs: Number(root.dataset.retryBaseMs) || 2000, capMs: Number(root.dataset.retryCapMs) || 300_000 },
  syncDelayMs: Number(root.dataset.syncDelayMs) || 0,
};

const state = {
  questionnaire: null,
  censusDate: root.dataset.censusDate,
  step: ROSTER,
  notice: "",
  problems: new Map(), // the engine's verdict on the current document
  fromServer: new Map(), // field errors of a refused submission, until that field changes
  edited: new Set(), // fields typed in
  finished: new Set(), // fields left (blur, change): even "required" may show now
  showAll: false, // after Next or a refused submission: every problem of the step shows
  shownSubmission: "none", // the submission state last drawn
};
let work = null;
let sync = null;
let outbox = null;
let tools = null;

function visibleProblem(path, problem) {
  if (state.showAll || state.finished.has(path)) return true;
  return state.edited.has(path) && problem.code !== "required";
}

function allProblems() {
  return new Map([...state.problems, ...draftRefusalProblems(work.record, work.doc), ...state.fromServer]);
}

function recheck() {
  state.problems = problemsOf(state.questionnaire, work.doc, state.censusDate);
}

/** Show the current step's problems under their fields, the rest in the step's summary. */
function refreshErrors() {
  recheck();
  for (const box of root.querySelectorAll('.error[id^="f-"]')) {
    box.textContent = "";
    box.hidden = true;
    box.closest(".field")?.classList.remove("invalid");
  }
  const unplaced = [];
  for (const [path, problem] of allProblems()) {
    if (!owns(state.step, path, work.doc) || !visibleProblem(path, problem)) continue;
    const box = document.getElementById(`${fieldId(path)}-error`);
    if (box) {
      box.textContent = problem.message;
      box.hidden = false;
      box.closest(".field")?.classList.add("invalid");
    } else if (state.step !== REVIEW) {
      unplaced.push(problem.message); // the review shows its problems in place itself
    }
  }
  const summary = document.getElementById("step-errors");
  if (!summary) return;
  const blocking = state.showAll && blockingPaths().length > 0;
  summary.replaceChildren(...(blocking ? [h("p", {}, t("fix_errors")), ...unplaced.map((m) => h("p", {}, m))] : []));
  summary.hidden = !blocking;
}

function blockingPaths() {
  return [...allProblems().keys()].filter((path) => owns(state.step, path, work.doc));
}

/** The document changed in the page: on the device soon, to the server after a pause. */
function documentChanged() {
  work.touched();
  if (work.record.refusal) work.update((current) => ({ ...current, refusal: null }));
  sync.schedule();
}

function resolveConflict(conflict, useThat) {
  if (useThat) {
    useOther(work.doc, conflict);
    documentChanged();
  }
  work.update((current) => ({ ...current, conflicts: current.conflicts.filter((c) => c.path !== conflict.path) }))
    .then(() => render(true));
}

const ctx = {
  get questionnaire() { return state.questionnaire; },
  get doc() { return work.doc; },
  get censusDate() { return state.censusDate; },
  get problems() { return allProblems(); },
  get setAside() { return work.record.set_aside; },
  changed(path, committed) {
    state.edited.add(path);
    if (committed) state.finished.add(path);
    state.fromServer.delete(path);
    const conflict = idPathOf(path, work.doc);
    if (work.record.conflicts.some((c) => c.path === conflict)) {
      work.update((current) => ({ ...current, conflicts: current.conflicts.filter((c) => c.path !== conflict) }));
    }
    documentChanged();
    refreshErrors();
  },
  rerender(focusId) {
    documentChanged();
    render();
    if (focusId) document.getElementById(focusId)?.focus();
  },
  /** The note of a merge conflict at the field `path` (by place), or null. */
  conflictNote(path, question = null) {
    const idPath = idPathOf(path, work.doc);
    const conflict = work.record.conflicts.find((c) => c.path === idPath);
    return conflict ? conflictNote(conflict, question, state.questionnaire.choice_lists, (use) => resolveConflict(conflict, use)) : null;
  },
  go: (step) => goTo(step),
};

function navigation() {
  const steps = stepsOf(work.doc);
  const index = steps.indexOf(state.step);
  const back = index > 0 && h("button", { type: "button", class: "secondary", onclick: () => goTo(steps[index - 1]) }, t("back"));
  const forward = state.step === REVIEW
    ? h("button", { type: "button", class: "primary", id: "submit", onclick: send }, t("submit"))
    : h("button", { type: "button", class: "primary", onclick: next }, t("next"));
  return h("div", { class: "nav" }, back, forward);
}

function renderSteps() {
  const steps = stepsOf(work.doc);
  if (!steps.includes(state.step)) state.step = ROSTER;
  recheck(); // the review draws problems as it draws answers
  sessionStorage.setItem(STEP_KEY, state.step);
  const body = h("div", { class: "step" });
  if (state.step === ROSTER) renderRoster(body, ctx);
  else if (state.step === HOUSEHOLD) renderHousehold(body, ctx);
  else if (state.step === REVIEW) renderReview(body, ctx);
  else renderPerson(body, ctx, work.doc.members.findIndex((m) => `person:${m.member_id}` === state.step));
  const conflicts = work.record.conflicts.length;
  const refusal = work.record.refusal?.error; // a draft change the server did not accept
  root.replaceChildren(
    h("p", { class: "progress" }, t("step_of", { step: steps.indexOf(state.step) + 1, total: steps.length })),
    h("div", { class: "notice", role: "status", hidden: !state.notice }, state.notice),
    refusal && h("div", { class: "notice", role: "alert" }, messageOf(refusal)),
    h("div", { class: "notice conflicts-summary", hidden: !conflicts }, t("conflicts_summary", { count: conflicts })),
    h("div", { class: "form-error", id: "step-errors", role: "alert", hidden: true }),
    body,
    navigation(),
  );
  refreshErrors();
}

/** Draw the page. `keepFocus`: the document changed under the person; stay where they were. */
function render(keepFocus = false) {
  const focused = keepFocus ? document.activeElement?.id : null;
  const submission = submissionState(work.record);
  state.shownSubmission = submission;
  if (submission === "queued" || submission === "sent") {
    const body = h("div", { class: "step" });
    renderQueue(body, {
      record: work.record,
      sent: submission === "sent",
      inFlight: outbox?.state.inFlight?.key === "submission",
      onSendNow: () => outbox.flush(),
      onCancel: cancelSending,
      receiptPage: RECEIPT_PAGE,
    });
    root.replaceChildren(h("div", { class: "notice", role: "status", hidden: !state.notice }, state.notice), body);
  } else {
    renderSteps();
  }
  tools?.show(submission !== "sent");
  if (focused) document.getElementById(focused)?.focus();
  updateStatus();
}

function goTo(step) {
  work.flush();
  sync.schedule(true); // leaving a step: the server gets it now, not after the pause
  state.step = step;
  state.showAll = step === REVIEW;
  state.notice = "";
  render();
  window.scrollTo(0, 0);
  root.querySelector("h2")?.setAttribute("tabindex", "-1");
  root.querySelector("h2")?.focus();
}

function focusFirstProblem() {
  const box = root.querySelector('.error:not([hidden])');
  const field = box?.closest(".field");
  (field?.querySelector("input, select") ?? box)?.focus();
}

function next() {
  refreshErrors();
  if (blockingPaths().length) {
    state.showAll = true;
    refreshErrors();
    focusFirstProblem();
    return;
  }
  const steps = stepsOf(work.doc);
  goTo(steps[steps.indexOf(state.step) + 1]);
}

/** Open the step of the first problem, with all of that step's problems showing. */
function showProblemsAt(path, message) {
  goTo(stepOf(path, work.doc));
  state.showAll = true;
  state.notice = message;
  render();
  focusFirstProblem();
}

async function send(event) {
  const button = event.currentTarget;
  refreshErrors();
  const [first] = allProblems().keys();
  if (first) return showProblemsAt(first, t("fix_errors"));
  button.disabled = true;
  state.fromServer = new Map();
  await sync.submit(cleaned(state.questionnaire, work.doc, state.censusDate));
  state.notice = "";
  render();
}

async function cancelSending() {
  if (await sync.cancelSubmission()) {
    state.step = REVIEW;
    state.notice = t("sending_cancelled");
  } else {
    state.notice = t("cannot_cancel");
  }
  render();
}

/** A submission the server refused: the answers stay; its messages show at their fields. */
function showRefusal(refused) {
  state.fromServer = refusalProblems(refused, work.record.submission.document, work.doc);
  const message = refused.error ? messageOf(refused.error) : t("server_error");
  const [first] = state.fromServer.keys();
  if (first) return showProblemsAt(first, message);
  state.step = REVIEW;
  state.showAll = true;
  state.notice = message;
  render();
}

function updateStatus() {
  if (!work || !outbox) return;
  showSaveState(status, saveStateOf({ work, outbox: outbox.state, online: navigator.onLine }));
  const submission = submissionState(work.record);
  if (submission !== state.shownSubmission) {
    if (submission === "refused") return showRefusal(work.record.submission.refused);
    render();
  }
}

const events = {
  changed: () => updateStatus(),
  questionnaireChanged: () => reconciler.questionnaire(),
  submitted(receipt) {
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
    state.notice = notice;
    render();
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
  const local = await openLocal(() => { state.notice = t("reload_needed"); render(); });
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
  tools = pageTools({ work, outbox, sync, store: local, questionnaire: () => state.questionnaire, reconciler,
    setNotice: (notice) => { state.notice = notice; render(); } });
  state.step = sessionStorage.getItem(STEP_KEY) ?? ROSTER;
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
  navigator.serviceWorker?.addEventListener("message", (event) => {
    if (event.data?.type === "outbox") outbox.settleResults().then(() => work.refresh());
  });
  if (submissionState(work.record) === "sent" && navigator.onLine) tools.leave(RECEIPT_PAGE);
}

start();
