"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.support.rabbitmq import throwaway_vhost


@pytest.fixture(scope="module")
def vhost() -> Iterator[str]:
    """A RabbitMQ virtual host of the test module's own (fixed agent queue names cannot meet
    another module's); its AMQP URL."""
    with throwaway_vhost() as url:
        yield url
