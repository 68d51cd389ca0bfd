// @ts-check
// An interview: the household response document filled in with the household, through the
// same steps, engine and pages as the respondent's own app (form.js), pre-filled from the
// registry members in the bundle. Every answer is kept on the device as it is typed (the
// draft); "Save the interview" turns the draft into a record waiting for the next sync.
//
// Opened three ways: a new or begun interview; a refused one to fix (the same record_id, the
// server's messages at their fields); a returned one to correct (a new record_id that
// replaces the returned record, as the contract asks).
import { h } from "../../dom.js";
import { messageOf, t } from "../../i18n.js";
import { cleaned } from "../../checks.js";
import { fitToQuestionnaire } from "../../fit.js";
import { StepForm } from "../../form.js";
import { fromRegistry } from "../../household-doc.js";
import { refusalProblems } from "../../refusals.js";
import { householdKey } from "../field.js";
import { newRecord, revised } from "../records.js";
import { householdName } from "./area.js";

const SAVE_DELAY_MS = 300;

/** A first document from the bundle: the registry members, the area's village, the address. */
function firstDocument(questionnaire, area, entry, assignment) {
  const view = { household: { village_code: area.village_code, address: entry.address }, registry_members: assignment.registry_members };
  return fitToQuestionnaire(fromRegistry(questionnaire, view), questionnaire).doc;
}

/** A refused interview's field errors (paths `document/...`) at the fields of `doc`. */
function refusalAtFields(record, doc) {
  const fields = (record.result?.error?.fields ?? [])
    .filter((f) => f.path.startsWith("document/"))
    .map((f) => ({ ...f, path: f.path.slice("document/".length) }));
  return refusalProblems({ error: { fields } }, record.body.document, doc);
}

export class InterviewView {
  constructor(app, params) {
    this.app = app;
    this.params = params;
    this.timer = null;
    this.dirty = false;
    this.save = this.save.bind(this);
    this.hidden = () => {
      if (document.visibilityState === "hidden") this.save();
    };
  }

  get questionnaire() {
    return this.app.field.questionnaire;
  }

  /** The draft to work on: the one begun, or a new one as the parameters ask. */
  draftFor(found) {
    const { field } = this.app;
    const { entry, area, assignment } = found;
    const begun = field.drafts.get(assignment.assignment_id);
    if (begun) return { ...begun, doc: fitToQuestionnaire(begun.doc, this.questionnaire).doc };
    const base = { assignment_id: assignment.assignment_id, record_id: null, replaces: null, started_at: new Date().toISOString() };
    const fixing = this.params.fix ? field.records.get(this.params.fix) : null;
    if (fixing) return { ...base, record_id: fixing.record_id, doc: fitToQuestionnaire(fixing.body.document, this.questionnaire).doc };
    const returned = this.params.returned ? field.sync.returned[this.params.returned] : null;
    if (returned) return { ...base, replaces: returned.record_id, doc: fitToQuestionnaire(returned.document, this.questionnaire).doc };
    return { ...base, doc: firstDocument(this.questionnaire, area, entry, assignment) };
  }

  open() {
    const { field } = this.app;
    const assignmentId = this.params.assignment;
    this.found = field.byAssignment(assignmentId);
    if (!this.found?.assignment || !this.questionnaire) {
      this.app.go("home", {}, { replace: true });
      return;
    }
    this.draft = this.draftFor(this.found);
    this.doc = this.draft.doc;
    const fixing = this.draft.record_id ? field.records.get(this.draft.record_id) : null;
    this.form = new StepForm({
      root: this.app.root,
      questionnaire: () => this.questionnaire,
      doc: () => this.doc,
      censusDate: field.bundle.census_date ?? this.app.censusDate,
      finish: { id: "save-interview", label: t("save_interview") },
      onFinish: () => this.finish(),
      banners: () => [this.head()],
      changed: () => this.changed(),
      leaving: () => this.save(),
      stepKey: `sensus.officer.step.${assignmentId}`,
    });
    addEventListener("pagehide", this.save);
    document.addEventListener("visibilitychange", this.hidden);
    if (!field.drafts.has(assignmentId)) this.changed(); // on the device from the first screen
    if (fixing?.state === "rejected") {
      this.form.showRefusal(refusalAtFields(fixing, this.doc), messageOf(fixing.result.error));
    } else {
      this.form.render();
    }
  }

  head() {
    const { entry } = this.found;
    return h("div", { class: "interview-head" },
      h("p", { class: "meta" }, t("interview_of", { name: householdName(entry) })),
      h("button", { type: "button", class: "link-button", id: "leave-interview", onclick: () => this.leave() },
        t("leave_interview")));
  }

  changed() {
    this.dirty = true;
    this.timer ??= setTimeout(this.save, SAVE_DELAY_MS);
  }

  /** Keep what was typed on the device now. */
  async save() {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.dirty) return;
    this.dirty = false;
    const draft = { ...this.draft, doc: structuredClone(this.doc), updated_at: new Date().toISOString() };
    try {
      await this.app.field.putDraft(draft);
      this.draft = draft;
    } catch (error) {
      console.error("sensus: the interview could not be kept on the device", error);
      this.dirty = true;
      this.app.setNotice(t("officer_not_on_device"));
    }
  }

  async leave() {
    await this.save();
    this.app.go("household", { household: householdKey(this.found.entry) }, { notice: t("interview_kept") });
  }

  /** The interview is complete: a record waiting for the next sync, the draft gone. */
  async finish() {
    const { field } = this.app;
    const { entry, area, assignment } = this.found;
    const document = cleaned(this.questionnaire, this.doc, this.form.censusDate);
    const fields = { assignment_id: assignment.assignment_id, document };
    const existing = this.draft.record_id ? field.records.get(this.draft.record_id) : null;
    const refs = { household_id: entry.household_id, assignment_id: assignment.assignment_id, area_id: area.id,
      replaces: this.draft.replaces };
    clearTimeout(this.timer);
    this.dirty = false;
    await field.putRecord(existing ? revised(existing, fields) : newRecord("interview", fields, refs));
    await field.deleteDraft(assignment.assignment_id);
    sessionStorage.removeItem(`sensus.officer.step.${assignment.assignment_id}`);
    this.app.go("household", { household: householdKey(entry) }, { replace: true, notice: t("interview_saved") });
  }

  close() {
    this.save();
    removeEventListener("pagehide", this.save);
    document.removeEventListener("visibilitychange", this.hidden);
  }
}
