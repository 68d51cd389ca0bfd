// @ts-check
// A household the population list lacks, found in the field: it gets a provisional id
// (P-…) and an assignment id made on this device at once, so it can be visited and
// interviewed straight away, offline; the server creates it at the next sync.
import { h } from "../../dom.js";
import { messageOf, t } from "../../i18n.js";
import { newHouseholdFields, newHouseholdProblems, newRecord, revised } from "../records.js";
import { inputField, put, showProblems, textField, valueOf } from "./forms.js";

export function renderNewHousehold(container, app, { area: areaId, fix }) {
  const area = app.field.area(areaId);
  if (!area) return app.go("home", {}, { replace: true });
  const fixing = fix ? app.field.records.get(fix) : null;
  const body = fixing?.body ?? {};
  const form = h("form", { id: "new-household-form", novalidate: true },
    inputField("new-address", t("new_address"), { value: body.address ?? "", maxlength: "200", required: true,
      hint: t("new_address_hint") }),
    inputField("new-kk", t("new_kk"), { value: body.kk ?? "", inputmode: "numeric", maxlength: "16", hint: t("new_kk_hint") }),
    textField("new-note", t("note"), { value: body.note ?? "", maxlength: "500" }),
    h("button", { type: "submit", class: "primary" }, t("save_new_household")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = { address: valueOf(form, "new-address"), kk: valueOf(form, "new-kk").replace(/\D/g, ""), note: valueOf(form, "new-note") };
    const problems = newHouseholdProblems(values);
    if (Object.keys(problems).length) {
      return showProblems(form, Object.fromEntries(Object.entries(problems).map(([k, v]) => [`new-${k}`, t(v)])));
    }
    let record;
    if (fixing) {
      const { provisional_id: provisionalId, assignment_id: assignmentId } = fixing.body;
      const fields = { provisional_id: provisionalId, assignment_id: assignmentId, area_id: area.id, address: values.address };
      if (values.kk) fields.kk = values.kk;
      if (values.note) fields.note = values.note;
      record = revised(fixing, fields);
    } else {
      const fields = newHouseholdFields(area.id, values);
      record = newRecord("new_household", fields, { assignment_id: fields.assignment_id, area_id: area.id });
    }
    await app.field.putRecord(record);
    return app.go("household", { household: record.body.provisional_id }, { replace: true, notice: t("new_household_saved") });
  });
  put(container,
    h("p", {}, h("button", { type: "button", class: "link-button", onclick: () => app.go("area", { area: area.id }) },
      t("back_to_area", { name: area.name }))),
    h("h1", {}, t("new_household_title")),
    h("p", {}, t("new_household_intro", { area: area.name })),
    form);
  if (fixing) {
    const messages = {};
    for (const f of fixing.result?.error?.fields ?? []) messages[`new-${f.path}`] = messageOf(f);
    queueMicrotask(() => showProblems(form, messages));
  }
  return undefined;
}
