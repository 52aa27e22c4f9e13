"""Child processes the reliability tests kill with SIGKILL at random moments.

    python -m tests.reliability.child saves DATA_DIR KEYHEX START      one record per transaction, prints id
    python -m tests.reliability.child passphrase DATA_DIR OLD NEW      alternates the passphrase, prints n
    python -m tests.reliability.child backup DATA_DIR KEYHEX TARGET    remakes one backup file, prints n
    python -m tests.reliability.child rekey DATA_DIR PASSPHRASE        re-keys again and again, prints n
    python -m tests.reliability.child restore DATA_DIR F1 P1 F2 P2     restores F1/F2 alternately (--replace)

A line is printed only after the operation returned (committed / renamed into place): it is an acknowledgement.
"""

from __future__ import annotations

import sys

from tests.support.kdf import install

install()  # cheap key derivation in this test process (the product has no switch for it)


def main(argv: list[str]) -> int:
    from prevent_desktop.paths import DataPaths

    mode, data_dir = argv[0], DataPaths(__import__("pathlib").Path(argv[1]))
    out = sys.stdout
    if mode == "saves":
        from prevent_desktop.storage import audit
        from prevent_desktop.storage.db import open_connection, transaction

        key = bytes.fromhex(argv[2])
        start = int(argv[3])
        conn = open_connection(data_dir.database, key)
        i = start
        while True:
            with transaction(conn):
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)", (f"save-{i:06d}", f"value-{i}-" + "x" * 200)
                )
                audit.append(conn, "child", "test.save", "setting", f"save-{i:06d}", "")
            out.write(f"{i}\n")
            out.flush()
            i += 1
    if mode == "passphrase":
        from prevent_desktop.storage.keyslots import TEST_KDF
        from prevent_desktop.storage.vault import Secret, Vault

        old, new = argv[2], argv[3]
        vault = Vault.unlock(data_dir, Secret.passphrase(old))
        n = 0
        current = old
        while True:
            current = new if current == old else old
            vault.change_passphrase(current, TEST_KDF)
            out.write(f"{n} {current}\n")
            out.flush()
            n += 1
    if mode == "backup":
        from pathlib import Path

        from prevent_desktop.storage.backup import make_backup
        from prevent_desktop.storage.db import open_connection

        key = bytes.fromhex(argv[2])
        target = Path(argv[3])
        conn = open_connection(data_dir.database, key)
        slots = data_dir.keyslots.read_bytes()
        n = 0
        while True:
            make_backup(conn, key, slots, target, kind="manual")
            out.write(f"{n}\n")
            out.flush()
            n += 1
    if mode == "rekey":
        from prevent_desktop.storage.keyslots import TEST_KDF
        from prevent_desktop.storage.vault import Secret, Vault

        vault = Vault.unlock(data_dir, Secret.passphrase(argv[2]))
        n = 0
        while True:
            vault.rekey(argv[2], TEST_KDF)
            out.write(f"{n}\n")
            out.flush()
            n += 1
    if mode == "restore":
        from pathlib import Path

        from prevent_desktop.services.backup_service import restore_backup
        from prevent_desktop.storage.vault import Secret

        pairs = [(Path(argv[2]), argv[3]), (Path(argv[4]), argv[5])]
        n = 0
        while True:
            file, passphrase = pairs[n % 2]
            restore_backup(data_dir, file, Secret.passphrase(passphrase), replace=True)
            out.write(f"{n} {passphrase}\n")
            out.flush()
            n += 1
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
