"""The OpenAPI document says what the API enforces: request bodies take no unknown fields, and
bounds of zero are kept (Litestar 2.25 drops ``ge=0``-style bounds, taking 0 for "unset")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from litestar.openapi.spec import Schema
from litestar.plugins.pydantic import PydanticSchemaPlugin
from pydantic import BaseModel

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.typing import FieldDefinition


class ClosedBodiesSchemaPlugin(PydanticSchemaPlugin):
    """Pydantic models with ``extra="forbid"`` get ``additionalProperties: false``."""

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        model = field_definition.annotation
        if (
            isinstance(model, type)
            and issubclass(model, BaseModel)
            and model.model_config.get("extra") == "forbid"
        ):
            registered = schema_creator.schema_registry.get_schema_for_field_definition(
                field_definition
            )
            registered.additional_properties = False
            _keep_zero_bounds(model, registered)
        return schema


def _keep_zero_bounds(model: type[BaseModel], schema: Schema) -> None:
    for name, field in model.model_fields.items():
        target = (schema.properties or {}).get(field.alias or name)
        if not isinstance(target, Schema):
            continue
        for constraint in field.metadata:
            if getattr(constraint, "ge", None) == 0:
                target.minimum = 0
            if getattr(constraint, "gt", None) == 0:
                target.exclusive_minimum = 0
            if getattr(constraint, "le", None) == 0:
                target.maximum = 0
