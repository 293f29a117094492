"""deploy/prometheus/rules.yaml and deploy/grafana/dashboards: every metric they query is one
the code really exports (read from a live app's /metrics), every expression parses
(``promtool``, Debian's prometheus package, when installed), every alert is well formed and
has its section in the runbook, every dashboard reads the provisioned data source."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import yaml
from litestar.testing import TestClient
from tests.unit.deploy.surface import DEPLOY, REPO
from tests.unit.entrypoints.http.helpers import build_app

from umt.application.agents.observer import TaskOutcome

RULES = DEPLOY / "prometheus" / "rules.yaml"
DASHBOARDS = DEPLOY / "grafana" / "dashboards"
RUNBOOK = REPO / "docs" / "operations.md"
PROMETHEUS_OWN = frozenset({"up"})  # series Prometheus makes itself for every target
_METRIC = re.compile(r"\b(umt_[a-z0-9_]+|up)\b(?!\s*\()")
_LABEL_VALUE = re.compile(r'\b(event_type|task_type|outcome)="([^"]+)"')
_SUFFIXES = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_sum", "_count")}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> frozenset[str]:
    """The series names a running app exposes (its families, with each type's suffixes)."""
    with TestClient(app=build_app(tmp_path_factory.mktemp("metrics"))) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    names: set[str] = set()
    for line in response.text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split()
            base = name.removesuffix("_total") if kind == "counter" else name
            names.add(name)
            names.update(base + suffix for suffix in _SUFFIXES.get(kind, ()))
    assert "umt_http_requests_total" in names
    return frozenset(names)


@cache
def _rules() -> list[dict[str, object]]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def _dashboards() -> dict[str, dict[str, object]]:
    return {path.stem: json.loads(path.read_text()) for path in sorted(DASHBOARDS.glob("*.json"))}


def _panel_queries() -> Iterator[tuple[str, str]]:
    for name, board in _dashboards().items():
        for panel in board["panels"]:  # type: ignore[attr-defined]
            for target in panel["targets"]:
                yield f"{name}: {panel['title']}", target["expr"]


def _queries() -> list[tuple[str, str]]:
    alerts = [(f"alert {rule['alert']}", str(rule["expr"])) for rule in _rules()]
    return alerts + list(_panel_queries())


def test_every_queried_metric_is_exported(exported: frozenset[str]) -> None:
    unknown = {
        f"{where}: {metric}"
        for where, expr in _queries()
        for metric in _METRIC.findall(expr)
        if metric not in exported and metric not in PROMETHEUS_OWN
    }
    assert unknown == set()
    for where, expr in _queries():
        assert _METRIC.search(expr), f"{where} queries no umt metric"


def test_a_made_up_metric_would_be_caught(exported: frozenset[str]) -> None:
    assert "umt_http_request_duration_seconds_bucket" in exported
    assert "umt_agent_tasks_total" in exported
    assert "umt_http_requests_bucket" not in exported
    assert _METRIC.findall('rate(umt_made_up_total{a="b"}[5m])') == ["umt_made_up_total"]


def test_label_values_name_real_event_types_tasks_and_outcomes() -> None:
    source = "\n".join(
        path.read_text()
        for path in (REPO / "src" / "umt").rglob("*.py")
        if "domain" in path.parts or "application" in path.parts
    )
    outcomes = {outcome.value for outcome in TaskOutcome}
    for where, expr in _queries():
        for label, value in _LABEL_VALUE.findall(expr):
            if label == "outcome":
                assert value in outcomes, f"{where}: outcome {value}"
            elif label == "event_type":
                assert f'event_type: ClassVar[str] = "{value}"' in source, f"{where}: {value}"
            else:
                assert f'task="{value}"' in source, f"{where}: task {value}"


def test_every_alert_is_well_formed_and_in_the_runbook() -> None:
    headings = {
        re.sub(r"[^a-z0-9 -]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in RUNBOOK.read_text().splitlines()
        if line.startswith("#")
    }
    names = [rule["alert"] for rule in _rules()]
    assert len(names) == len(set(names))
    for rule in _rules():
        labels, annotations = rule["labels"], rule["annotations"]
        assert labels["severity"] in ("critical", "warning", "info"), rule["alert"]  # type: ignore[index]
        assert annotations["summary"], rule["alert"]  # type: ignore[index]
        runbook = annotations["runbook"]  # type: ignore[index]
        assert runbook == f"docs/operations.md#{str(rule['alert']).lower()}"
        assert runbook.split("#")[1] in headings, f"{rule['alert']} has no runbook section"
    expected = {
        "UmtHighErrorRate",
        "UmtHighLatencyP99",
        "UmtQueueDepthHigh",
        "UmtQueueAgeHigh",
        "UmtDeadLetters",
        "UmtOutboxLag",
        "UmtBreakerOpen",
        "UmtAgentDown",
        "UmtTokenRefreshFailures",
        "UmtGenerationBudgetExhausted",
    }
    assert expected <= set(names)


def _promtool() -> str:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not installed (Debian: apt-get install prometheus)")
    return promtool


def test_promtool_accepts_the_rules() -> None:
    result = subprocess.run(  # noqa: S603 - a fixed executable on our own file
        [_promtool(), "check", "rules", str(RULES)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_parses_every_dashboard_query(tmp_path: Path) -> None:
    promtool = _promtool()
    rules = [
        {"record": f"umt:dashboard_query:{n}", "expr": expr.replace("$agent", ".*")}
        for n, (_, expr) in enumerate(_panel_queries())
    ]
    path = tmp_path / "dashboards.rules.yaml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}))
    result = subprocess.run(  # noqa: S603 - a fixed executable on a file of ours
        [promtool, "check", "rules", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dashboards_cover_the_areas_and_read_the_provisioned_source() -> None:
    boards = _dashboards()
    assert set(boards) == {
        "umt-api",
        "umt-agents",
        "umt-broker",
        "umt-database",
        "umt-generation-cost",
        "umt-publishing",
    }
    provisioned = yaml.safe_load(
        (DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yaml").read_text()
    )["datasources"][0]["uid"]
    for name, board in boards.items():
        assert board["uid"] == name
        panels = board["panels"]
        assert panels, name
        ids = [panel["id"] for panel in panels]  # type: ignore[attr-defined]
        assert len(ids) == len(set(ids)), name
        variables = {v["name"] for v in board["templating"]["list"]}  # type: ignore[index]
        for panel in panels:  # type: ignore[attr-defined]
            assert panel["targets"], f"{name}: {panel['title']}"
            for target in panel["targets"]:
                used = set(re.findall(r"\$(\w+)", target["expr"]))
                assert used <= variables, f"{name}: {panel['title']} uses {used - variables}"
            for target in panel["targets"]:
                assert target["datasource"]["uid"] == provisioned


def test_promtool_accepts_the_compose_prometheus_configuration(tmp_path: Path) -> None:
    promtool = _promtool()
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    config["rule_files"] = [str(RULES)]  # where compose mounts it, here
    path = tmp_path / "prometheus.yml"
    path.write_text(yaml.safe_dump(config))
    result = subprocess.run(  # noqa: S603 - a fixed executable on a file of ours
        [promtool, "check", "config", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
