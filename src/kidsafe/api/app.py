"""The FastAPI application: settings, store, shipped models and every capability's router."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import ModuleType

from fastapi import FastAPI

from kidsafe import __version__
from kidsafe.api import cases, conversations, errors, family, health, media, policy, text
from kidsafe.api.input_guard import NulGuard
from kidsafe.api.limits import BodySizeLimit
from kidsafe.config import Settings, get_settings
from kidsafe.housekeeping import HousekeepingWorker
from kidsafe.store.db import Database, get_database
from kidsafe.web import routes as web_routes

# Each module exposes ``router``; it may also expose ``startup(app)`` (e.g. to build an index).
ROUTE_MODULES: list[ModuleType] = [health, text, conversations, media, policy, family, cases, web_routes]


def create_app(settings: Settings | None = None, db: Database | None = None, migrate: bool = True) -> FastAPI:
    settings = settings or get_settings()
    db = db or get_database(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for module in ROUTE_MODULES:
            hook = getattr(module, "startup", None)
            if hook is not None:
                hook(app)
        housekeeping = None
        if settings.housekeeping_interval_s > 0:
            housekeeping = HousekeepingWorker(db, settings, settings.housekeeping_interval_s)
            housekeeping.start()
        yield
        if housekeeping is not None:
            housekeeping.stop()
        for module in ROUTE_MODULES:
            hook = getattr(module, "shutdown", None)
            if hook is not None:
                hook(app)

    app = FastAPI(
        title="kidsafe",
        version=__version__,
        description="Child online-safety engine: detection, age-aware policy, parental controls, "
        "reports, review, notices and appeals.",
        lifespan=lifespan,
    )
    if migrate:
        db.migrate()
    app.state.settings = settings
    app.state.db = db
    app.state.key_cache = {}
    app.state.secret_key = settings.secret_key or _installation_secret(db)
    from kidsafe.text.engine import get_analyzer

    app.state.analyzer = get_analyzer(settings.models_dir)
    errors.install(app)
    for module in ROUTE_MODULES:
        app.include_router(module.router)
    app.add_middleware(NulGuard)  # inside the size limit: it buffers bodies the limit has already bounded
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes,
                       max_upload_bytes=settings.max_image_bytes + 65_536)
    return app


def _installation_secret(db: Database) -> str:
    """A random secret generated once per installation and kept in the store."""
    from kidsafe.store.models import KeyValue

    with db.session() as s:
        row = s.get(KeyValue, "secret_key")
        if row is None:
            row = KeyValue(key="secret_key", value=secrets.token_hex(32))
            s.add(row)
        return row.value
