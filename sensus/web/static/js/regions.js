// @ts-check
// Cascading selects province → regency → district → village over GET /api/v1/regions.
// Kemendagri codes nest by prefix (63 → 6301 → 630101 → 6301012001), so a village code
// alone tells which option to pre-select at every level.
import { api } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

const LEVELS = [
  { key: "province", length: 2 },
  { key: "regency", length: 4 },
  { key: "district", length: 6 },
  { key: "village", length: 10 },
];
const cache = new Map(); // parent code ("" for provinces) → promise of children

function children(parent) {
  if (!cache.has(parent)) {
    const request = api("GET", parent ? `/regions?parent=${parent}` : "/regions");
    request.catch(() => cache.delete(parent)); // let a later attempt retry
    cache.set(parent, request);
  }
  return cache.get(parent);
}

function fill(select, regions, chosen) {
  select.replaceChildren(h("option", { value: "" }, t("choose")));
  for (const region of regions) {
    select.append(h("option", { value: region.code, selected: region.code === chosen }, region.name));
  }
  select.disabled = false;
}

function reset(select) {
  select.replaceChildren(h("option", { value: "" }, t("choose")));
  select.disabled = true;
}

/**
 * Draw the four selects into `container` (ids `<idPrefix>-province` …), pre-selected from
 * `value` (a village code or ""). `onChange(code)` gets the village code, or "" until one
 * is chosen. Returns {focus()}.
 */
export function regionPicker(container, { idPrefix, value = "", onChange, describedBy }) {
  const selects = LEVELS.map((level) => {
    const id = `${idPrefix}-${level.key}`;
    const select = h("select", { id, disabled: true, "aria-describedby": describedBy });
    container.append(h("div", { class: "field" }, h("label", { for: id }, t(`region_${level.key}`)), select));
    return select;
  });

  async function load(index, parent, chosen) {
    const select = selects[index];
    try {
      fill(select, await children(parent), chosen);
    } catch {
      select.replaceChildren(h("option", { value: "" }, t("network_error")));
    }
  }

  selects.forEach((select, index) => {
    select.addEventListener("change", () => {
      for (const later of selects.slice(index + 1)) reset(later);
      if (select.value && index < selects.length - 1) load(index + 1, select.value, "");
      onChange(index === selects.length - 1 ? select.value : "");
    });
  });

  selects.slice(1).forEach(reset);
  load(0, "", value.slice(0, 2));
  if (value.length === 10) {
    // Parents and children load together: one round trip of waiting, not four, on 2G.
    LEVELS.slice(1).forEach((level, i) => load(i + 1, value.slice(0, LEVELS[i].length), value.slice(0, level.length)));
  }
  return { focus: () => selects.find((s) => !s.value && !s.disabled)?.focus() ?? selects[0].focus() };
}
