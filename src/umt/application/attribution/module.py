"""The attribution context: conversion paths and the reports that share out conversions
among the channels, campaigns and contents before them."""

from __future__ import annotations

from umt.application.attribution import record_paths, report, tagged_events
from umt.application.context_module import ContextModule

MODULE = ContextModule(
    name="attribution",
    handlers=(
        record_paths.record_conversion_paths,
        tagged_events.record_tagged_events,
        report.get_attribution_report,
    ),
)
