// A new password with the one-time code an officer handed over (ADR 0016): KK, NIK, code,
// new password. Every other device of the household is signed out by the server.
import { api } from "./api.js";
import { clearErrors, showError } from "./dom.js";
import { t } from "./i18n.js";
import { digits, newPasswordErrors, sixteenDigits } from "./numbers.js";

const form = document.getElementById("recover");
const minLength = Number(form.dataset.minLength);
const CODE = /^[ACDEFGHJKMNPQRTUVWXY34679]{8}$/;

/** The code as the server keeps it: capitals, without spaces or dashes. */
function codeOf(value) {
  return value.toUpperCase().replace(/[\s-]/g, "");
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  const body = {
    kk: digits(form.kk.value),
    nik: digits(form.nik.value),
    code: codeOf(form.code.value),
    password: form.password.value,
  };
  const passwords = newPasswordErrors(body.password, form["password-confirm"].value, minLength);
  const problems = Object.entries({
    kk: sixteenDigits(body.kk),
    nik: sixteenDigits(body.nik),
    code: !body.code ? t("required") : CODE.test(body.code) ? "" : t("recovery_code_format"),
    password: passwords.password,
    "password-confirm": passwords.confirm,
  }).filter(([, message]) => message);
  for (const [name, message] of problems) showError(`${name}-error`, message);
  if (problems.length) {
    form.querySelector(".invalid input")?.focus();
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const household = await api("POST", "/self-response/recovery", body);
    await import("./remember-signin.js").then((m) => m.rememberSignIn(household, body.kk, body.nik)).catch(() => {});
    window.location.assign("/rumah-tangga");
  } catch (error) {
    const placed = error.fields.filter((f) => document.getElementById(`${f.path}-error`));
    for (const field of placed) showError(`${field.path}-error`, field.message);
    if (!placed.length) showError("recover-error", error.message);
    button.disabled = false;
  }
});
