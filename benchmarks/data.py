"""Data sets for the suite, and the bare tools the baselines are made of.

A data set is a DEMO vault made by the shipped CLI with the product's key derivation (real Argon2id, calibrated
by ``init`` as for any user): ``prevent-desktop init --demo`` then ``prevent-desktop demo --cases N``. It is built
once and cached outside the repository in ``$PREVENT_BENCH_CACHE`` (default ``~/.cache/prevent-desktop-bench``),
in a folder named after the case count, the schema version and a fingerprint of the code that decides what the
data looks like (the demo generator, the schema, the cases repository), so a change there builds a new one.
Figures get copies (``read_copy`` shared by figures that only read, ``fresh_copy`` for one that writes).

Baselines use the file format as documented in ``docs/vault-format.md`` (key slots: Argon2id then AES-256-GCM)
and a bare ``sqlcipher3`` connection with the raw key and the product's pragmas, never the product's code.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.core import ROOT, log

PASSPHRASE = "orbit lantern cactus meadow 47"  # a synthetic DEMO vault's passphrase
# The code that decides what a data set holds: a change in any of these builds a new data set.
FINGERPRINTED = (
    "prevent_desktop/services/demo.py",
    "prevent_desktop/storage/cases.py",
    "prevent_desktop/domain/cases.py",
    "prevent_desktop/storage/schema",
)
# The product's pragmas (ARCHITECTURE.md, "The vault"; asserted by its tests). cipher_memory_security stays on for
# the whole process once set, so the baselines pay it as the product does.
PRAGMAS = (
    "PRAGMA cipher_memory_security = ON",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    "PRAGMA foreign_keys = ON",
)


def cache_root() -> Path:
    env = os.environ.get("PREVENT_BENCH_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "prevent-desktop-bench"


def product_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a product process: no PREVENT_DESKTOP_* left over from the caller, its own HOME (Qt
    settings, default data folder), headless Qt."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREVENT_DESKTOP_", "PREVENT_BENCH_"))}
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["XDG_DATA_HOME"] = str(home / ".local" / "share")
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


def cli(*args: str) -> list[str]:
    """The shipped command line (``prevent-desktop`` = ``python -m prevent_desktop``), no test launcher."""
    return [sys.executable, "-m", "prevent_desktop", *args]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for rel in FINGERPRINTED:
        path = ROOT / rel
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_file():
                digest.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def schema_version() -> int:
    from prevent_desktop.storage.migrations import target_version

    return target_version()


@dataclass
class Dataset:
    cases: int
    folder: Path  # the cache folder; the vault is folder / "vault"
    meta: dict[str, Any]

    @property
    def vault(self) -> Path:
        return self.folder / "vault"

    @property
    def db_bytes(self) -> int:
        return (self.vault / "vault.db").stat().st_size

    def copy_to(self, target: Path) -> Path:
        """A private copy of the vault's files (database, key slots, audit head) at ``target``."""
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
        for name in ("vault.db", "vault.keys", "vault.audit-head"):
            src = self.vault / name
            if src.exists():
                shutil.copyfile(src, target / name)
                os.chmod(target / name, 0o600)
                # On disk before the figure starts, as a vault in use is: otherwise the first commit's fsync
                # (the unlock's audit record) writes the whole fresh copy back (78 ms at 100,000 cases).
                with open(target / name, "rb+") as fh:
                    os.fsync(fh.fileno())
        return target


