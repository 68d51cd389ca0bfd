"""``Database``: the handle that services pass around without knowing SQLAlchemy."""

from __future__ import annotations

from sqlalchemy import Engine

from sensus.storage.engines import make_engine
from sensus.storage.migrate import upgrade


class Database:
    """One database: an engine plus the migrations that shape it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def connect(cls, url: str) -> Database:
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def upgrade(self) -> None:
        upgrade(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
