// @ts-check
// The service worker (served as /sw.js, which names its release and imports this module).
//
// Install is whole or nothing: every entry of /release.json is downloaded and checked
// against its SHA-256 (WebCrypto) before any goes into the release's cache, so a
// half-downloaded app never runs. Activation deletes the caches of other releases. A page
// keeps the worker of its release until it reloads, unless it asks for the new one (see
// register.js), so old and new files never mix.
//
// Routes: static files of the release come from its cache; the shell pages (which
// carry no personal data) come from the network and, when it fails or hangs, from the cache;
// the receipt page is never cached; regions are kept as they are looked up. Background Sync
// sends an app's outbox (the household's, the officer's) while no page is open.
import { Outbox } from "./outbox.js";
import { DATABASE, QUEUES, STORES, VERSION } from "./schema.js";
import { openStore } from "./store.js";

const PREFIX = "sensus-";
const REGIONS = "sensus-regions"; // looked-up regions: data, not code, so kept across releases
const NAVIGATION_TIMEOUT_MS = 8000; // a "connected" phone with no real signal must not hang

/** @param {ArrayBuffer} buffer */
function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Run the service worker of `release` in `sw`: `manifest` is the release's URL, `pages` says
 * which kept shell stands in for which page when the network fails ({path: {shell,
 * with_work?}}: with_work, when the device holds an app's work; see release.py).
 * @param {ServiceWorkerGlobalScope} sw
 * @param {{release: string, manifest: string,
 *   pages: Record<string, {shell: string, with_work?: string}>}} options
 */
export function startWorker(sw, { release, manifest, pages }) {
  const cacheName = `${PREFIX}${release}`;

  /**
   * @param {{url: string, sha256: string}} entry  one of the manifest's
   * @returns {Promise<[string, Response]>}
   */
  async function fetchChecked({ url, sha256 }) {
    // Files named by digest may come from the HTTP cache (the page just loaded them).
    const response = await fetch(url, { cache: url.includes("?v=") ? "default" : "no-cache" });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    const body = await response.arrayBuffer();
    if (hex(await crypto.subtle.digest("SHA-256", body)) !== sha256) {
      throw new Error(`${url} is not the file of release ${release}`);
    }
    const headers = { "Content-Type": response.headers.get("Content-Type") ?? "application/octet-stream" };
    return [url, new Response(body, { headers: { ...headers, "X-Sensus-Release": release } })];
  }

  async function install() {
    const answer = await fetch(manifest, { cache: "no-store" });
    if (!answer.ok) throw new Error(`the release manifest: ${answer.status}`);
    const listed = await answer.json();
    // The server moved on since this script was fetched: the next update brings that one.
    if (listed.release !== release) throw new Error(`the server has release ${listed.release}`);
    const checked = await Promise.all(listed.entries.map(fetchChecked));
    await caches.delete(cacheName); // what an interrupted earlier install may have left
    const cache = await caches.open(cacheName);
    try {
      await Promise.all(checked.map(([url, response]) => cache.put(url, response)));
    } catch (error) {
      await caches.delete(cacheName);
      throw error;
    }
  }

  async function activate() {
    const names = await caches.keys();
    const old = names.filter((name) => name.startsWith(PREFIX) && name !== cacheName && name !== REGIONS);
    await Promise.all(old.map((name) => caches.delete(name)));
    await sw.clients.claim();
  }

  /** @param {string} name */
  async function shell(name) {
    const chosen = await sw.cookieStore?.get?.("lang").catch(() => null);
    const lang = chosen?.value === "en" ? "en" : "id";
    return caches.match(`/shell/${name}?lang=${lang}`, { cacheName });
  }

  async function hasLocalWork() {
    try {
      const store = await openStore(DATABASE, VERSION, STORES);
      return Boolean(await store.get("records", "document"));
    } catch {
      return false;
    }
  }

  /**
   * @param {FetchEvent} event
   * @param {string} path
   */
  async function navigate(event, path) {
    try {
      const response = await Promise.race([
        fetch(event.request),
        new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), NAVIGATION_TIMEOUT_MS)),
      ]);
      if (response.status < 500) return response;
    } catch {
      // no network, or none worth waiting for: the kept shell
    }
    const page = pages[path];
    const name = page.with_work && (await hasLocalWork()) ? page.with_work : page.shell;
    return (await shell(name)) ?? Response.error();
  }

  /** @param {Request} request */
  async function fromRelease(request) {
    return (await caches.match(request, { cacheName })) ?? fetch(request);
  }

  /**
   * @param {Request} request
   * @param {boolean} keep
   */
  async function networkFirst(request, keep) {
    try {
      const response = await fetch(request);
      if (keep && response.ok) {
        const copy = response.clone();
        caches.open(REGIONS).then((cache) => cache.put(request, copy)).catch(() => {});
      }
      return response;
    } catch (error) {
      const kept = await caches.match(request, keep ? { cacheName: REGIONS } : { cacheName });
      if (kept) return kept;
      throw error;
    }
  }

  /** @param {import("./outbox.js").Queue} queue */
  async function sendOutbox(queue) {
    const store = await openStore(DATABASE, VERSION, STORES);
    // No page handles answers here: they wait in the results store for the next page.
    const outbox = new Outbox({ store, backoff: { baseMs: 1000, capMs: 60_000 }, queue });
    const pending = await outbox.locked(() => outbox.sendDue({ networkWaitsToo: true }));
    for (const client of await sw.clients.matchAll()) client.postMessage({ type: "outbox", queue: queue.tag });
    if (pending) throw new Error("the outbox still holds work"); // the browser tries again later
  }

  sw.addEventListener("install", (event) => event.waitUntil(install()));
  sw.addEventListener("activate", (event) => event.waitUntil(activate()));
  sw.addEventListener("fetch", (event) => {
    const { request } = event;
    const url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== sw.location.origin) return;
    if (request.mode === "navigate") {
      if (Object.hasOwn(pages, url.pathname)) event.respondWith(navigate(event, url.pathname));
    } else if (url.pathname.startsWith("/static/")) {
      event.respondWith(fromRelease(request));
    } else if (url.pathname === "/api/v1/questionnaire") {
      event.respondWith(networkFirst(request, false));
    } else if (url.pathname.startsWith("/api/v1/regions")) {
      event.respondWith(networkFirst(request, true));
    }
  });
  sw.addEventListener("message", (event) => {
    const { type } = event.data ?? {};
    if (type === "release") event.ports[0]?.postMessage({ release });
    if (type === "activate") sw.skipWaiting();
    if (type === "claim") event.waitUntil(sw.clients.claim()); // a page that missed activation
  });
  // Background Sync's event is not in TypeScript's library (a WICG draft): its tag, typed here.
  sw.addEventListener("sync", (event) => {
    const sync = /** @type {ExtendableEvent & {tag: string}} */ (event);
    const queue = QUEUES.find((q) => q.tag === sync.tag);
    if (queue) sync.waitUntil(sendOutbox(queue));
  });
}
