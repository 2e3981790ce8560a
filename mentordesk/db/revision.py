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

from mentordesk.db.engine import make_engine
from mentordesk.db.migrate import alembic_config, upgrade_to_head


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].strip():
        print('usage: python -m mentordesk.db.revision "what changed"', file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as directory:
        engine = make_engine(f"sqlite:///{Path(directory) / 'head.db'}")
        upgrade_to_head(engine)
        command.revision(alembic_config(engine), message=argv[0], autogenerate=True)
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
