// @ts-check
// The last step of the forms that end in a session of their own (registration, recovery with
// an officer's code): the page's own checks at their fields, or the request, and then the
// household app. The server's field errors show at their fields, any other in `fallbackId`.
import { api } from "./api.js";
import { showError } from "./dom.js";

/** `problems`: {field: message ("" for none). Resolves once shown, or when the app opens. */
export async function sendAndEnter(form, { problems, path, body, fallbackId }) {
  const found = Object.entries(problems).filter(([, message]) => message);
  for (const [name, message] of found) showError(`${name}-error`, message);
  if (found.length) {
    form.querySelector(".invalid input, .invalid select")?.focus();
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const household = await api("POST", path, body);
    await import("./remember-signin.js").then((m) => m.rememberSignIn(household, body.kk, body.nik)).catch(() => {});
    window.location.assign("/rumah-tangga");
  } catch (error) {
    const placed = error.fields.filter((f) => document.getElementById(`${f.path}-error`));
    for (const field of placed) showError(`${field.path}-error`, field.message);
    if (!placed.length) showError(fallbackId, error.message);
    button.disabled = false;
  }
}
