// @ts-check
// Registering the service worker, once the page is usable (base.html imports this module
// on `load`), and keeping the page and its worker on the same release.
//
// The page knows its release (<html data-release>), the worker says its own. When they
// differ, the browser is asked to fetch /sw.js again. A new worker that belongs to this
// page's release (the page came from the network, newer than the worker) takes over at
// once: nothing old can mix in. One of a newer release than the page waits: the page
// announces `sensus:update` with `apply()`, which hands over and reloads, for an app to
// call when its answers are safe. IndexedDB is never touched by any of this.
const release = document.documentElement.dataset.release;

/**
 * Ask `worker` for its release; null when it does not answer in time.
 * @param {ServiceWorker} worker
 * @param {number} [timeoutMs]
 * @returns {Promise<string | null>}
 */
export function releaseOf(worker, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), timeoutMs);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data?.release ?? null);
    };
    worker.postMessage({ type: "release" }, [channel.port2]);
  });
}

/**
 * @param {ServiceWorker} worker
 * @returns {Promise<void>}
 */
function activateAndReload(worker) {
  return new Promise((resolve) => {
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      window.location.reload();
      resolve();
    }, { once: true });
    worker.postMessage({ type: "activate" });
  });
}

/** @param {ServiceWorker} worker */
async function installed(worker) {
  const theirs = await releaseOf(worker);
  if (theirs === release) {
    worker.postMessage({ type: "activate" }); // the page already runs this release's files
  } else if (theirs) {
    announce(() => activateAndReload(worker));
  }
}

// An install cut off (the signal dropped, a file came back wrong) leaves the page without
// an offline app until it is tried again: tried again after these pauses, and at once when
// the signal comes back, for as long as the page is open.
const RETRY_INSTALL_MS = [5_000, 15_000, 60_000, 300_000];
let failedInstalls = 0;
/** @type {number | null} */
let retryTimer = null;

function installAgain() {
  clearTimeout(retryTimer ?? undefined);
  retryTimer = null;
  register();
}

function installFailed() {
  if (retryTimer !== null) return;
  const pause = RETRY_INSTALL_MS[Math.min(failedInstalls, RETRY_INSTALL_MS.length - 1)];
  failedInstalls += 1;
  retryTimer = setTimeout(installAgain, pause);
}

addEventListener("online", () => {
  if (retryTimer !== null) installAgain();
});

/**
 * A page that came in while its release's worker was activating (the sign-in's navigation,
 * say) can miss the worker's claim and stay uncontrolled, so not offline, until a reload:
 * it asks the worker of its own release to claim it.
 */
/** @param {ServiceWorker} worker */
async function claim(worker) {
  if (navigator.serviceWorker.controller || worker.state !== "activated") return;
  if ((await releaseOf(worker)) === release) worker.postMessage({ type: "claim" });
}

const followed = new WeakSet();

/** @param {ServiceWorker | null} worker */
function follow(worker) {
  if (!worker || followed.has(worker)) return;
  followed.add(worker);
  let was = worker.state;
  worker.addEventListener("statechange", () => {
    // The first install (no controller yet) simply becomes active.
    if (worker.state === "installed" && navigator.serviceWorker.controller) installed(worker);
    if (worker.state === "activated") claim(worker);
    // Redundant straight from installing: the install failed (not replaced by a newer one).
    if (worker.state === "redundant" && was === "installing") installFailed();
    was = worker.state;
  });
}

/** @param {ServiceWorkerRegistration} registration */
function watch(registration) {
  if (registration.waiting && navigator.serviceWorker.controller) installed(registration.waiting);
  follow(registration.installing);
  follow(registration.waiting);
  registration.addEventListener("updatefound", () => follow(registration.installing));
}

/** @param {ServiceWorkerRegistration} registration */
async function agree(registration) {
  const active = registration.active;
  if (!active || !navigator.serviceWorker.controller) return;
  if ((await releaseOf(active)) === release) return;
  try {
    await registration.update();
  } catch {
    return; // no network: the next visit asks again
  }
  // No newer worker to come: this page is the older one (another tab took the new release
  // over). Its files are all loaded; a reload brings the new ones.
  if (!registration.installing && !registration.waiting) announce(() => window.location.reload());
}

/** @param {() => unknown} apply */
function announce(apply) {
  window.dispatchEvent(new CustomEvent("sensus:update", { detail: { apply } }));
}

/** @type {ServiceWorkerRegistration | null} */
let watched = null; // the registration this page listens to

async function register() {
  if (!("serviceWorker" in navigator) || !release) return;
  let registration;
  try {
    // After a failed install a registration that keeps an older worker must be asked to
    // update (registering again would not fetch anything); one with none is registered anew.
    const existing = await navigator.serviceWorker.getRegistration("/");
    if (existing?.active && existing === watched) {
      await existing.update();
      return;
    }
    // A module worker: it shares the outbox and the store with the pages.
    registration = await navigator.serviceWorker.register("/sw.js", { type: "module", scope: "/" });
  } catch (error) {
    if (watched) return installFailed(); // no network for the retry: later
    // No worker (an old browser, a private window): the app still works while online and
    // keeps answers in IndexedDB; only opening it without signal needs the worker.
    console.warn("sensus: no service worker", error);
    return;
  }
  if (registration !== watched) {
    watched = registration;
    watch(registration);
  }
  if (registration.active) await claim(registration.active);
  await agree(registration);
}

register();
