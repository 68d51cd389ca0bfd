// @ts-check
// One way to talk to /api/v1: JSON in, JSON out, and every failure as an ApiError
// carrying the error format of docs/CONTRACTS.md (code, message, field errors, detail).
import { messageOf, t } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, error) {
    super(error.message);
    this.status = status;
    this.code = error.code;
    this.fields = error.fields ?? [];
    this.detail = error.detail ?? null;
    this.retryAfter = error.retryAfter ?? null; // seconds, from Retry-After (429, 503)
  }
}

function fromBody(status, body, retryAfter = null) {
  const error = body?.error;
  if (error?.code) {
    return new ApiError(status, {
      code: error.code,
      message: messageOf(error),
      fields: (error.fields ?? []).map((f) => ({ path: f.path, code: f.code, message: messageOf(f) })),
      detail: error.detail,
      retryAfter,
    });
  }
  // Proxies and overloaded servers answer without our format.
  return new ApiError(status, { code: "server_error", message: t("server_error") });
}

export async function api(method, path, body) {
  /** @type {RequestInit & {headers: Record<string, string>}} */
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new ApiError(0, { code: "network", message: t("network_error") });
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  const wait = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
  throw fromBody(response.status, data, Number.isFinite(wait) && wait >= 0 ? wait : null);
}
