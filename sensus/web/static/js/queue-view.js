// @ts-check
// What the household page shows once the answers are sent off: queued until the server has
// them (with a way to try now, or to take the submission back to change something), then
// sent, with the receipt code when the server gave it.
import { h } from "./dom.js";
import { t } from "./i18n.js";

/** Draw the queued or sent state into `container`. */
export function renderQueue(container, { record, sent, inFlight, onSendNow, onCancel, receiptPage }) {
  if (sent) {
    const receipt = record.submission?.receipt ?? record.submitted_elsewhere ?? {};
    const elsewhere = Boolean(record.submitted_elsewhere) || Boolean(record.submission?.elsewhere);
    container.append(
      h("h1", {}, t("sent_title")),
      h("p", {}, t(elsewhere ? "sent_elsewhere" : "sent_intro")),
      receipt.display_code && h("p", { class: "receipt-code", id: "queued-receipt-code" }, receipt.display_code),
      h("p", {}, h("a", { href: receiptPage }, t("see_receipt"))),
    );
    return;
  }
  container.append(
    h("h1", {}, t("queued_title")),
    h("p", {}, t("queued_intro")),
    h("div", { class: "nav" },
      h("button", { type: "button", class: "primary", onclick: onSendNow, disabled: inFlight }, t("send_now")),
      h("button", { type: "button", class: "secondary", onclick: onCancel, disabled: inFlight }, t("cancel_sending"))),
  );
}
