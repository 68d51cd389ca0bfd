// @ts-check
// The save state the page shows. It never says more than is true: "synced" only when the
// server's draft is this device's document, "on this device" only once IndexedDB has it.
import { diff } from "./changes.js";
import { t } from "./i18n.js";
import { submissionState } from "./sync.js";

function queued(entry, outbox, online) {
  if (outbox.paused) return "state_signin";
  if (outbox.inFlight?.key === entry?.key) return "sending";
  if (!online || entry?.waiting === "network") return "state_submit_queued";
  if (entry?.waiting === "server") return "state_submit_busy";
  return "sending";
}

/** The key of the state to show (a client string). */
export function saveStateOf({ work, outbox, online }) {
  const record = work.record;
  const find = (key) => outbox.entries.find((e) => e.key === key) ?? (outbox.inFlight?.key === key ? outbox.inFlight : null);
  const submission = submissionState(record);
  if (submission === "sent") return "state_sent";
  if (submission === "queued") return queued(find("submission"), outbox, online);
  const inSync = diff(record.server.doc, work.doc).length === 0;
  if (work.failed || (!work.persistent && !inSync)) return "state_not_on_device";
  if (work.dirty) return "state_saving";
  if (outbox.paused) return "state_signin";
  if (record.refusal) return "state_refused";
  // Two answers wait for a choice: "synced" would not be true of the household's answers.
  if (record.conflicts.length) return "state_conflicts";
  const draft = find("draft");
  if (inSync && !draft) return "state_synced";
  if (outbox.inFlight?.key === "draft") return "state_syncing";
  if (draft && (!online || draft.waiting === "network")) return "state_waiting";
  if (draft?.waiting === "server") return "state_busy";
  return "state_on_device";
}

export function showSaveState(element, key) {
  element.textContent = t(key);
  element.dataset.state = key;
  element.classList.toggle("unsaved", ["state_not_on_device", "state_refused", "state_signin", "state_conflicts"].includes(key));
}
