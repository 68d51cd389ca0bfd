// @ts-check
// Registration of a household the registry does not know: new KK, the registrant's NIK,
// the village from the region master, address, RT/RW and a password.
import { clearErrors } from "./dom.js";
import { sendAndEnter } from "./enter-household.js";
import { t } from "./i18n.js";
import { digits, newPasswordErrors, sixteenDigits } from "./numbers.js";
import { regionPicker } from "./regions.js";

const form = /** @type {HTMLFormElement} */ (document.getElementById("register"));
const minLength = Number(form.dataset.minLength);
let villageCode = "";

regionPicker(document.getElementById("village-selects"), {
  idPrefix: "village",
  describedBy: "village_code-error",
  onChange: (code) => {
    villageCode = code;
  },
});

function check(body, confirm) {
  const passwords = newPasswordErrors(body.password, confirm, minLength);
  return {
    kk: sixteenDigits(body.kk),
    nik: sixteenDigits(body.nik),
    village_code: villageCode ? "" : t("choose_village"),
    address: body.address ? "" : t("required"),
    rt: /^\d{1,3}$/.test(body.rt) ? "" : t("rt_rw_digits"),
    rw: /^\d{1,3}$/.test(body.rw) ? "" : t("rt_rw_digits"),
    password: passwords.password,
    "password-confirm": passwords.confirm,
  };
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  const body = {
    kk: digits(form.kk.value),
    nik: digits(form.nik.value),
    village_code: villageCode,
    address: form.address.value.trim(),
    rt: digits(form.rt.value),
    rw: digits(form.rw.value),
    password: form.password.value,
  };
  await sendAndEnter(form, {
    problems: check(body, form["password-confirm"].value),
    path: "/self-response/registrations",
    body,
    fallbackId: "register-error",
  });
});
