"""Every YAML file under deploy/ passes yamllint (deploy/.yamllint.yaml)."""

from __future__ import annotations

from tests.unit.deploy.surface import DEPLOY
from yamllint import linter
from yamllint.config import YamlLintConfig


def _problems(text: str, config: YamlLintConfig) -> list[str]:
    return [f"{p.line}:{p.column} {p.message}" for p in linter.run(text, config)]


def test_deploy_yaml_is_lint_free() -> None:
    config = YamlLintConfig(file=str(DEPLOY / ".yamllint.yaml"))
    files = sorted([*DEPLOY.rglob("*.yaml"), *DEPLOY.rglob("*.yml")])
    assert len(files) > 10
    found = {
        str(path.relative_to(DEPLOY)): problems
        for path in files
        if (problems := _problems(path.read_text(), config))
    }
    assert found == {}


def test_the_configuration_reports_a_problem() -> None:
    config = YamlLintConfig(file=str(DEPLOY / ".yamllint.yaml"))
    assert _problems("key: value\nkey: again\n", config)
