"""The staff pages over the interview round's cast (tests/integration/interviews): the real
application on SQLite and PostgreSQL, each client a browser with a cookie jar of its own."""

from __future__ import annotations

from tests.integration.interviews.conftest import (  # noqa: F401  (fixtures, shared)
    admin,
    app,
    bundle,
    clock,
    database,
    officer,
    other_officer,
    password_hash,
    settings,
    signed_in,
    supervisor,
)
