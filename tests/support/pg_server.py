"""A PostgreSQL server of the test's own (initdb in a temporary directory, its own port), so
a test can really stop the database and start it again without touching the shared one."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.postgres import service_unavailable


def _binary(name: str) -> str:
    installed = sorted(str(p) for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    found = installed or [shutil.which(name) or ""]
    if not found[-1]:
        service_unavailable("PostgreSQL", f"{name} is not installed")
    return found[-1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PgServer:
    def __init__(self, directory: Path, port: int) -> None:
        self.directory, self.port = directory, port
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"

    def _as_postgres(self, *command: str) -> None:
        # PostgreSQL refuses to run as root: run its tools as the postgres user when we are root
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        # no pipes: the server started by pg_ctl would hold them open (its log goes to a file)
        subprocess.run(  # noqa: S603  # PostgreSQL's own tools
            [*prefix, *command],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            _binary("pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-l",
            str(self.directory / "server.log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self) -> None:
        """A real stop (fast mode): every session is terminated, new connections refused."""
        self._as_postgres(
            _binary("pg_ctl"), "-D", str(self.directory / "data"), "-m", "fast", "-w", "stop"
        )

    # the names a test's outage script calls
    cut, restore = stop, start


@contextmanager
def pg_server() -> Iterator[PgServer]:
    directory = Path(tempfile.mkdtemp(prefix="umt-pg-"))
    try:
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres", "postgres")
        server = PgServer(directory, _free_port())
        try:
            server._as_postgres(
                _binary("initdb"),
                "-D",
                str(directory / "data"),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            )
            server.start()
        except (subprocess.SubprocessError, OSError, KeyError) as exc:
            service_unavailable("PostgreSQL", f"cannot run a server of the test's own: {exc}")
        try:
            yield server
        finally:
            with contextlib.suppress(subprocess.SubprocessError):  # already stopped
                server.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
