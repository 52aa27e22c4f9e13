"""The vault's job queue: one owner for background work that reads or writes the vault.

After Picard's save pool (``picard/tagger.py``: a ``QThreadPool`` with ``setMaxThreadCount(1)``, so saves never
overlap) and Vorta's ``JobsManager`` (one queue per repository, cancel running jobs).

* **One thread, one job at a time**, in the order submitted: two backups, a backup and a restore, never overlap.
* **A connection of its own.** The UI's ``Session`` connection belongs to the UI thread (``check_same_thread``).
  A job that needs the vault gets ``ctx.session``: opened on the worker with a *copy* of the key, closed and the
  copy scrubbed when the job ends. SQLite's locks order it against the UI's reads and writes (a backup's read is
  a consistent snapshot; the UI's commits wait for it, ``storage.db.BUSY_TIMEOUT_MS``).
* **Registered with its owner** (the ``AppController``): ``in_flight()``, ``wait()`` and ``cancel_all()`` let
  lock and quit finish or stop jobs before the process goes. Cancel sets a flag the job checks at each
  ``ctx.step()`` and interrupts the statement running on its connection (``sqlite3_interrupt``, the one SQLite
  call allowed from another thread).
* **Results by signal on the UI thread**, to a receiver that may have gone (then nothing is called).
* **Errors are KnownErrors**: a cancelled job gives ``JobCancelled``; a database error is translated
  (busy, disk full, damaged…); anything else is logged as a bug (redacted: no message text) and delivered as a
  plain sentence. No raw SQLite error ever reaches the crash dialog.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from prevent_desktop.errors import KnownError
from prevent_desktop.paths import DataPaths
from prevent_desktop.ui.workers import Relay, receiver_alive

log = logging.getLogger(__name__)


class JobCancelled(KnownError):
    def __init__(self, what: str = "The work") -> None:
        super().__init__(f"{what[:1].upper()}{what[1:]} was stopped before it finished; nothing was left half-made.")


class JobContext:
    """What a job's function gets, on the worker thread."""

    def __init__(self, job: VaultJob) -> None:
        self._job = job
        self._session: Any = None

    @property
    def cancelled(self) -> bool:
        return self._job.cancel_requested.is_set()

    def step(self, stage: str) -> None:
        """Called by the work between its stages: stops here if the job was cancelled. Tests hold a job at a
        named stage through ``VaultJobs.step_hook``."""
        hook = self._job.queue_hook()
        if hook is not None:
            hook(self._job, stage)
        if self.cancelled:
            raise JobCancelled(self._job.what)

    @property
    def session(self) -> Any:
        """A ``Session`` on a connection of this job's own, opened on first use with the job's key copy."""
        if self._session is None:
            if self._job.key is None:
                raise RuntimeError("this vault job was submitted without a key")  # a bug in the caller
            from prevent_desktop.services.background import open_session

            self.step("open")
            session = open_session(self._job.paths, bytes(self._job.key))
            with self._job.lock:
                self._job.conn = session.conn
                self._session = session
            if self.cancelled:  # cancelled while opening: the interrupt found no connection yet
                raise JobCancelled(self._job.what)
        return self._session

    def close(self) -> None:
        """End of the job (worker thread): close its connection, scrub its key copy."""
        with self._job.lock:
            self._job.conn = None
            session, self._session = self._session, None
        if session is not None:
            with contextlib.suppress(Exception):
                session.close()
        self._job.scrub_key()


class VaultJob:
    """One job: its name for messages ("the backup"), its key copy, its state. Created by ``VaultJobs.submit``."""

    _ids = itertools.count(1)

    def __init__(
        self,
        owner: VaultJobs,
        what: str,
        work: Callable[[JobContext], Any],
        key: bytearray | None,
    ) -> None:
        self.id = next(self._ids)
        self.what = what
        self.work = work
        self.paths = owner.paths
        self.key = key
        self.lock = threading.Lock()
        self.conn: Any = None
        self.cancel_requested = threading.Event()
        self.ended = threading.Event()
        self.started = threading.Event()
        self.outcome: Any = None  # the result or the KnownError, once ended
        self._owner = weakref.ref(owner)

    def queue_hook(self) -> Callable[[VaultJob, str], None] | None:
        owner = self._owner()
        return owner.step_hook if owner is not None else None

    def cancel(self) -> None:
        """Ask the job to stop (any thread): at its next step, and now if a statement is running."""
        self.cancel_requested.set()
        with self.lock:
            if self.conn is not None:
                with contextlib.suppress(Exception):
                    self.conn.interrupt()

    def scrub_key(self) -> None:
        if self.key is not None:
            for i in range(len(self.key)):
                self.key[i] = 0
            self.key = None

    def __repr__(self) -> str:
        return f"<VaultJob {self.id} {self.what!r}{' ended' if self.ended.is_set() else ''}>"


