// @ts-check
// The sync screen, the officer's diagnostics: how many records wait, when the last sync went
// through, what the sync is doing now, and every record the server refused with why, where
// and what happens next (fix it here, it is retried by itself, or ask the supervisor). Never
// a silent failure: a refused batch, an ended session, a busy server are all said here.
import { h } from "../../dom.js";
import { put } from "./forms.js";
import { messageOf, t } from "../../i18n.js";
import { householdKey } from "../field.js";
import { formatMoment } from "../texts.js";
import { recordItem } from "./household.js";
import { householdName } from "./area.js";

function activityText(app) {
  const activity = app.sync.activity;
  const when = activity.at ? formatMoment(new Date(activity.at).toISOString()) : "";
  if (activity.state === "no_signal") return t("activity_no_signal", { when });
  if (activity.state === "busy") return t("activity_busy", { when });
  return t(`activity_${activity.state}`);
}

/** The screen where a refused record is fixed, or null when it cannot be fixed here. */
function fixTarget(app, record, found) {
  if (record.kind === "interview") return ["interview", { assignment: record.body.assignment_id, fix: record.record_id }];
  if (record.kind === "new_household") return ["new-household", { area: record.body.area_id, fix: record.record_id }];
  return found ? ["household", { household: householdKey(found.entry), fix: record.record_id }] : null;
}

function refusedItem(app, record) {
  const found = app.field.householdOfRecord(record);
  const item = recordItem(app, record);
  item.prepend(h("p", { class: "record-household" }, found ? householdName(found.entry) : t("household_unknown")));
  const next = record.result?.next;
  const target = next === "fix" && fixTarget(app, record, found);
  if (target) {
    item.append(h("button", { type: "button", class: "primary", onclick: () => app.go(...target) }, t("fix_record")));
  } else if (next === "ask_supervisor") {
    // After talking to the supervisor (an area given back, say), the same record may go again.
    item.append(h("button", { type: "button", class: "secondary", onclick: async () => {
      await app.field.updateRecord(record.record_id, (current) => ({ ...current, state: "waiting", batch: null }));
      app.syncNow();
      app.render();
    } }, t("send_again")));
  }
  return item;
}

function listOf(app, records, id, draw = (record) => {
  const found = app.field.householdOfRecord(record);
  const item = recordItem(app, record);
  item.prepend(h("p", { class: "record-household" }, found ? householdName(found.entry) : t("household_unknown")));
  return item;
}) {
  return h("ul", { class: "records", id }, records.map(draw));
}

export function renderSyncView(container, app) {
  const { field } = app;
  const all = [...field.records.values()].sort((a, b) => String(b.updated_at).localeCompare(String(a.updated_at)));
  const refused = all.filter((r) => r.state === "rejected");
  const waiting = all.filter((r) => r.state === "waiting");
  const done = all.filter((r) => !["waiting", "rejected"].includes(r.state));
  const { counts } = field;
  const problem = field.sync?.problem;
  put(container,
    h("p", {}, h("button", { type: "button", class: "link-button", onclick: () => app.go("home") }, t("back_to_areas"))),
    h("h1", {}, t("sync_title")),
    h("dl", { class: "facts", id: "sync-facts" },
      h("dt", {}, t("fact_waiting")), h("dd", { id: "count-waiting" }, String(counts.waiting)),
      h("dt", {}, t("fact_refused")), h("dd", { id: "count-refused" }, String(counts.rejected)),
      h("dt", {}, t("fact_done")), h("dd", { id: "count-done" }, String(counts.done)),
      h("dt", {}, t("fact_drafts")), h("dd", {}, String(field.drafts.size)),
      h("dt", {}, t("fact_last_sync")), h("dd", { id: "last-sync" }, field.sync?.last_sync_at ? formatMoment(field.sync.last_sync_at) : t("sync_never")),
      h("dt", {}, t("fact_now")), h("dd", { id: "sync-activity" }, activityText(app))),
    problem ? h("div", { class: "notice attention", role: "alert", id: "batch-problem" },
      h("p", {}, t("batch_refused", { message: problem.error ? messageOf(problem.error) : t("server_error") })),
      h("p", {}, t("batch_refused_next"))) : null,
    h("button", { type: "button", class: "primary", id: "sync-now", onclick: async () => {
      await app.syncNow();
      app.render();
    } }, t("sync_now")),
    h("p", { class: "hint" }, t("sync_intro")),
    h("section", { "aria-labelledby": "refused-title" },
      h("h3", { id: "refused-title" }, t("refused_title")),
      refused.length ? listOf(app, refused, "refused-records", (record) => refusedItem(app, record)) : h("p", {}, t("nothing_refused"))),
    waiting.length ? h("section", { "aria-labelledby": "waiting-title" },
      h("h3", { id: "waiting-title" }, t("waiting_title")), listOf(app, waiting, "waiting-records")) : null,
    done.length ? h("section", { "aria-labelledby": "done-title" },
      h("h3", { id: "done-title" }, t("done_title")), listOf(app, done, "done-records")) : null,
  );
}
