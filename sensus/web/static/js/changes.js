// @ts-check
// Changes between household response documents, members named by member_id (ADR 0010):
// - diff(base, doc): the changes a device sends (PATCH /api/v1/self-response/draft);
// - applyChanges(doc, changes): what the server makes of them, exactly as
//   sensus/domain/draft_changes.py does (tests/vectors/draft_changes.json holds both to it);
// - merge(base, theirs, mine): the three-way merge after a 409: a field only one side
//   changed takes that side's value; a field both changed differently keeps this device's
//   value and records the other as a conflict, so nothing either person typed is lost.
//
// Conflicts are {path, other, source}: `path` as in changes ("household/<q>",
// "members/<id>/answers/<q>", "members/<id>/presence", "members/<id>"), `other` the value
// not kept (null: unanswered, or for a member: removed), `source` "theirs" (the server's)
// or "mine" (this device's, when a member it removed was changed elsewhere and is back).

/**
 * The shapes merged here (docs/CONTRACTS.md; household-doc.js types them for the pages). A
 * value is `unknown`: the merge compares and copies answers, it never reads them.
 * @typedef {Record<string, unknown>} Answers
 * @typedef {{member_id: string, presence: unknown, answers: Answers}} Member
 * @typedef {{household: Answers, members: Member[]}} Doc
 * @typedef {{path: string, value: unknown}} Change
 * @typedef {{path: string, other: unknown, source: "theirs" | "mine" | "shared"}} Conflict
 * @typedef {{path: string, other: unknown}} SharedConflict  as the server keeps it
 */

/** @type {Readonly<Doc>} */
export const EMPTY = Object.freeze({ household: {}, members: [] });

/** @param {unknown} value */
const missing = (value) => value === undefined || value === null;
/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}  any: a JSON object from elsewhere, each use checks it
 */
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Whether two answers are the same (absent and null alike).
 * @param {unknown} a
 * @param {unknown} b
 */
