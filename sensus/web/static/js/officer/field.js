// @ts-check
// The officer's work as the pages see it: the bundle (areas, population lists, assignments,
// returned interviews), what the device recorded since (visits, interviews, list checks,
// households found in the field) and what the last syncs said (assignments removed,
// interviews returned). Every write goes to IndexedDB first, then into this page's copy.
//
// Households are named by a key that is never personal data: `h<household_id>` for one the
// server knows, its provisional id `P-<uuid>` for one found in the field and not yet in a
// bundle.
import { DONE, DRAFTS, META, RECORDS, newSyncState } from "./device.js";
import { showTimesIn } from "./texts.js";

export const householdKey = (entry) => (entry.household_id != null ? `h${entry.household_id}` : entry.provisional_id);

const byTime = (a, b) => String(a.body.recorded_at).localeCompare(String(b.body.recorded_at));

export class FieldWork {
  constructor({ store, device, onChange = () => {} }) {
    this.store = store;
    this.bundleRecord = device.bundle;
    showTimesIn(device.bundle?.bundle?.areas?.[0]?.code);
    this.questionnaire = device.questionnaire?.questionnaire ?? null;
    this.sync = device.sync;
    this.records = new Map(device.records.map((r) => [r.record_id, r]));
    this.drafts = new Map(device.drafts.map((d) => [d.assignment_id, d]));
    this.onChange = onChange;
    this.revision = 0; // every change of the work: the look-ups (`lists`) are worked out again
    this.cache = null;
  }

  get bundle() {
    return this.bundleRecord?.bundle ?? null;
  }

  get username() {
    return this.bundleRecord?.username ?? this.sync?.username ?? null;
  }

  // -- writes ------------------------------------------------------------------------------

  async putRecord(record) {
    const stamped = { ...record, updated_at: new Date().toISOString() };
    await this.store.put(RECORDS, stamped);
    this.records.set(stamped.record_id, stamped);
    this.revision += 1;
    this.onChange();
    return stamped;
  }

  /** Change the record `recordId` in one transaction: `change(current)` as Store.update. */
  async updateRecord(recordId, change) {
    const next = await this.store.update(RECORDS, recordId, (current) => {
      if (!current) return undefined;
      const changed = change(current);
      return changed === undefined ? undefined : { ...changed, updated_at: new Date().toISOString() };
    });
    if (next) {
      this.records.set(recordId, next);
      this.revision += 1;
    }
    return next;
  }

  async putDraft(draft) {
    await this.store.put(DRAFTS, draft);
    this.drafts.set(draft.assignment_id, draft);
  }

  async deleteDraft(assignmentId) {
    await this.store.delete(DRAFTS, assignmentId);
    this.drafts.delete(assignmentId);
  }

  async putSync(sync) {
    await this.store.put(META, sync);
    this.sync = sync;
    this.revision += 1;
    this.onChange();
  }

  /** A bundle just downloaded: it is the server's word on areas, lists and returns. */
  async takeBundle(username, bundle, questionnaire) {
    const record = { key: "bundle", username, bundle, downloaded_at: new Date().toISOString() };
    await this.store.put(META, record);
    if (questionnaire) await this.store.put(META, { key: "questionnaire", questionnaire });
    const previous = this.sync?.username === username ? this.sync : null;
    const returned = Object.fromEntries(bundle.returned.map((r) => [r.record_id, r]));
    const since = [previous?.since, bundle.bundle_version].filter(Boolean).sort().pop();
    await this.putSync({ ...newSyncState(username, since), last_sync_at: previous?.last_sync_at ?? null, returned });
    this.bundleRecord = record;
    showTimesIn(bundle.areas[0]?.code);
    this.revision += 1;
    if (questionnaire) this.questionnaire = questionnaire;
    this.onChange();
  }

  // -- reading -----------------------------------------------------------------------------

  get areas() {
    return this.bundle?.areas ?? [];
  }

