"""deploy/k8s: the base and both overlays render with ``kubectl kustomize`` and every object
validates offline: built-in kinds against the Kubernetes schemas (kubernetes-validate,
strict: an unknown field is an error), KEDA's against the schema of its CRDs (vendored in
schemas/keda-v1alpha1.json, unknown fields refused as ``kubectl --validate=strict`` would).
Then what the manifests promise: probes, resources, the security context, a disruption
budget per kind, a ScaledObject per agent on that agent's real queue, known commands and
settings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from kubernetes_validate.utils import all_versions, major_minor, schema_contents
from referencing import Registry, Resource
from tests.unit.deploy.surface import (
    AGENTS,
    DEPLOY,
    bad_commands,
    unknown_variables,
    variables_in,
)

from umt.adapters.rabbitmq.broker import agent_queue

K8S = DEPLOY / "k8s"
TARGETS = ("base", "overlays/dev", "overlays/production")
KUBERNETES_VERSION = "1.30"
KEDA_SCHEMAS = Path(__file__).parent / "schemas" / "keda-v1alpha1.json"
Doc = dict[str, Any]


@cache
def _render(target: str) -> tuple[Doc, ...]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: the manifests cannot be rendered here")
    result = subprocess.run(  # noqa: S603 - a fixed executable on our own files
        [kubectl, "kustomize", str(K8S / target)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


def _of_kind(docs: tuple[Doc, ...], kind: str) -> dict[str, Doc]:
    return {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] == kind}


def _strict(schema: Any) -> Any:
    """The schema with unknown properties refused wherever it lists the known ones."""
    if isinstance(schema, dict):
        strict = {key: _strict(value) for key, value in schema.items()}
        if "properties" in strict and "additionalProperties" not in strict:
            strict["additionalProperties"] = False
        return strict
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


@cache
def _keda_validators() -> dict[str, Draft7Validator]:
    schemas = json.loads(KEDA_SCHEMAS.read_text())
    return {kind: Draft7Validator(_strict(schema)) for kind, schema in schemas.items()}


@cache
def _kubernetes_validator(api_version: str, kind: str) -> Draft202012Validator:
    """What ``kubernetes_validate.validate(doc, version, strict=True)`` builds, built once per
    kind: it loads the shared definitions (megabytes of JSON) again on every call."""
    version = KUBERNETES_VERSION
    group_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    folder = f"kubernetes-json-schema/v{_schema_version()}-local-strict"
    schema = schema_contents(f"{folder}/{kind.lower()}-{group_version}.json", version)
    definitions = schema_contents(f"{folder}/_definitions.json", version)
    registry: Registry[Any] = Resource.from_contents(schema) @ Registry()
    registry = Resource.from_contents(definitions) @ registry
    return Draft202012Validator(schema, registry=registry)


@cache
def _schema_version() -> str:
    """The newest schema set not newer than KUBERNETES_VERSION (as kubernetes_validate picks)."""
    wanted = major_minor(KUBERNETES_VERSION)
    return [v for v in all_versions() if major_minor(v) <= wanted][-1]


def _errors(doc: Doc) -> list[str]:
    where = f"{doc['kind']}/{doc['metadata']['name']}"
    if doc["apiVersion"].startswith("keda.sh/"):
        validator: Any = _keda_validators()[doc["kind"]]
    else:
        validator = _kubernetes_validator(doc["apiVersion"], doc["kind"])
    return [
        f"{where}: {error.message} at {list(error.absolute_path)}"
        for error in validator.iter_errors(doc)
    ]


@pytest.mark.parametrize("target", TARGETS)
def test_every_object_is_valid(target: str) -> None:
    docs = _render(target)
    assert docs
    assert [error for doc in docs for error in _errors(doc)] == []


def test_the_validation_catches_a_misspelt_field() -> None:
    deployment = _of_kind(_render("base"), "Deployment")["umt-api"]
    broken = json.loads(json.dumps(deployment))
    broken["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    assert _errors(broken)
    scaled = next(iter(_of_kind(_render("base"), "ScaledObject").values()))
    broken = json.loads(json.dumps(scaled))
    broken["spec"]["maxReplicas"] = 3
    assert _errors(broken)


def _pod_specs(docs: tuple[Doc, ...]) -> dict[str, Doc]:
    specs = {
        name: doc["spec"]["template"]["spec"]
        for kind in ("Deployment", "Job")
        for name, doc in _of_kind(docs, kind).items()
    }
    assert specs
    return specs


@pytest.mark.parametrize("target", TARGETS)
def test_every_pod_is_locked_down(target: str) -> None:
    for name, spec in _pod_specs(_render(target)).items():
        assert spec["automountServiceAccountToken"] is False, name
        pod = spec["securityContext"]
        assert pod["runAsNonRoot"] is True, name
        assert pod["runAsUser"] > 0, name
        assert pod["seccompProfile"]["type"] == "RuntimeDefault", name
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["capabilities"]["drop"] == ["ALL"], name
            assert container["resources"]["requests"], name
            assert container["resources"]["limits"]["memory"], name
            mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
            assert "/tmp" in mounts, f"{name}: a writable /tmp on a read-only root"  # noqa: S108


@pytest.mark.parametrize("target", TARGETS)
def test_every_deployment_has_probes_and_a_disruption_budget(target: str) -> None:
    docs = _render(target)
    budgets = [
        doc["spec"]["selector"]["matchLabels"]
        for doc in _of_kind(docs, "PodDisruptionBudget").values()
    ]
    for name, deployment in _of_kind(docs, "Deployment").items():
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live", name
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready", name
        # a new pod on a schema older than its code is not ready (docs/operations.md, "The
        # migration job"): the old pods must keep serving until the migration Job has run
        assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0, name
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert any(
            all(labels.get(key) == value for key, value in budget.items()) for budget in budgets
        ), f"{name} has no PodDisruptionBudget"


@pytest.mark.parametrize("target", TARGETS)
def test_each_agent_scales_on_its_own_rabbitmq_queue(target: str) -> None:
    docs = _render(target)
    deployments = _of_kind(docs, "Deployment")
    # production: the Secret is provided outside the manifests, under this name
    secrets = set(_of_kind(docs, "Secret")) or {"umt-secrets"}
    authentications = _of_kind(docs, "TriggerAuthentication")
    scaled = {
        doc["spec"]["scaleTargetRef"]["name"]: doc
        for doc in _of_kind(docs, "ScaledObject").values()
    }
    for agent in AGENTS:
        command = ["worker", "--agent", agent]
        deployment = next(
            d
            for d in deployments.values()
            if d["spec"]["template"]["spec"]["containers"][0]["args"] == command
        )
        name = deployment["metadata"]["name"]
        assert "replicas" not in deployment["spec"], f"{name}: KEDA owns the replica count"
        trigger = scaled[name]["spec"]["triggers"][0]
        assert trigger["type"] == "rabbitmq"
        assert trigger["metadata"]["queueName"] == agent_queue(agent)
        authentication = authentications[trigger["authenticationRef"]["name"]]
        reference = authentication["spec"]["secretTargetRef"][0]
        assert reference["name"] in secrets
        assert reference["key"] == "UMT_BROKER_URL"
    assert len(scaled) == len(AGENTS)
    (hpa,) = _of_kind(docs, "HorizontalPodAutoscaler").values()
    assert hpa["spec"]["scaleTargetRef"]["name"] == "umt-api"
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"


@pytest.mark.parametrize("target", TARGETS)
def test_every_command_and_setting_is_real(target: str) -> None:
    docs = _render(target)
    commands = [
        container["args"] for spec in _pod_specs(docs).values() for container in spec["containers"]
    ]
    assert bad_commands(commands) == []
    names: set[str] = set()
    for doc in docs:
        if doc["kind"] in ("ConfigMap", "Secret"):
            names |= set(doc.get("data", {}))
        names |= variables_in(yaml.safe_dump(doc))
    assert unknown_variables(names) == []


def test_the_migration_runs_as_a_job_and_the_api_sits_behind_an_ingress() -> None:
    docs = _render("overlays/production")
    (job,) = _of_kind(docs, "Job").values()
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]
    (ingress,) = _of_kind(docs, "Ingress").values()
    assert ingress["spec"]["tls"]
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] in _of_kind(docs, "Service")
    assert _of_kind(docs, "NetworkPolicy")


def test_each_deployment_names_its_traces_apart() -> None:
    names = []
    for deployment in _of_kind(_render("base"), "Deployment").values():
        env = deployment["spec"]["template"]["spec"]["containers"][0]["env"]
        names += [item["value"] for item in env if item["name"] == "UMT_OTEL_SERVICE_NAME"]
    assert len(names) == len(set(names)) == len(_of_kind(_render("base"), "Deployment"))


@pytest.mark.parametrize("target", TARGETS)
def test_secrets_are_files_not_environment(target: str) -> None:
    docs = _render(target)
    # dev: the generated Secret (a hashed name); production: provided under this name
    secret_names = set(_of_kind(docs, "Secret")) or {"umt-secrets"}
    for name, spec in _pod_specs(docs).items():
        volumes = {volume["name"]: volume for volume in spec["volumes"]}
        for container in spec["containers"]:
            assert all("secretRef" not in source for source in container.get("envFrom", [])), name
            assert all("valueFrom" not in item for item in container.get("env", [])), name
            (mount,) = [m for m in container["volumeMounts"] if m["mountPath"] == "/run/secrets"]
            assert mount["readOnly"] is True, name
            secret = volumes[mount["name"]]["secret"]
            assert secret["secretName"] in secret_names, name
            assert secret["defaultMode"] & 0o007 == 0, f"{name}: secrets readable by others"
        assert spec["securityContext"]["fsGroup"] == spec["securityContext"]["runAsGroup"], name
