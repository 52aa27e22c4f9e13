"""Start-up: time to the first painted window, against a bare PySide6 window measured in the same run."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = r"""
import json, time, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
def start():
    with open("/proc/self/stat") as fh:
        ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as fh:
        up = float(fh.read().split()[0])
    import os
    return time.time() - up + ticks / os.sysconf("SC_CLK_TCK")
t0 = start()
app = QApplication([])
class P(QObject):
    done = False
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print(json.dumps({"painted_ms": round((time.time() - t0) * 1000, 1)}))
            QTimer.singleShot(0, app.quit)
        return False
p = P(); app.installEventFilter(p)
w = QLabel("Prevent Desktop"); w.resize(520, 360); w.show()
app.exec()
"""


def measure(argv: list[str], env: dict[str, str]) -> float:
    out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, check=True).stdout
    return float(json.loads(out.strip().splitlines()[-1])["painted_ms"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    with tempfile.TemporaryDirectory() as tmp:
        first_run = [sys.executable, "-m", "prevent_desktop", "--data-dir", str(Path(tmp) / "new"), "--smoke-test"]
        vault = str(Path(tmp) / "vault")
        subprocess.run(  # a throw-away vault: made through the test launcher (cheap KDF, in that process only)
            [sys.executable, "-m", "tests.support.cli", "--data-dir", vault, "init", "--passphrase-stdin"],
            input="orbit lantern cactus meadow 47\n",
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=ROOT,
        )
        unlock = [sys.executable, "-m", "prevent_desktop", "--data-dir", vault, "--smoke-test"]
        bare_argv = [sys.executable, "-c", BARE]
        for argv in (bare_argv, first_run, unlock):  # warm the file cache
            measure(argv, env)
        bare: list[float] = []
        setup: list[float] = []
        unlocking: list[float] = []
        for _ in range(args.runs):  # interleaved, so machine noise hits all alike
            bare.append(measure(bare_argv, env))
            setup.append(measure(first_run, env))
            unlocking.append(measure(unlock, env))
    b = statistics.median(bare)
    print(f"bare PySide6 window     : median {b:.0f} ms  (runs: {', '.join(f'{x:.0f}' for x in bare)})")
    for name, runs in (("first-run set-up window", setup), ("unlock window          ", unlocking)):
        a = statistics.median(runs)
        print(f"{name}: median {a:.0f} ms  ratio {a / b:.2f}  (overhead {a - b:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
