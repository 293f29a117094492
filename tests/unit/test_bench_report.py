"""bench/report.py: every script is run by `make bench-quick`, and --record rewrites only the
rows of the scripts that ran, each with its date, commit and machine."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load_report() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_report", BENCH / "report.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


report = load_report()


def test_every_bench_script_is_run_by_the_report_and_has_a_quick_mode() -> None:
    scripts = sorted(
        p.stem for p in BENCH.glob("*.py") if not p.name.startswith("_") and p.stem != "report"
    )
    assert sorted(s.name for s in report.SCRIPTS) == scripts
    for name in scripts:
        shown = subprocess.run(  # noqa: S603  # our own scripts
            [sys.executable, str(BENCH / f"{name}.py"), "--help"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert shown.returncode == 0, shown.stderr
        assert "--quick" in shown.stdout, name
        assert "--json" in shown.stdout, name


def row(script: str, figures: str, commit: str = "abc1234567") -> object:
    return report.Row(script, "quick", figures, "2026-12-07 01:00", commit, "2 x CPU, load 0.5")


DOCUMENT = f"""# Benchmarks

intro

{report.START}
{report.HEADER}
| `bench/http_read.py` | full | old http figures | 2026-11-25 10:00 | `0000000000` | old box |
| `bench/generation.py` | full | old generation figures | 2026-11-25 | `0000000000` | old |
{report.END}

## the rest stays
"""


def test_record_replaces_the_rows_that_ran_and_keeps_the_others_in_order() -> None:
    merged = report.merge_rows(DOCUMENT, [row("http_read", "new http figures")])
    lines = merged.splitlines()
    table = lines[lines.index(report.START) + 1 : lines.index(report.END)]
    assert table[:2] == report.HEADER.splitlines()
    assert table[2].startswith("| `bench/generation.py` | full | old generation figures |")
    assert table[3] == (
        "| `bench/http_read.py` | quick | new http figures | 2026-12-07 01:00 | `abc1234567`"
        " | 2 x CPU, load 0.5 |"
    )
    assert len(table) == 4
    assert merged.startswith("# Benchmarks\n\nintro\n")
    assert merged.endswith("## the rest stays\n")


def test_record_refuses_a_document_without_the_markers() -> None:
    with pytest.raises(SystemExit, match="markers"):
        report.merge_rows("# Benchmarks\n", [row("http_read", "x")])


def test_the_http_row_shows_both_ratios_the_cpu_per_request_and_the_fresh_rss() -> None:
    window = {"rps": 1000.0, "server_cpu": 0.5}
    figures = {
        "read": {"ratio": 0.8, "windows": {"umt": [window], "bare": [window]}},
        "write": {"ratio": 0.65, "windows": {"umt": [window], "bare": [window]}},
        "memory": {"start_kib": 120 * 1024, "requests": 10_000, "growth": 0.01},
    }
    text = report.http_read(figures)
    assert "read umt/bare **0.800**" in text
    assert "write **0.650**" in text
    assert "read 0.500 ms" in text
    assert "fresh server RSS **120.0 MiB**" in text
    assert "+1.0%" in text


def test_a_part_that_did_not_run_shows_a_dash() -> None:
    assert "write **—**" in report.http_read({"read": {"ratio": 0.8}})


def test_the_registration_and_template_rows_show_their_judged_ratios() -> None:
    registration = report.registration({"check_per_hash": 0.4, "taken_per_new": 1.02})
    assert "check/argon2 hash **0.40**" in registration
    assert "taken/new email **1.02**" in registration
    template = report.template_render({"ratio": 0.3, "pool_us": 250.0})
    assert "pool/before **0.30**" in template
    assert "pool 250 µs" in template


def outcome(figures: str, *, ok: bool) -> object:
    return report.Outcome(row("http_read", figures), ok, 12.34, Path("var/bench/x/http_read.log"))


def test_a_script_is_one_line_on_the_terminal_its_log_named_when_it_did_not_meet_its_goals() -> (
    None
):
    met = report.status_line("http_read", outcome("read umt/bare **0.812** (goal)", ok=True))
    assert met.split() == ["http_read", "read", "umt/bare", "0.812", "met", "12.3", "s"]
    missed = report.status_line("generation", outcome("adapter/ideal **1.41** (goal)", ok=False))
    assert " MISSED " in missed
    assert missed.endswith("log: var/bench/x/http_read.log")
    failed = report.status_line("registration", outcome("**failed** (1): boom", ok=False))
    assert " FAILED " in failed
    assert "no figures" in failed


def test_a_scripts_output_goes_to_its_log_not_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "noisy.py").write_text(
        "import json, sys\n"
        "for n in range(500):\n"
        "    print('warming up', n)\n"
        "json.dump({'ratio': 0.9}, open(sys.argv[sys.argv.index('--json') + 1], 'w'))\n"
    )
    monkeypatch.setattr(report, "ROOT", tmp_path)
    script = report.Script("noisy", "nothing", lambda f: f"a/b **{f['ratio']}** (goal)")
    done = report.run_script(script, quick=True, workdir=tmp_path / "logs")
    assert capsys.readouterr().out == ""
    assert done.ok
    assert done.log.read_text().count("warming up") == 500
    assert report.status_line("noisy", done).split()[:3] == ["noisy", "a/b", "0.9"]


def test_the_worker_scale_row_names_each_scale_and_the_relative_scaling() -> None:
    scales = {
        str(n): {
            "median": {"umt": 50 * n, "bare": 300 * n},
            "scaling": {"umt": float(n), "bare": float(n)},
            "relative_scaling": 1.0,
        }
        for n in (1, 2, 4)
    }
    scales["2"]["relative_scaling"] = 0.912
    line = report.worker_scale({"scales": scales, "load_average": {"start": 3.24}})
    assert "at N=2 **0.912** (goal ≥ 0.8)" in line
    assert "N=4 umt 200/s (x4.00), bare 1,200/s (x4.00)" in line
    assert line.endswith("; load 3.2")
