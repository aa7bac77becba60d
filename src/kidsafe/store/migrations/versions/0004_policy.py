"""policy: tables of the `policy` capability (see kidsafe/store/models/policy.py)

Revision ID: 0004_policy
Revises: 0003_media
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

from kidsafe.store.types import UTCDateTime  # noqa: F401

revision = "0004_policy"
down_revision = "0003_media"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
