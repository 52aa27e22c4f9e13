"""A child process the kill -9 test SIGKILLs while it types into the real *Log a concern* dialog (offscreen).

    python -m tests.ui.concern_child DATA_DIR PASSPHRASE

Unlocks the vault, opens the dialog, answers "immediate danger: Yes", types a name and what happened with
QTest.keyClicks, and prints ``KEPT <draft id>`` once the draft keeper reports the text written to the vault (its
``saved`` signal, after COMMIT); then types on (``still typing``), prints ``TYPING``, and waits to be killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tests.support.kdf import install

install()  # cheap key derivation in this test process (the product has no switch for it)

TYPED = "Shared a video praising an attack, then said he would do the same"


def main(argv: list[str]) -> int:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from prevent_desktop.paths import DataPaths
    from prevent_desktop.services.vault_service import open_session
    from prevent_desktop.storage.vault import Secret
    from prevent_desktop.ui.log_concern import LogConcernDialog

    app = QApplication(argv[:1])
    session = open_session(DataPaths(Path(argv[0])), Secret.passphrase(argv[1]))
    dialog = LogConcernDialog(session)
    dialog.show()
    kept: list[int] = []
    dialog.keeper.saved.connect(kept.append)
    dialog.danger.yes.click()
    QTest.keyClicks(dialog.forenames, "Sam")
    QTest.keyClicks(dialog.surname, "Example")
    dialog.what.setFocus()
    QTest.keyClicks(dialog.what, TYPED)
    kept.clear()  # a save that ran while typing does not count: wait for the one after the last keystroke
    deadline = time.monotonic() + 20
    while not kept and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    if not kept:
        sys.stderr.write("the draft was never written\n")
        return 2
    sys.stdout.write(f"KEPT {kept[-1]}\n")
    sys.stdout.flush()
    QTest.keyClicks(dialog.what, " (still typing)")  # the last moment before the kill: may be lost
    sys.stdout.write("TYPING\n")
    sys.stdout.flush()
    while True:
        app.processEvents()
        time.sleep(0.005)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
