// @ts-check
// Waiting between tries: exponential backoff with full jitter, capped, and Retry-After.
// Full jitter (a random wait between 0 and the exponential ceiling) keeps a crowd of phones
// that failed together from trying again together.

/**
 * @typedef {{baseMs: number, capMs: number}} Backoff
 */

/**
 * The wait before retry number `attempt` (1 for the first retry), in milliseconds.
 * @param {number} attempt
 * @param {Backoff} backoff
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, { baseMs, capMs }, random = Math.random) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(random() * ceiling);
}

/**
 * A Retry-After header (seconds, or an HTTP date) in milliseconds from `now`; null if none.
 * @param {string | null | undefined} header
 * @param {number} [now]
 */
export function retryAfterMs(header, now = Date.now()) {
  if (header == null) return null;
  const text = String(header).trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const when = Date.parse(text);
  return Number.isNaN(when) ? null : Math.max(0, when - now);
}

/**
 * The wait after failed attempt number `attempt`: the backoff, or when the server said
 * Retry-After, that long and a jitter of up to one base delay (so a crowd told the same
 * Retry-After does not come back in the same instant).
 * @param {number} attempt
 * @param {number | null} retryAfter
 * @param {Backoff} options
 * @param {() => number} [random]
 */
export function nextDelay(attempt, retryAfter, options, random = Math.random) {
  if (retryAfter == null) return backoffDelay(attempt, options, random);
  return retryAfter + Math.round(random() * Math.min(options.baseMs, options.capMs));
}
