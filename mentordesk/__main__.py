"""Entry point: parse arguments, resolve paths, then the GUI or one command."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # Heavy imports (SQLAlchemy, Alembic, ReportLab) stay off this path: the GUI shows its
    # window first and opens the database in the background.
    from mentordesk.cli import build_parser, run_command
    from mentordesk.config.logs import configure_logging
    from mentordesk.config.paths import resolve_paths

    args = build_parser().parse_args(argv)
    paths = resolve_paths(args.data_dir, args.database_url)
    log_file = configure_logging(paths.data_dir)
    if args.command is None:
        from mentordesk.ui.app import run_gui

        return run_gui(paths)
    return run_command(args, paths, log_file)


if __name__ == "__main__":
    sys.exit(main())
