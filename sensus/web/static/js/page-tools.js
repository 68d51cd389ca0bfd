// @ts-check
// The household page's guards and tools around the form: saving the work to a file and
// loading it back, warnings before anything could leave answers unsent (sign-out on a shared
// phone, closing the page while the outbox holds work), the language switch, a new release
// of the app, and signing in again when the session ended.
import { diff } from "./changes.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { RECORDS, readSignin } from "./local.js";
import { signInAgain as askPassword } from "./reauth.js";
import { signOut } from "./signout.js";
import { submissionState } from "./sync.js";
import { download, fileName, fileProblem, mergeFile, workFile } from "./work-file.js";

const release = document.documentElement.dataset.release;

/** Resolve with the `data-choice` of the button pressed in `dialog`. */
function choose(dialog) {
  return new Promise((resolve) => {
    const picked = (event) => {
      const choice = event.target.closest("[data-choice]")?.dataset.choice;
      if (!choice) return;
      dialog.removeEventListener("click", picked);
      dialog.close();
      resolve(choice);
    };
    dialog.addEventListener("click", picked);
    dialog.addEventListener("cancel", () => resolve("cancel"), { once: true });
    dialog.showModal();
  });
}

export function pageTools({ work, outbox, sync, store, questionnaire, reconciler, setNotice }) {
  let leaving = false; // the page itself is going somewhere, its work safe
  let asking = null;
  const box = document.getElementById("work-tools");
  const input = /** @type {HTMLInputElement} */ (document.getElementById("load-file"));

  /** Whether this device holds answers the server does not have. */
  function unsent() {
    if (outbox.state.entries.length || work.dirty) return true;
    const record = work.record;
    return submissionState(record) !== "sent" && diff(record.server.doc ?? record.origin, work.doc).length > 0;
  }

  async function saveFile() {
    await work.flush();
    download(workFile(work.record, outbox.state.entries, release), fileName());
  }

  async function loadFile() {
    const [file] = input.files;
    input.value = "";
    if (!file) return;
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      return setNotice(t("file_not_ours"));
    }
    const problem = fileProblem(data, work.record);
    if (problem) return setNotice(t(problem));
    await work.flush();
    let differences = 0;
    await work.update((current) => {
      const merged = mergeFile(current, data, questionnaire());
      differences = merged.differences;
      return merged.record;
    });
    sync.schedule(true);
    return setNotice(t(differences ? "file_loaded_differences" : "file_loaded", { count: differences }));
  }

  async function signOutAsked() {
    await work.flush();
    if (!unsent()) return signOut(true);
    const choice = await choose(document.getElementById("signout-warning"));
    if (choice === "file") return saveFile();
    if (choice === "keep") {
      leaving = true;
      return signOut(false);
    }
    return undefined;
  }

  function leave(path) {
    leaving = true;
    work.flush().finally(() => window.location.assign(path));
  }

  function showUpdate({ apply }) {
    const banner = h("div", { class: "notice update", role: "status", id: "update-banner" },
      h("p", {}, t("update_ready")),
      h("button", { type: "button", class: "secondary", onclick: async () => {
        await work.flush();
        leaving = true;
        apply();
      } }, t("update_now")));
    document.getElementById("update-banner")?.remove();
    document.getElementById("main").prepend(banner);
  }

  function switchLanguage() {
    // Switching language reloads the page: save first so no typed answer is lost.
    const form = /** @type {HTMLFormElement | null} */ (document.querySelector(".lang-switch"));
    form?.addEventListener("submit", async (event) => {
      if (form.dataset.saved) return;
      event.preventDefault();
      if (!navigator.onLine) return setNotice(t("language_needs_signal"));
      await work.flush();
      form.dataset.saved = "1";
      form.append(h("input", { type: "hidden", name: "lang", value: /** @type {HTMLButtonElement} */ (event.submitter).value }));
      leaving = true;
      return form.submit();
    });
  }

  /** Ask for the password again (a 401); then look at the server and send what waits. */
  function signInAgain() {
    asking ??= (async () => {
      const ref = work.record.household_ref;
      const numbers = await askPassword(ref, await readSignin(store, ref));
      if (store) await store.put(RECORDS, { key: "signin", household_ref: ref, ...numbers });
      if (await reconciler.reconcile()) outbox.resume();
    })().finally(() => {
      asking = null;
    });
    return asking;
  }

  document.getElementById("save-file").addEventListener("click", saveFile);
  document.getElementById("load-file-button").addEventListener("click", () => input.click());
  input.addEventListener("change", loadFile);
  addEventListener("sensus:sign-out", (event) => {
    event.preventDefault();
    signOutAsked();
  });
  addEventListener("sensus:update", (event) => showUpdate(event.detail));
  addEventListener("beforeunload", (event) => {
    if (leaving || !(outbox.state.entries.length || work.dirty)) return;
    work.flush(); // on the device it is safe; the browser asks whether to leave anyway
    event.preventDefault();
    event.returnValue = "";
  });
  switchLanguage();

  return {
    show(visible) {
      box.hidden = !visible;
    },
    leave,
    signInAgain,
    saveFile,
  };
}
