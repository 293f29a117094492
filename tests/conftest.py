"""Root test configuration: marks every test by its folder (unit, contracts, integration) and
keeps every test that talks to RabbitMQ on one pytest-xdist worker."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Under CI=true every property test draws the same examples each run (derandomize) and replays
# no local failure database: a build must never fail by chance. Locally they explore afresh
# each run, and what they find is kept in .hypothesis/ and replayed until it is fixed.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")

_FOLDER_MARKS = {"unit": "unit", "contracts": "contracts", "integration": "integration"}


# In a parallel run (`pytest -n auto --dist loadgroup`, README) tests on PostgreSQL,
# Redis, SQLite and temporary folders are isolated by construction (a database, key or folder
# of their own), but RabbitMQ is one node: some tests restart it (`rabbitmqctl stop_app`), which
# drops every connection on it, and some share the default vhost's fixed names. So every test
# that reaches RabbitMQ runs in one group, on one worker, one after another, as in a plain run;
# every other test goes to whichever worker is free. (The scheduler below does the grouping:
# xdist's own `xdist_group` mark has no effect on pytest 9, whose node ids xdist cannot rename.)
RABBITMQ_GROUP = "rabbitmq"
_SUPPORT = Path(__file__).parent / "support"


@functools.cache
def _rabbitmq_support() -> tuple[str, ...]:
    """tests.support.rabbitmq and the support modules built on it (a test importing
    tests.support.publishing_chaos restarts the broker without naming it)."""
    sources = {f"tests.support.{path.stem}": path.read_text() for path in _SUPPORT.glob("*.py")}
    found = {"tests.support.rabbitmq"}
    grew = True
    while grew:
        grew = False
        for name, source in sources.items():
            if name not in found and any(module in source for module in found):
                found.add(name)
                grew = True
    return tuple(sorted(found))


@functools.cache
def _file_reaches_rabbitmq(path: Path) -> bool:
    source = path.read_text()
    # the vhost fixture (tests/integration/conftest.py) or a module of tests.support on RabbitMQ
    return "vhost" in source or any(module in source for module in _rabbitmq_support())


def reaches_rabbitmq(nodeid: str, root: Path) -> bool:
    """Does the test of ``nodeid`` talk to RabbitMQ? Read from its file and its parameters
    (the contracts' ``broker`` fixture has a ``rabbitmq`` one); a guess that errs on the side
    of yes, which costs only balance between the workers."""
    path, _, rest = nodeid.partition("::")
    if "rabbitmq" in rest.partition("[")[2]:
        return True
    file = root / path
    return file.is_file() and _file_reaches_rabbitmq(file)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, in the controller process
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling  # only with pytest-xdist

    root = config.rootpath

    class RabbitMqOnOneWorker(LoadScopeScheduling):
        """Each test is a unit of work of its own, except those reaching RabbitMQ: one unit."""

        def _split_scope(self, nodeid: str) -> str:
            return RABBITMQ_GROUP if reaches_rabbitmq(nodeid, root) else nodeid

    return RabbitMqOnOneWorker(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    root = Path(__file__).parent
    for item in items:
        try:
            folder = Path(item.path).relative_to(root).parts[0]
        except ValueError:
            continue
        mark = _FOLDER_MARKS.get(folder)
        if mark:
            item.add_marker(getattr(pytest.mark, mark))
