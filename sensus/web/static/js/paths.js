// @ts-check
// Error paths (docs/CONTRACTS.md: `members/2/nama`, `household/alamat_domisili`, `members`)
// double as element ids, so an error from the engine or from the server finds its field.

export function memberPath(index, questionId) {
  return `members/${index}/${questionId}`;
}

export function householdPath(questionId) {
  return `household/${questionId}`;
}

/** The id of the input (or fieldset) that answers `path`. */
export function fieldId(path) {
  return `f-${path.replaceAll("/", "-")}`;
}

/** {index, questionId} of a member path, or null. */
export function parseMemberPath(path) {
  const match = /^members\/(\d+)\/(.+)$/.exec(path);
  return match ? { index: Number(match[1]), questionId: match[2] } : null;
}
