// @ts-check
// Telling the person when the phone can work without signal: once this page is controlled
// by the service worker (the release is installed: the app opens offline) and the
// household's answers are kept on the device (IndexedDB). On 2G that is some seconds after
// the form appears; until then nothing is promised (issue 11).
import { t } from "./i18n.js";

/** Keep `element` saying "ready to use without signal" exactly while it is true; returns the
 * check, to run again when the device's state may have changed. */
export function watchOfflineReady(element, onDevice) {
  const show = () => {
    const ready = Boolean(navigator.serviceWorker?.controller) && onDevice();
    element.hidden = !ready;
    element.textContent = ready ? t("offline_ready") : "";
  };
  navigator.serviceWorker?.addEventListener("controllerchange", show);
  show();
  return show;
}
