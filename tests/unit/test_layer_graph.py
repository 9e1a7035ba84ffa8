"""The layers import one another only in the directions the architecture allows
(``scripts/layers.py`` holds the allowed arrows and draws the picture in docs/)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _layers() -> ModuleType:
    spec = importlib.util.spec_from_file_location("layers", ROOT / "scripts" / "layers.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["layers"] = module
    spec.loader.exec_module(module)
    return module


def test_no_layer_imports_against_the_allowed_directions() -> None:
    """Every import between layers (domain, application, infrastructure, audit, contracts,
    labels, projections, api, web, cli, composition) follows an allowed arrow: the web never
    imports the API, the domain imports no other layer, and so on."""
    layers = _layers()
    assert layers.violations(layers.arrows()) == []


def test_a_forbidden_import_is_reported() -> None:
    """The check sees an import that runs the wrong way (the domain importing the API)."""
    layers = _layers()
    counted = layers.arrows()
    counted[("domain", "api")] += 1
    assert layers.violations(counted) == [("domain", "api")]


def test_every_module_belongs_to_a_layer() -> None:
    """A new top-level module gets a layer, so the picture and the check cover it."""
    layers = _layers()
    unplaced = [module for module, _ in layers._modules() if layers.layer_of(module) is None]
    assert unplaced == []
