"""The attribution context's use cases: conversion paths in (a JSON batch, a CSV upload,
tagged clicks and conversions), attribution reports out (docs/attribution.md)."""
