"""`umt migrate` and its subcommands on the embedded SQLite database, from the migrations
inside the installed package."""

from __future__ import annotations

from pathlib import Path

import pytest

from umt.adapters.sql.migrate import current_revision, revisions
from umt.entrypoints.cli import main


@pytest.fixture
def sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("UMT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("UMT_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # no alembic.ini here: the package's own configuration
    return f"sqlite+aiosqlite:///{tmp_path / 'umt.db'}"


def test_up_to_a_revision_named_by_its_prefix_then_to_the_latest(
    sqlite: str, capsys: pytest.CaptureFixture[str]
) -> None:
    order = revisions()
    assert main(["migrate", "--to", order[3][:4]]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"the database is at revision {order[3]}"
    assert current_revision(sqlite) == order[3]
    assert main(["migrate", "current"]) == 0
    assert f"({len(order) - 4} behind the latest" in capsys.readouterr().out
    assert main(["migrate"]) == 0
    assert current_revision(sqlite) == order[-1]
    assert main(["migrate", "current"]) == 0
    assert capsys.readouterr().out.strip().endswith("(the latest)")


def test_to_never_goes_down_and_downgrade_says_what_it_reverted(
    sqlite: str, capsys: pytest.CaptureFixture[str]
) -> None:
    order = revisions()
    assert main(["migrate"]) == 0
    capsys.readouterr()
    assert main(["migrate", "--to", order[0]]) == 2
    error = capsys.readouterr().err
    assert f"`umt migrate downgrade {order[0]}`" in error
    assert current_revision(sqlite) == order[-1]  # unchanged
    assert main(["migrate", "downgrade", order[-2]]) == 0
    out = capsys.readouterr().out
    assert out.startswith("reverted 1 migration of ")
    assert current_revision(sqlite) == order[-2]
    assert main(["migrate", "downgrade", order[-2]]) == 0
    assert capsys.readouterr().out.startswith("nothing to revert")


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["migrate", "--to", "9999"], "is no revision of this umt"),
        (["migrate", "downgrade", "nonsense"], "is no revision of this umt"),
        (["migrate", "--to", "00"], "names several revisions"),
    ],
)
def test_an_unknown_or_ambiguous_revision_changes_nothing(
    sqlite: str, argv: list[str], reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert reason in capsys.readouterr().err
    assert current_revision(sqlite) is None


def test_history_needs_no_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UMT_DATABASE_URL", "postgresql+asyncpg://nobody@127.0.0.1:1/none")
    assert main(["migrate", "history"]) == 0
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines()] == revisions()


def test_memory_needs_no_migrations(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UMT_DATABASE_URL", "memory://")
    assert main(["migrate"]) == 0
    assert main(["migrate", "current"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "memory:// needs no migrations",
        "memory:// has no schema revision",
    ]
