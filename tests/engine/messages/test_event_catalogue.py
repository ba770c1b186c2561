"""The README's catalogue of commands and events is the registries', written by
``scripts/write_event_catalogue.py``: a command or an event added, changed or left without a description
fails here until the catalogue is written again. The README's engine example runs, through the public
surface."""

from __future__ import annotations

import re

from scripts.write_event_catalogue import README, catalogue, summary, with_catalogue
from workstation.engine.messages.commands import command_types
from workstation.engine.messages.events import event_types


def test_the_readme_catalogue_is_the_one_the_registries_give() -> None:
    readme = README.read_text(encoding="utf-8")
    assert readme == with_catalogue(readme), "run python scripts/write_event_catalogue.py"


def test_every_command_and_event_says_what_it_is_in_one_sentence() -> None:
    written = catalogue()  # imports every engine module, so every type is registered
    undescribed = [cls.__name__ for cls in (*command_types(), *event_types()) if not summary(cls)]
    assert undescribed == [], "give these a docstring"
    assert all(f"| `{cls.__name__}` |" in written for cls in (*command_types(), *event_types()))


def _python_examples() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_imports_engine_names_only_from_the_public_surface() -> None:
    imports = [line for block in _python_examples() for line in block.splitlines()
               if line.startswith("from workstation.engine")]
    assert imports and all(line.startswith("from workstation.engine import ") for line in imports)


def test_the_readme_engine_example_runs(capsys) -> None:
    [example] = [block for block in _python_examples() if "Engine.new" in block]
    exec(compile(example, "README engine example", "exec"), {})
    net_liquidation = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d+\.\d\d", net_liquidation), net_liquidation
