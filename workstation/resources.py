"""Locate and read the files shipped in ``resources/`` (theme, demo universe, demo profile).

In a wheel they live in ``workstation/_resources``; in a source checkout, in ``resources/`` beside
the package.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    for folder in (_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources"):
        candidate = folder / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"resource {name!r} is missing from the installation")


def read_text(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")


@lru_cache(maxsize=8)
def _parsed(name: str) -> Any:
    return yaml.safe_load(read_text(name))


def load_yaml(name: str) -> Any:
    """A resource parsed from YAML; a fresh copy each call, so callers may change theirs freely."""
    return copy.deepcopy(_parsed(name))


def demo_universe_spec() -> dict[str, Any]:
    return load_yaml("universe.yaml")


@lru_cache(maxsize=1)
def _marketplace() -> Any:
    return json.loads(read_text("marketplace.json"))


def marketplace_spec() -> dict[str, Any]:
    """The Investors' Marketplace directory (``marketplace.json``); a fresh copy each call."""
    return copy.deepcopy(_marketplace())
