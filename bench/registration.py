"""Registration's cost: the password check against argon2, and a taken email against a new one.

check     ``check_new_password`` (the domain's rules and zxcvbn on the first 32 characters) on
          typical passwords and on the slowest inputs found for zxcvbn (repeats, digit runs,
          random text, all of the 32 characters), against one argon2id hash at the production
          cost: the least that registering any password costs.
register  the Register use case through the message bus on the in-memory store, with
          production argon2 and zxcvbn and an in-process mail sender, for new emails and for a
          taken one, alternated; the median of each.

Goals: the worst check costs at most one argon2 hash (check/hash <= 1), and a taken email
costs the same as a new one within 25 % (0.8 <= taken/new <= 1.25), so that the time of the
answer does not tell which it was. Exits 1 when a goal is missed.

    .venv/bin/python bench/registration.py [--rounds 30]
    .venv/bin/python bench/registration.py --quick    # a smoke run (a few seconds)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import shlex
import statistics
import string
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.support: the services the handler tests use

from tests.support.services import in_memory_services  # noqa: E402

from umt.adapters.crypto.argon2_hasher import Argon2PasswordHasher  # noqa: E402
from umt.adapters.memory.store import InMemoryStore  # noqa: E402
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork  # noqa: E402
from umt.adapters.system.clock import SystemClock  # noqa: E402
from umt.adapters.system.ids import UuidV7Generator  # noqa: E402
from umt.application.audit.entries import entry_for_event  # noqa: E402
from umt.application.bus import MessageBus  # noqa: E402
from umt.application.handlers import HANDLERS  # noqa: E402
from umt.application.identity.passwords import check_new_password  # noqa: E402
from umt.application.identity.register import Register  # noqa: E402
from umt.application.services import Context, Services  # noqa: E402
from umt.domain.shared.errors import InvalidValue  # noqa: E402
from umt.domain.shared.values import Email  # noqa: E402
from umt.ports.mail_sender import MailSender, OutboundMail  # noqa: E402

PASSWORD = "correct horse battery staple"
_rng = Random(7)
TYPICAL = [PASSWORD, "another long passphrase", "vN3#qk8!Zr2$wL", "iloveyou2024!"]
SLOWEST = [
    "ab" * 16,
    "1234567890" * 4,
    "19901231" * 4,
    "".join(_rng.choice(string.printable[:94]) for _ in range(40)),
    "x" * 1024,
]


class KeptMail(MailSender):
    def __init__(self) -> None:
        self.sent = 0

    async def send(self, mail: OutboundMail) -> None:
        self.sent += 1


def services(store: InMemoryStore) -> Services:
    """The tests' in-memory services, with argon2 at the production cost."""
    return replace(
        in_memory_services(store, SystemClock()),
        password_hasher=Argon2PasswordHasher(),
        mail_sender=KeptMail(),
    )


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    with contextlib.suppress(InvalidValue):  # refusing is the work measured too
        work()
    return time.perf_counter() - start


def bench_check(ctx: Context, services: Services, rounds: int) -> tuple[float, float, float]:
    email = Email("ana@acme.example")
    hasher = services.password_hasher

    def check(password: str) -> float:
        return timed(
            lambda: check_new_password(
                ctx,
                password,
                email=email,
                organization_name="Acme",
                password_strength=services.password_strength,
            )
        )

    hashes = [timed(lambda: hasher.hash(PASSWORD)) for _ in range(rounds)]
    typical = [check(p) for _ in range(rounds) for p in TYPICAL]
    worst = [statistics.median(check(p) for _ in range(rounds)) for p in SLOWEST]
    return statistics.median(hashes), statistics.median(typical), max(worst)


async def bench_register(bus: MessageBus, rounds: int) -> tuple[float, float]:
    taken = "taken@acme.example"
    await bus.execute(Register(email=taken, password=PASSWORD, organization_name="Acme"))
    new_times: list[float] = []
    taken_times: list[float] = []
    for n in range(rounds):
        for email, times in ((f"new{n}@acme.example", new_times), (taken, taken_times)):
            start = time.perf_counter()
            await bus.execute(Register(email=email, password=PASSWORD, organization_name="Acme"))
            times.append(time.perf_counter() - start)
    return statistics.median(new_times), statistics.median(taken_times)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--rounds", type=int, default=30, help="timed rounds of each part")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    if args.quick and "--rounds" not in sys.argv:  # an explicit --rounds still wins
        args.rounds = 6
    return args


async def main() -> int:
    args = parse_args()
    store = InMemoryStore()
    ids = UuidV7Generator()
    bus = MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        services=services(store),
        handlers=HANDLERS,
    )
    ctx = Context(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
    )
    bench_check(ctx, bus.services, 2)  # warm up zxcvbn's dictionaries
    hash_s, typical_s, worst_s = bench_check(ctx, bus.services, args.rounds)
    new_s, taken_s = await bench_register(bus, args.rounds)
    ms = 1000
    print(f"argon2 hash        {hash_s * ms:7.1f} ms (median)")
    print(
        f"check, typical     {typical_s * ms:7.1f} ms (median)  check/hash {typical_s / hash_s:.2f}"
    )
    print(
        f"check, slowest     {worst_s * ms:7.1f} ms (median of the slowest input)"
        f"  check/hash {worst_s / hash_s:.2f}"
    )
    print(f"register, new      {new_s * ms:7.1f} ms (median)")
    print(f"register, taken    {taken_s * ms:7.1f} ms (median)  taken/new {taken_s / new_s:.2f}")
    ok = worst_s / hash_s <= 1 and 0.8 <= taken_s / new_s <= 1.25
    print("goals met" if ok else "GOAL MISSED")
    if args.json:
        command = shlex.join([".venv/bin/python", "bench/registration.py", *sys.argv[1:]])
        figures = {
            "hash_ms": round(hash_s * ms, 2),
            "check_typical_ms": round(typical_s * ms, 2),
            "check_slowest_ms": round(worst_s * ms, 2),
            "check_per_hash": round(worst_s / hash_s, 3),
            "register_new_ms": round(new_s * ms, 2),
            "register_taken_ms": round(taken_s * ms, 2),
            "taken_per_new": round(taken_s / new_s, 3),
            "rounds": args.rounds,
            "command": command,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
