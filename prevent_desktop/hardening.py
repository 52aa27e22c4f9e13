"""Process hardening at start-up (CLI and GUI): no core dumps, no same-user ptrace, secrets out of the environment.

Called first thing by ``prevent_desktop.cli.main``. Everything here is best effort and never stops the program:
what the OS does not offer is skipped (Windows: see ``packaging/README.md``).

* **Core dumps** would hold the raw database key and decrypted case text. ``RLIMIT_CORE`` is set to 0 (POSIX), and
  on Linux ``prctl(PR_SET_DUMPABLE, 0)`` also stops core dumps whatever the limit or ``core_pattern`` says, and stops
  other processes of the same user from attaching a debugger or reading ``/proc/PID/mem`` and ``/proc/PID/environ``
  (root still can).
* **Secrets in the environment** (``SECRET_ENV_VARS``) are taken out of ``os.environ`` at start, before any command
  runs, so no child process the app starts inherits them; commands read them with ``env_secret``. On Linux the
  bytes of the process's initial environment block (what ``/proc/PID/environ`` shows) are overwritten too. Not
  achievable: the value was visible there from the ``exec`` until this code ran (a fraction of a second), and to
  whoever started the process; ``--passphrase-stdin`` avoids both.
"""

from __future__ import annotations

import contextlib
import os
import sys

SECRET_ENV_VARS = (
    "PREVENT_DESKTOP_PASSPHRASE",
    "PREVENT_DESKTOP_NEW_PASSPHRASE",
    "PREVENT_DESKTOP_PDF_PASSWORD",
    "PREVENT_DESKTOP_EXPORT_PASSWORD",
)
PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3

_secrets: dict[str, str] = {}


def harden_process() -> None:
    disable_core_dumps()
    take_env_secrets()


def disable_core_dumps() -> None:
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            _prctl(PR_SET_DUMPABLE, 0)


def dumpable() -> int | None:
    """``prctl(PR_GET_DUMPABLE)`` on Linux (0 = no core dumps, no same-user ptrace); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return _prctl(PR_GET_DUMPABLE, 0)
    except (OSError, AttributeError):
        return None


def _prctl(option: int, value: int) -> int:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    prctl = libc.prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    result = int(prctl(option, value, 0, 0, 0))
    if result < 0:
        raise OSError(ctypes.get_errno(), "prctl failed")
    return result


def take_env_secrets() -> None:
    """Move the secret variables out of ``os.environ`` (this process's and every child's) into this module."""
    _secrets.clear()
    found = [name for name in SECRET_ENV_VARS if name in os.environ]
    for name in found:
        _secrets[name] = os.environ.pop(name)
    if found and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            _scrub_initial_environment(found)


def env_secret(name: str) -> str | None:
    """A secret given in the environment (read once at start; also taken out now if set since)."""
    if name in os.environ:
        _secrets[name] = os.environ.pop(name)
    return _secrets.get(name)


def _scrub_initial_environment(names: list[str]) -> None:
    """Overwrite ``NAME=value`` in the environment block the kernel placed at ``exec`` (``/proc/self/environ``).
    ``os.environ.pop`` already removed the C library's pointer to it, so nothing reads these bytes any more."""
    with open("/proc/self/stat", "rb") as fh:
        fields = fh.read().rsplit(b")", 1)[1].split()
    env_start, env_end = int(fields[47]), int(fields[48])  # stat fields 50 and 51
    with open("/proc/self/environ", "rb") as fh:
        block = fh.read()
    if len(block) > env_end - env_start:
        return
    fd = os.open("/proc/self/mem", os.O_RDWR)
    try:
        offset = 0
        for entry in block.split(b"\0"):
            if any(entry.startswith(name.encode() + b"=") for name in names):
                address = env_start + offset
                if os.pread(fd, len(entry), address) == entry:  # exactly the bytes we expect, or nothing is written
                    os.pwrite(fd, b"\0" * len(entry), address)
            offset += len(entry) + 1
    finally:
        os.close(fd)
