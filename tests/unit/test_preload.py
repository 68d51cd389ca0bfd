"""The modules a page preloads: every static import of its entry, followed to the end."""

from __future__ import annotations

from sensus.web.i18n import Catalogs
from sensus.web.preload import imported_modules
from sensus.web.routes import OFFICER_MODULE, Pages


def test_static_imports_are_followed_and_dynamic_ones_left_lazy() -> None:
    files = {
        "js/app.js": b'import { a } from "./a.js";\nimport {\n  b,\n} from "./lib/b.js";\n'
        b'addEventListener("load", () => import("./later.js"));\n',
        "js/a.js": b'export { c } from "./lib/c.js";\nimport "./app.js"; // a cycle\n',
        "js/lib/b.js": b'import { c } from "../lib/c.js";\n',
        "js/lib/c.js": b"export const c = 1;\n",
        "js/later.js": b"export const later = 1;\n",
    }
    found = imported_modules("js/app.js", files)
    assert found == ["js/app.js", "js/a.js", "js/lib/b.js", "js/lib/c.js"]


def test_the_officer_shell_preloads_every_module_of_the_app_by_its_digest_url() -> None:
    pages = Pages(Catalogs())
    assert pages.officer_modules[0] == pages.static_url(OFFICER_MODULE)
    paths = {url.split("?")[0] for url in pages.officer_modules}
    assert {"/static/js/form.js", "/static/js/offline/outbox.js", "/static/js/engine.js"} <= paths
    assert all("?v=" in url for url in pages.officer_modules)
