"""Regenerate ``workstation/ui/object_descriptions.py`` from the README's automation table.

Run it after adding a name to the table or rewording a row (a test fails until you do):

    python scripts/write_object_descriptions.py

Each published name gets its row's description, after the name spelled out in words, so the
accessibility layer can describe a control whose accessible name is its object name. The package
cannot read the README once installed, hence a generated module rather than a parse at start-up.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
TARGET = ROOT / "workstation" / "ui" / "object_descriptions.py"
TABLE_HEADER = "| Object name | What it is |"
_WIDTH = 110
_NAME = re.compile(r"`([A-Za-z][A-Za-z0-9]*)`")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|[A-Z]+|\d+")


def spelled_out(name: str) -> str:
    """``fundTransferAmount`` -> ``Fund Transfer Amount``; ``orderTif`` -> ``Order Tif``."""
    return " ".join(word[:1].upper() + word[1:] for word in _WORD.findall(name))


def table_rows(readme: str) -> list[tuple[list[str], str]]:
    """The automation table's rows: the names of the first cell and the second cell's text
    (backticks dropped)."""
    start = readme.index(TABLE_HEADER)
    rows: list[tuple[list[str], str]] = []
    for line in readme[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        first, text = cells[0], " | ".join(cells[1:])
        rows.append((_NAME.findall(first), text.replace("`", "").replace("\\", "")))
    return rows


def descriptions(readme: str) -> dict[str, str]:
    """Each name of the table and its accessible description (the first row naming it wins)."""
    described: dict[str, str] = {}
    for row_names, text in table_rows(readme):
        for name in row_names:
            described.setdefault(name, f"{spelled_out(name)}: {text}")
    return described


def render(described: dict[str, str]) -> str:
    lines = [
        '"""Accessible descriptions of the published object names, generated from the README\'s automation',
        "table by ``scripts/write_object_descriptions.py`` (do not edit by hand). Qt-free.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "DESCRIPTIONS: dict[str, str] = {",
    ]
    for name, text in described.items():
        line = f"    {name!r}: {text!r},"
        if len(line) <= _WIDTH:
            lines.append(line)
        else:
            lines += [f"    {name!r}: (", *(f"        {chunk!r}" for chunk in _chunks(text)), "    ),"]
    lines += ["}", ""]
    return "\n".join(lines)


def _chunks(text: str) -> list[str]:
    """``text`` in pieces that fit a line (every piece but the last keeps its trailing space)."""
    pieces: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + len(word) > _WIDTH - 12:
            pieces.append(current)
            current = ""
        current += word + " "
    pieces.append(current[:-1])
    return pieces


def main() -> int:
    TARGET.write_text(render(descriptions(README.read_text(encoding="utf-8"))), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
