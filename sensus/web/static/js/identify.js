// @ts-check
// The sign-in page: KK + NIK first, then create or enter the household's password.
// The numbers stay in this page's memory and travel only in POST bodies.
import { api } from "./api.js";
import { clearErrors, showError } from "./dom.js";
import { t } from "./i18n.js";
import { digits, newPasswordErrors, sixteenDigits } from "./numbers.js";

const numbersForm = /** @type {HTMLFormElement} */ (document.getElementById("identify"));
const passwordForm = /** @type {HTMLFormElement} */ (document.getElementById("password-form"));
const minLength = Number(passwordForm.dataset.minLength);
let identity = null; // {kk, nik, passwordSet}

/** How long to wait, as a person reads it: "30 detik", "15 menit". */
function waitText(seconds) {
  return seconds < 120 ? t("wait_seconds", { count: seconds }) : t("wait_minutes", { count: Math.ceil(seconds / 60) });
}

function showFieldErrors(error, formErrorId) {
  if (error.code === "too_many_attempts") {
    // Say how long to wait (the server's Retry-After) and where to get help, never just "later".
    const wait = error.retryAfter == null ? error.message : t("locked_out", { wait: waitText(error.retryAfter) });
    showError(formErrorId, `${wait} ${t("locked_out_help")}`);
    return;
  }
  let shown = false;
  for (const field of error.fields) {
    const box = document.getElementById(`${field.path}-error`);
    if (box) {
      showError(box.id, field.message);
      shown = true;
    }
  }
  if (!shown) showError(formErrorId, error.message);
}

function busy(form, on) {
  for (const button of form.querySelectorAll("button")) button.disabled = on;
}

function showPasswordStep(passwordSet) {
  const mode = passwordSet ? "enter" : "create";
  for (const node of /** @type {NodeListOf<HTMLElement>} */ (passwordForm.querySelectorAll("[data-mode]"))) {
    node.hidden = node.dataset.mode !== mode;
  }
  /** @type {HTMLInputElement} */ (document.getElementById("password")).autocomplete = passwordSet ? "current-password" : "new-password";
  numbersForm.hidden = true;
  passwordForm.hidden = false;
  document.getElementById("password").focus();
}

/**
 * Keep the numbers on this device and set aside another household's work left on it
 * (remember-signin.js, loaded only now). Not worth more than a few seconds on a slow line:
 * the household app checks whose work it holds again with the server.
 */
function remember(household, kk, nik) {
  const kept = import("./remember-signin.js").then((m) => m.rememberSignIn(household, kk, nik));
  return Promise.race([kept.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 5000))]);
}

numbersForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(numbersForm);
  const kk = digits(numbersForm.kk.value);
  const nik = digits(numbersForm.nik.value);
  const problems = { kk: sixteenDigits(kk), nik: sixteenDigits(nik) };
  showError("kk-error", problems.kk);
  showError("nik-error", problems.nik);
  if (problems.kk || problems.nik) return;
  busy(numbersForm, true);
  try {
    const answer = await api("POST", "/self-response/identify", { kk, nik });
    identity = { kk, nik, passwordSet: answer.password_set };
    showPasswordStep(answer.password_set);
  } catch (error) {
    // The API's message is deliberately the same whichever number was wrong: show it as is.
    showFieldErrors(error, "identify-error");
    // No signal: work already on this device can go on without signing in.
    if (error.status === 0) document.getElementById("offline-continue").hidden = false;
  } finally {
    busy(numbersForm, false);
  }
});

passwordForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(passwordForm);
  const password = passwordForm.password.value;
  if (!identity.passwordSet) {
    const problems = newPasswordErrors(password, passwordForm["password-confirm"].value, minLength);
    showError("password-error", problems.password);
    showError("password-confirm-error", problems.confirm);
    if (problems.password || problems.confirm) return;
  }
  busy(passwordForm, true);
  try {
    const household = await api("POST", "/self-response/session", { kk: identity.kk, nik: identity.nik, password });
    await remember(household, identity.kk, identity.nik);
    window.location.assign("/rumah-tangga");
  } catch (error) {
    showFieldErrors(error, "password-form-error");
    busy(passwordForm, false);
  }
});

document.getElementById("change-numbers").addEventListener("click", () => {
  clearErrors(passwordForm);
  passwordForm.reset();
  passwordForm.hidden = true;
  numbersForm.hidden = false;
  numbersForm.kk.focus();
});

document.getElementById("show-password").addEventListener("change", (event) => {
  const type = /** @type {HTMLInputElement} */ (event.target).checked ? "text" : "password";
  for (const id of ["password", "password-confirm"]) /** @type {HTMLInputElement} */ (document.getElementById(id)).type = type;
});
