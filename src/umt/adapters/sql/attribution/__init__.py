"""SQL storage of the attribution context: conversion paths and tagged clicks."""
