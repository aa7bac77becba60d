"""Persistence: SQLAlchemy 2 models and Alembic migrations (SQLite by default, PostgreSQL in production)."""

from kidsafe.store.db import Base, Database, get_database, utcnow

__all__ = ["Base", "Database", "get_database", "utcnow"]
