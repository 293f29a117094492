"""The attribution context: conversion paths and the models that share a conversion's credit
among the touchpoints before it (association, not causation: docs/attribution.md)."""
