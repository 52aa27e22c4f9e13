"""A WARNING (or worse) log record from ``prevent_desktop`` fails the test unless the test says it expects it.

After qutebrowser's ``tests/helpers/logfail.py``. The app logs a warning or an error when something went wrong
that the user may not see (an automatic backup failed, a crash report was written), so a test that makes one
without meaning to has found a problem. Unlike qutebrowser we do not raise inside ``emit``: the app logs from
``except`` blocks and worker threads, where an exception would be swallowed or land in the wrong place. Records
are collected and checked after each phase (setup, call, teardown) of the test.

A test that means to cause one declares it, by level and a regular expression searched in the message:

    @pytest.mark.expect_log("WARNING", "automatic backup failed")
    def test_...

    def test_...(expect_log):
        with expect_log("ERROR", r"^backup failed"):
            ...

Either way the expected record must actually arrive (the marker: during the test; the context manager: inside
its block), so an expectation cannot outlive the behaviour it describes.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

import pytest

LOGGER = "prevent_desktop"
MIN_LEVEL = logging.WARNING
_HANDLER_KEY = pytest.StashKey["LogFailHandler"]()


@dataclass
class Expectation:
    level: int
    pattern: re.Pattern[str]
    source: str
    seen: list[logging.LogRecord] = field(default_factory=list)

    @classmethod
    def make(cls, level: int | str, pattern: str, source: str) -> Expectation:
        number = level if isinstance(level, int) else logging.getLevelNamesMapping()[level.upper()]
        return cls(number, re.compile(pattern), source)

    def matches(self, record: logging.LogRecord) -> bool:
        return record.levelno == self.level and self.pattern.search(record.getMessage()) is not None

    def describe(self) -> str:
        return f"{logging.getLevelName(self.level)} matching {self.pattern.pattern!r} ({self.source})"


def _describe(record: logging.LogRecord) -> str:
    return f"{record.levelname} {record.name}: {record.getMessage()}"


class LogFailHandler(logging.Handler):
    """Collects the ``prevent_desktop`` records at WARNING or above that no active expectation allows."""

    def __init__(self) -> None:
        super().__init__(MIN_LEVEL)
        self.expectations: list[Expectation] = []
        self.unexpected: list[logging.LogRecord] = []
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._guard:
            for expectation in self.expectations:
                if expectation.matches(record):
                    expectation.seen.append(record)
                    return
            self.unexpected.append(record)

    def take_unexpected(self) -> list[logging.LogRecord]:
        with self._guard:
            found, self.unexpected = self.unexpected, []
        return found

    def add(self, expectation: Expectation) -> None:
        with self._guard:
            self.expectations.append(expectation)

    def remove(self, expectation: Expectation) -> None:
        with self._guard:
            self.expectations.remove(expectation)


def _fail_on_unexpected(item: pytest.Item, phase: str) -> None:
    handler = item.stash.get(_HANDLER_KEY, None)
    if handler is None:
        return
    found = handler.take_unexpected()
    if found:
        lines = "\n".join(f"  {_describe(r)}" for r in found)
        pytest.fail(
            f"unexpected log record(s) from {LOGGER} during {phase}:\n{lines}\n"
            "If the test means to cause it, declare it: @pytest.mark.expect_log(LEVEL, REGEX) or "
            "`with expect_log(LEVEL, REGEX):` (tests/helpers/logfail.py).",
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    handler = LogFailHandler()
    for marker in item.iter_markers("expect_log"):
        handler.add(Expectation.make(*marker.args, source="marker", **marker.kwargs))
    item.stash[_HANDLER_KEY] = handler
    logging.getLogger(LOGGER).addHandler(handler)
    result = yield
    _fail_on_unexpected(item, "setup")
    return result


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    result = yield  # a test that failed already is reported as such; its log is in "Captured log call"
    _fail_on_unexpected(item, "the test")
    handler = item.stash.get(_HANDLER_KEY, None)
    missing = [e for e in (handler.expectations if handler else []) if e.source == "marker" and not e.seen]
    if missing:
        pytest.fail(
            "expected log record(s) never came: " + "; ".join(e.describe() for e in missing), pytrace=False
        )
    return result


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    try:
        result = yield
    finally:
        handler = item.stash.get(_HANDLER_KEY, None)
        if handler is not None:
            logging.getLogger(LOGGER).removeHandler(handler)
    _fail_on_unexpected(item, "teardown")
    return result


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "expect_log(level, regex): the test is expected to log this from prevent_desktop (tests/helpers/logfail.py)",
    )


ExpectLog = Callable[[int | str, str], AbstractContextManager[list[logging.LogRecord]]]


@pytest.fixture
def expect_log(request: pytest.FixtureRequest) -> ExpectLog:
    """``with expect_log("WARNING", "automatic backup failed") as records:`` allows (and requires) such a record
    inside the block; ``records`` holds the ones that came."""
    handler = request.node.stash.get(_HANDLER_KEY, None)

    @contextmanager
    def expecting(level: int | str, pattern: str) -> Iterator[list[logging.LogRecord]]:
        expectation = Expectation.make(level, pattern, source="expect_log")
        if handler is None:  # pragma: no cover - the plugin is always loaded with the fixture
            raise RuntimeError("tests.helpers.logfail is not loaded as a plugin")
        handler.add(expectation)
        try:
            yield expectation.seen
        finally:
            handler.remove(expectation)
        if not expectation.seen:
            pytest.fail(f"expected log record never came: {expectation.describe()}", pytrace=False)

    return expecting
