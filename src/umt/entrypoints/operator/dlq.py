"""``umt dlq list|show|replay|purge --agent NAME``: an agent's dead letters.

A replay puts the message back on the agent's queue as it was (body, routing key, priority,
trace context) with its attempt count one higher; the broker removes it from the dead
letters only after confirming the republish (``MessageBroker.replay_dead_letters``). Chosen
ids are checked first: one that names no dead letter changes nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from umt.application.agents.dead_letters import body_document, chosen, describe
from umt.application.agents.names import Agent
from umt.entrypoints.operator.output import FAILED, OK, USAGE, Output, when
from umt.ports.message_broker import DeadLetter, MessageBroker

SHORT_ID = 12  # characters of an id in the list: a unique prefix names the letter
ERROR_WIDTH = 80


def add_dlq_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dlq = sub.add_parser(
        "dlq", help="an agent's dead letters: list, show, replay, purge (needs UMT_BROKER_URL)"
    )
    actions = dlq.add_subparsers(dest="dlq_command", required=True)
    agents = [agent.value for agent in Agent]

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("--agent", required=True, choices=agents)
        parser.add_argument("--json", action="store_true", help="a JSON document on stdout")
        return parser

    action("list", "the agent's dead letters, oldest first")
    action("show", "one dead letter: its envelope, error and history").add_argument(
        "id", help="its id (or a unique prefix, as `dlq list` shows it)"
    )
    for name, verb in (("replay", "put back on the agent's queue"), ("purge", "delete")):
        parser = action(name, f"{verb} dead letters")
        parser.add_argument("ids", nargs="*", metavar="ID", help="ids or unique prefixes")
        parser.add_argument("--all", action="store_true", help="every dead letter of the agent")
        if name == "purge":
            parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")


async def run_dlq(broker: MessageBroker, args: argparse.Namespace, out: Output) -> int:
    if args.dlq_command == "list":
        return await list_dead_letters(broker, args.agent, out)
    if args.dlq_command == "show":
        return await show_dead_letter(broker, args.agent, args.id, out)
    if args.all == bool(args.ids):
        out.error("name the dead letters by id, or choose them all with --all (not both)")
        return USAGE
    replay = args.dlq_command == "replay"
    targets = await _targets(broker, args.agent, args.ids, every=args.all, out=out)
    if targets is None:
        return FAILED
    if replay:
        return await replay_dead_letters(broker, args.agent, targets, out)
    return await purge_dead_letters(broker, args.agent, targets, out, confirmed=args.yes)


async def list_dead_letters(broker: MessageBroker, agent: str, out: Output) -> int:
    views = [describe(agent, letter) for letter in await broker.dead_letters(agent)]
    if out.json_mode:
        out.document([view.summary() for view in views])
        return OK
    if not views:
        out.say(f"no dead letters for {agent}")
        return OK
    out.table(
        f"{len(views)} dead letters of {agent} (oldest first)",
        ("ID", "KIND", "NAME", "ATTEMPTS", "SENT", "ERROR"),
        [
            (v.id[:SHORT_ID], v.kind, v.name, v.attempts, when(v.sent_at), _cut(v.error))
            for v in views
        ],
    )
    return OK


async def show_dead_letter(broker: MessageBroker, agent: str, letter_id: str, out: Output) -> int:
    picked, _ = chosen(await broker.dead_letters(agent), [letter_id])
    if not picked:
        out.error(f"no single dead letter of {agent} has the id {letter_id!r} or starts so")
        return FAILED
    letter = picked[0]
    view = describe(agent, letter)
    if out.json_mode:
        out.document(
            {**view.summary(), "history": list(view.history), "body": body_document(letter)}
        )
        return OK
    out.fields(
        f"dead letter {view.id}",
        [
            *((key, value) for key, value in view.summary().items() if key != "error"),
            ("error", view.error),
            *((f"history {n}", entry) for n, entry in enumerate(view.history, start=1)),
        ],
    )
    out.console().print_json(data=body_document(letter))
    return OK


async def replay_dead_letters(
    broker: MessageBroker, agent: str, targets: Sequence[DeadLetter], out: Output
) -> int:
    done: list[DeadLetter] = []
    try:
        with out.progress(f"replaying to {agent}", len(targets)) as advance:

            def replayed(letter: DeadLetter) -> None:
                done.append(letter)
                advance()

            await broker.replay_dead_letters(agent, [t.id for t in targets], on_each=replayed)
    except Exception as exc:  # the broker's answer: what was not confirmed stays a dead letter
        failure = f"{type(exc).__name__}: {exc}"
        return _report(out, "replayed", agent, targets, done, failure=failure)
    return _report(out, "replayed", agent, targets, done)


async def purge_dead_letters(
    broker: MessageBroker,
    agent: str,
    targets: Sequence[DeadLetter],
    out: Output,
    *,
    confirmed: bool,
) -> int:
    if not confirmed and not out.confirm(
        f"delete {len(targets)} dead letters of {agent} for good?"
    ):
        out.error("nothing purged")
        return FAILED
    done: list[DeadLetter] = []
    with out.progress(f"purging {agent}", len(targets)) as advance:

        def purged(letter: DeadLetter) -> None:
            done.append(letter)
            advance()

        await broker.purge_dead_letters(agent, [t.id for t in targets], on_each=purged)
    return _report(out, "purged", agent, targets, done)


async def _targets(
    broker: MessageBroker, agent: str, ids: Sequence[str], *, every: bool, out: Output
) -> list[DeadLetter] | None:
    """The dead letters chosen, or None (after saying why) when there are none to act on."""
    letters = await broker.dead_letters(agent)
    targets, unknown = (letters, []) if every else chosen(letters, ids)
    if unknown:
        out.error(f"no single dead letter of {agent} matches {', '.join(unknown)}: nothing done")
        return None
    if not targets:
        out.error(f"no dead letters for {agent}")
        return None
    return targets


def _report(
    out: Output,
    verb: str,
    agent: str,
    targets: Sequence[DeadLetter],
    done: Sequence[DeadLetter],
    *,
    failure: str | None = None,
) -> int:
    done_ids = {d.id for d in done}
    left = [t.id for t in targets if t.id not in done_ids]
    if out.json_mode:
        out.document({verb: [d.id for d in done], "left": left})
    else:
        out.say(f"{verb} {len(done)} of {len(targets)} dead letters of {agent}")
    if failure is not None:
        out.error(f"stopped by {failure}; {len(left)} stay dead letters: {', '.join(left)}")
    elif left:  # another operator replayed or purged them meanwhile
        out.error(f"{len(left)} were no longer dead letters: {', '.join(left)}")
    return FAILED if left else OK


def _cut(text: str) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= ERROR_WIDTH else line[: ERROR_WIDTH - 1] + "…"
