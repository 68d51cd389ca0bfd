// @ts-check
// What the server refused (a draft change, a submission), as problems at the fields of this
// device's document. The server names members by their place in the document it checked,
// which may not be their place here (another device added someone): mapped by member_id.
import { applyChanges } from "./changes.js";
import { messageOf } from "./i18n.js";

/** The path (by place in `doc`) of a server path by place in `checked`. */
export function localPath(path, checked, doc) {
  const match = /^members\/(\d+)(\/.*)?$/.exec(path);
  if (!match) return path;
  const member = checked?.members?.[Number(match[1])];
  const index = member ? doc.members.findIndex((m) => m.member_id === member.member_id) : -1;
  return index < 0 ? "members" : `members/${index}${match[2] ?? ""}`;
}

/** Map path → {code, message} of a refusal ({error}) of the document `checked`. */
export function refusalProblems(refusal, checked, doc) {
  const problems = new Map();
  for (const field of refusal?.error?.fields ?? []) {
    const path = localPath(field.path, checked, doc);
    if (!problems.has(path)) problems.set(path, { code: field.code, message: messageOf(field) });
  }
  return problems;
}

/** The problems of the record's refused draft change (none when there is none). */
export function draftRefusalProblems(record, doc) {
  if (!record.refusal) return new Map();
  let checked = null;
  try {
    checked = applyChanges(record.server.doc, record.refusal.changes ?? []);
  } catch {
    // the server could not apply them either: its paths are the changes' own
  }
  return refusalProblems(record.refusal, checked, doc);
}