  area(areaId) {
    return this.areas.find((a) => a.id === areaId) ?? null;
  }

  /** Households found in the field by this device that no bundle lists yet. */
  foundHouseholds() {
    const listed = new Set(this.areas.flatMap((a) => a.households.map((h) => h.provisional_id)).filter(Boolean));
    return [...this.records.values()]
      .filter((r) => r.kind === "new_household" && !listed.has(r.body.provisional_id))
      .map((r) => ({
        household_id: null, provisional_id: r.body.provisional_id, address: r.body.address, head: null,
        kk_masked: r.body.kk ? `************${r.body.kk.slice(-4)}` : null, members: 0, source: "field_found",
        needs_verification: true, online_status: "not_started", receipt_hash: null,
        assignment_id: r.body.assignment_id, listing: null, area_id: r.body.area_id,
      }));
  }

  /**
   * The population lists and every look-up the screens need, worked out once per change of
   * the work (a list of 250 households is read many times by every screen).
   */
  get lists() {
    if (this.cache?.revision === this.revision) return this.cache;
    const removed = this.sync?.removed ?? {};
    const answered = this.sync?.answered ?? {};
    const found = this.foundHouseholds();
    const cache = {
      revision: this.revision, byArea: new Map(), byKey: new Map(), byAssignment: new Map(),
      byHousehold: new Map(), byProvisional: new Map(),
      given: new Map((this.bundle?.assignments ?? []).map((a) => [a.assignment_id, a])),
      recordsBy: new Map(), // "a:<assignment>", "h:<household>", "p:<provisional id>" → records
      replaced: new Set([...this.records.values()].map((r) => r.replaces).filter(Boolean)),
    };
    for (const area of this.areas) {
      const listed = area.households.map((entry) => {
        // A sync said the household answered online since the bundle was made: with the hash
        // of its receipt code (and the salt of that sync), which replaces the bundle's.
        const online = entry.household_id != null ? answered[entry.household_id] : undefined;
        const late = online || removed[entry.assignment_id]?.reason === "self_responded";
        const receipt = online ? { receipt_hash: online.receipt_hash, receipt_salt: online.receipt_salt } : {};
        return { ...entry, area_id: area.id, ...(late ? { online_status: "submitted" } : {}), ...receipt };
      });
      const entries = [...listed, ...found.filter((f) => f.area_id === area.id)];
      cache.byArea.set(area.id, entries);
      for (const entry of entries) {
        const place = { entry, area };
        cache.byKey.set(householdKey(entry), place);
        if (entry.assignment_id) cache.byAssignment.set(entry.assignment_id, place);
        if (entry.household_id !== null) cache.byHousehold.set(entry.household_id, place);
        if (entry.provisional_id) cache.byProvisional.set(entry.provisional_id, place);
      }
    }
    for (const record of [...this.records.values()].sort(byTime)) {
      const { assignment_id: a, household_id: hh, provisional_id: p } = record.body;
      for (const key of [a && `a:${a}`, hh != null && `h:${hh}`, p && `p:${p}`].filter(Boolean)) {
        if (!cache.recordsBy.has(key)) cache.recordsBy.set(key, []);
        cache.recordsBy.get(key).push(record);
      }
    }
    this.cache = cache;
    return cache;
  }

  /** The population list of an area: the bundle's, then the households found here. */
  entries(areaId) {
    return this.lists.byArea.get(areaId) ?? [];
  }

  /** {entry, area, assignment} of a place in the lists, or null. */
  placed(place) {
    return place ? { ...place, assignment: this.assignmentOf(place.entry) } : null;
  }

  /** {entry, area, assignment} of a household key, or null. */
  household(key) {
    return this.placed(this.lists.byKey.get(key));
  }

  /** {entry, area, assignment} of the household an assignment is for, or null. */
  byAssignment(assignmentId) {
    return this.placed(this.lists.byAssignment.get(assignmentId));
  }

