// @ts-check
// "Save to a file" and "load from a file": a household's work on this device as one JSON
// file (the document, what the server last had, conflicts, set-aside answers, the outbox),
// so it can be kept or handed over even if the browser's data is wiped. No session secrets:
// the session cookie is not readable here, and the numbers kept for signing in again are
// left out. Loading checks the file and merges it like another device's draft (ADR 0010):
// newer work here is never overwritten silently; where both differ, the file's value is
// shown at the field.
import { combineConflicts, merge } from "./changes.js";
import { combineSetAside, fitToQuestionnaire } from "./fit.js";
import { documentProblem } from "./local.js";

export const FORMAT = "sensus-household-work";
export const FORMAT_VERSION = 1;

/** The file's content for the document `record` and the outbox `entries`. */
export function workFile(record, entries, release) {
  return {
    format: FORMAT,
    format_version: FORMAT_VERSION,
    saved_at: new Date().toISOString(),
    release,
    household_ref: record.household_ref,
    questionnaire_id: record.questionnaire_id,
    questionnaire_version: record.doc.questionnaire_version ?? null,
    document: record.doc,
    origin: record.origin,
    server: record.server,
    conflicts: record.conflicts,
    set_aside: record.set_aside,
    submission: record.submission,
    outbox: entries.map(({ key, kind, method, url, body, created_at, attempts }) => ({ key, kind, method, url, body, created_at, attempts })),
  };
}

/** Offer `data` as a download named `filename`. */
export function download(data, filename) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)], { type: "application/json" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name without personal data: the date it was saved. */
export function fileName() {
  return `sensus-rumah-tangga-${new Date().toISOString().slice(0, 10)}.json`;
}

/** What is wrong with a loaded file for this household, as a client string key, or null. */
export function fileProblem(data, record) {
  if (data?.format !== FORMAT || data.format_version !== FORMAT_VERSION) return "file_not_ours";
  if (documentProblem(data.document) || documentProblem(data.origin)) return "file_not_ours";
  if (data.household_ref !== record.household_ref) return "file_other_household";
  if (data.questionnaire_id !== record.questionnaire_id) return "file_not_ours";
  return null;
}

/**
 * {record, differences}: the record after merging a checked file into it (the file is the
 * other side, its `origin` the common base; answers the questionnaire no longer asks are set
 * aside), and how many fields both changed differently.
 */
export function mergeFile(current, data, questionnaire) {
  const theirs = fitToQuestionnaire(data.document, questionnaire);
  const base = fitToQuestionnaire(data.origin, questionnaire).doc;
  const { doc, conflicts } = merge(base, theirs.doc, current.doc);
  const fromFile = conflicts.map((c) => (c.source === "theirs" ? { ...c, source: "file" } : c));
  return {
    record: {
      ...current,
      doc,
      conflicts: combineConflicts(current.conflicts, fromFile),
      set_aside: combineSetAside(combineSetAside(current.set_aside, data.set_aside ?? []), theirs.setAside),
    },
    differences: fromFile.length,
  };
}