def build(cases: int, folder: Path, scratch: Path) -> Dataset:
    """``init --demo`` + ``demo --cases N`` through the shipped CLI, into a temporary folder renamed into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    home = scratch / "build-home"
    home.mkdir(parents=True, exist_ok=True)
    env = product_env(home)
    vault = tmp / "vault"
    log(f"building the {cases:,}-case data set in {folder} (real Argon2id; once, then cached)")
    started = time.perf_counter()
    try:
        for argv in (cli("--data-dir", str(vault), "init", "--demo", "--passphrase-stdin",
                         "--recovery-key-out", str(tmp / "recovery-key.txt")),
                     cli("--data-dir", str(vault), "demo", "--cases", str(cases), "--passphrase-stdin")):
            done = subprocess.run(argv, input=PASSPHRASE + "\n", capture_output=True, text=True, env=env, cwd=ROOT)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(argv[3:5])} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
        (vault / "vault.lock").unlink(missing_ok=True)
        meta = {
            "cases": cases,
            "schema_version": schema_version(),
            "fingerprint": fingerprint(),
            "built": time.strftime("%Y-%m-%d %H:%M:%S"),
            "build_s": round(time.perf_counter() - started, 1),
            "kdf": slot_params(vault),
        }
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1))
        try:
            tmp.rename(folder)
        except OSError:  # another run built it meanwhile: use theirs
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log(f"data set built in {meta['build_s']} s")
    return Dataset(cases, folder, json.loads((folder / "meta.json").read_text()))


class Datasets:
    """The run's data set (built or taken from the cache on first use) and its copies in the run's scratch."""

    def __init__(self, cases: int, scratch: Path) -> None:
        self.cases = cases
        self.scratch = scratch
        self._dataset: Dataset | None = None
        self._read_copy: Path | None = None
        self._copies = 0

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            folder = cache_root() / f"{self.cases}-v{schema_version()}-{fingerprint()}"
            if (folder / "meta.json").exists():
                self._dataset = Dataset(self.cases, folder, json.loads((folder / "meta.json").read_text()))
            else:
                self._dataset = build(self.cases, folder, self.scratch)
        return self._dataset

    def read_copy(self) -> Path:
        """One copy shared by the figures that only read (opening and closing a session still writes the audit
        head, so never the cache itself)."""
        if self._read_copy is None:
            self._read_copy = self.dataset.copy_to(self.scratch / "read-copy")
        return self._read_copy

    def fresh_copy(self, label: str) -> Path:
        """A copy of its own for a figure that writes."""
        self._copies += 1
        return self.dataset.copy_to(self.scratch / f"copy-{self._copies}-{label}")

    def drop(self, copy: Path) -> None:
        if copy != self._read_copy:
            shutil.rmtree(copy, ignore_errors=True)


# -- bare tools (baselines) ------------------------------------------------------------------------------------
def slot(vault: Path, kind: str = "passphrase") -> dict[str, Any]:
    doc = json.loads((vault / "vault.keys").read_text())
    return next(s for s in doc["slots"] if s["kind"] == kind)


def slot_params(vault: Path) -> dict[str, Any]:
    return dict(slot(vault)["kdf"])


def argon2_alone(vault: Path, secret: str = PASSPHRASE) -> bytes:
    """The passphrase slot's Argon2id derivation with its stored parameters: the floor of any unlock."""
    import unicodedata

    from argon2.low_level import Type, hash_secret_raw

    s = slot(vault)
    kdf = s["kdf"]
    return bytes(hash_secret_raw(unicodedata.normalize("NFC", secret).encode(), base64.b64decode(s["salt"]),
                                 time_cost=kdf["iterations"], memory_cost=kdf["memory_kib"],
                                 parallelism=kdf["parallelism"], hash_len=32, type=Type.ID))


def bare_key(vault: Path, secret: str = PASSPHRASE) -> bytes:
    """The database key, unwrapped as docs/vault-format.md describes (Argon2id, then AES-256-GCM)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    s = slot(vault)
    kek = argon2_alone(vault, secret)
    return AESGCM(kek).decrypt(base64.b64decode(s["nonce"]), base64.b64decode(s["wrapped"]),
                               b"prevent-desktop-keyslots/1/passphrase")


def bare_connect(db: Path, key: bytes) -> Any:
    """A bare sqlcipher3 connection with the raw key and the product's pragmas."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(db), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def copy_fsync_read(src: Path, dst: Path) -> int:
    """Copy a file with fsync (and of its folder), then read the copy back once: the floor of a verified backup."""
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        shutil.copyfileobj(fin, fout, 1 << 20)
        fout.flush()
        os.fsync(fout.fileno())
    fd = os.open(dst.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    digest = hashlib.sha256()
    with open(dst, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return dst.stat().st_size
