"""Issue 13 items 4, 5, 7 and Low, issue 14 defect 8 and the CLI parts, through real subprocesses.

Most runs go through the test launcher (``tests.support.cli``: cheap KDF in that process); the runs that must
show what the *shipped* program does use ``python -m prevent_desktop`` itself and pay the real Argon2id.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from prevent_desktop.paths import DataPaths
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage import keyslots
from prevent_desktop.storage.keyslots import TEST_KDF
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE, ROOT, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


def run_product(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The shipped entry point, not the test launcher: no test policy in this process."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("PREVENT_DESKTOP_")}
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "prevent_desktop", *args], input=stdin, capture_output=True,
                          text=True, env=full, timeout=120, cwd=ROOT)


def kdfs(data_dir: Path) -> dict[str, dict[str, int]]:
    return {s["kind"]: s["kdf"] for s in json.loads((data_dir / "vault.keys").read_bytes())["slots"]}


def product_strength(kdf: dict[str, int]) -> bool:
    return kdf["memory_kib"] >= 65536 and kdf["iterations"] >= 2 and kdf["parallelism"] >= 4


# -- item 4 --------------------------------------------------------------------------------------------------


def test_the_shipped_program_ignores_the_old_insecure_kdf_switch(tmp_path: Path) -> None:
    """On main, PREVENT_DESKTOP_INSECURE_TEST_KDF=1 made a real `init` use Argon2id 1 MiB / t=1 / p=1."""
    data = tmp_path / "v"
    result = run_product("--data-dir", str(data), "init", "--passphrase-stdin", stdin=PASSPHRASE + "\n",
                         env={"PREVENT_DESKTOP_INSECURE_TEST_KDF": "1"})
    assert result.returncode == 0, result.stderr
    slots = kdfs(data)
    assert set(slots) == {"passphrase", "recovery"} and all(product_strength(k) for k in slots.values()), slots


def test_the_shipped_program_rewraps_a_weak_slot_at_unlock_and_check_warns_about_the_other(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "v")
    session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF)  # as an old build with the switch made them
    session.close()
    result = run_product("--data-dir", str(paths.root), "check", env=ENV)
    assert result.returncode == 0, result.stderr
    slots = kdfs(paths.root)
    assert product_strength(slots["passphrase"]) and slots["recovery"]["memory_kib"] == 1024
    assert "recovery key slot(s) use weak key-derivation settings" in result.stderr
    assert "key slot recovery: Argon2id m=1 MiB t=1 p=1" in result.stdout and "WEAK" in result.stdout
    again = run_product("--data-dir", str(paths.root), "check", env=ENV)  # re-wrapped once, not at every unlock
    assert again.returncode == 0 and kdfs(paths.root)["passphrase"] == slots["passphrase"]


# -- item 5 --------------------------------------------------------------------------------------------------


def test_check_lists_every_slot_and_names_a_planted_one(cli_vault: Path) -> None:
    doc = json.loads((cli_vault / "vault.keys").read_bytes())
    planted = dict(doc["slots"][0], kind="backdoor\x1b[2J")
    slots = [*doc["slots"], planted]
    doc.update(slots=slots, check=keyslots._check(slots, doc.get("anchor")))
    (cli_vault / "vault.keys").write_text(json.dumps(doc))
    result = run_cli("check", data_dir=cli_vault, env=ENV)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("key slot passphrase: Argon2id m=1 MiB t=1 p=1, made 20")
    assert lines[1].startswith("key slot recovery: ")
    assert lines[2].startswith("key slot backdoor?[2J: UNKNOWN slot") and lines[-1] == "ok"
    assert "did not make ('backdoor?[2J')" in result.stderr and "\x1b" not in result.stdout + result.stderr
    # The CLI names the CLI's way to revoke (the GUI names its menu action: tests/ui/test_key_slot_warning.py).
    assert "prevent-desktop rekey" in result.stderr and "Vault →" not in result.stderr


# -- Low: nested JSON, sparse backups, control characters, PDF password ---------------------------------------


def test_deeply_nested_key_file_is_a_clear_error_not_a_crash(cli_vault: Path) -> None:
    (cli_vault / "vault.keys").write_bytes(b"[" * 200_000)
    result = run_cli("check", data_dir=cli_vault, env=ENV)
    assert result.returncode == 1, result.stderr  # main: exit 3 (RecursionError)
    assert "damaged" in result.stderr and "Traceback" not in result.stderr


def container(header: bytes, db: bytes = b"") -> bytes:
    import hashlib

    body = b"PDBACKUP" + struct.pack(">I", len(header)) + header + db
    return body + hashlib.sha256(body).digest()


def test_deeply_nested_backup_header_is_a_clear_error_not_a_crash(cli_vault: Path, tmp_path: Path) -> None:
    bad = tmp_path / "nested.pdbackup"
    bad.write_bytes(container(b"[" * 500_000))
    listed = tmp_path / "v" / "backups"
    listed.mkdir(parents=True)
    (listed / "nested.pdbackup").write_bytes(bad.read_bytes())
    verify = run_cli("backup", "--verify", str(bad), env=ENV)
    assert verify.returncode == 1 and "nested too deeply" in verify.stderr, verify.stderr
    listing = run_cli("backups", "--json", data_dir=tmp_path / "v")
    assert listing.returncode == 0, listing.stderr
    assert [r["ok"] for r in json.loads(listing.stdout)] == [False]


def test_backups_reads_headers_only_a_sparse_1_5_gb_file_lists_in_little_memory(
    cli_vault: Path, tmp_path: Path
) -> None:
    made = run_cli("backup", data_dir=cli_vault, env=ENV)
    assert made.returncode == 0, made.stderr
    real = next((cli_vault / "backups").glob("manual-*.pdbackup"))
    header = json.loads(real.read_bytes()[12 : 12 + struct.unpack(">I", real.read_bytes()[8:12])[0]])
    size = 1_500_000_000
    header["db_size"] = size
    head = json.dumps(header, sort_keys=True).encode("ascii")
    big = cli_vault / "backups" / "huge.pdbackup"
    with open(big, "wb") as fh:  # sparse: header written, the rest a hole
        fh.write(b"PDBACKUP" + struct.pack(">I", len(head)) + head)
        fh.truncate(12 + len(head) + size + 32)
    assert big.stat().st_blocks * 512 < 10_000_000  # really sparse on this file system

    def limit_memory() -> None:  # reading the file whole (main) cannot fit: MemoryError, exit 3
        resource.setrlimit(resource.RLIMIT_AS, (1_000_000_000, 1_000_000_000))

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREVENT_DESKTOP_")}
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.cli", "--data-dir", str(cli_vault), "backups", "--json"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, preexec_fn=limit_memory,
    )
    assert result.returncode == 0, result.stderr
    rows = {Path(r["file"]).name: r for r in json.loads(result.stdout)}
    assert rows["huge.pdbackup"]["ok"] and rows[real.name]["ok"]  # header and size agree (checksum: --verify)


def test_terminal_control_characters_in_stored_text_are_never_printed_raw(tmp_path: Path) -> None:
    from datetime import date

    from prevent_desktop.domain.case_records import ConcernInput
    from prevent_desktop.services.cases import intake

    paths = DataPaths(tmp_path / "v")
    session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF)
    nasty = "Zoë\x1b]0;owned\x07\x1b[2J\x9b31m\u202eevil\r\n"
    try:
        case_id = intake.log_concern(session, ConcernInput(
            forenames="Zoë", surname="Example\x1b[31m", dob="", subject_role="soldier", raised_by_role="soldier",
            raiser_name="Cpl Test", concern_date=date(2026, 1, 5).strftime("%d/%m/%Y"), what_happened=nasty,
        ))
    finally:
        session.close()
    (paths.backups).mkdir(exist_ok=True)
    (paths.backups / "odd\x1b[2Jname.pdbackup").write_bytes(b"not a backup")
    outputs = []
    for argv in (["cases", "show", str(case_id)], ["cases", "list"], ["cases", "search", "Example"], ["backups"],
                 ["audit", "list"]):
        result = run_cli(*argv, data_dir=paths.root, env=ENV)
        assert result.returncode == 0, (argv, result.stderr)
        outputs.append(result.stdout + result.stderr)
    everything = "".join(outputs)
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\r"):
        assert raw not in everything, repr(raw)
    assert "\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202eevil" in outputs[0]  # shown, not obeyed
    shown = run_cli("cases", "show", str(case_id), "--json", data_dir=paths.root, env=ENV)
    assert "\x9b" not in shown.stdout and "\u202e" not in shown.stdout
    assert nasty in strings(json.loads(shown.stdout))  # JSON escapes it and still gives back the exact text


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for item in items for s in strings(item)]


def test_cli_pdf_password_follows_the_guis_minimum(cli_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    result = run_cli("export", "action-plan", "-o", str(out), "--encrypt", "--passphrase-stdin",
                     data_dir=cli_vault, stdin=f"{PASSPHRASE}\nx\n")
    assert result.returncode == 1 and "at least 8 characters" in result.stderr, result.stderr
    assert not out.exists()


# -- issue 14: backup -o FILE, global options ----------------------------------------------------------------


def test_backup_to_a_named_file_writes_exactly_that_file_and_restores_from_it(cli_vault: Path, tmp_path: Path) -> None:
    target = tmp_path / "nightly-copy"
    made = run_cli("backup", "-o", str(target), data_dir=cli_vault, env=ENV)
    assert made.returncode == 0, made.stderr
    assert target.is_file() and not target.with_name("nightly-copy.pdbackup").exists()  # main: FILE.pdbackup
    restored = run_cli("restore", str(target), data_dir=tmp_path / "fresh", env=ENV)
    assert restored.returncode == 0, restored.stderr
    assert run_cli("check", data_dir=tmp_path / "fresh", env=ENV).returncode == 0


@pytest.mark.parametrize("where", ["before", "after", "nested-after"])
def test_global_options_work_before_or_after_the_command(cli_vault: Path, where: str) -> None:
    opts = ["--data-dir", str(cli_vault), "--passphrase-stdin"]
    command = ["audit", "verify"]
    argv = {"before": [*opts, *command], "after": [command[0], *opts, command[1]],
            "nested-after": [*command, *opts]}[where]
    result = run_cli(*argv, stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    assert "the chain is intact" in result.stdout


def test_a_global_option_given_before_is_not_reset_by_the_command(cli_vault: Path, tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(cli_vault), "--passphrase-stdin", "check", stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    mixed = run_cli("--passphrase-stdin", "check", "--data-dir", str(cli_vault), stdin=PASSPHRASE + "\n")
    assert mixed.returncode == 0, mixed.stderr
    clash = run_cli("check", "--passphrase-stdin", "--recovery-key-stdin", data_dir=cli_vault)
    assert clash.returncode == 2 and "not allowed with" in clash.stderr


def test_the_cli_modules_no_longer_import_storage() -> None:
    import ast

    for rel in ("prevent_desktop/cli.py", "prevent_desktop/commands/audit.py", "prevent_desktop/commands/backup.py"):
        tree = ast.parse((ROOT / rel).read_text())
        imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m.startswith("prevent_desktop.storage")], rel


# -- item 7: core dumps, ptrace, secrets in the environment -------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and /proc are Linux")
def test_secrets_leave_the_environment_and_the_process_is_not_dumpable(cli_vault: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    secrets = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE, "PREVENT_DESKTOP_NEW_PASSPHRASE": NEW_PASSPHRASE,
               "PREVENT_DESKTOP_PDF_PASSWORD": "pdf password 123", "PREVENT_DESKTOP_EXPORT_PASSWORD": "export pw 123"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREVENT_DESKTOP_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.probe", str(report), "--data-dir", str(cli_vault), "check"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**env, **secrets},
    )
    try:
        assert proc.stdout is not None
        printed = [proc.stdout.readline().strip() for _ in range(4)]  # check's three lines, then the probe's
        assert printed[-1] == "ready", printed
        seen = json.loads(report.read_text())
        assert seen["rc"] == 0  # the command ran with the passphrase it was given
        assert seen["environ"] == [] and seen["child_environ"] == []  # gone from os.environ and from children
        assert seen["initial_block"] == []  # the exec-time block was overwritten too
        assert seen["dumpable"] == 0 and seen["core_limit"] == [0, 0]
        limits = Path(f"/proc/{proc.pid}/limits").read_text()
        assert any(ln.startswith("Max core file size") and ln.split()[4:6] == ["0", "0"] for ln in limits.splitlines())
        try:  # from outside: another process of the same user may not read it at all (root still can)
            outside = Path(f"/proc/{proc.pid}/environ").read_bytes()
        except PermissionError:
            assert os.geteuid() != 0
        else:
            assert os.geteuid() == 0
            assert not [v for v in secrets.values() if v.encode() in outside]
    finally:
        proc.communicate(timeout=30)


# -- Low: cases export warns, and offers an encrypted export that import reads ---------------------------------


def vault_with_a_case(root: Path, surname: str = "Wójcik-Sentinel") -> DataPaths:
    from datetime import date

    from prevent_desktop.domain.case_records import ConcernInput
    from prevent_desktop.services.cases import intake

    paths = DataPaths(root)
    session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF)
    try:
        intake.log_concern(session, ConcernInput(
            forenames="Alex", surname=surname, dob="", subject_role="soldier", raised_by_role="soldier",
            raiser_name="Cpl Test", concern_date=date(2026, 1, 5).strftime("%d/%m/%Y"), what_happened="Synthetic",
        ))
    finally:
        session.close()
    return paths


def test_plain_cases_export_warns_and_the_encrypted_one_round_trips(tmp_path: Path) -> None:
    source = vault_with_a_case(tmp_path / "a")
    plain = tmp_path / "cases.json"
    result = run_cli("cases", "export", "-o", str(plain), data_dir=source.root, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "PLAIN, readable JSON" in result.stderr and "--encrypt" in result.stderr  # main: silent
    assert "Wójcik-Sentinel" in plain.read_text(encoding="utf-8")

    sealed = tmp_path / "cases.sealed"
    result = run_cli("cases", "export", "-o", str(sealed), "--encrypt", "--passphrase-stdin",
                     data_dir=source.root, stdin=f"{PASSPHRASE}\nexport password 42\n")
    assert result.returncode == 0, result.stderr
    assert "PLAIN" not in result.stderr and "(encrypted)" in result.stdout
    raw = sealed.read_bytes()
    assert raw.startswith(b"PDSEALED") and b"Sentinel" not in raw and "Wójcik".encode() not in raw

    short = run_cli("cases", "export", "-o", str(tmp_path / "x"), "--encrypt", data_dir=source.root,
                    env={**ENV, "PREVENT_DESKTOP_EXPORT_PASSWORD": "short"})
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    assert not (tmp_path / "x").exists()

    target = DataPaths(tmp_path / "b")
    create_vault(target, PASSPHRASE, kdf=TEST_KDF)[0].close()
    wrong = run_cli("cases", "import", str(sealed), data_dir=target.root,
                    env={**ENV, "PREVENT_DESKTOP_EXPORT_PASSWORD": "not the password"})
    assert wrong.returncode == 1 and "wrong password" in wrong.stderr, wrong.stderr
    ok = run_cli("cases", "import", str(sealed), "--passphrase-stdin", data_dir=target.root,
                 stdin=f"{PASSPHRASE}\nexport password 42\n")
    assert ok.returncode == 0 and "Imported 1 case(s)" in ok.stdout, ok.stderr
    listed = run_cli("cases", "list", "--json", data_dir=target.root, env=ENV)
    assert [r["person"] for r in json.loads(listed.stdout)] == ["Alex Wójcik-Sentinel"]
