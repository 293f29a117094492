"""deploy/compose.yaml: valid against the Compose Specification's JSON schema (what
``docker compose config`` checks, offline), and honest about umt: every command parses,
every UMT_* variable is a setting, every umt process waits for the migration and the
services it needs to be healthy."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator
from tests.unit.deploy.surface import (
    AGENTS,
    DEPLOY,
    bad_commands,
    unknown_variables,
    variables_in,
)

COMPOSE = DEPLOY / "compose.yaml"
SCHEMA = Path(__file__).parent / "schemas" / "compose-spec.json"


@cache
def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


def _umt_services() -> dict[str, dict[str, Any]]:
    image = _compose()["services"]["migrate"]["image"]
    return {
        name: service
        for name, service in _compose()["services"].items()
        if service.get("image") == image
    }


def test_the_file_is_valid_against_the_compose_specification() -> None:
    validator = Draft7Validator(json.loads(SCHEMA.read_text()))
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(_compose())
    ]
    assert errors == []


def test_the_schema_catches_a_misspelt_key() -> None:
    validator = Draft7Validator(json.loads(SCHEMA.read_text()))
    broken = {"services": {"api": {"image": "umt", "depends_onn": ["migrate"]}}}
    assert not validator.is_valid(broken)


def test_every_umt_command_and_variable_is_real() -> None:
    commands = [service["command"] for service in _umt_services().values()]
    assert bad_commands(commands) == []
    assert unknown_variables(variables_in(COMPOSE.read_text())) == []


def test_there_is_an_api_a_worker_per_agent_a_relay_and_a_scheduler() -> None:
    commands = {name: service["command"] for name, service in _umt_services().items()}
    assert commands["migrate"] == ["migrate"]
    assert commands["api"][:2] == ["serve", "--no-agents"]
    assert sorted(
        command[2] for command in commands.values() if command[:2] == ["worker", "--agent"]
    ) == sorted(AGENTS)
    assert ["relay"] in commands.values()
    assert ["scheduler"] in commands.values()
    services = _compose()["services"]
    for backing in ("postgres", "redis", "rabbitmq", "otel-collector", "jaeger"):
        assert backing in services
    assert "management" in services["rabbitmq"]["image"]
    for monitoring in ("prometheus", "grafana"):
        assert monitoring in services


def test_umt_processes_start_after_the_migration_and_healthy_dependencies() -> None:
    services = _compose()["services"]
    for name, service in _umt_services().items():
        depends = service["depends_on"]
        for dependency, rule in depends.items():
            condition = rule["condition"]
            if dependency == "migrate":
                assert condition == "service_completed_successfully", name
            else:
                assert condition == "service_healthy", f"{name} -> {dependency}"
                assert "test" in services[dependency]["healthcheck"], dependency
        if name == "migrate":
            assert set(depends) == {"postgres"}
            assert services[name]["restart"] == "no"
        else:
            assert {"migrate", "rabbitmq", "redis"} <= set(depends), name
            assert "test" in service["healthcheck"], f"{name} has a health check"


def test_worker_relay_and_scheduler_serve_probes_on_their_probe_port() -> None:
    for name, service in _umt_services().items():
        if name in ("migrate", "api"):
            continue
        port = service["environment"]["UMT_PROBE_PORT"]
        assert f":{port}/health/live" in " ".join(service["healthcheck"]["test"]), name


def test_data_lives_in_named_volumes() -> None:
    declared = set(_compose()["volumes"])
    for name in ("postgres", "redis", "rabbitmq", "prometheus", "grafana"):
        mounts = _compose()["services"][name]["volumes"]
        named = {mount.split(":")[0] for mount in mounts if not mount.startswith(".")}
        assert named, name
        assert named <= declared, name


def test_prometheus_and_grafana_are_given_the_rules_and_the_dashboards() -> None:
    services = _compose()["services"]
    prometheus = " ".join(services["prometheus"]["volumes"])
    assert "./prometheus/rules.yaml" in prometheus
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    assert config["rule_files"] == ["/etc/prometheus/rules.yaml"]
    grafana = " ".join(services["grafana"]["volumes"])
    assert "./grafana/dashboards" in grafana
    assert "./grafana/provisioning" in grafana


def test_each_long_running_process_names_its_traces_apart() -> None:
    names = [
        service["environment"]["UMT_OTEL_SERVICE_NAME"]
        for name, service in _umt_services().items()
        if name != "migrate"
    ]
    assert len(names) == len(set(names)) == len(_umt_services()) - 1


def test_prometheus_scrapes_every_long_running_process_on_its_port() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    targets = {
        target
        for job in config["scrape_configs"]
        for group in job["static_configs"]
        for target in group["targets"]
    }
    expected = {
        f"{name}:{service['environment'].get('UMT_PROBE_PORT', '8000')}"
        for name, service in _umt_services().items()
        if name != "migrate"
    }
    assert targets == expected
