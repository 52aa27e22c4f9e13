"""A controllable clock for tests, on time-machine.

``clock`` (a fixture) sets "now" for this process to ``START`` (10:00 UTC on a fixed Wednesday in term time),
so ``date.today()``, ``datetime.now()``, ``time.time()`` and ``prevent_desktop.domain.dates.today()`` all agree,
whatever the machine's date. Time ticks on from there (Qt timers, waits and timeouts keep working);
``clock.set(date(2027, 1, 31))`` jumps, ``clock.advance(days=40)`` moves on. Request ``clock`` first (before
fixtures that build pages or models which read the date when made), or use ``pytestmark =
pytest.mark.usefixtures("clock")`` for a whole module. Monotonic clocks are not changed,
and neither are child processes (the CLI tests' ``run_cli``): a CLI test that depends on the date passes it
explicitly or compares against dates far from any real today.

``pytest --today=YYYY-MM-DD`` runs the whole session on another day (in this process): a test that passes today
and fails then depends on the real date. Use it to hunt them (see docs/notes/testing.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from prevent_desktop.domain import dates

START = datetime(2026, 3, 18, 10, 0, tzinfo=UTC)
TODAY = START.date()  # what the app's today is in a test that uses ``clock`` (and has not moved it)


def _moment(when: date | datetime) -> datetime:
    if isinstance(when, datetime):
        return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return datetime.combine(when, time(10, 0), tzinfo=UTC)


class Clock:
    """What the ``clock`` fixture returns: read and move the test's "now"."""

    def __init__(self, machine: time_machine.TimeMachineFixture, start: date | datetime = START) -> None:
        self._machine = machine
        self.set(start)

    @property
    def today(self) -> date:
        return dates.today()

    def now(self) -> datetime:
        return datetime.now()

    def set(self, when: date | datetime) -> None:
        """Jump to ``when`` (a date means 10:00 UTC that day); time ticks on from there."""
        self._machine.move_to(_moment(when), tick=True)

    def advance(self, *, days: int = 0, hours: int = 0, minutes: int = 0, seconds: float = 0) -> None:
        self._machine.shift(timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds))


@pytest.fixture
def clock(time_machine: time_machine.TimeMachineFixture) -> Clock:
    """Today is ``START`` (2026-03-18) for this test, whatever the machine's date; see tests/helpers/clock.py."""
    return Clock(time_machine)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today",
        metavar="YYYY-MM-DD",
        default=None,
        help="run the session as if today were this date (in-process; finds tests that depend on the real date)",
    )


@pytest.fixture(scope="session", autouse=True)
def _session_today(request: pytest.FixtureRequest) -> Iterator[None]:
    chosen = request.config.getoption("--today")
    if not chosen:
        yield
        return
    with time_machine.travel(_moment(date.fromisoformat(chosen)), tick=True):
        yield
