"""Frozen-build smoke test (after qutebrowser's): start the built app with --smoke-test, check the JSON line,
and fail on any unexpected line on stderr. Also runs `--version` and `init`/`check` against a temp vault.

The frozen build is the shipped program, so it pays the real key derivation (~1 s per unlock, a few seconds in
all). The retired test switch PREVENT_DESKTOP_INSECURE_TEST_KDF=1 is set on purpose: the vault must still get
full-strength key slots (Argon2id m >= 64 MiB, t >= 2, p = 4).

Usage: python packaging/frozen_smoke.py dist/prevent-desktop/prevent-desktop
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ALLOWED_STDERR = ("This plugin does not support propagateSizeHints()",)


def main() -> int:
    exe = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/prevent-desktop/prevent-desktop").resolve()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PREVENT_DESKTOP_INSECURE_TEST_KDF"] = "1"  # must be ignored (see the docstring)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        data = str(Path(tmp) / "vault")
        smoke = subprocess.run(
            [str(exe), "--data-dir", data, "--smoke-test"], capture_output=True, text=True, env=env, timeout=120
        )
        bad = [ln for ln in smoke.stderr.splitlines() if ln.strip() and not ln.startswith(ALLOWED_STDERR)]
        if smoke.returncode != 0 or bad:
            failures.append(f"smoke-test rc={smoke.returncode} stderr={bad}")
        else:
            print("smoke:", json.loads(smoke.stdout.strip().splitlines()[-1]))
        version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
        print("version:", version.stdout.strip())
        init = subprocess.run(
            [str(exe), "--data-dir", data, "init", "--passphrase-stdin"],
            capture_output=True,
            text=True,
            input="orbit lantern cactus meadow 47\n",
            env=env,
            timeout=120,
        )
        check = subprocess.run(
            [str(exe), "--data-dir", data, "check", "--passphrase-stdin"],
            capture_output=True,
            text=True,
            input="orbit lantern cactus meadow 47\n",
            env=env,
            timeout=120,
        )
        if init.returncode or check.returncode or check.stdout.strip().splitlines()[-1:] != ["ok"]:
            failures.append(f"init/check failed: {init.stderr} {check.stderr}")
        else:
            print("init + check: ok")
            weak = [
                slot["kdf"]
                for slot in json.loads((Path(data) / "vault.keys").read_text())["slots"]
                if slot["kdf"]["memory_kib"] < 65536 or slot["kdf"]["iterations"] < 2 or slot["kdf"]["parallelism"] < 4
            ]
            if weak:
                failures.append(f"the frozen build wrote weak key slots: {weak}")
        # The PDF stack (ReportLab + bundled fonts, pikepdf) and the backup path work frozen too.
        pdf = Path(tmp) / "card.pdf"
        export = subprocess.run(
            [str(exe), "--data-dir", data, "export", "action-plan", "-o", str(pdf), "--encrypt", "--passphrase-stdin"],
            capture_output=True,
            text=True,
            input="orbit lantern cactus meadow 47\nsmoke test pdf password\n",
            env=env,
            timeout=120,
        )
        backup = subprocess.run(
            [str(exe), "--data-dir", data, "backup", "-o", str(Path(tmp) / "b.pdbackup"), "--passphrase-stdin"],
            capture_output=True,
            text=True,
            input="orbit lantern cactus meadow 47\n",
            env=env,
            timeout=120,
        )
        if export.returncode or not pdf.exists() or backup.returncode:
            failures.append(f"export/backup failed: {export.stderr} {backup.stderr}")
        else:
            print(f"encrypted action-plan PDF ({pdf.stat().st_size} bytes) + backup: ok")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
