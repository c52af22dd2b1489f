"""The project's own private Postgres cluster, used when DATABASE_URL is not set.

The cluster lives in ``.pgdata/`` of the checkout and listens only on a Unix socket
inside that folder, so it never clashes with another server on the machine.

    python -m diplomacy.localdb ensure   # install (if root), initdb, start, createdb
    python -m diplomacy.localdb start | stop | status

Postgres refuses to run as root; when we are root the server runs as the ``postgres``
system user. If that user cannot reach the checkout (a clone inside a private temporary
folder), the data lives in a folder it can reach and ``.pgdata`` is a symlink to it.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PGDATA = ROOT / ".pgdata"
DB_USER = "diplomacy"
DB_NAME = "diplomacy"
MIN_VERSION = 15
# Commands that never touch the database: no need to start the server for them.
NO_DB_COMMANDS = {"help", "--help", "-h", "version", "--version", "extract", "makemigrations",
                  "collectstatic", "startapp", "startproject", "compilemessages", "shell_plus"}


class SetupError(Exception):
    """Raised with a one-line message when the cluster cannot be set up."""


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _version_of(bindir: Path) -> int:
    try:
        out = subprocess.run([str(bindir / "postgres"), "--version"], capture_output=True,
                             text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return 0
    # "postgres (PostgreSQL) 15.18 (Debian ...)"
    for word in out.split():
        if word[:1].isdigit():
            return int(word.split(".")[0])
    return 0


def find_bindir() -> Path | None:
    """Where initdb, pg_ctl and postgres live: pg_config, PATH, then Debian's folders."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if out.returncode == 0:
            candidates.append(Path(out.stdout.strip()))
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        candidates.append(Path(pg_ctl).resolve().parent)
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                    key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
                    reverse=True)
    candidates.extend(Path(p) for p in debian)
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            if _version_of(bindir) >= MIN_VERSION:
                return bindir
    return None


def install_server() -> Path:
    """Find the server binaries, installing Debian's package when we are root with apt."""
    bindir = find_bindir()
    if bindir:
        return bindir
    if _is_root() and shutil.which("apt-get"):
        print("Installing PostgreSQL (Debian package 'postgresql')...", file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", "postgresql", "postgresql-contrib"],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        bindir = find_bindir()
        if bindir:
            return bindir
    raise SetupError(
        f"PostgreSQL >= {MIN_VERSION} server not found: install it (Debian/Ubuntu: "
        "'apt-get install postgresql'; macOS: 'brew install postgresql') or set DATABASE_URL"
    )


def data_dir() -> Path:
    """The real data directory (``.pgdata`` or what it links to)."""
    return PGDATA.resolve()


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if _is_root() else cmd


def _run_as_server_user(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    # The server user may not be allowed into the current folder: run from "/".
    return subprocess.run(_as_server_user(cmd), cwd="/", **kwargs)


def _server_user_can_reach(path: Path) -> bool:
    result = subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x", str(path)],
                            capture_output=True, cwd="/")
    return result.returncode == 0


def _make_data_dir() -> Path:
    if not _is_root():
        PGDATA.mkdir(mode=0o700)
        return PGDATA
    import pwd

    pw = pwd.getpwnam("postgres")
    if _server_user_can_reach(ROOT):
        target = PGDATA
        target.mkdir(mode=0o700)
    else:
        # The checkout sits in a folder the postgres user cannot enter: keep the data in
        # that user's home and link to it, rather than loosen someone else's folders.
        digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
        target = Path(pw.pw_dir) / f"diplomacy-{digest}"
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(mode=0o700, parents=True)
        PGDATA.symlink_to(target)
    os.chown(target, pw.pw_uid, pw.pw_gid)
    return target


def _check_socket_path(directory: Path) -> None:
    if len(str(directory / ".s.PGSQL.5432")) > 100:
        raise SetupError(f"the path {directory} is too long for a Unix socket: "
                         "clone the project into a shorter path or set DATABASE_URL")


def initialized() -> bool:
    return (PGDATA / "PG_VERSION").exists()


def is_running() -> bool:
    """The server of our cluster is up: its pid file names a live process.

    After a reboot or a killed server the pid file and the socket stay behind, so
    their existence alone says nothing; the server removes them itself when it starts.
    """
    if not initialized() or not (data_dir() / ".s.PGSQL.5432").exists():
        return False
    try:
        pid = int((data_dir() / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def init(bindir: Path) -> None:
    if initialized():
        return
    if PGDATA.is_symlink() or PGDATA.exists():
        raise SetupError(f"{PGDATA} exists but holds no cluster: remove it and run again")
    target = _make_data_dir()
    _check_socket_path(target)
    print(f"Creating the project's Postgres cluster in {PGDATA.name}/ ...", file=sys.stderr)
    _run_as_server_user([str(bindir / "initdb"), "-D", str(target), "-U", DB_USER,
                         "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                        check=True, stdout=subprocess.DEVNULL)


def start(bindir: Path | None = None) -> None:
    if is_running():
        return
    bindir = bindir or install_server()
    target = data_dir()
    _check_socket_path(target)
    options = f"-c listen_addresses='' -c unix_socket_directories='{target}'"
    _run_as_server_user([str(bindir / "pg_ctl"), "-D", str(target), "-o", options,
                         "-l", str(target / "server.log"), "-w", "start"],
                        check=True, stdout=subprocess.DEVNULL)


def stop() -> None:
    if not initialized():
        return
    bindir = find_bindir()
    if bindir is None or not (data_dir() / "postmaster.pid").exists():
        return
    _run_as_server_user([str(bindir / "pg_ctl"), "-D", str(data_dir()), "-m", "fast",
                         "-w", "stop"], check=False, stdout=subprocess.DEVNULL)


def create_database() -> None:
    import psycopg

    with psycopg.connect(host=str(data_dir()), user=DB_USER, dbname="postgres",
                         autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              (DB_NAME,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def ensure() -> None:
    """Everything: binaries, cluster, server, database. Repeats nothing already done."""
    bindir = install_server()
    init(bindir)
    start(bindir)
    create_database()


def ensure_running_for(argv: list[str]) -> None:
    """Called by manage.py: start the private cluster when a command needs it."""
    if os.environ.get("DATABASE_URL"):
        return
    command = argv[1] if len(argv) > 1 else "help"
    if command in NO_DB_COMMANDS or is_running():
        return
    if not initialized():
        sys.exit("The project's database is not set up yet: run 'make run' (or 'make db') first.")
    try:
        start()
    except (SetupError, subprocess.CalledProcessError) as exc:
        sys.exit(f"Could not start the project's database ({exc}): try 'make db'.")


def main(argv: list[str]) -> int:
    action = argv[1] if len(argv) > 1 else "ensure"
    try:
        if action == "ensure":
            ensure()
        elif action == "start":
            start()
        elif action == "stop":
            stop()
        elif action == "status":
            print("running" if is_running() else "stopped")
        else:
            print(f"unknown action {action!r}: use ensure, start, stop or status",
                  file=sys.stderr)
            return 2
    except SetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"error: {' '.join(map(str, exc.cmd))} failed with exit code {exc.returncode}"
              f" (see {PGDATA.name}/server.log)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
