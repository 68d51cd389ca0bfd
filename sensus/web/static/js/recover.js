// @ts-check
// A new password with the one-time code an officer handed over (ADR 0016): KK, NIK, code,
// new password. Every other device of the household is signed out by the server.
import { clearErrors } from "./dom.js";
import { sendAndEnter } from "./enter-household.js";
import { t } from "./i18n.js";
import { digits, newPasswordErrors, sixteenDigits } from "./numbers.js";

const form = /** @type {HTMLFormElement} */ (document.getElementById("recover"));
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
  await sendAndEnter(form, {
    problems: {
      kk: sixteenDigits(body.kk),
      nik: sixteenDigits(body.nik),
      code: !body.code ? t("required") : CODE.test(body.code) ? "" : t("recovery_code_format"),
      password: passwords.password,
      "password-confirm": passwords.confirm,
    },
    path: "/self-response/recovery",
    body,
    fallbackId: "recover-error",
  });
});
