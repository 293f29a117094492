"""Experiments: design, lifecycle, assignment, event ingestion and analysis."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from umt.application.experiments.analyze_experiment import AnalyzeExperiment, ExperimentAnalysis
from umt.application.experiments.create_experiment import CreateExperiment
from umt.application.experiments.experiment_queries import GetExperiment, ListExperiments
from umt.application.experiments.get_assignment import Assignment, GetAssignment
from umt.application.experiments.lifecycle import (
    ConcludeExperiment,
    StartExperiment,
    StopExperiment,
)
from umt.application.experiments.record_events import RecordedEvents, RecordExperimentEvents
from umt.application.experiments.update_experiment import UpdateExperiment
from umt.domain.experiments.experiment import Experiment
from umt.domain.identity.permissions import Permission
from umt.entrypoints.http.dependencies import Bus, Caller, Paging
from umt.entrypoints.http.etags import etag, expected_version, required_version
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    IfMatch,
    RequiredIfMatch,
)
from umt.entrypoints.http.rules import requires, requires_for
from umt.entrypoints.http.schemas.common import Page, given
from umt.entrypoints.http.schemas.experiments import (
    AnalysisOut,
    AssignmentOut,
    ConcludeRequest,
    EventBatch,
    ExperimentCreate,
    ExperimentOut,
    ExperimentPatch,
    RecordedOut,
    StatusName,
    StopRequest,
    experiment_out,
)
from umt.ports.pagination import Page as DomainPage

StatusFilter = Annotated[StatusName | None, QueryParameter(description="Filter by status")]
Unit = Annotated[
    str,
    QueryParameter(
        description="The unit (visitor, recipient) to assign", min_length=1, max_length=200
    ),
]


def experiment_response(
    experiment: Experiment, status: int = HTTP_200_OK
) -> Response[ExperimentOut]:
    return Response(
        experiment_out(experiment),
        status_code=status,
        headers={"ETag": etag(experiment.version)},
    )


class ExperimentController(Controller):
    path = "/api/v1/experiments"
    tags = ["experiments"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create a draft experiment (the response shows the required sample size)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(CreateExperiment),
    )
    async def create(
        self, data: JSONBody[ExperimentCreate], principal: Caller, bus: Bus
    ) -> Response[ExperimentOut]:
        experiment = await bus.ask(CreateExperiment(**given(data)), Experiment, principal)
        return experiment_response(experiment, HTTP_201_CREATED)

    @get(
        "/",
        summary="List experiments",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListExperiments),
    )
    async def list_experiments(
        self,
        principal: Caller,
        bus: Bus,
        page: Paging,
        brand_id: FromQuery[UUID | None] = None,
        status: StatusFilter = None,
    ) -> Page[ExperimentOut]:
        query = ListExperiments(brand_id=brand_id, status=status, page=page)
        result = await bus.ask(query, DomainPage[Experiment], principal)
        return Page(items=[experiment_out(e) for e in result.items], next_cursor=result.next_cursor)

    @get(
        "/{experiment_id:uuid}",
        summary="Get an experiment",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetExperiment),
    )
    async def get_experiment(
        self, experiment_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[ExperimentOut]:
        query = GetExperiment(experiment_id=experiment_id)
        return experiment_response(await bus.ask(query, Experiment, principal))

    @patch(
        "/{experiment_id:uuid}",
        summary="Change a draft's design (If-Match); the sample size is recomputed",
        responses=VERSIONED_ERRORS,
        opt=requires_for(UpdateExperiment),
    )
    async def update(
        self,
        experiment_id: FromPath[UUID],
        data: JSONBody[ExperimentPatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[ExperimentOut]:
        command = UpdateExperiment(
            experiment_id=experiment_id,
            changes=given(data),
            expected_version=required_version(if_match),
        )
        return experiment_response(await bus.ask(command, Experiment, principal))

    @post(
        "/{experiment_id:uuid}/start",
        status_code=HTTP_200_OK,
        summary="Start a draft: assignment and ingestion open",
        responses=PROTECTED_ERRORS,
        opt=requires_for(StartExperiment),
    )
    async def start(
        self, experiment_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[ExperimentOut]:
        command = StartExperiment(
            experiment_id=experiment_id, expected_version=expected_version(if_match)
        )
        return experiment_response(await bus.ask(command, Experiment, principal))

    @post(
        "/{experiment_id:uuid}/stop",
        status_code=HTTP_200_OK,
        summary="Stop a running experiment (results stay for a manual conclusion)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(StopExperiment),
    )
    async def stop(
        self,
        experiment_id: FromPath[UUID],
        data: JSONBody[StopRequest],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[ExperimentOut]:
        command = StopExperiment(
            experiment_id=experiment_id,
            reason=data.reason,
            expected_version=expected_version(if_match),
        )
        return experiment_response(await bus.ask(command, Experiment, principal))

    @post(
        "/{experiment_id:uuid}/conclude",
        status_code=HTTP_200_OK,
        summary="Conclude by hand, naming the winner whose content version is promoted",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ConcludeExperiment),
    )
    async def conclude(
        self,
        experiment_id: FromPath[UUID],
        data: JSONBody[ConcludeRequest],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[ExperimentOut]:
        command = ConcludeExperiment(
            experiment_id=experiment_id,
            reason=data.reason,
            winner=data.winner,
            expected_version=expected_version(if_match),
        )
        return experiment_response(await bus.ask(command, Experiment, principal))

    @get(
        "/{experiment_id:uuid}/assignment",
        summary="The arm (content version) a unit sees; only while running",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetAssignment),
    )
    async def assignment(
        self, experiment_id: FromPath[UUID], unit: Unit, principal: Caller, bus: Bus
    ) -> AssignmentOut:
        query = GetAssignment(experiment_id=experiment_id, unit_id=unit)
        found = await bus.ask(query, Assignment, principal)
        return AssignmentOut(
            experiment_id=found.experiment_id,
            unit=found.unit_id,
            arm=found.arm.name,
            content_id=found.arm.content_id,
            content_version_id=found.arm.content_version_id,
            content_version=found.arm.content_version,
        )

    @post(
        "/{experiment_id:uuid}/events",
        status_code=HTTP_200_OK,
        summary="Record exposure and conversion events (idempotent by event_id)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(RecordExperimentEvents),
    )
    async def record_events(
        self, experiment_id: FromPath[UUID], data: JSONBody[EventBatch], principal: Caller, bus: Bus
    ) -> RecordedOut:
        command = RecordExperimentEvents(experiment_id=experiment_id, events=data.events)
        recorded = await bus.ask(command, RecordedEvents, principal)
        return RecordedOut(
            received=recorded.received, stored=recorded.stored, duplicates=recorded.duplicates
        )

    @get(
        "/{experiment_id:uuid}/analysis",
        summary="The current analysis, without acting on it",
        responses=PROTECTED_ERRORS,
        opt=requires(Permission.EXPERIMENTS_READ),
    )
    async def analysis(
        self, experiment_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> AnalysisOut:
        command = AnalyzeExperiment(experiment_id=experiment_id, apply=False)
        return _analysis_out(await bus.ask(command, ExperimentAnalysis, principal))

    @post(
        "/{experiment_id:uuid}/analyze",
        status_code=HTTP_200_OK,
        summary="Analyze and apply the stopping rule (conclude, or reallocate a bandit)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(AnalyzeExperiment),
    )
    async def analyze(
        self, experiment_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> AnalysisOut:
        command = AnalyzeExperiment(experiment_id=experiment_id, apply=True)
        return _analysis_out(await bus.ask(command, ExperimentAnalysis, principal))


def _analysis_out(result: ExperimentAnalysis) -> AnalysisOut:
    return AnalysisOut(
        experiment=experiment_out(result.experiment),
        analysis=result.analysis.as_data(),
        concluded=result.concluded,
        reallocated=result.reallocated,
    )
