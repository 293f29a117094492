"""The flat names of the sectioned settings: every ``UMT_*`` variable keeps the name it had
before the settings were grouped, and ``Settings(database_url=...)`` keeps working.

pydantic-settings reads a nested model from one variable (``UMT_DATABASE``, as JSON) or from
``UMT_DATABASE__URL``; neither is the name operators and library users know. So the sources
read the flat names (one per section field: its ``validation_alias``, else its name) and
``FlatNames.nest`` files each value under its section before validation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, create_model
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource


def flat_name(name: str, field: FieldInfo) -> str:
    """The flat name a section field reads: its alias, else its own name."""
    alias = field.validation_alias
    return alias if isinstance(alias, str) else name


def section_of(field: FieldInfo) -> type[BaseModel] | None:
    """The section model a settings field holds, or None for a plain value."""
    annotation = field.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


class FlatNames:
    """Where each flat name of a settings class lives: at the top or in which section."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        # flat name -> (section, field name inside it); top-level fields are not in it
        self.places: dict[str, tuple[str, str]] = {}
        annotations: dict[str, Any] = {}
        for name, field in settings_cls.model_fields.items():
            section = section_of(field)
            if section is None:
                annotations[name] = field.annotation
                continue
            for inner, inner_field in section.model_fields.items():
                flat = flat_name(inner, inner_field)
                self.places[flat] = (name, inner)
                annotations[flat] = inner_field.annotation
        # Only its fields are used (names and types: a dict is read as JSON), by the sources.
        fields: dict[str, Any] = {
            name: (annotation, None) for name, annotation in annotations.items()
        }
        self.flat_model: type[BaseModel] = create_model("FlatSettings", **fields)

    def __iter__(self) -> Iterator[str]:
        """Every flat name, in declaration order."""
        return iter(self.flat_model.model_fields)

    def nest(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``{"database_url": u}`` -> ``{"database": {"url": u}}``; other keys unchanged.

        A section given whole (``database=DatabaseSettings(...)``) is kept, with the flat
        values given beside it laid over its fields."""
        nested: dict[str, Any] = {}
        for key, value in values.items():
            place = self.places.get(key.lower())
            if place is None:
                nested[key] = value
                continue
            section, field = place
            current = nested.get(section)
            if isinstance(current, BaseModel):
                current = current.model_dump()
            nested[section] = {**(current or {}), field: value}
        return nested

    def split_update(
        self, update: Mapping[str, Any]
    ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """An update by flat names, as top-level values and per-section field values."""
        top: dict[str, Any] = {}
        sections: dict[str, dict[str, Any]] = {}
        for key, value in update.items():
            place = self.places.get(key)
            if place is None:
                top[key] = value
            else:
                sections.setdefault(place[0], {})[place[1]] = value
        return top, sections


class NestedSource(PydanticBaseSettingsSource):
    """A source of flat names (init kwargs, environment, .env file) whose values are filed
    under their sections."""

    def __init__(
        self,
        settings_cls: type[BaseSettings],
        source: PydanticBaseSettingsSource,
        names: FlatNames,
        *,
        reads_fields: bool,
    ) -> None:
        super().__init__(settings_cls)
        self._source = source
        self._names = names
        if reads_fields:
            # An environment source looks up one variable per field of its class: hand it the
            # flat fields instead of the sections (its other options, such as the .env file
            # given to Settings(_env_file=...), stay as pydantic-settings built them).
            source.settings_cls = names.flat_model  # type: ignore[assignment]  # fields only

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ reads the wrapped source whole

    def __call__(self) -> dict[str, Any]:
        return self._names.nest(self._source())
