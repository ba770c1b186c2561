"""Write the README's catalogue of commands and events from the engine's registries.

Run it after adding a command or an event, or changing one's fields or docstring (a test fails until
you do):

    python scripts/write_event_catalogue.py

Commands and events register themselves when their class is defined. The catalogue imports every
engine module, so a type defined in any room is listed, and writes between the README's markers each
type's name, whether an event is journaled or transient, the first sentence of its docstring and its
fields as declared.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import sys
from decimal import Decimal
from enum import Enum
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the worktree's package, not an installed one

import workstation.engine  # noqa: E402
from workstation.engine.messages.commands import command_types  # noqa: E402
from workstation.engine.messages.events import event_types  # noqa: E402

README = ROOT / "README.md"
START = "<!-- event-catalogue: written by scripts/write_event_catalogue.py; do not edit by hand -->"
END = "<!-- end of event-catalogue -->"
_SENTENCE_END = re.compile(r"\.(?=\s|$)")


def summary(cls: type) -> str:
    """The first sentence of the class's own docstring, on one line; empty when it has none (a dataclass
    without a docstring is given its signature as ``__doc__``, which is not a description)."""
    doc = cls.__doc__ or ""
    if doc.startswith(f"{cls.__name__}("):
        return ""
    text = " ".join(doc.split())
    found = _SENTENCE_END.search(text)
    return text[:found.end()] if found else text


def _default(value: object) -> str:
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and value == type(value)():
        return f"{type(value).__name__}()"
    return repr(value)


def fields(cls: type) -> list[str]:
    """``name: type`` as declared, with ``= default`` for the optional ones."""
    declared = []
    for field in dataclasses.fields(cls):
        text = f"{field.name}: {field.type}"
        if field.default is not dataclasses.MISSING:
            text += f" = {_default(field.default)}"
        declared.append(text)
    return declared


def _cell(text: str) -> str:
    return text.replace("``", "`").replace("|", "\\|")


def _code(texts: list[str]) -> str:
    return ", ".join(f"`{text}`".replace("|", "\\|") for text in texts)


def catalogue() -> str:
    """The section between the markers: commands, then events, each in definition order."""
    for module in pkgutil.walk_packages(workstation.engine.__path__, "workstation.engine."):
        importlib.import_module(module.name)
    lines = ["### Commands", "", "| Command | What it asks | Fields |", "|---|---|---|"]
    lines += [f"| `{cls.__name__}` | {_cell(summary(cls))} | {_code(fields(cls))} |" for cls in command_types()]
    lines += ["", "### Events", "", "| Event | Kind | What it says | Fields |", "|---|---|---|---|"]
    lines += [f"| `{cls.__name__}` | {'journaled' if cls.journaled else 'transient'} | {_cell(summary(cls))} | "
              f"{_code(fields(cls))} |" for cls in event_types()]
    return "\n".join(lines)


def with_catalogue(readme: str) -> str:
    """``readme`` with the text between the markers replaced by the catalogue."""
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{catalogue()}\n{END}{after}"


def main() -> None:
    readme = README.read_text(encoding="utf-8")
    written = with_catalogue(readme)
    if written != readme:
        README.write_text(written, encoding="utf-8")
    print(f"{README.relative_to(ROOT)}: {len(command_types())} commands, {len(event_types())} events")


if __name__ == "__main__":
    main()
