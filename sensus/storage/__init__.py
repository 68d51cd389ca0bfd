"""The only package that talks to the database (SQLAlchemy Core + Alembic)."""
