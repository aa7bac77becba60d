"""conversation: tables of the `conversation` capability (see kidsafe/store/models/conversation.py)

Revision ID: 0002_conversation
Revises: 0001_core
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

from kidsafe.store.types import UTCDateTime  # noqa: F401

revision = "0002_conversation"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
