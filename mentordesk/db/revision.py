"""Developer tool: write a migration for what changed in the models since the head revision.

    python -m mentordesk.db.revision "add a column for ..."

Review the generated file before committing it; tests/db/test_migrations.py fails until models
and migrations agree again.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from mentordesk.db.engine import make_engine
from mentordesk.db.migrate import alembic_config, upgrade_to_head


def _next_revision_id(config: Config) -> str:
    # Sequential ids (0001, 0002, …) read better in a folder listing than random hashes.
    count = sum(1 for _ in ScriptDirectory.from_config(config).walk_revisions())
    return f"{count + 1:04d}"


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].strip():
        print('usage: python -m mentordesk.db.revision "what changed"', file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as directory:
        engine = make_engine(f"sqlite:///{Path(directory) / 'head.db'}")
        upgrade_to_head(engine)
        config = alembic_config(engine)
        command.revision(config, message=argv[0], autogenerate=True, rev_id=_next_revision_id(config))
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
