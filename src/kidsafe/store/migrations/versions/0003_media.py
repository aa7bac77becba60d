"""media: tables of the `media` capability (see kidsafe/store/models/media.py)

Revision ID: 0003_media
Revises: 0002_conversation
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

from kidsafe.store.types import UTCDateTime  # noqa: F401

revision = "0003_media"
down_revision = "0002_conversation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
