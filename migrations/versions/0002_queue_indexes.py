"""queue indexes: (top_score, id) and (created_at, id) for the queue's "all" list

The per-status lists use the (status, ...) indexes of 0001; a list without a
status needs indexes that lead with its sort key to page by keyset.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:17:26.355735
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('moderation_comments', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_comments_created', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_moderation_comments_score', ['top_score', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('moderation_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_comments_score')
        batch_op.drop_index('ix_moderation_comments_created')
