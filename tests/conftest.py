"""Shared fixtures.

``database`` runs a test on SQLite and, when ``KIDSAFE_TEST_POSTGRES_URL`` names a server (CI sets it),
on PostgreSQL too; each test gets a fresh, migrated database (copied from a template migrated once).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kidsafe.config import Settings
from kidsafe.store.db import Database

# The tests deliver webhooks to receivers on 127.0.0.1; production refuses loopback/private hosts by default.
os.environ.setdefault("KIDSAFE_WEBHOOK_ALLOW_PRIVATE", "true")
PG_URL = os.environ.get("KIDSAFE_TEST_POSTGRES_URL")
DATA_DIR = Path(os.environ.get("KIDSAFE_DATA_DIR", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
_TEMPLATE_PG = f"kidsafe_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"  # one per test run: runs may overlap


def _backends() -> list[object]:
    params: list[object] = ["sqlite"]
    params.append(pytest.param("postgres", marks=pytest.mark.postgres))
    return params


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    db.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("PostgreSQL tests need KIDSAFE_TEST_POSTGRES_URL (bash .ci/postgres.sh prints one)")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{_TEMPLATE_PG}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{_TEMPLATE_PG}"'))
    url = make_url(PG_URL).set(database=_TEMPLATE_PG).render_as_string(hide_password=False)
    db = Database(url)
    db.migrate()
    db.dispose()
    yield _TEMPLATE_PG
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{_TEMPLATE_PG}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=_backends())
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated database: SQLite always, PostgreSQL when configured."""
    if request.param == "sqlite":
        path = tmp_path / "kidsafe.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        db = Database(f"sqlite:///{path}")
        yield db
        db.dispose()
        return
    template = request.getfixturevalue("_pg_template")
    name = f"kidsafe_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")  # type: ignore[arg-type]
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    db = Database(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))  # type: ignore[arg-type]
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return Settings.from_env(database_url=database.url, secret_key="test-secret", data_dir=str(DATA_DIR))


@pytest.fixture
def app(settings: Settings, database: Database):  # type: ignore[no-untyped-def]
    from kidsafe.api.app import create_app

    return create_app(settings, database, migrate=False)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def make_key(database: Database, role: str = "platform", name: str | None = None) -> str:
    from kidsafe.auth import create_api_key

    with database.session() as s:
        _, key = create_api_key(s, name or f"{role}-{uuid.uuid4().hex[:6]}", role)
    return key


@pytest.fixture
def api_key(database: Database) -> str:
    return make_key(database, "platform")


@pytest.fixture
def auth(api_key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"}


def require_data(*parts: str) -> Path:
    """Path under ../shared/data, or skip the test with a clear message when it is absent."""
    path = DATA_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (set KIDSAFE_DATA_DIR to ../shared/data)")
    return path
