"""Which modules a page's entry module imports, so the page can ask for them all at once.

A module's imports are only seen once the module has arrived: on a 300 ms round trip the
officer app's thirty-odd modules would come in waves, one per level of imports. The page
names them all up front with ``<link rel="modulepreload">`` instead (docs/PERFORMANCE.md).
Static imports of relative paths only; dynamic ``import()`` stays lazy.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

# `import x from "./a.js";`, `import { a,\n b } from "../b.js";`, `export { c } from "./c.js";`
_STATIC_IMPORT = re.compile(
    r"""^\s*(?:import|export)\s(?:[^;"']*?\sfrom\s*)?["'](\.{1,2}/[^"']+)["']""", re.M
)


def imported_modules(entry: str, files: Mapping[str, bytes]) -> list[str]:
    """Every module ``entry`` (a path of ``files``, e.g. ``js/officer/app.js``) imports,
    directly or not, itself included, in a stable order."""
    seen: list[str] = []
    todo = [entry]
    while todo:
        path = todo.pop(0)
        if path in seen or path not in files:
            continue
        seen.append(path)
        source = files[path].decode("utf-8", "replace")
        folder = posixpath.dirname(path)
        todo.extend(
            posixpath.normpath(posixpath.join(folder, target))
            for target in _STATIC_IMPORT.findall(source)
        )
    return seen
