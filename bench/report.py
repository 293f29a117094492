"""Run the benchmarks and keep docs/benchmarks.md's figures table current.

Each script runs in a child process with ``--json``; its headline figures go into one table
row with the date, the commit and the machine they were measured on, so a figure that
nobody has rerun since later work landed shows its age. ``--record`` rewrites the rows of
the scripts that ran in docs/benchmarks.md (between the ``bench-figures`` markers) and keeps
the others as they were.

    .venv/bin/python bench/report.py --quick            # every quick mode (``make bench-quick``)
    .venv/bin/python bench/report.py --quick --record   # ... and rewrite the table
    .venv/bin/python bench/report.py --only http_read --record   # one full run, one row

Which services each script needs is in SCRIPTS (and in docs/benchmarks.md). Exits 1 when a
script failed or missed a goal; the table says which.

The terminal shows one line per script (its headline ratio, met or missed, how long it took);
each script's output goes to a log file under ``var/bench/<UTC time>/`` (``--keep DIR``
elsewhere), named on the line of a script that failed or missed, with its JSON and the rows
of the run (``figures.md``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
START = "<!-- bench-figures:start (bench/report.py --record rewrites this table) -->"
END = "<!-- bench-figures:end -->"
HEADER = (
    "| script | run | figures | date (UTC) | commit | machine |\n"
    "| --- | --- | --- | --- | --- | --- |"
)
TIMEOUT_SECONDS = {"quick": 600, "full": 3600}
LOGS = ROOT / "var" / "bench"  # var/ is not versioned
HEADLINE = re.compile(r"^(?P<label>[^*]*)\*\*(?P<value>[^*]+)\*\*")

Figures = dict[str, Any]


def _get(figures: Figures, *path: str | int) -> Any:
    value: Any = figures
    for key in path:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _num(value: Any, spec: str, suffix: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{suffix}"


def _cpu_ms(figures: Figures, part: str, label: str) -> str:
    windows = _get(figures, part, "windows", label) or []
    values = sorted(1000 * w["server_cpu"] / w["rps"] for w in windows if w["rps"])
    return "—" if not values else f"{values[len(values) // 2]:.3f}"


def http_read(figures: Figures) -> str:
    memory = figures.get("memory") or {}
    start = memory.get("start_kib")
    bare_start = memory.get("bare_start_kib")
    extra = None if start is None or bare_start is None else (start - bare_start) / 1024
    return (
        f"read umt/bare **{_num(_get(figures, 'read', 'ratio'), '.3f')}** (goal ≥ 0.75), "
        f"write **{_num(_get(figures, 'write', 'ratio'), '.3f')}** (goal ≥ 0.6); "
        f"CPU per request read {_cpu_ms(figures, 'read', 'umt')} ms"
        f" (bare {_cpu_ms(figures, 'read', 'bare')}), write {_cpu_ms(figures, 'write', 'umt')}"
        f" ms (bare {_cpu_ms(figures, 'write', 'bare')}); fresh server RSS "
        f"**{_num(None if start is None else start / 1024, '.1f', ' MiB')}**"
        f" (bare {_num(None if bare_start is None else bare_start / 1024, '.1f', ' MiB')};"
        f" umt adds {_num(extra, '.1f', ' MiB')}, goal ≤ 72), growth over "
        f"{_num(memory.get('requests'), ',')} reads "
        f"{_num(memory.get('growth'), '+.1%')} (goal ≤ 10 %)"
    )


def outbox_relay(figures: Figures) -> str:
    return (
        f"relay/bare **{_num(figures.get('ratio'), '.3f')}** (goal ≥ 0.7); "
        f"relay {_num(_get(figures, 'median', 'relay'), ',.0f')} msg/s, "
        f"bare {_num(_get(figures, 'median', 'bare'), ',.0f')} msg/s"
    )


def publication_dispatch(figures: Figures) -> str:
    return (
        f"umt/bare **{_num(figures.get('ratio'), '.3f')}** (goal ≥ 0.7); "
        f"umt {_num(_get(figures, 'median', 'umt'), ',.0f')} claimed/s, "
        f"bare {_num(_get(figures, 'median', 'bare'), ',.0f')} claimed/s"
    )


def worker_throughput(figures: Figures) -> str:
    growth = _get(figures, "memory_redis", "growth")
    return (
        f"umt/bare **{_num(_get(figures, 'throughput', 'ratio'), '.3f')}** (goal ≥ 0.85); "
        f"CPU per message umt {_num(_get(figures, 'throughput', 'cpu_us', 'umt'), '')} µs, "
        f"bare {_num(_get(figures, 'throughput', 'cpu_us', 'bare'), '')} µs; memory growth "
        f"with Redis {_num(growth, '+.1%')} (goal < 10 %)"
    )


def worker_scale(figures: Figures) -> str:
    def at(n: int) -> str:
        row = _get(figures, "scales", str(n)) or {}
        return (
            f"N={n} umt {_num(_get(row, 'median', 'umt'), ',')}/s"
            f" (x{_num(_get(row, 'scaling', 'umt'), '.2f')}), bare"
            f" {_num(_get(row, 'median', 'bare'), ',')}/s"
            f" (x{_num(_get(row, 'scaling', 'bare'), '.2f')})"
        )

    relative = {n: _get(figures, "scales", str(n), "relative_scaling") for n in (2, 4)}
    return (
        f"umt's scaling over bare's at N=2 **{_num(relative[2], '.3f')}** (goal ≥ 0.8),"
        f" N=4 {_num(relative[4], '.3f')}; "
        + "; ".join(at(n) for n in (1, 2, 4))
        + f"; load {_num(_get(figures, 'load_average', 'start'), '.1f')}"
    )


def generation(figures: Figures) -> str:
    return (
        f"OpenAI adapter/ideal **{_num(figures.get('ratio'), '.3f')}** (goal ≤ 1.3); "
        f"offline {_num(figures.get('offline_variants_per_second'), ',')} variants/s"
    )


def experiment_analysis(figures: Figures) -> str:
    return (
        f"analysis/bare **{_num(figures.get('ratio'), '.2f')}** (goal ≤ 1.5); peak RSS "
        f"{_num(figures.get('peak_rss_mib'), '.0f', ' MiB')} (goal < 300 MB); "
        f"{_num(figures.get('events'), ',')} events"
    )


def analytics_ingest(figures: Figures) -> str:
    return (
        f"bare/umt **{_num(figures.get('ratio'), '.3f')}** (goal ≥ 0.8); "
        f"bare/staged (a redelivered batch's path) {_num(figures.get('staged_ratio'), '.3f')}, "
        f"bare/(umt + rollup refresh) {_num(figures.get('current_ratio'), '.3f')}; "
        f"umt {_num(_get(figures, 'rows_per_second', 'umt'), ',.0f')} rows/s, "
        f"bare {_num(_get(figures, 'rows_per_second', 'bare'), ',.0f')} rows/s; "
        f"CPU per batch (this process + the database) bare/umt "
        f"{_num(figures.get('cpu_ratio'), '.3f')}; "
        f"{_num(figures.get('samples'), ',')} samples"
    )


def analytics_dashboard(figures: Figures) -> str:
    return (
        f"umt/bare **{_num(figures.get('ratio'), '.2f')}** (goal ≤ 2); umt p95 "
        f"**{_num(_get(figures, 'p95_ms', 'umt'), '.1f', ' ms')}** (goal < 200), median "
        f"{_num(_get(figures, 'median_ms', 'umt'), '.1f', ' ms')} (bare "
        f"{_num(_get(figures, 'median_ms', 'bare'), '.1f', ' ms')}); peak RSS "
        f"{_num(figures.get('peak_rss_mib'), '.0f', ' MiB')}; {_num(figures.get('brands'), ',')}"
        f" brands, {_num(figures.get('samples'), ',')} samples"
    )


def registration(figures: Figures) -> str:
    return (
        f"slowest password check/argon2 hash **{_num(figures.get('check_per_hash'), '.2f')}**"
        f" (goal ≤ 1); register taken/new email **{_num(figures.get('taken_per_new'), '.2f')}**"
        f" (goal 0.8 to 1.25); hash {_num(figures.get('hash_ms'), '.1f', ' ms')}, register "
        f"{_num(figures.get('register_new_ms'), '.1f', ' ms')}"
    )


def template_render(figures: Figures) -> str:
    return (
        f"pool/before **{_num(figures.get('ratio'), '.2f')}** (goal ≤ 1); per render: pool "
        f"{_num(figures.get('pool_us'), ',.0f', ' µs')}, before "
        f"{_num(figures.get('before_us'), ',.0f', ' µs')}, inline "
        f"{_num(figures.get('inline_us'), ',.0f', ' µs')}; "
        f"{_num(figures.get('pool_renders_per_second'), ',')} renders/s with 8 in flight"
    )


def research_crawl(figures: Figures) -> str:
    return (
        f"crawl/politeness bound **{_num(figures.get('ratio'), '.3f')}** (goal ≤ 1.2); "
        f"{_num(figures.get('violations'), ',')} gaps under the crawl-delay (goal 0, smallest "
        f"{_num(figures.get('min_gap_seconds'), '.3f', ' s')}); "
        f"{_num(figures.get('pages'), ',')} pages on {_num(figures.get('hosts'), ',')} hosts "
        f"in {_num(figures.get('crawl_seconds'), '.1f', ' s')} (bound "
        f"{_num(figures.get('bound_seconds'), '.1f', ' s')})"
    )


def insights_detection(figures: Figures) -> str:
    return (
        f"detection/dashboard **{_num(figures.get('ratio'), '.2f')}** (goal ≤ 3); detection "
        f"{_num(figures.get('umt_median_ms'), '.1f', ' ms')}, dashboard "
        f"{_num(figures.get('bare_median_ms'), '.1f', ' ms')} over "
        f"{_num(figures.get('samples'), ',')} samples"
    )


@dataclass(frozen=True)
class Script:
    name: str
    needs: str
    headline: Callable[[Figures], str]


# In `make bench-quick` order: the ones without services first.
SCRIPTS = (
    Script("generation", "nothing (the fake OpenAI server runs on loopback)", generation),
    Script("registration", "nothing (in-memory store)", registration),
    Script("template_render", "nothing (worker processes on this machine)", template_render),
    Script("research_crawl", "nothing (the fixture sites run on loopback)", research_crawl),
    Script("insights_detection", "nothing (embedded SQLite)", insights_detection),
    Script("experiment_analysis", "PostgreSQL", experiment_analysis),
    Script("analytics_ingest", "PostgreSQL", analytics_ingest),
    Script("analytics_dashboard", "PostgreSQL", analytics_dashboard),
    Script("outbox_relay", "PostgreSQL, RabbitMQ", outbox_relay),
    Script("publication_dispatch", "PostgreSQL", publication_dispatch),
    Script("worker_throughput", "RabbitMQ, Redis", worker_throughput),
    Script("worker_scale", "PostgreSQL, RabbitMQ (rabbitmqctl)", worker_scale),
    Script("http_read", "PostgreSQL, wrk", http_read),
)


# -- where and on what ----------------------------------------------------------------------


def commit() -> str:
    def git(*args: str) -> str:
        result = subprocess.run(  # git, with fixed arguments
            ["git", *args],  # git from PATH
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout.strip()

    head = git("rev-parse", "--short=10", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "src", "bench")
    return f"{head}+changes" if dirty else head


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} x {cpu}, Python {platform.python_version()}, load {load:.1f}"


# -- running --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """A script's run: its table row, whether it met its goals, how long it took, its log."""

    row: Row
    ok: bool
    seconds: float
    log: Path


