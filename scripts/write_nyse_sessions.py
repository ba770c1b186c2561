"""Write ``workstation/engine/market/nyse_sessions.py``: the NYSE's sessions as plain data.

The exchange_calendars library knows the NYSE's holidays and early closes, but importing it (and
pandas under it) and building its schedule took about 0.7 s of every start of the workstation.
The sessions change only when the library's rules do, so they are written out once as the weekdays
that are not sessions and the sessions that do not run 09:30-16:00 ET; the engine builds its
calendar from those in milliseconds. A test compares the written table with the library's, so the
two never drift apart: after upgrading exchange_calendars, run ``python scripts/write_nyse_sessions.py``.
"""

from __future__ import annotations

import sys
import warnings
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workstation.engine.market.nyse_sessions import FIRST, LAST, REGULAR  # noqa: E402

TARGET = ROOT / "workstation" / "engine" / "market" / "nyse_sessions.py"
EASTERN = ZoneInfo("America/New_York")


def library_sessions() -> dict[date, tuple[str, str]]:
    """Each session's day and its open and close (HH:MM, US/Eastern), from exchange_calendars."""
    import exchange_calendars  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the library's own pandas deprecation notices
        calendar = exchange_calendars.get_calendar("XNYS", start=FIRST, end=LAST)
    schedule = calendar.schedule
    return {day.date(): (o.tz_convert(EASTERN).strftime("%H:%M"), c.tz_convert(EASTERN).strftime("%H:%M"))
            for day, o, c in zip(calendar.sessions, schedule["open"], schedule["close"], strict=True)}


def render(sessions: dict[date, tuple[str, str]]) -> str:
    import exchange_calendars  # noqa: PLC0415

    first, last = date.fromisoformat(FIRST), date.fromisoformat(LAST)
    weekdays = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    closed = [d for d in weekdays if d.weekday() < 5 and d not in sessions]
    special = {d: hours for d, hours in sorted(sessions.items()) if hours != REGULAR}
    lines = [
        '"""The NYSE\'s sessions from FIRST to LAST: every weekday is a session from 09:30 to 16:00 ET except',
        "the days in CLOSED (holidays) and the sessions in SPECIAL (early closes).",
        "",
        f"Written by scripts/write_nyse_sessions.py from exchange_calendars {exchange_calendars.__version__} "
        "(XNYS); do not edit.",
        '"""',
        "",
        f'FIRST = "{FIRST}"',
        f'LAST = "{LAST}"',
        f'REGULAR = ("{REGULAR[0]}", "{REGULAR[1]}")',
        "",
        "CLOSED: tuple[str, ...] = (",
        *(f'    "{d.isoformat()}",' for d in closed),
        ")",
        "",
        "SPECIAL: dict[str, tuple[str, str]] = {",
        *(f'    "{d.isoformat()}": ("{hours[0]}", "{hours[1]}"),' for d, hours in special.items()),
        "}",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    TARGET.write_text(render(library_sessions()), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
