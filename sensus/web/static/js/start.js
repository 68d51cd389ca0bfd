// @ts-check
// Opening the household app: from this device first, then the network.
//
// With the questionnaire and the document on the device, the app opens at once, even with
// no signal at all; the server is asked afterwards (reconcile). The first time on a device
// it needs the network once: the questionnaire, the household's registry pre-fill and any
// draft another device saved.
import { api } from "./api.js";
import { t } from "./i18n.js";
import { settleConflicts, sharedConflicts } from "./changes.js";
import { fitToQuestionnaire } from "./fit.js";
import { fromRegistry } from "./household-doc.js";
import { newDocumentRecord, readLocal, RECORDS } from "./local.js";

const QUESTIONNAIRE_URL = "/api/v1/questionnaire";

/** The questionnaire if the server has another than `known` (by digest), else null. */
export async function newerQuestionnaire(known) {
  const headers = { Accept: "application/json" };
  if (known) headers["If-None-Match"] = `"${known.digest}"`;
  const response = await fetch(QUESTIONNAIRE_URL, { headers, credentials: "same-origin" });
  if (response.status === 304) return null;
  if (!response.ok) throw Object.assign(new Error(t("server_error")), { status: response.status });
  const questionnaire = await response.json();
  return known && questionnaire.digest === known.digest ? null : questionnaire;
}

/** A first document record from the server's view of the household. */
function firstRecord(questionnaire, view) {
  const serverDoc = view.draft ? fitToQuestionnaire(view.draft, questionnaire).doc : null;
  const doc = structuredClone(serverDoc ?? fitToQuestionnaire(fromRegistry(questionnaire, view), questionnaire).doc);
  const open = sharedConflicts(view.draft_conflicts);
  const record = newDocumentRecord(view.household.ref, questionnaire, doc, { version: view.draft_version, doc: serverDoc, conflicts: open });
  // Before any server draft, this device's changes are measured from the registry pre-fill.
  record.origin = structuredClone(serverDoc ?? doc);
  // Answers other devices left to choose between: shown here too (ADR 0010).
  record.conflicts = settleConflicts({ earlier: [], fresh: [], known: [], now: open, doc, theirs: record.origin });
  return record;
}

/**
 * What the app opens with: {questionnaire, record, view, local} where `local` is true when it
 * came from this device (and the server still has to be asked). Throws the ApiError of a
 * first opening that could not reach the server.
 */
export async function openHousehold(store) {
  const local = store ? await readLocal(store) : {};
  let questionnaire = local.questionnaire?.questionnaire;
  if (!questionnaire) {
    questionnaire = await newerQuestionnaire(null);
    if (store) await store.put(RECORDS, { key: "questionnaire", questionnaire });
  }
  // Work on the device is never replaced by the server's: it is reconciled with it later.
  if (local.document) return { questionnaire, record: local.document, view: null, local: true };
  const view = await api("GET", "/self-response/household");
  const record = firstRecord(questionnaire, view);
  if (store) {
    await store.put(RECORDS, { key: "household", household_ref: view.household.ref, view });
    await store.put(RECORDS, record);
  }
  return { questionnaire, record, view, local: false };
}

/**
 * Look up the regions along the household's village once while online, so the service
 * worker keeps them: the region question then works without signal too.
 */
let warmed = false;

export function warmRegions(villageCode) {
  if (warmed || !/^\d{10}$/.test(villageCode ?? "")) return;
  if (!navigator.serviceWorker?.controller) {
    navigator.serviceWorker?.addEventListener("controllerchange", () => warmRegions(villageCode), { once: true });
    return;
  }
  warmed = true;
  const urls = ["/regions", `/regions?parent=${villageCode.slice(0, 2)}`, `/regions?parent=${villageCode.slice(0, 4)}`,
    `/regions?parent=${villageCode.slice(0, 6)}`, `/regions/${villageCode}`];
  for (const url of urls) fetch(`/api/v1${url}`, { credentials: "same-origin" }).catch(() => {});
}

/** Keep the server's view of the household (the registry pre-fill) on the device. */
export async function keepView(store, view) {
  if (store) await store.put(RECORDS, { key: "household", household_ref: view.household.ref, view });
}
