"""The recovery key is never lost (issue 13, item 2): ``init``, ``recovery-key``, ``rekey`` and ``passphrase --revoke``
write the new key BEFORE committing the slot that depends on it.

An unwritable ``--recovery-key-out`` changes nothing (exit 1, a clear message, the old key still opens), and the
real CLI killed with SIGKILL right after each step of the change (``tests/reliability/killpoint.py``) never
leaves a vault whose only working recovery key was never written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from prevent_desktop.errors import KnownError, WrongPassphrase
from prevent_desktop.paths import DataPaths
from prevent_desktop.services.backup_service import auto_backup, backup_now
from prevent_desktop.services.vault_service import open_session
from prevent_desktop.storage.attempts import clear_attempts
from prevent_desktop.storage.vault import Secret, unwrap_key
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE, ROOT, run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL needs POSIX")
ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


def killed_cli(point: str, nth: int, *args: str, data_dir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREVENT_DESKTOP_")}
    env.update({"PREVENT_DESKTOP_INSECURE_TEST_KDF": "1", "PYTHONDONTWRITEBYTECODE": "1", **ENV})
    launcher = [sys.executable, "-m", "tests.reliability.killpoint", point, str(nth), "--"]
    return subprocess.run(
        [*launcher, "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def opens(paths: DataPaths, secret: Secret) -> bool:
    try:
        unwrap_key(paths, secret)
    except WrongPassphrase:
        return False
    finally:
        clear_attempts(paths)  # probing old and new on purpose: no back-off for the test's own wrong tries
    return True


def make_vault_with_backups(tmp_path: Path) -> tuple[DataPaths, str]:
    from prevent_desktop.services.vault_service import create_vault
    from prevent_desktop.storage.keyslots import TEST_KDF

    paths = DataPaths(tmp_path / "v")
    session, recovery = create_vault(paths, PASSPHRASE, user_name="Test DSO", kdf=TEST_KDF)
    backup_now(session)
    key = session.vault.key
    session.close()
    auto_backup(paths, key)
    return paths, recovery


@pytest.mark.parametrize(
    ("command", "bad"),
    [
        ("recovery-key", "parent-is-a-file"),
        ("recovery-key", "is-a-folder"),
        ("rekey", "parent-is-a-file"),
        ("passphrase --revoke", "is-a-folder"),
    ],
)
def test_unwritable_recovery_key_out_changes_nothing(tmp_path: Path, command: str, bad: str) -> None:
    paths, recovery = make_vault_with_backups(tmp_path)
    keys_before = paths.keyslots.read_bytes()
    backups_before = {p.name: p.read_bytes() for p in paths.backups.iterdir()}
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    target = blocker / "key.txt" if bad == "parent-is-a-file" else tmp_path
    env = {**ENV, "PREVENT_DESKTOP_NEW_PASSPHRASE": NEW_PASSPHRASE}
    result = run_cli(*command.split(), "--recovery-key-out", str(target), data_dir=paths.root, env=env)
    assert result.returncode == 1, result.stderr
    assert "recovery key could not be written" in result.stderr and "Nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert opens(paths, Secret.recovery(recovery)) and opens(paths, Secret.passphrase(PASSPHRASE))
    # Nothing else moved either: the key slots (but for the anchor) and every backup are as they were.
    import json

    assert json.loads(paths.keyslots.read_bytes())["slots"] == json.loads(keys_before)["slots"]
    backups_now = {p.name: p.read_bytes() for p in paths.backups.iterdir() if not p.name.startswith("pre-rekey-")}
    assert backups_now == backups_before


def test_init_with_unwritable_recovery_key_out_creates_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    data_dir = tmp_path / "v"
    result = run_cli(
        "init", "--passphrase-stdin", "--recovery-key-out", str(blocker / "key.txt"), data_dir=data_dir,
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 1 and "recovery key could not be written" in result.stderr
    assert not DataPaths(data_dir).exists()


# Each step of a re-key, named by the rename that completes it (see killpoint.py), then a control run.
REKEY_POINTS = [
    ("key.txt", 1),  # the new key is written; nothing else has changed
    ("vault.keys.next", 1),  # the new key slots are written aside
    ("from:vault.keys.next", 1),  # the key-slot file is swapped: the commit
    ("from:*.pdbackup.next", 1),  # the first re-made backup is put in place
    ("-", 0),  # not killed
]


@pytest.mark.parametrize(
    ("command", "points"),
    [("rekey", REKEY_POINTS), ("recovery-key", [REKEY_POINTS[0], REKEY_POINTS[2]])],  # one code path: fewer here
)
def test_kill_at_each_step_of_a_new_recovery_key_never_loses_it(
    tmp_path: Path, command: str, points: list[tuple[str, int]]
) -> None:
    stats: dict[str, int] = {"old": 0, "new": 0}
    for point, nth in points:
        paths, old = make_vault_with_backups(tmp_path / point.replace("*", "any").replace(":", "-").lstrip("."))
        out = paths.root.parent / "key.txt"
        result = killed_cli(point, nth, command, "--recovery-key-out", str(out), data_dir=paths.root)
        assert result.returncode in (0, -signal.SIGKILL), result.stderr
        assert (result.returncode == 0) == (point == "-"), f"{point}: the kill point was never reached"
        new = out.read_text().strip() if out.exists() else ""
        # The passphrase always opens; the recovery key in force is the old one or the one written down.
        assert opens(paths, Secret.passphrase(PASSPHRASE)), point
        works = [name for name, text in (("old", old), ("new", new)) if text and opens(paths, Secret.recovery(text))]
        assert len(works) == 1, f"{point}: recovery keys that open: {works}"
        stats[works[0]] += 1
        if point == "key.txt":
            assert works == ["old"]  # written first, committed after
        # The next unlock finishes or drops what was left half-way; every backup the app keeps then opens with
        # the recovery key in force and with no other.
        with open_session(paths, Secret.passphrase(PASSPHRASE)) as session:
            assert session.vault.check() == [], point
        assert not list(paths.backups.glob("*.next")), point
        in_force, other = (old, new) if works == ["old"] else (new, old)
        from prevent_desktop.services.backup_service import verify_backup

        for file in paths.backups.glob("*.pdbackup"):
            verify_backup(file, Secret.recovery(in_force))
            if other:
                with pytest.raises(KnownError):
                    verify_backup(file, Secret.recovery(other))
    expected_old = sum(1 for point, _n in points if point in ("key.txt", "vault.keys.next"))
    assert stats == {"old": expected_old, "new": len(points) - expected_old}, stats


INIT_POINTS = [("key.txt", 1), ("vault.keys", 1), ("-", 0)]


def test_kill_at_each_step_of_init_never_leaves_a_vault_with_an_unseen_key(tmp_path: Path) -> None:
    for point, nth in INIT_POINTS:
        data_dir = tmp_path / point / "v"
        out = data_dir.parent / "key.txt"
        data_dir.parent.mkdir(parents=True)
        result = killed_cli(point, nth, "init", "--passphrase-stdin", "--recovery-key-out", str(out),
                            data_dir=data_dir, stdin=PASSPHRASE + "\n")
        assert result.returncode in (0, -signal.SIGKILL), result.stderr
        paths = DataPaths(data_dir)
        if not paths.keyslots.exists():
            continue  # no vault to lose a key to (a half-made database alone does not open)
        assert out.exists(), f"{point}: a vault exists but its recovery key was never written"
        assert opens(paths, Secret.recovery(out.read_text().strip())), point
