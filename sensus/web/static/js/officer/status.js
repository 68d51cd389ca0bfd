// @ts-check
// The line at the top of every screen: how many records wait, what the sync is doing now,
// and when the last sync went through. It never says "all sent" unless the server answered
// every record; a refused record or an ended session is said, never left silent.
import { t } from "../i18n.js";
import { formatMoment } from "./texts.js";

/** {key, text} of the sync state (`app`: the officer app). */
export function syncState(app) {
  const { field, sync } = app;
  if (!field.bundle) return { key: "no_work", text: t("sync_no_work") };
  const { waiting, rejected } = field.counts;
  const activity = sync.activity;
  const parts = [];
  let key;
  // Paused by a 401, or asked for the password before sending anything: either way, said.
  if (activity.state === "signin" || app.account?.asking) key = "signin";
  else if (activity.state === "sending") key = "sending";
  else if (waiting && (!navigator.onLine || activity.state === "no_signal")) key = "no_signal";
  else if (waiting && activity.state === "busy") key = "busy";
  else if (waiting) key = "waiting";
  else if (rejected) key = "rejected";
  // Right after the download nothing has been recorded: "everything is sent" would mislead.
  else if (!field.records.size) key = "nothing_yet";
  else key = "all_sent";
  parts.push(t(`sync_${key}`, { count: key === "rejected" ? rejected : waiting }));
  if (rejected && key !== "rejected") parts.push(t("sync_rejected", { count: rejected }));
  if (field.drafts.size) parts.push(t("sync_drafts", { count: field.drafts.size }));
  const last = field.sync?.last_sync_at;
  const downloaded = field.bundleRecord?.downloaded_at;
  if (last) parts.push(t("sync_last", { when: formatMoment(last) }));
  else parts.push(downloaded ? t("downloaded_at", { when: formatMoment(downloaded) }) : t("sync_never"));
  return { key, text: parts.join(" · ") };
}

export function showSyncState(element, app) {
  const { key, text } = syncState(app);
  element.textContent = text;
  element.dataset.state = key;
  element.classList.toggle("unsaved", ["signin", "rejected", "no_signal", "busy"].includes(key));
}
