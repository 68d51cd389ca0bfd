// @ts-check
// A household response document filled in step by step: roster → one step per person →
// household → review → finish, with the questionnaire engine's problems at their fields.
// Shared by the household app (a respondent, app.js) and the officer app (an interview,
// officer/interview.js): the same engine, the same question, roster and review pages.
//
// The form owns the steps and which problems show; the app owns the document's storage and
// what finishing means. Problems show once a field was typed in (except "required", which
// waits until the field was left), and all of a step's problems after Next or a refusal.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { problemsOf } from "./checks.js";
import { REGISTRY } from "./engine.js";
import { fieldId } from "./paths.js";
import { renderRoster } from "./roster.js";
import { renderHousehold, renderPerson } from "./questions.js";
import { renderReview } from "./review.js";
import { owns, REVIEW, ROSTER, HOUSEHOLD, stepOf, stepsOf } from "./steps.js";

/**
 * @typedef {import("./household-doc.js").HouseholdDoc} HouseholdDoc
 * @typedef {{code: string, message: string}} Problem  a field's problem, as the engine gives it
 * @typedef {{read(): string | null, write(step: string): void}} StepStore
 */

export class StepForm {
  // The options (see the constructor); those not given take the defaults there.
  /** @type {HTMLElement} */ root;
  /** @type {() => import("./household-doc.js").Questionnaire} */ questionnaire;
  /** @type {() => HouseholdDoc} */ doc;
  /** @type {string | undefined} */ censusDate;
  /** @type {() => string} */ source;
  /** @type {{id: string, label: string}} */ finish;
  /** @type {(event: Event) => unknown} */ onFinish;
  /** @type {() => Map<string, Problem>} */ moreProblems;
  /** @type {(path: string, question: object | null) => Node | null} */ conflictNote;
  /** @type {() => unknown[]} */ setAside;
  /** @type {() => (Node | false | null | undefined)[]} */ banners;
  /** @type {() => void} */ changed;
  /** @type {() => void} */ leaving;
  /** @type {() => void} */ drawn;
  /** @type {string | null} */ stepKey;
  /** @type {StepStore | null} */ stepStore;

  /**
   * `root`: the element drawn into; `questionnaire()`, `doc()`: the questionnaire and the
   * document in force (the app may replace them); `censusDate`; `source()`: where the
   * household comes from (a rule variable, engine.js); `finish`: {id, label} of the
   * review's button and `onFinish(event)`, called when it is pressed with no problem left.
   * Optional: `moreProblems()` (Map path → {code, message}, e.g. a server's refusal),
   * `conflictNote(path, question)`, `setAside()`, `banners()` (elements above the step),
   * `changed()` (the document changed: save it), `leaving()` (a step is left), `drawn()`
   * (a step was drawn), and where the step is remembered: `stepStore` {read(), write(step)},
   * or `stepKey` (a sessionStorage key).
   * @param {Pick<StepForm, "root" | "questionnaire" | "doc" | "censusDate" | "finish" | "onFinish">
   *   & Partial<Pick<StepForm, "moreProblems" | "conflictNote" | "setAside" | "banners" | "changed"
   *   | "leaving" | "drawn" | "stepKey" | "stepStore" | "source">>} options
   */
  constructor(options) {
    Object.assign(this, {
      moreProblems: () => new Map(),
      conflictNote: () => null,
      setAside: () => [],
      banners: () => [],
      changed: () => {},
      leaving: () => {},
      drawn: () => {},
      stepKey: null,
      stepStore: null,
      source: () => REGISTRY,
    }, options);
    this.stepStore ??= this.stepKey ? {
      read: () => sessionStorage.getItem(this.stepKey),
      write: (step) => sessionStorage.setItem(this.stepKey, step),
    } : { read: () => null, write: () => {} };
    this.step = null; // read from the step store at the first drawing
    this.slots = []; // where conflict notes go: {element, path, question}
    this.notice = "";
    this.problems = new Map(); // the engine's verdict on the current document
    this.fromServer = new Map(); // field errors a server gave, until that field changes
    this.edited = new Set(); // fields typed in
    this.finished = new Set(); // fields left (blur, change): even "required" may show now
    this.showAll = false; // after Next or a refusal: every problem of the step shows
  }

