"""The layers import one another only in the directions the architecture allows
(``scripts/layers.py`` holds the allowed arrows and draws the picture in docs/)."""

from __future__ import annotations

from layer_script import layers


def test_no_layer_imports_against_the_allowed_directions() -> None:
    """Every import between layers (domain, application, infrastructure, audit, contracts,
    labels, projections, api, web, cli, composition) follows an allowed arrow: the web never
    imports the API, the domain imports no other layer, and so on."""
    assert layers.violations(layers.arrows()) == []


def test_a_forbidden_import_is_reported() -> None:
    """The check sees an import that runs the wrong way (the domain importing the API)."""
    counted = layers.arrows()
    counted[("domain", "api")] += 1
    assert layers.violations(counted) == [("domain", "api")]


def test_every_module_belongs_to_a_layer() -> None:
    """A new top-level module gets a layer, so the picture and the check cover it."""
    unplaced = [module for module, _ in layers.modules() if layers.layer_of(module) is None]
    assert unplaced == []