def status_line(name: str, outcome: Outcome) -> str:
    """The one line the terminal shows for a script: its headline ratio (the row's first
    bold figure), met or missed, the time it took, and its log when it did not meet its goals."""
    failed = outcome.row.figures.startswith("**failed**")
    found = None if failed else HEADLINE.match(outcome.row.figures)
    ratio = "no figures" if found is None else f"{found['label'].strip()} {found['value']}"
    verdict = "met" if outcome.ok else "FAILED" if failed else "MISSED"
    line = f"{name:<21} {ratio[:44]:<44} {verdict:<6} {outcome.seconds:7.1f} s"
    return line if outcome.ok else f"{line}  log: {outcome.log}"


@dataclass(frozen=True)
class Row:
    script: str
    run: str
    figures: str
    date: str
    commit: str
    machine: str

    def markdown(self) -> str:
        cells = (f"`bench/{self.script}.py`", self.run, self.figures, self.date)
        return "| " + " | ".join((*cells, f"`{self.commit}`", self.machine)) + " |"


def run_script(script: Script, *, quick: bool, workdir: Path) -> Outcome:
    """Run one script, its output to its log in ``workdir``; its row, and whether it met
    its goals."""
    workdir.mkdir(parents=True, exist_ok=True)
    output = workdir / f"{script.name}.json"
    log = workdir / f"{script.name}.log"
    command = [sys.executable, str(ROOT / "bench" / f"{script.name}.py"), "--json", str(output)]
    if quick:
        command.append("--quick")
    mode = "quick" if quick else "full"
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    where = machine()
    began = time.monotonic()
    try:
        with log.open("w") as sink:
            result = subprocess.run(  # our own scripts, same interpreter
                command,
                cwd=ROOT,
                stdout=sink,
                stderr=subprocess.STDOUT,
                timeout=TIMEOUT_SECONDS[mode],
                check=False,
            )
        code: int | str = result.returncode
    except subprocess.TimeoutExpired:
        code = f"timed out after {TIMEOUT_SECONDS[mode]} s"
    seconds = time.monotonic() - began
    text = log.read_text(errors="replace")
    if output.exists():
        summary = script.headline(json.loads(output.read_text()))
        if code != 0:
            summary += f" — **goal missed** (exit {code})"
    else:
        last = text.strip().splitlines()[-1:] or ["no output"]
        summary = f"**failed** ({code}): {last[0][:160]}"
    row = Row(script.name, mode, summary, when, commit(), where)
    return Outcome(row, code == 0, seconds, log)


