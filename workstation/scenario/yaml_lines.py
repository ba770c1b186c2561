"""YAML (and JSON, a subset) loading that remembers where every mapping key was written, and
reads numbers as exact Decimals, never floats."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml


class Located(dict):
    """A mapping from the file that knows its own line and the line of each key (1-based)."""

    line: int
    key_lines: dict[str, int]


class _ExactLoader(yaml.SafeLoader):
    """SafeLoader that builds ``Located`` mappings and ``Decimal`` numbers from the source text."""


def _construct_mapping(loader: _ExactLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    mapping = Located()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_float(loader: _ExactLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite():
        raise yaml.constructor.ConstructorError(None, None, f"{text!r} is not a finite number", node.start_mark)
    return value


_PLAIN_INTEGER = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")


def _construct_int(loader: _ExactLoader, node: yaml.ScalarNode) -> int:
    """Only plain decimal integers: YAML 1.1 would read 010 as 8 and 1:30 as 90."""
    text = loader.construct_scalar(node)
    if not _PLAIN_INTEGER.match(text):
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a plain decimal number (write it without leading zeros, "
            "or quote it if it is text)", node.start_mark)
    return int(text.replace("_", ""))


_ExactLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_ExactLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_ExactLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
# Timestamps stay text: the scenario reads them as ISO times with their zone, exactly as written.
_ExactLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def load_exact(text: str) -> Any:
    """Parse YAML or JSON text into Located dicts, lists, str, int, Decimal, bool and None."""
    return yaml.load(text, Loader=_ExactLoader)  # noqa: S506 - a SafeLoader subclass
