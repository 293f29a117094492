"""The load generator: wrk (C, one thread by default) driven by small Lua scripts written here,
and the alternating comparison of timed windows.

Each Lua script prints one JSON line (``WRKJSON {...}``) when wrk is done; ``run_wrk`` parses
it and adds the CPU share that the server and wrk used during the run.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _support import BRAND_BODY, Server

# -- wrk ------------------------------------------------------------------------------------

_LUA_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
"""

# args: [1] stop after this many responses per thread (0: run for the duration)
_LUA_GET = r"""
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer __TOKEN__"
local seen, limit = 0, 0
init = function(args)
  limit = tonumber(args[1] or "0")
  if limit > 0 then
    response = function(status, headers, body)
      seen = seen + 1
      if seen == limit then
        -- wrk's main thread sleeps for the whole -d duration: run_wrk sends it SIGINT
        -- once every thread has printed this line.
        io.write("WRKLIMIT\n")
        io.flush()
        wrk.thread:stop()
      end
    end
  end
end
"""

# args: [1] a prefix unique to this run; every request carries a new name and slug.
_LUA_POST = r"""
local counter, prefix, tid = 0, "x", 0
local headers = {["Authorization"] = "Bearer __TOKEN__", ["Content-Type"] = "application/json"}
local template = [==[__BODY__]==]
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
init = function(args)
  prefix = args[1] or "x"
end
request = function()
  counter = counter + 1
  local key = prefix .. "-" .. tid .. "-" .. counter
  local body = string.gsub(template, "__KEY__", key)
  return wrk.format("POST", "/api/v1/brands", headers, body)
end
"""


def write_lua(kind: str, token: str) -> Path:
    if kind == "get":
        text = _LUA_GET.replace("__TOKEN__", token) + _LUA_DONE
    else:
        body = dict(BRAND_BODY, name="Bench __KEY__", slug="bench-__KEY__")
        text = (
            _LUA_POST.replace("__TOKEN__", token).replace("__BODY__", json.dumps(body)) + _LUA_DONE
        )
    handle, name = tempfile.mkstemp(prefix=f"umt-bench-{kind}-", suffix=".lua")
    with os.fdopen(handle, "w") as lua:
        lua.write(text)
    return Path(name)


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    server_cpu: float  # share of one core the server process used during the run
    wrk_cpu: float  # share of one core wrk used

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(
    server: Server,
    url_path: str,
    script: Path,
    *,
    seconds: float,
    connections: int,
    threads: int = 1,
    script_args: tuple[str, ...] = (),
) -> WrkResult:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        server.base_url + url_path,
    ]
    if script_args:
        command += ["--", *script_args]
    server_before, wrk_before = server.cpu_seconds(), _children_cpu()
    started = time.monotonic()
    output: list[str] = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        assert process.stdout is not None
        limits_reached = 0
        for text in process.stdout:
            output.append(text)
            if text.startswith("WRKLIMIT"):
                limits_reached += 1
                if limits_reached == threads:
                    process.send_signal(signal.SIGINT)  # wrk then reports and exits
    wall = time.monotonic() - started
    server_after, wrk_after = server.cpu_seconds(), _children_cpu()
    line = next((x for x in output if x.startswith("WRKJSON ")), None)
    if process.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({process.returncode}):\n{''.join(output)}")
    data = json.loads(line.removeprefix("WRKJSON "))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=errors,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        server_cpu=(server_after - server_before) / wall,
        wrk_cpu=(wrk_after - wrk_before) / wall,
    )


# -- comparison -----------------------------------------------------------------------------


@dataclass
class Comparison:
    """Timed windows of the baseline(s) and umt, alternating; the median of each series.

    ``series`` maps a label to its windows: "bare" (the baseline the goal is against), "umt",
    and optionally further baselines that are reported but not judged.
    """

    name: str
    goal: float
    series: dict[str, list[WrkResult]] = field(default_factory=dict)

    @staticmethod
    def median(results: list[WrkResult], value: Callable[[WrkResult], float]) -> float:
        return statistics.median(value(r) for r in results)

    def rps(self, label: str) -> float:
        return self.median(self.series[label], lambda r: r.rps)

    @property
    def ratio(self) -> float:
        return self.rps("umt") / self.rps("bare")

    def report(self) -> str:
        width = max(len(label) for label in self.series)

        def line(label: str, results: list[WrkResult]) -> str:
            windows = ", ".join(f"{r.rps:.0f}" for r in results)
            cpu_ms = self.median(results, lambda r: 1000 * r.server_cpu / r.rps)
            return (
                f"  {label:{width}}  median {self.rps(label):7.0f} req/s  (windows: {windows})"
                f"  p50 {self.median(results, lambda r: r.p50_ms):.1f} ms"
                f"  p99 {self.median(results, lambda r: r.p99_ms):.1f} ms"
                f"  server cpu {self.median(results, lambda r: r.server_cpu):.0%}"
                f" ({cpu_ms:.3f} ms/request)"
                f"  wrk cpu {self.median(results, lambda r: r.wrk_cpu):.0%}"
            )

        verdict = "OK" if self.ratio >= self.goal else "BELOW GOAL"
        lines = [f"{self.name}:"]
        lines += [line(label, results) for label, results in self.series.items()]
        lines.append(f"  ratio umt/bare {self.ratio:.3f} (goal >= {self.goal}) {verdict}")
        lines += [
            f"  ratio umt/{label} {self.rps('umt') / self.rps(label):.3f} (for information)"
            for label in self.series
            if label not in {"bare", "umt"}
        ]
        return "\n".join(lines)

    def figures(self) -> dict[str, Any]:
        return {
            "rps": {label: round(self.rps(label), 1) for label in self.series},
            "ratio": round(self.ratio, 3),
            "goal": self.goal,
            "windows": {
                label: [
                    {
                        "rps": round(w.rps, 1),
                        "p50_ms": round(w.p50_ms, 2),
                        "p99_ms": round(w.p99_ms, 2),
                        "server_cpu": round(w.server_cpu, 2),
                        "wrk_cpu": round(w.wrk_cpu, 2),
                    }
                    for w in windows
                ]
                for label, windows in self.series.items()
            },
        }


def check_no_errors(label: str, result: WrkResult) -> None:
    if result.errors:
        raise SystemExit(f"{label}: {result.errors} failed requests out of {result.requests}")
