"""An encrypted workspace for tests, built directly (the way the cipher branch opens one).

Imported as `encrypted_data`: tests/ is on sys.path through the conftest at its root.
"""

from __future__ import annotations

from pathlib import Path

from mentordesk.config.paths import AppPaths
from mentordesk.db.cipher import DatabaseKey, KdfParams, derive_key, write_cipher_file
from mentordesk.db.engine import make_engine, make_session_factory
from mentordesk.db.migrate import upgrade_to_head
from mentordesk.db.seed import ensure_builtin_frameworks
from mentordesk.services.workspace import Workspace

PASSPHRASE = "correct horse battery staple"
MARKER = "Zzqxmarkerbeta"


def fast_params() -> KdfParams:
    """Cheap Argon2id costs: the tests check what the key does, not how long it takes to derive."""
    return KdfParams(salt=KdfParams.fresh().salt, time_cost=1, memory_kib=8 * 1024, parallelism=1)


def encrypted_paths(root: Path) -> AppPaths:
    data_dir = root / "secret"
    data_dir.mkdir(parents=True, exist_ok=True)
    return AppPaths(data_dir, f"sqlite:///{data_dir / 'mentordesk.db'}")


def open_encrypted(paths: AppPaths, passphrase: str = PASSPHRASE, key: DatabaseKey | None = None) -> Workspace:
    """A workspace over an encrypted database at `paths`, made (migrated, seeded) on first use."""
    database = paths.database_file
    assert database is not None
    if key is None:
        key = derive_key(passphrase, fast_params())
    engine = make_engine(paths.database_url, key=key)
    migration = upgrade_to_head(engine)
    with make_session_factory(engine).begin() as session:
        ensure_builtin_frameworks(session)
    write_cipher_file(database, key)
    workspace = Workspace(engine, paths, migration)
    workspace.key = key
    return workspace


def files_holding(folder: Path, marker: str) -> list[Path]:
    """Every file under `folder` whose bytes contain `marker` (UTF-8), hidden and temporary ones too."""
    needle = marker.encode("utf-8")
    return [path for path in folder.rglob("*") if path.is_file() and needle in path.read_bytes()]
