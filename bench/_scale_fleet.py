"""The processes of bench/worker_scale.py: N ``umt worker`` processes of one agent, or N bare
aio-pika consumers (``bare_child`` here, run as ``python bench/_scale_fleet.py``), and the
RabbitMQ virtual host and tenant they work in.

A bare consumer is what a hand-written service would do with the same messages: an aio-pika
consumer with the same prefetch and manual acks, and per message one asyncpg transaction
that inserts the task's row (its id, its organization, the name, the envelope; a unique
(organization, name) index like the brands' unique slug), acked once committed. It takes
commands on stdin (``go``: consume; ``pause``: cancel the consumer, wait for the in-flight
messages, answer ``paused``) so a drain starts on a full queue, as the umt workers' does
(``umt system pause``/``resume`` over the broker).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg

from umt.adapters.rabbitmq.broker import agent_queue
from umt.application.principal import Principal

AMQP_URL = os.environ.get("UMT_BENCH_AMQP", "amqp://guest:guest@127.0.0.1:5672/")
BARE_TABLE = """
CREATE TABLE IF NOT EXISTS bench_scale (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    name text NOT NULL,
    envelope jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, name)
)"""
BARE_INSERT = (
    "INSERT INTO bench_scale (id, organization_id, name, envelope) VALUES ($1, $2, $3, $4)"
)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def rabbitmqctl(*args: str) -> None:
    subprocess.run(
        ["rabbitmqctl", *args], check=True, capture_output=True, timeout=120
    )  # the local broker's own tool


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU a process of this machine has used so far (None: it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime, in ticks


@contextmanager
def throwaway_vhost() -> Iterator[str]:
    """A RabbitMQ virtual host of its own (the agent queue's name is fixed: no other run or
    test can meet it there); yields its AMQP URL, deleted on the way out."""
    name = f"umt-bench-scale-{uuid.uuid4().hex[:8]}"
    rabbitmqctl("add_vhost", name)
    try:
        rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
        yield f"{AMQP_URL.rstrip('/')}/{name}"
    finally:
        rabbitmqctl("delete_vhost", name)


async def register_owner(database_url: str, data_dir: Path) -> Principal:
    """An organization and its owner, through umt's own Register use case."""
    from umt.application.identity.register import Register, RegistrationReceived
    from umt.domain.identity.permissions import Role
    from umt.entrypoints.container import build_container, start_resources, stop_resources
    from umt.entrypoints.settings import Settings

    settings = Settings(
        _env_file=None,  # no stray .env file is read
        database_url=database_url,
        broker_url="",
        redis_url="",
        data_dir=data_dir,
    )
    container = build_container(settings)
    await start_resources(container)
    try:
        received: RegistrationReceived = await container.bus().execute(
            Register(
                email="owner@scale.example",
                password="a long bench passphrase",
                organization_name="Scale",
            )
        )
    finally:
        await stop_resources(container)
    account = received.account
    return Principal.for_member(account.user.id, account.organization.id, Role.OWNER)


class Fleet:
    """N processes consuming one agent's queue; ``kind`` is ``umt`` or ``bare``."""

    def __init__(self, kind: str, count: int, env: dict[str, str], argv: list[str]) -> None:
        self.kind, self.count = kind, count
        self._env, self._argv = env, argv
        self._logs = Path(tempfile.mkdtemp(prefix=f"umt-bench-scale-{kind}-"))
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        for index in range(self.count):
            with (self._logs / f"{index}.log").open("wb") as log:  # the child keeps its copy
                self.processes.append(
                    subprocess.Popen(  # this interpreter, our own entry points
                        self._argv,
                        env=self._env,
                        cwd=self._logs,  # no stray .env file is read
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE if self.kind == "bare" else log,
                        stderr=log,
                    )
                )

    def tell(self, command: str) -> None:
        """A bare fleet's stdin command, and its answer awaited when it has one."""
        for process in self.processes:
            assert process.stdin is not None
            process.stdin.write(f"{command}\n".encode())
            process.stdin.flush()
        if command == "pause":
            self.wait_for("paused")

    def wait_for(self, line: str) -> None:
        for process in self.processes:
            assert process.stdout is not None
            answer = process.stdout.readline().decode().strip()
            if answer != line:
                raise SystemExit(f"a bare consumer answered {answer!r}:\n{self.log_tail()}")

    def check_alive(self) -> None:
        for process in self.processes:
            if process.poll() is not None:
                raise SystemExit(
                    f"a {self.kind} process exited ({process.returncode}):\n{self.log_tail()}"
                )

    def cpu_seconds(self) -> float:
        """User + system CPU the fleet's processes have used so far."""
        return sum(process_cpu_seconds(p.pid) or 0.0 for p in self.processes)

    def log_tail(self) -> str:
        return "\n".join(
            path.read_text(errors="replace")[-2000:] for path in sorted(self._logs.glob("*.log"))
        )

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()  # umt worker: graceful on SIGTERM; the bare child just ends
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []


# -- the bare consumer (a child process) ---------------------------------------------------


async def bare_child(amqp_url: str, dsn: str, agent: str, prefetch: int, pool_size: int) -> None:
    pool = await asyncpg.create_pool(dsn, min_size=pool_size, max_size=pool_size)
    connection = await aio_pika.connect(amqp_url)
    channel = await connection.channel()
    await channel.set_qos(prefetch_count=prefetch)
    queue = await channel.get_queue(agent_queue(agent))
    in_flight = 0
    idle = asyncio.Event()
    idle.set()

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        nonlocal in_flight
        in_flight += 1
        idle.clear()
        try:
            envelope: dict[str, Any] = json.loads(message.body)
            actor = envelope["payload"]["actor"]
            async with pool.acquire() as db, db.transaction():
                await db.execute(
                    BARE_INSERT,
                    uuid.UUID(envelope["header"]["message_id"]),
                    uuid.UUID(actor["organization_id"]),
                    envelope["payload"]["input"]["name"],
                    message.body.decode(),
                )
            await message.ack()
        finally:
            in_flight -= 1
            if in_flight == 0:
                idle.set()

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    print("ready", flush=True)
    tag: str | None = None
    while line := (await reader.readline()).decode().strip():
        if line == "go" and tag is None:
            tag = await queue.consume(on_message)
        elif line == "pause":
            if tag is not None:
                await queue.cancel(tag)
                tag = None
            await idle.wait()
            print("paused", flush=True)  # answered when already paused too
    await connection.close()
    await pool.close()


if __name__ == "__main__":
    url, database, name, prefetch_text, pool_text = sys.argv[1:6]
    asyncio.run(bare_child(url, database, name, int(prefetch_text), int(pool_text)))
