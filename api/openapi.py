"""The OpenAPI document says what the API enforces: request bodies take no unknown fields, and
bounds of zero, the constraints of list items and those of nullable fields are kept (Litestar
2.25 drops ``ge=0``-style bounds, taking 0 for "unset", the pattern of a list's string items,
and the pattern of a ``str | None`` field)."""

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
            _keep_pydantic_constraints(model, registered)
        return schema


# JSON Schema keyword -> attribute of Litestar's Schema.
_CONSTRAINTS = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "minItems": "min_items",
    "maxItems": "max_items",
}


def _keep_pydantic_constraints(model: type[BaseModel], schema: Schema) -> None:
    """Every bound pydantic validates (its own JSON schema says which), on the property:
    for ``X | None`` the bounds of ``X`` (keywords of one type do not bind the other)."""
    properties = model.model_json_schema(by_alias=True).get("properties", {})
    for name, source in properties.items():
        target = (schema.properties or {}).get(name)
        if not isinstance(target, Schema):
            continue
        for variant in source.get("anyOf", [source]):
            if variant.get("type") == "null":
                continue
            _copy_constraints(variant, target)
            items = variant.get("items")
            if isinstance(items, dict) and isinstance(target.items, Schema):
                _copy_constraints(items, target.items)


def _copy_constraints(source: dict[str, object], target: Schema) -> None:
    for keyword, attribute in _CONSTRAINTS.items():
        if keyword in source and getattr(target, attribute, None) is None:
            setattr(target, attribute, source[keyword])


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
