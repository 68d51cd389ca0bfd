// @ts-check
// Downloading the officer's work (with signal): the bundle of their areas, the questionnaire
// when the bundle names another than the device has, and the region names of their villages
// (the service worker keeps them, so the region question shows names offline too).
//
// A new bundle replaces the old one; the records and interviews on the device stay, valid
// across bundles (docs/CONTRACTS.md). Another officer's work still waiting on the device is
// never mixed with this one's (account.js checks before anything is downloaded).
import { api } from "../api.js";
import { t } from "../i18n.js";
import { newerQuestionnaire } from "../start.js";

/** The region look-ups of a village, each kept by the service worker as it is fetched. */
export function regionLookups(villageCode) {
  const codes = [villageCode.slice(0, 2), villageCode.slice(0, 4), villageCode.slice(0, 6)];
  return ["/regions", ...codes.map((code) => `/regions?parent=${code}`), `/regions/${villageCode}`];
}

function warmRegions(villages) {
  const fetchAll = () => {
    const urls = new Set([...villages].filter((v) => /^\d{10}$/.test(v)).flatMap(regionLookups));
    for (const url of urls) fetch(`/api/v1${url}`, { credentials: "same-origin" }).catch(() => {});
  };
  if (navigator.serviceWorker?.controller) fetchAll();
  else navigator.serviceWorker?.addEventListener("controllerchange", fetchAll, { once: true });
}

/** Download the bundle (and what goes with it) into the device; says how it went. */
export async function downloadWork(app) {
  const { field } = app;
  if (!navigator.onLine) return app.setNotice(t("download_needs_signal"));
  if (!(await app.account.check())) {
    if (app.account.unreachable) app.setNotice(t("download_needs_signal"));
    return undefined;
  }
  app.setNotice(t("downloading"));
  try {
    const bundle = await api("GET", "/officer/bundle");
    const known = field.questionnaire;
    const fresh = known?.digest === bundle.questionnaire.digest ? null : await newerQuestionnaire(known);
    await field.takeBundle(bundle.officer.username, bundle, fresh);
    warmRegions(new Set(bundle.areas.map((a) => a.village_code)));
    app.go("home", {}, { replace: true, notice: t("downloaded", { count: bundle.assignments.length }) });
  } catch (error) {
    app.setNotice(error.status === 0 ? t("download_needs_signal") : error.message || t("server_error"));
  }
  return undefined;
}
