"""The Alembic chain builds exactly the schema the models declare, on every backend."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import kidsafe.store.models  # noqa: F401
from kidsafe.store.db import Base, alembic_config


def test_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, "migrations must form one chain"


def test_migrations_match_models(database) -> None:  # type: ignore[no-untyped-def]
    with database.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_migrate_is_idempotent(database) -> None:  # type: ignore[no-untyped-def]
    database.migrate()
    database.migrate()
