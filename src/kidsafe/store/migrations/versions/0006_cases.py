"""cases: tables of the `cases` capability (see kidsafe/store/models/cases.py)

Revision ID: 0006_cases
Revises: 0005_family
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

from kidsafe.store.types import UTCDateTime  # noqa: F401

revision = "0006_cases"
down_revision = "0005_family"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
