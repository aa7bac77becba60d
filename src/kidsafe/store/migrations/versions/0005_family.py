"""family: tables of the `family` capability (see kidsafe/store/models/family.py)

Revision ID: 0005_family
Revises: 0004_policy
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

from kidsafe.store.types import UTCDateTime  # noqa: F401

revision = "0005_family"
down_revision = "0004_policy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
