// @ts-check
// Signing in again when the session ended while answers wait to be sent (a 401 paused the
// outbox). Only the password is asked when this device kept the household's numbers at sign
// in; the answers stay on the device whatever happens here.
import { api } from "./api.js";
import { clearErrors, showError } from "./dom.js";
import { t } from "./i18n.js";
import { digits, sixteenDigits } from "./numbers.js";

/**
 * Show the sign-in box above the form (the form stays usable: answers typed meanwhile are
 * saved on the device); resolves once signed in again as household `ref`. `signin`: the
 * kept numbers ({kk, nik}) or null.
 */
export function signInAgain(ref, signin) {
  const box = document.getElementById("reauth");
  const form = /** @type {HTMLFormElement} */ (document.getElementById("reauth-form"));
  const needNumbers = !signin;
  for (const field of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll('[data-needs="numbers"]'))) field.hidden = !needNumbers;
  return new Promise((resolve) => {
    async function submit(event) {
      event.preventDefault();
      clearErrors(form);
      const kk = needNumbers ? digits(/** @type {HTMLInputElement} */ (form.querySelector("#reauth-kk")).value) : signin.kk;
      const nik = needNumbers ? digits(/** @type {HTMLInputElement} */ (form.querySelector("#reauth-nik")).value) : signin.nik;
      const password = /** @type {HTMLInputElement} */ (form.querySelector("#reauth-password")).value;
      const problem = needNumbers ? sixteenDigits(kk) || sixteenDigits(nik) : "";
      if (problem || !password) return showError("reauth-error", problem || t("required"));
      try {
        const household = await api("POST", "/self-response/session", { kk, nik, password });
        if (household.ref !== ref) {
          // Another household's numbers: its session is not this work's. Sign that one out.
          await api("DELETE", "/self-response/session").catch(() => {});
          return showError("reauth-error", t("reauth_other_household"));
        }
        form.removeEventListener("submit", submit);
        form.reset();
        box.hidden = true;
        resolve({ kk, nik });
      } catch (error) {
        showError("reauth-error", error.message);
      }
    }
    form.addEventListener("submit", submit);
    box.hidden = false;
  });
}
