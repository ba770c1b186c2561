"""The import contracts hold every room: no engine module escapes the rooms' layers or the no-circle rule.

``test_architecture.py`` runs ``lint-imports``; this checks the contracts it runs still cover the engine."""

import tomllib
from pathlib import Path

import workstation.engine

ROOT = Path(__file__).resolve().parents[2]
ENGINE = Path(workstation.engine.__file__).parent


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def _engine_children() -> set[str]:
    """The engine's rooms (subpackages) and its top-level modules (the facade and the state)."""
    rooms = {path.name for path in ENGINE.iterdir() if (path / "__init__.py").exists()}
    modules = {path.stem for path in ENGINE.glob("*.py") if path.stem != "__init__"}
    return rooms | modules


def test_no_circle_is_allowed_between_the_engines_rooms_or_inside_one():
    acyclic = [c for c in _contracts() if c["type"] == "acyclic_siblings"]
    assert any("workstation.engine" in c["ancestors"] and not c.get("ignore_imports") for c in acyclic)


def test_every_room_and_top_module_of_the_engine_sits_on_a_layer():
    layered = [c for c in _contracts() if c["type"] == "layers" and c.get("containers") == ["workstation.engine"]]
    assert len(layered) == 1, "one layers contract over the engine's rooms"
    contract = layered[0]
    named = [name.strip() for layer in contract["layers"] for name in layer.replace(":", "|").split("|")]
    assert not contract.get("ignore_imports"), "the rooms' layers admit no exception"
    assert sorted(named) == sorted(set(named)), "a room sits on one layer only"
    assert set(named) == _engine_children(), (
        f"engine modules on no layer: {sorted(_engine_children() - set(named))}; "
        f"layers naming no module: {sorted(set(named) - _engine_children())}")
