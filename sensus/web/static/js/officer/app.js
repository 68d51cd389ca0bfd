// @ts-check
// The officer's app: opens from this device (the bundle, the records, the interviews begun),
// works without signal for days, and syncs through the officer's outbox when there is
// signal (sync.js). Screens: the areas, an area's lists, a household (visits, interview,
// receipt code, list check), a household found in the field, and the sync's diagnostics.
//
// Where the officer is lives in the page's history state and sessionStorage, never in the
// address: the app has one address (/petugas/lapangan), and households are named by ids.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { askPersistence, memoryStore } from "../offline/store.js";
import { openDevice, readDevice } from "./device.js";
import { FieldWork } from "./field.js";
import { FieldSync } from "./sync.js";
import { downloadWork } from "./bundle.js";
import { Account } from "./account.js";
import { showSyncState } from "./status.js";
import { renderHome } from "./views/home.js";
import { renderArea } from "./views/area.js";
import { renderHousehold } from "./views/household.js";
import { renderNewHousehold } from "./views/new-household.js";
import { renderSyncView } from "./views/sync-view.js";
import { InterviewView } from "./views/interview.js";

const root = document.getElementById("officer-app");
const VIEW_KEY = "sensus.officer.view";
const backoff = { baseMs: Number(root.dataset.retryBaseMs) || 2000, capMs: Number(root.dataset.retryCapMs) || 300_000 };
const VIEWS = {
  home: renderHome,
  area: renderArea,
  household: renderHousehold,
  "new-household": renderNewHousehold,
  sync: renderSyncView,
};

const app = {
  root,
  censusDate: root.dataset.censusDate,
  field: null,
  sync: null,
  account: null,
  view: { name: "home", params: {} },
  notice: "",
  interview: null,
  started: false, // the outbox sends (after the officer was checked once with signal)

  /** Open a screen (and remember it for the back button and a reload). */
  go(name, params = {}, { replace = false, notice = "" } = {}) {
    this.view = { name, params };
    this.notice = notice;
    sessionStorage.setItem(VIEW_KEY, JSON.stringify(this.view));
    if (replace) history.replaceState(this.view, "");
    else history.pushState(this.view, "");
    this.render();
    window.scrollTo(0, 0);
    root.querySelector("h1")?.focus();
  },

  render() {
    this.interview?.close();
    this.interview = null;
    const { name, params } = this.view;
    if (name === "interview" && this.field.bundle) {
      this.interview = new InterviewView(this, params);
      this.interview.open();
    } else {
      const draw = (this.field.bundle && VIEWS[name]) || renderHome;
      const body = h("div", { class: "view" });
      draw(body, this, params);
      root.replaceChildren(h("div", { class: "notice", role: "status", hidden: !this.notice }, this.notice), body);
      for (const heading of root.querySelectorAll("h1")) heading.setAttribute("tabindex", "-1");
    }
    this.status();
  },

  /** Redraw the screen when the work under it changed (a sync answered), unless typing. */
  refresh() {
    const busy = root.contains(document.activeElement) && document.activeElement.matches("input, select, textarea");
    if (this.view.name !== "interview" && !busy) this.render();
    else this.status();
  },

  status() {
    if (this.field && this.sync) showSyncState(document.getElementById("sync-state"), this);
  },

  setNotice(notice) {
    this.notice = notice;
    this.render();
  },

  async download() {
    return downloadWork(this);
  },

  /**
   * Send what waits and hear what changed. With signal, only once the server says this
   * device's officer is the one signed in (account.js); without, the batches wait in the
   * outbox for the network.
   */
  async syncNow() {
    if (!this.field.bundle) return;
    if (navigator.onLine) {
      const checked = await this.account.check();
      // No real signal: the batches wait in the outbox all the same, and the line says so.
      if (!checked && !this.account.unreachable) return;
      if (checked && !this.started) {
        this.started = true;
        await this.sync.outbox.start();
      }
    }
    await this.sync.syncNow();
  },
};

/** A new release of the app is installed: hand over when the officer says, work saved first. */
function showUpdate({ apply }) {
  const banner = h("div", { class: "notice update", role: "status", id: "update-banner" },
    h("p", {}, t("update_ready")),
    h("button", { type: "button", class: "secondary", onclick: async () => {
      await app.interview?.save();
      apply();
    } }, t("update_now")));
  document.getElementById("update-banner")?.remove();
  document.getElementById("main").prepend(banner);
}

function restoredView() {
  try {
    const view = JSON.parse(sessionStorage.getItem(VIEW_KEY) ?? "null");
    return view?.name ? view : null;
  } catch {
    return null;
  }
}

async function start() {
  const local = await openDevice(() => app.setNotice(t("reload_needed")));
  const store = local ?? memoryStore();
  const device = local ? await readDevice(local) : { bundle: null, questionnaire: null, sync: null, records: [], drafts: [] };
  app.field = new FieldWork({ store, device, onChange: () => app.status() });
  app.sync = new FieldSync({
    field: app.field, store, backoff,
    events: {
      changed: () => (app.view.name === "sync" ? app.refresh() : app.status()),
      unauthorized: () => app.account.signInAgain(),
      synced: () => app.refresh(),
    },
  });
  app.account = new Account(app, store);
  app.view = restoredView() ?? app.view;
  history.replaceState(app.view, "");
  app.render();
  if (!local) app.setNotice(t("officer_not_on_device"));
  else askPersistence();
  addEventListener("popstate", (event) => {
    if (!event.state?.name) return;
    app.view = event.state;
    sessionStorage.setItem(VIEW_KEY, JSON.stringify(app.view));
    app.render();
  });
  document.getElementById("open-sync").addEventListener("click", () => app.go("sync"));
  addEventListener("sensus:update", (event) => showUpdate(event.detail));
  addEventListener("offline", () => app.status());
  navigator.serviceWorker?.addEventListener("message", (event) => {
    if (event.data?.type === "outbox") app.sync.outbox.settleResults().then(() => app.refresh());
  });
  await app.sync.outbox.refresh();
  if (navigator.onLine) await app.syncNow();
  addEventListener("online", () => app.syncNow());
}

start();
