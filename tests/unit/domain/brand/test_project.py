"""The Project aggregate: its status workflow, dates and assignment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umt.domain.brand.errors import IllegalProjectTransition, ProjectDatesInvalid, ProjectIsArchived
from umt.domain.brand.project import TRANSITIONS, Goal, Project, ProjectStatus, ProjectType
from umt.domain.shared.errors import InvalidValue

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def make_project(**kwargs: object) -> Project:
    args: dict[str, object] = {"name": "Spring launch", "project_type": ProjectType.PRODUCT_LAUNCH}
    args.update(kwargs)
    return Project.create(id=uuid4(), organization_id=uuid4(), brand_id=uuid4(), now=NOW, **args)  # type: ignore[arg-type]


def test_the_documented_workflow_is_allowed() -> None:
    project = make_project()
    for target in ["active", "paused", "active", "completed", "archived"]:
        project.transition_to(ProjectStatus(target), now=NOW)
    assert project.status is ProjectStatus.ARCHIVED
    assert project.version == 6


@given(st.lists(st.sampled_from(list(ProjectStatus)), max_size=12))
def test_any_sequence_of_transitions_follows_the_table(targets: list[ProjectStatus]) -> None:
    project = make_project()
    for target in targets:
        before = project.status
        version = project.version
        if target in TRANSITIONS[before]:
            project.transition_to(target, now=NOW)
            assert project.status is target
            assert project.version == version + 1
        else:
            with pytest.raises(IllegalProjectTransition):
                project.transition_to(target, now=NOW)
            assert project.status is before
            assert project.version == version


def test_status_changes_are_recorded_with_from_and_to() -> None:
    project = make_project()
    project.transition_to(ProjectStatus.ACTIVE, now=NOW)
    event = project.events[-1]
    assert event.event_type == "project.status_changed"
    assert event.data == {
        "from": "planned",
        "to": "active",
        "before": {"status": "planned"},
        "after": {"status": "active"},
    }


@given(st.dates(), st.dates())
def test_end_date_never_before_start(start: date, end: date) -> None:
    if end < start:
        with pytest.raises(ProjectDatesInvalid):
            make_project(start_date=start, end_date=end)
    else:
        project = make_project(start_date=start, end_date=end)
        assert project.start_date == start


def test_update_cannot_break_the_date_rule() -> None:
    project = make_project(start_date=date(2026, 3, 1), end_date=date(2026, 4, 1))
    with pytest.raises(ProjectDatesInvalid):
        project.update({"end_date": date(2026, 2, 1)}, now=NOW)
    assert project.end_date == date(2026, 4, 1)


def test_custom_projects_need_a_custom_type() -> None:
    with pytest.raises(InvalidValue):
        make_project(project_type=ProjectType.CUSTOM)
    assert make_project(project_type=ProjectType.CUSTOM, custom_type="Webinar").custom_type == (
        "Webinar"
    )


def test_goals_need_positive_targets() -> None:
    with pytest.raises(InvalidValue):
        Goal(kpi="leads", target=0)
    with pytest.raises(InvalidValue):
        Goal(kpi="leads", target=float("nan"))


def test_assignment_records_an_event_once() -> None:
    project = make_project()
    user = uuid4()
    project.assign(user, now=NOW + timedelta(minutes=1))
    project.assign(user, now=NOW + timedelta(minutes=2))
    assert [e.event_type for e in project.events].count("project.assigned") == 1


def test_archived_project_is_frozen() -> None:
    project = make_project()
    for target in ["active", "completed", "archived"]:
        project.transition_to(ProjectStatus(target), now=NOW)
    with pytest.raises(ProjectIsArchived):
        project.update({"name": "New"}, now=NOW)
