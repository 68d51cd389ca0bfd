// @ts-check
// Whose work is on this device, signing in again, and signing out.
//
// - Before anything is sent or downloaded, the server is asked who is signed in: the work on
//   the device belongs to one officer, and another officer's session must never carry it.
//   If the device holds nothing unsent, the other officer's arrival clears it.
// - A session that ended (expired, or revoked on a lost phone's report) pauses the outbox:
//   the app asks for the password; nothing recorded is lost meanwhile, and it goes after.
// - Signing out clears the officer's data from the device (names and NIKs of whole areas),
//   and is refused while anything waits to be sent.
import { api } from "../api.js";
import { clearErrors, h, showError } from "../dom.js";
import { t } from "../i18n.js";
import { forgetOfficer } from "./device.js";

const SIGN_IN_PAGE = "/petugas/masuk";

export class Account {
  constructor(app, store) {
    this.app = app;
    this.store = store;
    this.asking = null;
    document.getElementById("officer-sign-out").addEventListener("click", () => this.signOut());
  }

  /**
   * True when the officer signed in is this device's (or the device has no officer yet).
   * A 401 asks for the password; another officer is told what to do; no signal is false.
   */
  async check() {
    let me;
    this.unreachable = false;
    try {
      me = await api("GET", "/staff/me");
    } catch (error) {
      if (error.status === 401) this.signInAgain();
      this.unreachable = error.status === 0; // "online", but no real signal
      return false;
    }
    const { field } = this.app;
    const owner = field.username;
    if (!owner || owner === me.username) return true;
    if (field.unsent || this.app.sync.outbox.state.entries.length) {
      this.app.setNotice(t("other_officer", { owner, username: me.username }));
      return false;
    }
    await forgetOfficer(this.store); // everything of the other officer is on the server
    window.location.reload();
    return false;
  }

  /** Ask for the password again; resolves once signed in, and the outbox goes on. */
  signInAgain() {
    if (!this.asking) {
      this.asking = this.ask().finally(() => {
        this.asking = null;
        this.app.status();
      });
      this.app.status(); // the line says the session ended, as the box asks
    }
    return this.asking;
  }

  /** @returns {Promise<void>} */
  ask() {
    const box = document.getElementById("officer-reauth");
    const form = /** @type {HTMLFormElement} */ (document.getElementById("officer-reauth-form"));
    const username = /** @type {HTMLInputElement} */ (form.querySelector("#officer-reauth-username"));
    username.value = this.app.field.username ?? "";
    username.readOnly = Boolean(this.app.field.username);
    box.hidden = false;
    return new Promise((resolve) => {
      const submit = async (event) => {
        event.preventDefault();
        clearErrors(form);
        const password = /** @type {HTMLInputElement} */ (form.querySelector("#officer-reauth-password")).value;
        if (!username.value || !password) return showError("officer-reauth-error", t("required"));
        try {
          await api("POST", "/staff/session", { username: username.value.trim(), password, device_label: "officer app" });
        } catch (error) {
          return showError("officer-reauth-error", error.message);
        }
        form.removeEventListener("submit", submit);
        form.reset();
        box.hidden = true;
        this.app.sync.outbox.resume();
        this.app.syncNow();
        return resolve();
      };
      form.addEventListener("submit", submit);
    });
  }

  /** Sign out: only with everything sent; then the device forgets the officer's data. */
  async signOut() {
    // Records in a batch on its way are still waiting: counted here until the server answers.
    const waiting = this.app.field.unsent;
    if (waiting) return this.refuse(t("sign_out_refused", { count: waiting }));
    if (!navigator.onLine) return this.refuse(t("sign_out_needs_signal"));
    try {
      await api("DELETE", "/staff/session");
    } catch (error) {
      if (error.status === 0) return this.refuse(t("sign_out_needs_signal"));
    }
    await forgetOfficer(this.store);
    sessionStorage.clear();
    window.location.assign(SIGN_IN_PAGE);
    return undefined;
  }

  refuse(message) {
    const dialog = h("dialog", { id: "sign-out-refused", "aria-labelledby": "sign-out-refused-title" },
      h("h2", { id: "sign-out-refused-title" }, t("sign_out_refused_title")),
      h("p", {}, message),
      h("div", { class: "nav" },
        h("button", { type: "button", class: "primary", onclick: () => { dialog.close(); this.app.go("sync"); } }, t("open_sync")),
        h("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, t("close"))));
    document.getElementById("sign-out-refused")?.remove();
    document.body.append(dialog);
    dialog.showModal();
  }
}
