// @ts-check
// Asking the server what changed while this device worked on its own: is this device's work
// still this household's (the session may be another's), has the questionnaire changed (by
// digest), and has another device saved the draft (a merge, ADR 0010).
import { api } from "./api.js";
import { combineSetAside, fitToQuestionnaire } from "./fit.js";
import { t } from "./i18n.js";
import { RECORDS } from "./local.js";
import { keepView, newerQuestionnaire, warmRegions } from "./start.js";

export class Reconciler {
  /** `app`: {work, sync, questionnaire, setQuestionnaire(q, notice), unauthorized()}. */
  constructor(app) {
    this.app = app;
    this.store = null; // IndexedDB's store, when there is one
    this.running = null;
  }

  /** Resolves true when the device's work may be sent (it is this household's, or no answer). */
  reconcile() {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async run() {
    let view;
    try {
      view = await api("GET", "/self-response/household");
    } catch (error) {
      if (error.code !== "not_signed_in") return true; // no signal, or a busy server: later
      this.app.unauthorized();
      return false;
    }
    const { work, sync } = this.app;
    if (view.household.ref !== work.record.household_ref) {
      await this.setAsideForeign();
      window.location.reload(); // and start again as the household signed in
      return false;
    }
    await keepView(this.store, view);
    warmRegions(work.doc.household.wilayah_domisili ?? view.household.village_code);
    await this.questionnaire();
    await sync.absorb(view);
    return true;
  }

  /** Another household's work on this device: kept in quarantine, never sent as this one's. */
  async setAsideForeign() {
    if (!this.store) return;
    for (const key of ["document", "household", "signin"]) {
      const record = await this.store.get(RECORDS, key);
      if (record) await this.store.setAside(RECORDS, key, record, "other household");
    }
    for (const entry of await this.store.all("outbox")) await this.store.setAside("outbox", entry.key, entry, "other household");
  }

  /** Take in a new questionnaire, if the server has one: answers carried over or set aside. */
  async questionnaire() {
    const previous = this.app.questionnaire;
    let fresh;
    try {
      fresh = await newerQuestionnaire(previous);
    } catch {
      return false;
    }
    if (!fresh) return false;
    const { work, sync } = this.app;
    await work.flush();
    let moved = 0;
    await work.update((current) => {
      const mine = fitToQuestionnaire(current.doc, fresh, previous);
      const theirs = current.server.doc ? fitToQuestionnaire(current.server.doc, fresh, previous).setAside : [];
      moved = mine.setAside.length;
      return {
        ...current,
        questionnaire_id: fresh.id,
        doc: mine.doc,
        origin: fitToQuestionnaire(current.origin, fresh, previous).doc,
        set_aside: combineSetAside(combineSetAside(current.set_aside, theirs), mine.setAside),
      };
    });
    if (this.store) await this.store.put(RECORDS, { key: "questionnaire", questionnaire: fresh });
    this.app.setQuestionnaire(fresh, t(moved ? "questionnaire_updated_set_aside" : "questionnaire_updated", { count: moved }));
    sync.schedule(true);
    return true;
  }
}