  /** The household's open assignment (the bundle's or one the device made), or null. */
  assignmentOf(entry) {
    const id = entry.assignment_id;
    if (!id || this.sync?.removed?.[id]) return null;
    const given = this.lists.given.get(id);
    if (given) return given;
    if (entry.household_id !== null) return null;
    return { assignment_id: id, household_id: null, area_id: entry.area_id, status: "open", last_outcome: null,
      last_visit_at: null, revisit_at: null, registry_members: [] };
  }

  /** The household a record is about ({entry, area, assignment}), or null. */
  householdOfRecord(record) {
    const { household_id: householdId, assignment_id: assignmentId, provisional_id: provisionalId } = record.body;
    const lists = this.lists;
    return this.placed((householdId != null && lists.byHousehold.get(householdId))
      || (assignmentId && lists.byAssignment.get(assignmentId))
      || (provisionalId && lists.byProvisional.get(provisionalId)) || null);
  }

  /** Records this device made about a household (by its entry), oldest first. */
  recordsOf(entry) {
    const { recordsBy } = this.lists;
    const keys = [entry.assignment_id && `a:${entry.assignment_id}`,
      entry.household_id !== null && `h:${entry.household_id}`, entry.provisional_id && `p:${entry.provisional_id}`];
    const found = new Map();
    for (const key of keys.filter(Boolean)) for (const r of recordsBy.get(key) ?? []) found.set(r.record_id, r);
    return [...found.values()].sort(byTime);
  }

  /** The returned interview of an assignment that no newer interview replaces yet, or null. */
  returnedFor(assignmentId) {
    const { replaced } = this.lists;
    const open = Object.values(this.sync?.returned ?? {})
      .filter((r) => r.assignment_id === assignmentId && !replaced.has(r.record_id));
    return open.sort((a, b) => String(a.returned_at).localeCompare(String(b.returned_at))).pop() ?? null;
  }

  /** Where an assignment stands on this device: what the list shows. */
  progress(assignment) {
    const id = assignment.assignment_id;
    const mine = this.lists.recordsBy.get(`a:${id}`) ?? [];
    const interview = mine.filter((r) => r.kind === "interview").pop() ?? null;
    const visit = mine.filter((r) => r.kind === "visit").pop() ?? null;
    const returned = this.returnedFor(id);
    if (returned && (!interview || interview.replaces !== returned.record_id)) return { status: "returned", returned };
    if (interview) return { status: interview.state === "rejected" ? "interview_refused" : "interviewed", record: interview };
    if (this.drafts.has(id)) return { status: "in_progress" };
    if (visit) return { status: `visit_${visit.body.outcome}`, record: visit, revisit_at: visit.body.revisit_at ?? null };
    if (assignment.status === "completed") return { status: "completed" };
    if (assignment.last_outcome) return { status: `visit_${assignment.last_outcome}`, revisit_at: assignment.revisit_at };
    return { status: "not_visited" };
  }

  /** The latest list check of a household: this device's, else the bundle's. */
  listingOf(entry) {
    const checks = this.recordsOf(entry).filter((r) => r.kind === "listing_check");
    return checks.pop()?.body.result ?? entry.listing ?? null;
  }

  /** The last moment the server told this phone what it knows: the last sync, or the bundle. */
  get lastHeard() {
    const moments = [this.sync?.last_sync_at, this.bundle?.bundle_version].filter(Boolean);
    return moments.sort((a, b) => new Date(a).getTime() - new Date(b).getTime()).pop() ?? null;
  }

  /** Records still to reach the server (waiting), refused, and done. */
  get counts() {
    const all = [...this.records.values()];
    return {
      waiting: all.filter((r) => r.state === "waiting").length,
      rejected: all.filter((r) => r.state === "rejected").length,
      done: all.filter((r) => DONE.includes(r.state)).length,
    };
  }

  /** Whether anything on this device is not on the server yet (records, interviews begun). */
  get unsent() {
    const { waiting, rejected } = this.counts;
    return waiting + rejected + this.drafts.size;
  }
}
