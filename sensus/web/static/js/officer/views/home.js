// @ts-check
// The first screen: download the work (with signal), then the officer's areas, each with how
// far its work is, and the interviews the supervisor returned.
import { h } from "../../dom.js";
import { put } from "./forms.js";
import { t } from "../../i18n.js";
import { formatMoment } from "../texts.js";

function areaCard(app, area) {
  const { field } = app;
  const entries = field.entries(area.id);
  const assigned = entries.map((e) => field.assignmentOf(e)).filter(Boolean);
  const done = assigned.filter((a) => ["interviewed", "completed"].includes(field.progress(a).status)).length;
  return h("li", { class: "card area" },
    h("h3", {}, area.name),
    h("p", { class: "meta" }, t("area_code", { code: area.code })),
    h("p", {}, t("area_counts", { households: entries.length, assigned: assigned.length, done })),
    h("button", { type: "button", class: "primary", onclick: () => app.go("area", { area: area.id }) },
      t("open_area", { name: area.name })));
}

export function renderHome(container, app) {
  const { field } = app;
  if (!field.bundle) {
    put(container,
      h("h1", {}, t("home_title")),
      h("p", {}, t("home_intro")),
      h("button", { type: "button", class: "primary", id: "download", onclick: () => app.download() }, t("download")),
    );
    return;
  }
  const returned = field.areas.flatMap((area) => field.entries(area.id))
    .map((entry) => field.assignmentOf(entry)).filter(Boolean)
    .filter((assignment) => field.returnedFor(assignment.assignment_id)).length;
  put(container,
    h("h1", {}, t("areas_title")),
    h("p", { class: "meta" }, t("officer_is", { name: field.bundle.officer.full_name, username: field.bundle.officer.username })),
    returned ? h("p", { class: "notice attention" }, t("returned_count", { count: returned })) : null,
    h("ul", { class: "cards" }, field.areas.map((area) => areaCard(app, area))),
    field.areas.length ? null : h("p", {}, t("no_areas")),
    h("p", { class: "meta", id: "downloaded-at", "data-version": field.bundle.bundle_version },
      t("downloaded_at", { when: formatMoment(field.bundleRecord.downloaded_at) })),
    h("button", { type: "button", class: "secondary", id: "download", onclick: () => app.download() }, t("download_again")),
  );
}