  /** What the question, roster and review pages are drawn with. */
  get ctx() {
    const form = this;
    return {
      get questionnaire() { return form.questionnaire(); },
      get doc() { return form.doc(); },
      get censusDate() { return form.censusDate; },
      get source() { return form.source(); },
      get problems() { return form.allProblems(); },
      get setAside() { return form.setAside(); },
      changed(path, committed) {
        form.edited.add(path);
        if (committed) form.finished.add(path);
        form.fromServer.delete(path);
        form.changed();
        form.refreshErrors();
      },
      rerender(focusId) {
        form.changed();
        form.render();
        if (focusId) document.getElementById(focusId)?.focus();
      },
      conflictNote: (path, question = null) => form.conflictSlot(path, question),
      go: (step) => form.goTo(step),
    };
  }

  /**
   * The place of a merge conflict's note at the field `path` (by place): filled now and
   * again whenever the conflicts change (refreshConflicts), without redrawing the inputs.
   */
  conflictSlot(path, question) {
    const element = h("div", { class: "conflict-slot" });
    this.slots.push({ element, path, question });
    this.fillSlot(this.slots.at(-1));
    return element;
  }

  fillSlot({ element, path, question }) {
    const note = this.conflictNote(path, question);
    element.replaceChildren(...(note ? [note] : []));
  }

  /** Draw the conflicts as they are now: at their fields, and in the banners above the step. */
  refreshConflicts() {
    for (const slot of this.slots) this.fillSlot(slot);
    this.root.querySelector("#step-banners")?.replaceChildren(...this.banners().filter((b) => b instanceof Node));
  }

  allProblems() {
    return new Map([...this.problems, ...this.moreProblems(), ...this.fromServer]);
  }

  recheck() {
    this.problems = problemsOf(this.questionnaire(), this.doc(), this.censusDate, this.source());
  }

  visibleProblem(path, problem) {
    if (this.showAll || this.finished.has(path)) return true;
    return this.edited.has(path) && problem.code !== "required";
  }

  /** Show the current step's problems under their fields, the rest in the step's summary. */
  refreshErrors() {
    this.recheck();
    for (const box of /** @type {NodeListOf<HTMLElement>} */ (this.root.querySelectorAll('.error[id^="f-"]'))) {
      box.textContent = "";
      box.hidden = true;
      box.closest(".field")?.classList.remove("invalid");
    }
    const unplaced = [];
    for (const [path, problem] of this.allProblems()) {
      if (!owns(this.step, path, this.doc()) || !this.visibleProblem(path, problem)) continue;
      const box = document.getElementById(`${fieldId(path)}-error`);
      if (box) {
        box.textContent = problem.message;
        box.hidden = false;
        box.closest(".field")?.classList.add("invalid");
      } else if (this.step !== REVIEW) {
        unplaced.push(problem.message); // the review shows its problems in place itself
      }
    }
    const summary = /** @type {HTMLElement | null} */ (this.root.querySelector("#step-errors"));
    if (!summary) return;
    const blocking = this.showAll && this.blockingPaths().length > 0;
    summary.replaceChildren(...(blocking ? [h("p", {}, t("fix_errors")), ...unplaced.map((m) => h("p", {}, m))] : []));
    summary.hidden = !blocking;
  }

  blockingPaths() {
    return [...this.allProblems().keys()].filter((path) => owns(this.step, path, this.doc()));
  }

  navigation() {
    const steps = stepsOf(this.doc());
    const index = steps.indexOf(this.step);
    const back = index > 0 && h("button", { type: "button", class: "secondary", onclick: () => this.goTo(steps[index - 1]) }, t("back"));
    const forward = this.step === REVIEW
      ? h("button", { type: "button", class: "primary", id: this.finish.id, onclick: (event) => this.tryFinish(event) }, this.finish.label)
      : h("button", { type: "button", class: "primary", onclick: () => this.next() }, t("next"));
    return h("div", { class: "nav" }, back, forward);
  }

