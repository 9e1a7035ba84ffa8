"""The OpenAPI document says what the API enforces: request bodies take no unknown fields, and
bounds of zero and the constraints of list items are kept (Litestar 2.25 drops ``ge=0``-style
bounds, taking 0 for "unset", and the pattern of a list's string items)."""

from __future__ import annotations

from typing import TYPE_CHECKING, get_args, get_origin

from litestar.openapi.spec import Schema
from litestar.plugins.pydantic import PydanticSchemaPlugin
from pydantic import BaseModel, StringConstraints

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
            _keep_item_constraints(model, registered)
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


def _keep_item_constraints(model: type[BaseModel], schema: Schema) -> None:
    """``list[Annotated[str, StringConstraints(...)]]``: the items' limits and pattern."""
    for name, field in model.model_fields.items():
        target = (schema.properties or {}).get(field.alias or name)
        if not isinstance(target, Schema) or get_origin(field.annotation) is not list:
            continue
        (item,) = get_args(field.annotation)
        for constraint in getattr(item, "__metadata__", ()):
            if isinstance(constraint, StringConstraints) and isinstance(target.items, Schema):
                pattern = constraint.pattern
                if pattern is not None:
                    target.items.pattern = pattern if isinstance(pattern, str) else pattern.pattern
                target.items.min_length = constraint.min_length or target.items.min_length
                target.items.max_length = constraint.max_length or target.items.max_length
