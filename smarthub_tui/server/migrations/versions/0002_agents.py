"""Agents: call-centre agents issued by the operator, and who made each registration and how its terms were accepted.

`agents` holds each agent's name and the HMAC of its key (never the key);
a registration and its registration session name the agent whose call made
them (NULL: the member on their own), and a registration says whether its
terms were ticked by the member ("clicked") or said yes to on the phone
("spoken"). Existing registrations were all the members' own: "clicked".

Revision ID: 0002_agents
Revises: 0001_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_agents"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("revoked_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(sa.Column("agent_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("terms_acceptance", sa.String(length=16), server_default="clicked", nullable=False))
        batch.create_foreign_key("fk_registrations_agent_id_agents", "agents", ["agent_id"], ["id"])
    with op.batch_alter_table("registration_sessions") as batch:
        batch.add_column(sa.Column("agent_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_registration_sessions_agent_id_agents", "agents", ["agent_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("registration_sessions") as batch:
        batch.drop_constraint("fk_registration_sessions_agent_id_agents", type_="foreignkey")
        batch.drop_column("agent_id")
    with op.batch_alter_table("registrations") as batch:
        batch.drop_constraint("fk_registrations_agent_id_agents", type_="foreignkey")
        batch.drop_column("terms_acceptance")
        batch.drop_column("agent_id")
    op.drop_table("agents")
