"""`workstation bench --quick` runs to the end and prints every section's figure beside its
reference, so the bench code cannot rot. No timing is asserted: a figure below its target on a
busy machine is reported by the bench, never failed here."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SECTIONS = (
    "engine: orders placed, filled and booked",
    "engine: orders/s with 5,000 accounts in the engine",
    "engine: orders/s with 500 accounts in the engine",
    "engine: one market step with 5,000 resting orders",
    "store: journaled events on disk",
    "store: reopen the",
    "GC: longest collection pause during those",
    "history: snapshot write at",
    "history: journaled events/s over the last",
    "history: reopen the",
    "history: resident memory per done order",
    "allocation: one execution across 1,000 accounts",
    "allocation: one execution across 10,000 accounts",
    "allocation: 100,000-share order",
    "allocation: an advisor execution on a database, 1,000 clients",
    "allocation: journal of an advisor execution, 1,000 clients",
    "allocation: an advisor execution on a database, 5,000 clients",
    "allocation: journal of an advisor execution, 5,000 clients",
    "portfolio margin: 10,000 option positions",
    "SPAN: 10,000 futures and futures-option positions",
    "account values: 100 accounts x 50 positions",
    "Account Window: All of 300 clients x 50 positions",
    "what-if: an order on a 500-position account",
    "watchlist quote read (quote and type) by a login without subscriptions",
    "marketplace search:",
    "scenario: 200 place steps",
    "scenario: 2,000 place steps",
    "scenario: 200 accounts",
    "scenario: 2,000 accounts",
    "GUI cold start to the first painted main window",
    "GUI event-loop stall p99",
    "Account Window refreshes while streaming",
    "GUI peak resident memory while streaming",
    "GUI: placing an order from Order Entry with 1,000 orders",
    "GUI event-loop stall p99 while placing orders, 1,000 orders",
    "GUI event-loop stall max while placing orders, 1,000 orders",
    "GUI cold start with 1,000 orders in the database",
    "TWS API: placeOrder -> Filled with ib_async on loopback, p50",
    "TWS API: placeOrder -> Filled with ib_async on loopback, p99",
    "TWS API: 20 lines at 10 Hz to each of 2 clients, updates later than 100 ms",
    "TWS API: 20 lines at 10 Hz to each of 2 clients, delivery p99",
    "GUI event-loop stall p99 with 4 API clients",
)
"""The quick bench's figures, in the order it prints them (each name's start)."""

NUMBER = r"-?[\d,]+(?:\.\d+)?"
FIGURE = re.compile(
    rf"^(?P<name>\S.*)\n"
    rf"    (?P<value>{NUMBER}) (?P<unit>.+?)  \(target (?P<target>.+): (?P<verdict>ok|BELOW TARGET)\)\n"
    rf"    reference: (?P<reference_name>.+) (?P<reference>{NUMBER}) (?P<reference_unit>\S+)$",
    re.MULTILINE)


def test_the_quick_bench_prints_every_figure_beside_its_reference():
    result = subprocess.run([sys.executable, "-m", "workstation", "bench", "--quick"], capture_output=True,
                            text=True, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=600,
                            check=False)

    figures = [m.groupdict() for m in FIGURE.finditer(result.stdout)]
    assert len(figures) == len(SECTIONS), result.stdout + result.stderr[-3000:]
    for figure, section in zip(figures, SECTIONS, strict=True):
        assert figure["name"].startswith(section), (figure["name"], section)
        assert figure["unit"] and figure["target"] and figure["reference_name"], figure
    assert len(result.stdout.splitlines()) == 3 * len(SECTIONS), result.stdout  # nothing else printed
    # The exit status says whether every target was met, and nothing else (a crash prints no figures).
    missed = any(f["verdict"] == "BELOW TARGET" for f in figures)
    assert result.returncode == (1 if missed else 0), result.stderr[-3000:]


LONG_HEADINGS = ("day", "commands", "p50 ms", "p99 ms", "stall ms", "RSS MB", "DB MB", "DB +MB", "GC ms", "GC max ms")
LONG_JUDGED = ("command p50 ms", "command p99 ms", "longest stall ms", "RSS MB", "DB growth MB/day", "GC time ms/day",
               "longest GC pause ms")
VERDICT = re.compile(rf"^(?P<column>.+?) +(?:{NUMBER} +){{3}}(?P<verdict>levelled off|GROWS \(.+\))$")


def test_the_long_quick_bench_prints_a_row_per_day_and_a_verdict_per_column():
    result = subprocess.run([sys.executable, "-m", "workstation", "bench", "--long", "--quick"], capture_output=True,
                            text=True, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=600,
                            check=False)

    lines = result.stdout.splitlines()
    assert lines and lines[0].startswith("long session: 2 days"), result.stdout + result.stderr[-3000:]
    assert lines[1].split() == [word for heading in LONG_HEADINGS for word in heading.split()], lines[1]
    days = [line.split() for line in lines[2:4]]
    assert [row[0] for row in days] == ["1", "2"], result.stdout
    assert all(len(row) == len(LONG_HEADINGS) for row in days), result.stdout
    assert lines[4].startswith("levelled off:"), result.stdout
    assert lines[5].split()[:1] == ["column"], result.stdout
    verdicts = [VERDICT.match(line) for line in lines[6:]]
    assert [v["column"] for v in verdicts if v] == list(LONG_JUDGED), result.stdout
    assert len(lines) == 6 + len(LONG_JUDGED), result.stdout  # nothing else printed
    grows = any(v["verdict"].startswith("GROWS") for v in verdicts)
    assert result.returncode == (1 if grows else 0), result.stderr[-3000:]


def test_days_and_the_collector_switch_go_with_long_only_and_days_is_a_count():
    for arguments, refusal in ((["--days", "3"], "go with --long"), (["--no-gc-freeze"], "go with --long"),
                               (["--long", "--days", "0"], "not a number of days"),
                               (["--long", "--days", "five"], "not a number of days")):
        result = subprocess.run([sys.executable, "-m", "workstation", "bench", *arguments], capture_output=True,
                                text=True, cwd=ROOT, timeout=120, check=False)
        assert result.returncode == 2, arguments
        assert refusal in result.stderr and result.stdout == "", (arguments, result.stderr)


def test_a_figure_that_cannot_be_measured_is_reported_and_the_others_still_print():
    # A measuring process that outlives its timeout on a busy machine used to end the whole run in a
    # traceback, losing every figure already measured.
    from workstation.bench import _Bench  # noqa: PLC0415
    from workstation.bench.figures import Figure  # noqa: PLC0415

    def timed_out() -> Figure:
        raise RuntimeError("build-db took longer than 300 s (is the machine busy?)")

    printed: list[str] = []
    bench = _Bench(printed.append)
    bench.measure("GUI", timed_out)
    bench.measure("what-if", lambda: Figure("what-if: an order", 3.1, "ms", "<= 10 ms", True, "bare", 1.0, "ms"))
    bench.measure("store", lambda: (Figure("store: a", 1.0, "ms", "<= 2 ms", True, "bare", 1.0, "ms"),
                                    Figure("store: b", 1.0, "ms", "<= 2 ms", True, "bare", 1.0, "ms")))

    assert printed[0] == "GUI\n    not measured: build-db took longer than 300 s (is the machine busy?)"
    assert [FIGURE.match(text)["name"] for text in printed[1:]] == ["what-if: an order", "store: a", "store: b"]
    assert bench.all_met is False  # the run exits 1: a figure it could not take is not a target met


def test_a_figure_needing_ib_async_says_so_without_it_and_the_run_still_passes(monkeypatch):
    # ib_async is a test dependency: `pip install .` and `workstation bench` must not fail for lack of it.
    from workstation.bench import _Bench  # noqa: PLC0415
    from workstation.bench.api_figures import bench_api_orders  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "ib_async", None)  # what `import ib_async` meets when it is not installed
    printed: list[str] = []
    bench = _Bench(printed.append)
    bench.measure("TWS API: placeOrder -> Filled", lambda: bench_api_orders(quick=True))

    assert printed == ["TWS API: placeOrder -> Filled\n    not measured: ib_async not installed (it comes with the "
                       "test extra: pip install '.[test]')"]
    assert bench.all_met is True  # no target was missed
