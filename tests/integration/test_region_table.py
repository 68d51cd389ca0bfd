"""Loading the region master into the ``regions`` table, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, select, update

from sensus.storage.database import Database
from sensus.storage.regions import load_regions, region_count
from sensus.storage.tables import regions


def test_every_region_is_loaded_with_its_level_and_parent(engine: Engine) -> None:
    database = Database(engine)
    assert region_count(database) == 0
    assert load_regions(database) == 91_599
    assert region_count(database) == 91_599
    with engine.connect() as conn:
        village = conn.execute(select(regions).where(regions.c.code == "6371011001")).one()
        province = conn.execute(select(regions).where(regions.c.code == "63")).one()
    assert tuple(village) == ("6371011001", "Mantuil", 4, "637101")
    assert tuple(province) == ("63", "Kalimantan Selatan", 1, None)


def test_loading_again_restores_changed_names_and_adds_no_rows(engine: Engine) -> None:
    database = Database(engine)
    load_regions(database)
    with engine.begin() as conn:
        conn.execute(update(regions).where(regions.c.code == "63").values(name="Kalsel"))
    load_regions(database)
    assert region_count(database) == 91_599
    with engine.connect() as conn:
        name = conn.execute(select(regions.c.name).where(regions.c.code == "63")).scalar_one()
    assert name == "Kalimantan Selatan"
