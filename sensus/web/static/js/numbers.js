// @ts-check
// Checks on the numbers people type from their cards, before bothering the server.
import { t } from "./i18n.js";

/** Digits only: people copy numbers with spaces or dots from the card. */
export function digits(value) {
  return value.replace(/\D/g, "");
}

/** An error message for a KK or NIK that is not 16 digits, else "". */
export function sixteenDigits(value) {
  if (!value) return t("required");
  return /^\d{16}$/.test(value) ? "" : t("sixteen_digits");
}

/** Error messages for a new password and its repetition. */
export function newPasswordErrors(password, confirm, minLength) {
  return {
    password: password.length < minLength ? t("password_too_short", { count: minLength }) : "",
    confirm: password && confirm !== password ? t("password_mismatch") : "",
  };
}