export function same(a, b) {
  if (missing(a) || missing(b)) return missing(a) && missing(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** @param {Answers | undefined} answers */
function answered(answers) {
  return Object.fromEntries(Object.entries(answers ?? {}).filter(([, value]) => !missing(value)));
}

/**
 * @param {Answers | undefined} before
 * @param {Answers | undefined} after
 * @param {(key: string) => string} pathOf
 * @param {Change[]} changes  added to
 */
function answerChanges(before, after, pathOf, changes) {
  for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    const value = after?.[key];
    if (!same(before?.[key], value)) changes.push({ path: pathOf(key), value: missing(value) ? null : value });
  }
}

/** @param {Member[] | undefined} members */
const byId = (members) => new Map((members ?? []).map((member) => [member.member_id, member]));

/**
 * The changes that make `base` (null: nothing saved yet) into `doc`.
 * @param {Doc | null} base
 * @param {Doc} doc
 */
export function diff(base, doc) {
  /** @type {Change[]} */
  const changes = [];
  const from = base ?? EMPTY;
  answerChanges(from.household, doc.household, (q) => `household/${q}`, changes);
  const before = byId(from.members);
  for (const member of doc.members) {
    const path = `members/${member.member_id}`;
    const old = before.get(member.member_id);
    before.delete(member.member_id);
    if (!old) {
      changes.push({ path, value: { presence: member.presence, answers: answered(member.answers) } });
      continue;
    }
    if (member.presence !== old.presence) changes.push({ path: `${path}/presence`, value: member.presence });
    answerChanges(old.answers, member.answers, (q) => `${path}/answers/${q}`, changes);
  }
  for (const id of before.keys()) changes.push({ path: `members/${id}`, value: null });
  return changes;
}

/**
 * @param {Answers} answers
 * @param {string} key
 * @param {unknown} value
 */
function setAnswer(answers, key, value) {
  if (missing(value)) delete answers[key];
  else answers[key] = value;
}

/**
 * One change applied to `doc` in place; false when it cannot be applied (as the server refuses it).
 * @param {Doc} doc
 * @param {unknown} path  as it came: not always a string
 * @param {unknown} value
 */
function applyOne(doc, path, value) {
  const parts = typeof path === "string" ? path.split("/") : [];
  if (parts.some((part) => part === "")) return false;
  if (parts.length === 2 && parts[0] === "household") {
    setAnswer(doc.household, parts[1], value);
    return true;
  }
  if (parts.length < 2 || parts[0] !== "members") return false;
  const index = doc.members.findIndex((m) => isObject(m) && m.member_id === parts[1]);
  const member = doc.members[index];
  if (parts.length === 2) {
    if (missing(value)) {
      if (index < 0) return false;
      doc.members.splice(index, 1);
      return true;
    }
    const keys = isObject(value) ? Object.keys(value).sort().join() : "";
    if (!isObject(value) || keys !== "answers,presence") return false;
    const added = { member_id: parts[1], presence: value.presence, answers: value.answers };
    if (index < 0) doc.members.push(added);
    else doc.members[index] = added;
    return true;
  }
  if (!member) return false;
  if (parts.length === 3 && parts[2] === "presence") {
    member.presence = value;
    return true;
  }
  if (parts.length === 4 && parts[2] === "answers") {
    if (!isObject(member.answers)) member.answers = {};
    setAnswer(member.answers, parts[3], value);
    return true;
  }
  return false;
}

/**
 * `doc` (null: nothing saved yet) with `changes` applied, as a copy; throws on a change the server would refuse.
 * @param {Doc | null} doc
 * @param {Change[]} changes
 * @returns {Doc}
 */
export function applyChanges(doc, changes) {
  const result = /** @type {Doc} */ (structuredClone(doc ?? EMPTY)); // a copy: not frozen
  if (!isObject(result.household)) result.household = {};
  if (!Array.isArray(result.members)) result.members = [];
  changes.forEach(({ path, value }, index) => {
    if (!applyOne(result, path, value)) throw new Error(`change ${index} cannot be applied`);
  });
  return result;
}

/**
 * The value at three versions of one field: {value, other?} (other: a conflict).
 * @param {unknown} base
 * @param {unknown} theirs
 * @param {unknown} mine
 * @returns {{value: unknown, other?: unknown}}
 */
function pick(base, theirs, mine) {
  if (same(theirs, mine) || same(theirs, base)) return { value: mine };
  if (same(mine, base)) return { value: theirs };
  return { value: mine, other: missing(theirs) ? null : theirs };
}

/**
 * @param {Answers | undefined} base
 * @param {Answers | undefined} theirs
 * @param {Answers | undefined} mine
 * @param {(key: string) => string} pathOf
 * @param {Conflict[]} conflicts  added to
 */
function mergeAnswers(base, theirs, mine, pathOf, conflicts) {
  /** @type {Answers} */
  const result = {};
  for (const key of new Set([...Object.keys(base ?? {}), ...Object.keys(theirs ?? {}), ...Object.keys(mine ?? {})])) {
    const { value, other } = pick(base?.[key], theirs?.[key], mine?.[key]);
    if (!missing(value)) result[key] = structuredClone(value);
    if (other !== undefined) conflicts.push({ path: pathOf(key), other, source: "theirs" });
  }
  return result;
}

/**
 * @param {Member} base
 * @param {Member} now
 */
function memberUnchanged(base, now) {
  return base.presence === now.presence && diff({ household: {}, members: [base] }, { household: {}, members: [now] }).length === 0;
}

/**
 * @param {Member | undefined} base
 * @param {Member} theirs
 * @param {Member} mine
 * @param {Conflict[]} conflicts  added to
 * @returns {Member}
 */
function mergeMember(base, theirs, mine, conflicts) {
  const path = `members/${mine.member_id}`;
  const presence = pick(base?.presence, theirs.presence, mine.presence);
  if (presence.other !== undefined) conflicts.push({ path: `${path}/presence`, other: presence.other, source: "theirs" });
  const answers = mergeAnswers(base?.answers, theirs.answers, mine.answers, (q) => `${path}/answers/${q}`, conflicts);
  return { member_id: mine.member_id, presence: presence.value, answers };
}

/**
 * A member only one side still has: {member, conflict} (member null: it stays removed).
 * @param {Member | undefined} base
 * @param {Member} kept
 * @param {"theirs" | "mine"} keptBy
 * @returns {{member: Member | null, conflict?: Conflict}}
 */
function oneSided(base, kept, keptBy) {
  const path = `members/${kept.member_id}`;
  if (!base) return { member: structuredClone(kept) }; // added on that side
  if (memberUnchanged(base, kept)) return { member: null }; // removed on the other, untouched here
  // Removed on one side, changed on the other: kept, and the removal is the conflict.
  return { member: structuredClone(kept), conflict: { path, other: null, source: keptBy === "mine" ? "theirs" : "mine" } };
}

/**
 * The three-way merge of ADR 0010: `base` the last server draft this device knew (or the
 * registry pre-fill), `theirs` the server's draft now, `mine` this device's. Members keep
 * this device's order, then come the ones only the server has: a merge never moves a row
 * the person may be typing in. Returns {doc, conflicts}.
 * @template {Doc} D
 * @param {Doc | null} base
 * @param {Doc | null} theirs
 * @param {D} mine
 * @returns {{doc: D, conflicts: Conflict[]}}
 */
export function merge(base, theirs, mine) {
  /** @type {Conflict[]} */
  const conflicts = [];
  const from = base ?? EMPTY;
  const there = theirs ?? from; // no server draft at all: nothing was changed there
  const household = mergeAnswers(from.household, there.household, mine.household, (q) => `household/${q}`, conflicts);
  const before = byId(from.members);
  const theirsById = byId(there.members);
  const mineById = byId(mine.members);
  const order = [...mineById.keys(), ...[...theirsById.keys()].filter((id) => !mineById.has(id))];
  /** @type {Member[]} */
  const members = [];
  for (const id of order) {
    const [b, t, m] = [before.get(id), theirsById.get(id), mineById.get(id)];
    if (t && m) {
      members.push(mergeMember(b, t, m, conflicts));
      continue;
    }
    // `order` holds only ids one side has: t or m is there.
    const { member, conflict } = oneSided(b, /** @type {Member} */ (t ?? m), t ? "theirs" : "mine");
    if (member) members.push(member);
    if (conflict) conflicts.push(conflict);
  }
  return { doc: { ...structuredClone(mine), household, members }, conflicts };
}

/**
 * Conflicts after a merge: the new ones, and the earlier ones at paths the merge did not touch.
 * @template {SharedConflict} C
 * @param {C[] | null | undefined} earlier
 * @param {C[]} fresh
 * @returns {C[]}
 */
export function combineConflicts(earlier, fresh) {
  // One conflict per path, the latest found kept (two merges of one sync may both find it).
  /** @type {Map<string, C>} */
  const byPath = new Map();
  for (const conflict of [...(earlier ?? []), ...fresh]) {
    byPath.delete(conflict.path);
    byPath.set(conflict.path, conflict);
  }
  return [...byPath.values()];
}

/**
 * The value at a change path of `doc` (a member path: the member); undefined when absent.
 * @param {Doc} doc
 * @param {string} path
 * @returns {unknown}
 */
export function valueAt(doc, path) {
  const parts = path.split("/");
  if (parts[0] === "household") return doc.household?.[parts[1]];
  const member = (doc.members ?? []).find((m) => m.member_id === parts[1]);
  if (parts.length === 2 || !member) return member;
  return parts[2] === "presence" ? member.presence : member.answers?.[parts[3]];
}

/**
 * Conflicts as the server keeps them, [{path, other}] in path order (ADR 0010).
 * @param {SharedConflict[] | null | undefined} conflicts
 * @returns {SharedConflict[]}
 */
export function sharedConflicts(conflicts) {
  return combineConflicts([], conflicts ?? [])
    .map(({ path, other }) => ({ path, other: missing(other) ? null : other }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Whether two lists of conflicts say the same (the device's against the server's).
 * @param {SharedConflict[] | null | undefined} a
 * @param {SharedConflict[] | null | undefined} b
 */
export function sameConflicts(a, b) {
  return JSON.stringify(sharedConflicts(a)) === JSON.stringify(sharedConflicts(b));
}

/** @param {string} path */
const isMemberPath = (path) => path.split("/").length === 2;

/**
 * The device's open conflicts once the server's draft is taken in (ADR 0010). A conflict
 * ends only by a person's choice, on this device or another:
 * - `earlier`: the device's open conflicts; `fresh`: the ones this merge found; `doc`: the
 *   merged document; `theirs`: the server's document now;
 * - `known`: the server's open conflicts at the version this device knew; `now`: its open
 *   conflicts at the new version.
 * One the server had open and no longer has was chosen on another device: it goes (unless
 * this merge found it again). One the server opened since the version this device knew: it
 * comes (one it knew and has no more was chosen here, the choice on its way),
 * its other value the one of the two answers this device does not show, so the device
 * whose answer was replaced sees both as well.
 * @param {{earlier: Conflict[] | null | undefined, fresh: Conflict[], known: SharedConflict[] | null | undefined,
 *   now: SharedConflict[] | null | undefined, doc: Doc, theirs: Doc}} state
 * @returns {Conflict[]}
 */
export function settleConflicts({ earlier, fresh, known, now, doc, theirs }) {
  const knownPaths = new Set((known ?? []).map((c) => c.path));
  const nowPaths = new Set((now ?? []).map((c) => c.path));
  /** @param {Conflict} c */
  const chosenElsewhere = (c) => knownPaths.has(c.path) && !nowPaths.has(c.path);
  const kept = combineConflicts((earlier ?? []).filter((c) => !chosenElsewhere(c)), fresh);
  const paths = new Set(kept.map((c) => c.path));
  for (const shared of now ?? []) {
    // Known already: still open here, or chosen here and that choice not yet on the server.
    if (paths.has(shared.path) || knownPaths.has(shared.path)) continue;
    const shown = valueAt(doc, shared.path);
    // This device still shows the answer set aside: the other is the one the draft kept.
    const mineSetAside = same(shown, shared.other);
    const other = mineSetAside ? valueAt(theirs, shared.path) : shared.other;
    if (isMemberPath(shared.path) ? other === null && shown === undefined : same(shown, other)) continue;
    kept.push({
      path: shared.path,
      other: missing(other) || isMemberPath(shared.path) ? null : structuredClone(other),
      source: mineSetAside ? "theirs" : "shared",
    });
  }
  // Both answers the same now (typed alike on both devices): nothing left to choose.
  return kept.filter((c) => isMemberPath(c.path) || !same(valueAt(doc, c.path), c.other));
}