# -- the table in docs/benchmarks.md --------------------------------------------------------


def merge_rows(document: str, rows: list[Row]) -> str:
    """``document`` with its figures table holding ``rows`` (by script) and the rows of the
    scripts that did not run, in SCRIPTS order."""
    head, start, rest = document.partition(START)
    body, end, tail = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"{DOC}: the markers {START!r} and {END!r} are missing")
    kept: dict[str, str] = {}
    for line in body.splitlines():
        if line.startswith("| `bench/"):
            name = line.split("`bench/", 1)[1].split(".py`", 1)[0]
            kept[name] = line
    kept.update({row.script: row.markdown() for row in rows})
    order = [s.name for s in SCRIPTS] + sorted(set(kept) - {s.name for s in SCRIPTS})
    lines = [kept[name] for name in order if name in kept]
    table = "\n".join([HEADER, *lines])
    return f"{head}{START}\n{table}\n{END}{tail}"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="each script's quick mode")
    parser.add_argument(
        "--only",
        action="append",
        choices=[s.name for s in SCRIPTS],
        help="run only these scripts (repeatable); default: all",
    )
    parser.add_argument("--record", action="store_true", help=f"rewrite the table in {DOC}")
    parser.add_argument(
        "--keep",
        type=Path,
        help="put each script's JSON and log here (default: a new directory under var/bench/)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    chosen = [s for s in SCRIPTS if not args.only or s.name in args.only]
    rows: list[Row] = []
    failed: list[str] = []
    workdir = args.keep or LOGS / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"logs in {workdir}", flush=True)
    for script in chosen:
        outcome = run_script(script, quick=args.quick, workdir=workdir)
        print(status_line(script.name, outcome), flush=True)
        rows.append(outcome.row)
        if not outcome.ok:
            failed.append(script.name)
    figures = workdir / "figures.md"
    figures.write_text("\n".join([HEADER, *(row.markdown() for row in rows)]) + "\n")
    print(f"rows of this run: {figures}")
    if args.record:
        DOC.write_text(merge_rows(DOC.read_text(), rows))
        print(f"\nrecorded in {DOC.relative_to(ROOT)}")
    print("result:", "all goals met" if not failed else "missed or failed: " + ", ".join(failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
