// @ts-check
// Receipt codes checked on the spot, offline: the browser's copy of
// sensus/domain/receipts.py (the check character) and receipt_hashes.py (the bundle's salted
// hash). tests/vectors/receipt_codes.json holds both sides to the same answers.
//
// A code is ten symbols of Crockford's base-32 and a Luhn mod 32 check character. What people
// type is read as the receipt page means it: any case, hyphens and spaces dropped, O as 0,
// I and L as 1.

export const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const LENGTH = 11;
const READ_AS = { O: "0", I: "1", L: "1" };

/** The code as the server reads it. */
export function normalise(code) {
  return String(code).toUpperCase().replace(/[- ]/g, "").replace(/[OIL]/g, (c) => READ_AS[c]);
}

/** The Luhn mod 32 check symbol of `body` (symbols of ALPHABET). */
export function checkCharacter(body) {
  const base = ALPHABET.length;
  let total = 0;
  let factor = 2;
  for (const symbol of [...body].reverse()) {
    const addend = factor * ALPHABET.indexOf(symbol);
    total += Math.floor(addend / base) + (addend % base);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(base - (total % base)) % base];
}

/** Whether `code` (as typed) is well formed: eleven symbols whose check character agrees. */
export function isValid(code) {
  const plain = normalise(code);
  if (plain.length !== LENGTH || [...plain].some((symbol) => !ALPHABET.includes(symbol))) return false;
  return checkCharacter(plain.slice(0, -1)) === plain.slice(-1);
}

/** `XXXX-XXXX-XXX`, for reading aloud. */
export function display(code) {
  const plain = normalise(code);
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
}

/** hex(SHA-256(salt + ":" + householdId + ":" + normalised code))[:16], as the bundle has it. */
export async function receiptHash(salt, householdId, code) {
  const material = new TextEncoder().encode(`${salt}:${householdId}:${normalise(code)}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", material));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, 16);
}

/**
 * What a code shown at the door says about the household `entry` of the population list
 * (`salt`: its bundle's): "invalid" (mistyped: the check character disagrees), "match",
 * "mismatch" (a real code, but not this household's), or "unknown" (the household had not
 * answered online when the bundle was made: only the server can tell now).
 */
export async function confirmReceipt(code, entry, salt) {
  if (!isValid(code)) return "invalid";
  if (!entry.receipt_hash) return "unknown";
  return (await receiptHash(salt, entry.household_id, code)) === entry.receipt_hash ? "match" : "mismatch";
}
