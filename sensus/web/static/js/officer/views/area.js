// @ts-check
// One area (an SLS): the households to visit, with how far each is, and the population list
// of the SLS to check (every household the registry and the online census know here, with
// its online status), and the households found in the field. Assignments the server took
// back at a sync (the household answered online, was struck off, the area moved) are gone
// from the list, and the screen says so.
import { h } from "../../dom.js";
import { put } from "./forms.js";
import { t } from "../../i18n.js";
import { householdKey } from "../field.js";
import { listingLabel, onlineLabel, progressLabel } from "../texts.js";

/** What to call a household in a list: its head, or its address when no head is known. */
export function householdName(entry) {
  if (entry.head) return entry.head;
  return entry.provisional_id ? t("found_household", { address: entry.address }) : entry.address;
}

/** A household named in a sentence: its head and address, or its address (never a NIK). */
export function householdLabel(entry) {
  return entry.head && entry.address ? `${entry.head}, ${entry.address}` : householdName(entry);
}

function item(app, entry, lines) {
  return h("li", {},
    h("button", { type: "button", class: "item", "data-household": householdKey(entry),
      onclick: () => app.go("household", { household: householdKey(entry) }) },
    h("span", { class: "item-name" }, householdName(entry)),
    ...lines.filter(Boolean).map((line) => h("span", { class: "item-line" }, line))));
}

/** The assignments a sync took away, each with its household named and why. */
function removedNotice(app, area) {
  const entries = app.field.entries(area.id);
  const removed = Object.values(app.field.sync?.removed ?? {})
    .map((r) => ({ r, entry: entries.find((e) => e.assignment_id === r.assignment_id) }))
    .filter(({ entry }) => entry);
  if (!removed.length) return null;
  return h("div", { class: "notice", id: "removed-assignments" },
    h("p", {}, t("removed_count", { count: removed.length })),
    h("ul", {}, removed.map(({ r, entry }) => h("li", { "data-household": householdKey(entry) },
      t(`removed_item_${r.reason}`, { household: householdLabel(entry) })))));
}

export function renderArea(container, app, { area: areaId }) {
  const { field } = app;
  const area = field.area(areaId);
  if (!area) return app.go("home", {}, { replace: true });
  const entries = field.entries(area.id);
  const assigned = entries.map((entry) => ({ entry, assignment: field.assignmentOf(entry) })).filter((x) => x.assignment);
  put(container,
    h("p", {}, h("button", { type: "button", class: "link-button", onclick: () => app.go("home") }, t("back_to_areas"))),
    h("h1", {}, area.name),
    h("p", { class: "meta" }, t("area_code", { code: area.code })),
    removedNotice(app, area),
    h("section", { "aria-labelledby": "assigned-title" },
      h("h3", { id: "assigned-title" }, t("assigned_title")),
      assigned.length ? h("ul", { class: "items", id: "assigned" }, assigned.map(({ entry, assignment }) =>
        item(app, entry, [entry.address, progressLabel(field.progress(assignment))])))
        : h("p", {}, t("no_assignments"))),
    h("section", { "aria-labelledby": "listing-title" },
      h("h3", { id: "listing-title" }, t("listing_title")),
      h("p", { class: "hint" }, t("listing_intro")),
      h("ul", { class: "items", id: "population-list" }, entries.map((entry) => {
        const check = field.listingOf(entry);
        return item(app, entry, [entry.address, onlineLabel(entry.online_status),
          entry.needs_verification && t("to_verify"), check && t("checked_as", { result: listingLabel(check) })]);
      })),
      h("button", { type: "button", class: "secondary", onclick: () => app.go("new-household", { area: area.id }) },
        t("add_household"))),
  );
  return undefined;
}
