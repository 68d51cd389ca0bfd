// The household app: loads the questionnaire and the household, then walks the respondent
// through roster → persons → household → review → submit, saving the draft between steps.
import { api } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { draftSaver } from "./draft.js";
import { startingDocument } from "./household-doc.js";
import { cleaned, problemsOf } from "./checks.js";
import { fieldId } from "./paths.js";
import { renderRoster } from "./roster.js";
import { renderHousehold, renderPerson } from "./questions.js";
import { renderReview } from "./review.js";
import { owns, REVIEW, ROSTER, HOUSEHOLD, stepOf, stepsOf } from "./steps.js";
import { submitter } from "./submit.js";

const root = document.getElementById("app");
const status = document.getElementById("save-status");
const STEP_KEY = "sensus.step"; // survives a reload or a language switch on this tab
const RECEIPT_PAGE = "/tanda-terima";

const state = {
  questionnaire: null,
  doc: null,
  censusDate: root.dataset.censusDate,
  step: ROSTER,
  notice: "",
  problems: new Map(), // the engine's verdict on the current document
  fromServer: new Map(), // field errors of a refused submission, until that field changes
  edited: new Set(), // fields typed in
  finished: new Set(), // fields left (blur, change): even "required" may show now
  showAll: false, // after Next or a refused submission: every problem of the step shows
};
let saver = null;
const submit = submitter();

function visibleProblem(path, problem) {
  if (state.showAll || state.finished.has(path)) return true;
  return state.edited.has(path) && problem.code !== "required";
}

function allProblems() {
  return new Map([...state.problems, ...state.fromServer]);
}

function recheck() {
  state.problems = problemsOf(state.questionnaire, state.doc, state.censusDate);
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
    if (!owns(state.step, path, state.doc) || !visibleProblem(path, problem)) continue;
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
  const blocking = state.showAll && blockingPaths().length > 0;
  summary.replaceChildren(...(blocking ? [h("p", {}, t("fix_errors")), ...unplaced.map((m) => h("p", {}, m))] : []));
  summary.hidden = !blocking;
}

function blockingPaths() {
  return [...allProblems().keys()].filter((path) => owns(state.step, path, state.doc));
}

const ctx = {
  get questionnaire() { return state.questionnaire; },
  get doc() { return state.doc; },
  get censusDate() { return state.censusDate; },
  get problems() { return allProblems(); },
  changed(path, committed) {
    state.edited.add(path);
    if (committed) state.finished.add(path);
    state.fromServer.delete(path);
    status.textContent = "";
    refreshErrors();
  },
  rerender(focusId) {
    render();
    if (focusId) document.getElementById(focusId)?.focus();
  },
  go: (step) => goTo(step),
};

function navigation() {
  const steps = stepsOf(state.doc);
  const index = steps.indexOf(state.step);
  const back = index > 0 && h("button", { type: "button", class: "secondary", onclick: () => goTo(steps[index - 1]) }, t("back"));
  const forward = state.step === REVIEW
    ? h("button", { type: "button", class: "primary", id: "submit", onclick: send }, t("submit"))
    : h("button", { type: "button", class: "primary", onclick: next }, t("next"));
  return h("div", { class: "nav" }, back, forward);
}

function render() {
  const steps = stepsOf(state.doc);
  if (!steps.includes(state.step)) state.step = ROSTER;
  recheck(); // the review draws problems as it draws answers
  sessionStorage.setItem(STEP_KEY, state.step);
  const body = h("div", { class: "step" });
  if (state.step === ROSTER) renderRoster(body, ctx);
  else if (state.step === HOUSEHOLD) renderHousehold(body, ctx);
  else if (state.step === REVIEW) renderReview(body, ctx);
  else renderPerson(body, ctx, state.doc.members.findIndex((m) => `person:${m.member_id}` === state.step));
  root.replaceChildren(
    h("p", { class: "progress" }, t("step_of", { step: steps.indexOf(state.step) + 1, total: steps.length })),
    h("div", { class: "notice", role: "status", hidden: !state.notice }, state.notice),
    h("div", { class: "form-error", id: "step-errors", role: "alert", hidden: true }),
    body,
    navigation(),
  );
  refreshErrors();
}

function goTo(step) {
  saver.save(state.doc);
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
  const steps = stepsOf(state.doc);
  goTo(steps[steps.indexOf(state.step) + 1]);
}

/** Open the step of the first problem, with all of that step's problems showing. */
function showProblemsAt(path, message) {
  goTo(stepOf(path, state.doc));
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
  status.textContent = t("sending");
  try {
    await submit(cleaned(state.questionnaire, state.doc, state.censusDate));
    sessionStorage.removeItem(STEP_KEY);
    window.location.assign(RECEIPT_PAGE);
  } catch (error) {
    button.disabled = false;
    status.textContent = "";
    handleRefusal(error);
  }
}

function handleRefusal(error) {
  if (error.code === "already_submitted") return window.location.assign(RECEIPT_PAGE);
  if (error.code === "not_signed_in") return window.location.assign("/");
  if (error.status === 422 && error.fields.length) {
    state.fromServer = new Map(error.fields.map((f) => [f.path, { code: f.code, message: f.message }]));
    return showProblemsAt(error.fields[0].path, error.message);
  }
  state.notice = error.retryable ? t("send_failed_retry") : error.message;
  render();
}

function onConflict(error) {
  if (error.code !== "stale_draft") return handleRefusal(error);
  // Another device saved first: its draft wins, and the respondent is told so.
  if (error.detail?.document) state.doc = startingDocument(state.questionnaire, { draft: error.detail.document });
  state.notice = error.message;
  render();
}

function showSaveState(saveState) {
  status.textContent = t(saveState);
  status.classList.toggle("unsaved", saveState === "unsaved");
}

function saveBeforeLanguageSwitch() {
  // Switching language reloads the page: save first so no typed answer is lost.
  const form = document.querySelector(".lang-switch");
  form?.addEventListener("submit", async (event) => {
    if (form.dataset.saved) return;
    event.preventDefault();
    await saver.save(state.doc);
    form.dataset.saved = "1";
    form.append(h("input", { type: "hidden", name: "lang", value: event.submitter.value }));
    form.submit();
  });
}

async function start() {
  try {
    const [questionnaire, view] = await Promise.all([api("GET", "/questionnaire"), api("GET", "/self-response/household")]);
    if (view.receipt) return window.location.assign(RECEIPT_PAGE);
    state.questionnaire = questionnaire;
    state.doc = startingDocument(questionnaire, view);
    saver = draftSaver({ version: view.draft_version, onStatus: showSaveState, onConflict });
    state.step = sessionStorage.getItem(STEP_KEY) ?? ROSTER;
    saveBeforeLanguageSwitch();
    render();
  } catch (error) {
    if (error.code === "not_signed_in") return window.location.assign("/");
    root.replaceChildren(h("p", { class: "form-error", role: "alert" }, error.message),
      h("button", { type: "button", class: "primary", onclick: () => window.location.reload() }, t("try_again")));
  }
}

start();
