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

/** Ask `worker` for its release; null when it does not answer in time. */
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

function activateAndReload(worker) {
  return new Promise((resolve) => {
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      window.location.reload();
      resolve();
    }, { once: true });
    worker.postMessage({ type: "activate" });
  });
}

async function installed(worker) {
  const theirs = await releaseOf(worker);
  if (theirs === release) {
    worker.postMessage({ type: "activate" }); // the page already runs this release's files
  } else if (theirs) {
    announce(() => activateAndReload(worker));
  }
}

function watch(registration) {
  if (registration.waiting && navigator.serviceWorker.controller) installed(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      // The first install (no controller yet) simply becomes active.
      if (worker.state === "installed" && navigator.serviceWorker.controller) installed(worker);
    });
  });
}

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

function announce(apply) {
  window.dispatchEvent(new CustomEvent("sensus:update", { detail: { apply } }));
}

async function register() {
  if (!("serviceWorker" in navigator) || !release) return;
  let registration;
  try {
    // A module worker: it shares the outbox and the store with the pages.
    registration = await navigator.serviceWorker.register("/sw.js", { type: "module", scope: "/" });
  } catch (error) {
    // No worker (an old browser, a private window): the app still works while online and
    // keeps answers in IndexedDB; only opening it without signal needs the worker.
    console.warn("sensus: no service worker", error);
    return;
  }
  watch(registration);
  await agree(registration);
}

register();