  /** Draw the current step. `keepFocus`: the document changed under the person; stay put. */
  render(keepFocus = false) {
    const active = keepFocus ? /** @type {HTMLInputElement | null} */ (document.activeElement) : null;
    const focused = active?.id ? { id: active.id, start: active.selectionStart, end: active.selectionEnd } : null;
    const doc = this.doc();
    const steps = stepsOf(doc);
    this.step ??= this.stepStore.read() || ROSTER;
    if (!steps.includes(this.step)) this.step = ROSTER;
    this.recheck(); // the review draws problems as it draws answers
    this.stepStore.write(this.step);
    this.slots = [];
    const body = h("div", { class: "step" });
    const ctx = this.ctx;
    if (this.step === ROSTER) renderRoster(body, ctx);
    else if (this.step === HOUSEHOLD) renderHousehold(body, ctx);
    else if (this.step === REVIEW) renderReview(body, ctx);
    else renderPerson(body, ctx, doc.members.findIndex((m) => `person:${m.member_id}` === this.step));
    this.root.replaceChildren(
      h("p", { class: "progress" }, t("step_of", { step: steps.indexOf(this.step) + 1, total: steps.length })),
      h("div", { class: "notice", role: "status", hidden: !this.notice }, this.notice),
      h("div", { id: "step-banners" }, ...this.banners().filter((b) => b instanceof Node)),
      h("div", { class: "form-error", id: "step-errors", role: "alert", hidden: true }),
      body,
      this.navigation(),
    );
    this.refreshErrors();
    if (focused) refocus(focused);
    this.drawn();
  }

  goTo(step) {
    this.leaving();
    this.step = step;
    this.showAll = step === REVIEW;
    this.notice = "";
    this.render();
    window.scrollTo(0, 0);
    const heading = this.root.querySelector("h1");
    heading?.setAttribute("tabindex", "-1");
    heading?.focus();
  }

  focusFirstProblem() {
    const box = /** @type {HTMLElement | null} */ (this.root.querySelector(".error:not([hidden])"));
    const field = box?.closest(".field");
    (/** @type {HTMLElement | null | undefined} */ (field?.querySelector("input, select")) ?? box)?.focus();
  }

  next() {
    this.refreshErrors();
    if (this.blockingPaths().length) {
      this.showAll = true;
      this.refreshErrors();
      this.focusFirstProblem();
      return;
    }
    const steps = stepsOf(this.doc());
    this.goTo(steps[steps.indexOf(this.step) + 1]);
  }

  /** Open the step of the problem at `path`, with all of that step's problems showing. */
  showProblemsAt(path, message) {
    this.goTo(stepOf(path, this.doc()));
    this.showAll = true;
    this.notice = message;
    this.render();
    this.focusFirstProblem();
  }

  /** A refusal's problems (`fromServer`: Map path → problem) at their fields, with `message`. */
  showRefusal(fromServer, message) {
    this.fromServer = fromServer;
    const [first] = fromServer.keys();
    if (first) return this.showProblemsAt(first, message);
    this.step = REVIEW;
    this.showAll = true;
    this.notice = message;
    return this.render();
  }

  tryFinish(event) {
    this.refreshErrors();
    const [first] = this.allProblems().keys();
    if (first) return this.showProblemsAt(first, t("fix_errors"));
    this.fromServer = new Map();
    return this.onFinish(event);
  }
}

/** Focus the field that had focus before a redraw, the caret where it was. */
function refocus({ id, start, end }) {
  const element = /** @type {HTMLInputElement | null} */ (document.getElementById(id));
  if (!element) return;
  element.focus();
  if (typeof start === "number" && typeof element.setSelectionRange === "function") {
    try {
      element.setSelectionRange(start, end);
    } catch {
      // Inputs without a caret (date, radio) refuse a selection: focus is enough.
    }
  }
}
