// @ts-check
// Registers the service worker once the page is usable, never before (docs/offline.md): the
// page's only script of its own, a file rather than inline, so that the Content-Security-
// Policy can refuse every inline script (docs/SECURITY.md). A module runs before `load`.
addEventListener("load", () => import("./register.js"), { once: true });