def as_known_error(exc: BaseException, job: VaultJob) -> KnownError:
    """What a failed job reports: always a sentence, never a raw database error or a stack."""
    if job.cancel_requested.is_set():
        return exc if isinstance(exc, JobCancelled) else JobCancelled(job.what)
    from prevent_desktop.services.background import is_database_error, known_error

    known = known_error(exc)
    if known is not None:
        return known
    if is_database_error(exc):
        log.error(
            "vault job %r: database error %s (%s)", job.what, type(exc).__name__, getattr(exc, "sqlite_errorname", "")
        )
        return KnownError(
            f"{job.what[:1].upper()}{job.what[1:]} could not be finished: the vault reported an unexpected "
            "database error. Nothing was left half-made; try again."
        )
    from prevent_desktop.logs import redacted_report

    log.error("vault job %r failed unexpectedly:\n%s", job.what, redacted_report(type(exc), exc.__traceback__))
    return KnownError(
        f"{job.what[:1].upper()}{job.what[1:]} could not be finished because of an unexpected error (a bug). "
        "Nothing was left half-made."
    )


class _JobRunnable(QRunnable):
    def __init__(self, job: VaultJob, relay: Relay) -> None:
        super().__init__()
        self.job = job
        self.relay = relay
        self.setAutoDelete(False)

    def run(self) -> None:
        job = self.job
        job.started.set()
        ctx = JobContext(job)
        failed = False
        try:
            if job.cancel_requested.is_set():
                raise JobCancelled(job.what)
            outcome: Any = job.work(ctx)
        except BaseException as exc:
            failed = True
            outcome = as_known_error(exc, job)
        finally:
            ctx.close()  # the key copy is gone before anyone hears the job ended
        job.outcome = outcome
        job.ended.set()
        (self.relay.failed if failed else self.relay.done).emit(outcome)


class VaultJobs(QObject):
    """The serial queue. ``job_finished(job)`` fires on the UI thread after the job's own callbacks; ``idle``
    when the last job in flight has reported."""

    job_finished = Signal(object)
    idle = Signal()

    def __init__(self, paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._jobs: dict[int, tuple[VaultJob, _JobRunnable]] = {}
        # Tests only: called on the worker thread at every ``ctx.step`` (job, stage), e.g. to hold a job at a
        # stage until the test has done something. Never set by the product.
        self.step_hook: Callable[[VaultJob, str], None] | None = None

    def submit(
        self,
        what: str,
        work: Callable[[JobContext], Any],
        *,
        key: bytearray | None = None,
        receiver: QObject | None = None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[KnownError], None] | None = None,
    ) -> VaultJob:
        """Queue ``work(ctx)``. ``key`` is a copy this queue now owns (scrubbed when the job ends); give it when
        the work needs ``ctx.session``. ``what`` names the job in messages ("the backup")."""
        job = VaultJob(self, what, work, key)
        relay = Relay()
        runnable = _JobRunnable(job, relay)
        ref = weakref.ref(receiver) if receiver is not None else None
        self_ref = weakref.ref(self)

        def finish(callback: Callable[[Any], None] | None, outcome: Any) -> None:
            queue = self_ref()
            if queue is not None and not shiboken6.isValid(queue):
                queue = None  # its owner was deleted while the job ran
            if queue is not None:
                queue._jobs.pop(job.id, None)
            try:
                if callback is not None and receiver_alive(ref):
                    callback(outcome)
            finally:
                if queue is not None:
                    queue.job_finished.emit(job)
                    if not queue._jobs:
                        queue.idle.emit()

        relay.done.connect(lambda result: finish(on_done, result))
        relay.failed.connect(lambda error: finish(on_error, error))
        self._jobs[job.id] = (job, runnable)
        self.pool.start(runnable)
        log.info("vault job queued: %s (id %d)", what, job.id)
        return job

    def in_flight(self) -> list[VaultJob]:
        """Jobs queued or running whose outcome the UI has not had yet, oldest first."""
        return [job for job, _r in self._jobs.values()]

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def cancel_all(self) -> None:
        for job in self.in_flight():
            job.cancel()

    def wait(self, timeout_ms: int, *, tick: Callable[[], None] | None = None) -> bool:
        """Wait until every job in flight has reported, up to ``timeout_ms``, keeping the UI painted (events are
        processed every 25 ms; the outcomes are delivered meanwhile). True if the queue is idle."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self._jobs:
            self.pool.waitForDone(25)
            QCoreApplication.processEvents()
            if tick is not None:
                tick()
            if time.monotonic() >= deadline:
                break
        QCoreApplication.processEvents()
        return not self._jobs

