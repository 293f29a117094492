"""A brand to attribute conversions of, and batches of paths and tagged events."""

from __future__ import annotations

from typing import Any

from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand


async def brand_of(bus: MessageBus, owner: Principal, zone: str = "UTC") -> Brand:
    return await bus.ask(CreateBrand(name="Acme Coffee", time_zone=zone), Brand, owner)


def touch(channel: str, at: str, campaign: str = "", content: str = "") -> dict[str, str]:
    return {"channel": channel, "campaign": campaign, "content": content, "at": at}


def json_path(
    key: str, *touches: dict[str, str], at: str | None, value: Any = None
) -> dict[str, Any]:
    path: dict[str, Any] = {"path_key": key, "touchpoints": list(touches), "converted_at": at}
    if value is not None:
        path["value"] = value
    return path


def click(event_id: str, visitor: str, at: str, **utm: str) -> dict[str, str]:
    return {"event_id": event_id, "type": "click", "visitor": visitor, "at": at, **utm}


def conversion(event_id: str, visitor: str, at: str, value: str = "0") -> dict[str, str]:
    return {
        "event_id": event_id,
        "type": "conversion",
        "visitor": visitor,
        "at": at,
        "value": value,
    }
