"""The ``umt`` command. The long-running processes (serve, worker, relay, scheduler) and the
migrations have their modules under ``commands/``; the smaller commands live here. Every
subcommand binds the function that runs it (``set_defaults(run=...)``): a new group is one
``register`` call in ``build_parser``."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import umt
from umt.domain.shared.errors import DomainError
from umt.entrypoints import operator
from umt.entrypoints.commands import Run, migrate, processes
from umt.entrypoints.settings import ConfigurationError, Settings

if TYPE_CHECKING:
    from umt.entrypoints.commands import Subparsers


async def _create_user(settings: Settings, args: argparse.Namespace) -> None:
    from umt.application.identity.create_user import CreateUser
    from umt.domain.identity.permissions import Role
    from umt.entrypoints.library import Platform

    password = os.environ.get("UMT_NEW_USER_PASSWORD") or getpass.getpass("Password: ")
    async with Platform.from_settings(settings) as platform:
        membership = await platform.bus.execute(
            CreateUser(
                email=args.email,
                password=password,
                role=Role(args.role),
                organization_id=args.organization_id,
                organization_name=args.organization_name,
                display_name=args.display_name,
            )
        )
    print(
        f"created user {membership.user_id} as {membership.role.value} "
        f"of organization {membership.organization_id}"
    )


def _write_message_schemas(directory: str) -> None:
    from umt.application.messaging.envelope import message_schemas

    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    for kind, schema in message_schemas().items():
        path = target / f"{kind}.schema.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")
        print(f"wrote {path}")


async def _seed_history(settings: Settings, args: argparse.Namespace) -> None:
    """``umt sandbox seed-history``: weeks of published sandbox posts and their metrics for
    a brand, as the user ``--email`` (password from UMT_USER_PASSWORD or a prompt)."""
    from uuid import UUID

    from umt.entrypoints.library import Platform

    password = os.environ.get("UMT_USER_PASSWORD") or getpass.getpass("Password: ")
    organization = UUID(args.organization_id) if args.organization_id else None
    async with Platform.from_settings(settings) as platform:
        session = await platform.login(args.email, password, organization)
        report = await platform.sandbox.seed_history(
            session,
            UUID(args.brand_id),
            seed=args.seed,
            weeks=args.weeks,
            anomaly_factor=args.anomaly_factor,
        )
    print(
        f"seeded {report.publications} published posts from {report.first_day} "
        f"({report.samples} metric samples) on sandbox account {report.channel_account_id}; "
        f"anomaly x{report.anomaly_factor:g} on {report.anomaly_day}"
    )


async def _system(settings: Settings, args: argparse.Namespace) -> None:
    from umt.application.agents.system import send_system_command
    from umt.entrypoints.container import build_container, start_resources, stop_resources
    from umt.entrypoints.processes import check_broker

    check_broker(settings, "umt system")
    container = build_container(settings)
    await start_resources(container)
    try:
        await send_system_command(
            container.broker(),
            args.command_name,
            args.target or ["*"],
            clock=container.clock(),
            ids=container.ids(),
        )
    finally:
        await stop_resources(container)
    print(f"sent {args.command_name} to {', '.join(args.target or ['*'])}")


async def _rotate_keys(settings: Settings, *, batch_size: int) -> None:
    """``umt keys rotate``: re-seal every credential and OAuth verifier under the newest key of
    UMT_CREDENTIAL_KEYS, with a progress bar (rich: it degrades to plain output when not on a
    terminal). The service keeps running meanwhile: older keys stay in its ring."""
    from rich.progress import Progress

    from umt.adapters.sql.engine import create_engine
    from umt.adapters.sql.integration.sealed_secrets import SqlSealedSecrets
    from umt.application.integration.rotate_keys import rotate_credential_keys
    from umt.entrypoints.container import credential_cipher

    if settings.resolved_database_url.startswith("memory://"):
        print("memory:// keeps no secrets across runs: nothing to rotate")
        return
    cipher = credential_cipher(settings)
    engine = create_engine(settings.resolved_database_url, pool_size=2, max_overflow=0)
    try:
        secrets = SqlSealedSecrets(engine)
        total = await secrets.count_not_under(cipher.current_key_id)
        with Progress(transient=False) as progress:
            bar = progress.add_task(f"re-sealing under {cipher.current_key_id}", total=total)
            report = await rotate_credential_keys(
                secrets,
                cipher,
                batch_size=batch_size,
                on_progress=lambda n: progress.advance(bar, n),
            )
    finally:
        await engine.dispose()
    print(
        f"rotated {report.rotated}, already current (changed meanwhile)"
        f" {report.changed_meanwhile}, unreadable {report.unreadable}"
    )
    if report.unreadable:
        raise ConfigurationError(
            f"{report.unreadable} secrets are sealed under keys missing from UMT_CREDENTIAL_KEYS"
        )


def _version(args: argparse.Namespace) -> None:
    print(umt.__version__)


def _keys(args: argparse.Namespace) -> None:
    if args.action == "rotate":
        asyncio.run(_rotate_keys(Settings(), batch_size=args.batch_size))
        return
    from datetime import UTC, datetime

    from umt.adapters.crypto.key_ring import new_key_text

    key_id = args.key_id or datetime.now(UTC).strftime("k-%Y%m%d%H%M%S")
    print(new_key_text(key_id))
    print(
        "append it to UMT_CREDENTIAL_KEYS (comma-separated; the last key seals new secrets)",
        file=sys.stderr,
    )


def _register_small_commands(sub: Subparsers) -> None:
    keys = sub.add_parser("keys", help="the credential vault's key ring")
    keys.add_argument(
        "action",
        choices=["generate", "rotate"],
        help="generate: print a new key-ring entry; rotate: re-seal every secret under the"
        " newest key (idempotent, resumable)",
    )
    keys.add_argument("--batch-size", type=int, default=100, help="secrets per transaction")
    keys.add_argument("--id", dest="key_id", default=None, help="its key id (default: dated)")
    keys.set_defaults(run=_keys)
    system = sub.add_parser("system", help="send agents a system command (pause, resume...)")
    system.add_argument("command_name", choices=["pause", "resume", "shutdown"])
    system.add_argument(
        "--target", action="append", help="an agent or an instance id; all when omitted"
    )
    system.set_defaults(run=lambda args: asyncio.run(_system(Settings(), args)))
    sandbox = sub.add_parser("sandbox", help="the built-in sandbox platform (development)")
    history = sandbox.add_subparsers(dest="sandbox_command", required=True).add_parser(
        "seed-history",
        help="give a brand weeks of published sandbox posts and their metrics, with an anomaly"
        " on the latest complete day (password from UMT_USER_PASSWORD or a prompt)",
    )
    history.add_argument("brand_id")
    history.add_argument("--email", required=True, help="the user acting (publishing:manage)")
    history.add_argument("--organization-id", dest="organization_id")
    history.add_argument("--weeks", type=int, default=12)
    history.add_argument("--seed", default="demo", help="the same seed, the same history")
    history.add_argument("--anomaly-factor", dest="anomaly_factor", type=float, default=6.0)
    history.set_defaults(run=lambda args: asyncio.run(_seed_history(Settings(), args)))
    sub.add_parser("version", help="print the version").set_defaults(run=_version)
    schemas = sub.add_parser("message-schemas", help="write the envelope's JSON Schemas")
    schemas.add_argument("directory", nargs="?", default="docs/messages")
    schemas.set_defaults(run=lambda args: _write_message_schemas(args.directory))
    create = sub.add_parser(
        "create-user", help="create a user (password from UMT_NEW_USER_PASSWORD or a prompt)"
    )
    create.add_argument("email")
    create.add_argument(
        "--role",
        default="owner",
        choices=["owner", "admin", "brand_manager", "content_creator", "analyst", "viewer"],
    )
    create.add_argument("--organization-id", dest="organization_id")
    create.add_argument("--organization-name", dest="organization_name")
    create.add_argument("--display-name", dest="display_name")
    create.set_defaults(run=lambda args: asyncio.run(_create_user(Settings(), args)))


def build_parser() -> argparse.ArgumentParser:
    """The ``umt`` parser: each group of subcommands registers itself."""
    parser = argparse.ArgumentParser(prog="umt", description="umt, the Ultimate Marketing Team")
    sub = parser.add_subparsers(dest="command", required=True)
    processes.register(sub)
    migrate.register(sub)
    _register_small_commands(sub)
    operator.register(sub)  # dlq, outbox, agents, jobs
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Run = args.run
    try:
        return run(args) or 0
    except ConfigurationError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
