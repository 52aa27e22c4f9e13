"""Frozen-build smoke test (after qutebrowser's): run the built one-folder app the way a DSO and IT would.

    python packaging/frozen_smoke.py [dist/prevent-desktop]

It checks the folder first (SHA256SUMS, the files the app needs, nothing the build rules leave out, every
shared library resolvable, no test or benchmark code inside), then runs the frozen program, with no network
(each run inside ``unshare -n`` where the machine allows it; it says so where it does not), real product KDF
parameters (nothing here weakens Argon2id), a private HOME/TMPDIR and a clean environment:

- ``--version``; ``--smoke-test`` offscreen on a new data dir (set-up window) and on a vault (unlock window);
- ``init`` + ``check`` in a temporary data dir;
- a DEMO vault with synthetic cases: a referral pack exported and read back with ``pdftotext`` (the bundled
  DejaVu fonts embedded, per ``pdffonts``), an encrypted action plan (``qpdf``), a backup, ``backup --verify``,
  a restore into a new folder, ``check`` and the same cases there; its cases exported encrypted and imported into
  the first vault (its top level checked by jsonschema, each person and case by fastjsonschema's generated code);
- portable mode: a copy of the folder with ``portable.txt`` keeps its vault in ``PreventDesktopData/`` beside the
  executable and starts it from the ``organisation-profile.toml`` placed beside it, and ``--data-dir`` still wins;
- the xcb platform plugin under Xvfb, where ``xvfb-run`` exists.

Any run that exits non-zero, prints a stderr line not in ALLOWED_STDERR, or leaves a file in TMPDIR fails the
test; so does any file written under HOME other than Qt's settings, and any change to the built folder.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle
import checksums

PASSPHRASE = "orbit lantern cactus meadow 47"
PDF_PASSWORD = "smoke test pdf password"
DEPLOYED_ORGANISATION = "Smoke Test College of Further Education"
PROFILE = Path(__file__).resolve().parents[1] / "prevent_desktop" / "resources" / "profiles" / "mkc-training.toml"

# Known harmless stderr lines (each with its reason). Anything else fails the run.
ALLOWED_STDERR = (
    # Qt's offscreen platform (headless runs only) cannot honour a window's size hints.
    re.compile(r"^This plugin does not support propagateSizeHints\(\)$"),
)

# Files the app may write under HOME (Linux): Qt's window-geometry settings (ui/app.py: app_settings).
ALLOWED_HOME_FILES = (re.compile(r"^\.config/PreventDesktop/PreventDesktop\.ini$"),)


class SmokeFailure(Exception):
    pass


def network_wrapper() -> tuple[list[str], str]:
    """The command prefix that takes the network away, and a sentence saying what was used."""
    if sys.platform.startswith("linux") and shutil.which("unshare"):
        for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
            probe = subprocess.run([*prefix, "true"], capture_output=True)
            if probe.returncode == 0:
                return prefix, f"no network: every run inside `{' '.join(prefix)}` (a network namespace with no links)"
    return [], "NOTE: no network namespace available here (unshare -n failed): the runs had the host's network"


def clean_env(root: Path) -> dict[str, str]:
    """A private HOME, TMPDIR and runtime dir; nothing of ours (no PREVENT_DESKTOP_* at all) and no display."""
    for name in ("home", "tmp", "run", "foreign-plugins"):
        (root / name).mkdir(mode=0o700)
    if sys.platform == "win32":
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREVENT_DESKTOP_")}
        env.update(TMP=str(root / "tmp"), TEMP=str(root / "tmp"))
    else:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": str(root / "home")}
        env.update(TMPDIR=str(root / "tmp"), XDG_RUNTIME_DIR=str(root / "run"))
    env["QT_QPA_PLATFORM"] = "offscreen"
    # A plugin path from the environment must not be used: the bundle's run-time hook points Qt at its own.
    env["QT_PLUGIN_PATH"] = str(root / "foreign-plugins")
    return env


def unexpected(stderr: str) -> list[str]:
    lines = [ln.rstrip() for ln in stderr.splitlines() if ln.strip()]
    return [ln for ln in lines if not any(p.search(ln) for p in ALLOWED_STDERR)]


class Smoke:
    def __init__(self, folder: Path, work: Path) -> None:
        self.folder = folder
        self.exe = folder / (bundle.APP_NAME + (".exe" if sys.platform == "win32" else ""))
        if sys.platform == "win32":
            self.exe = folder / "prevent-desktop-cli.exe"
        self.work = work
        self.env = clean_env(work)
        self.tmp = work / "tmp"
        self.net, self.net_note = network_wrapper()
        self.paint: dict[str, float] = {}
        self.passed = 0

    # -------------------------------------------------------------------------------------------- running

    def ok(self, line: str) -> None:
        self.passed += 1
        print(f"ok    {line}")

    def run(
        self,
        step: str,
        *args: str,
        stdin: str = "",
        exe: Path | None = None,
        wrap: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
    ) -> str:
        argv = [*self.net, *wrap, str(exe or self.exe), *args]
        started = time.monotonic()
        try:
            proc = subprocess.run(
                argv, input=stdin, capture_output=True, text=True, env=env or self.env, timeout=300, check=False
            )
        except subprocess.TimeoutExpired:
            raise SmokeFailure(f"{step}: no answer in 300 s") from None
        if proc.returncode != 0:
            raise SmokeFailure(f"{step}: exit code {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}")
        bad = unexpected(proc.stderr)
        if bad:
            raise SmokeFailure(f"{step}: unexpected lines on stderr:\n  " + "\n  ".join(bad))
        left = sorted(p.name for p in self.tmp.iterdir())
        if left:
            raise SmokeFailure(f"{step}: left files in TMPDIR: {left}")
        self.ok(f"{step} ({time.monotonic() - started:.1f} s)")
        return proc.stdout

    def unlocked(self, step: str, data: Path, *args: str, extra_stdin: str = "", exe: Path | None = None) -> str:
        return self.run(
            step, "--data-dir", str(data), *args, "--passphrase-stdin", stdin=f"{PASSPHRASE}\n{extra_stdin}", exe=exe
        )

    def painted(self, step: str, data: Path, **kw: object) -> float:
        out = self.run(step, "--data-dir", str(data), "--smoke-test", **kw)  # type: ignore[arg-type]
        report = json.loads(out.strip().splitlines()[-1])
        return float(report["painted_ms"])

    # ---------------------------------------------------------------------------------------------- steps

    def check_folder(self) -> None:
        problems = checksums.verify(self.folder)
        if problems:
            raise SmokeFailure("SHA256SUMS does not match the folder:\n  " + "\n  ".join(problems[:20]))
        self.ok(f"SHA256SUMS: all {len(checksums.files(self.folder))} files match")
        inner = self.folder / "_internal"
        missing = [rel for rel in bundle.required_files() if not (inner / rel).is_file()]
        if missing:
            raise SmokeFailure(f"missing resources or plugins: {missing}")
        if not any(p.name.startswith("_rl_accel") for p in inner.iterdir()):  # ReportLab imports it by exec
            raise SmokeFailure("ReportLab's C accelerator _rl_accel is missing: PDFs would use its Python fallbacks")
        if not any(inner.rglob("_yajl2*")):  # ijson imports its backends by name
            raise SmokeFailure("ijson's C backend (_yajl2) is missing: `cases import` would parse in pure Python")
        present = [p.relative_to(inner).as_posix() for p in inner.rglob("*") if p.is_file() or p.is_symlink()]
        left_out = [rel for rel in present if bundle.drop_reason(rel)]
        if left_out:
            raise SmokeFailure(f"files the build rules leave out are in the folder: {left_out[:10]}")
        size = bundle.total_bytes(self.folder)
        if bundle.mib(size) > bundle.SIZE_LIMIT_MIB:
            raise SmokeFailure(f"the folder is {bundle.mib(size):.1f} MiB, over {bundle.SIZE_LIMIT_MIB} MiB")
        modules = bundle.archived_modules(self.exe)
        if modules is not None:
            shipped = [m for m in modules if bundle.is_excluded_module(m)]
            if shipped:
                raise SmokeFailure(f"modules the build excludes are in the executable: {shipped[:10]}")
            # imported inside functions (only when a file is imported): `cases import` needs both
            absent = [m for m in ("jsonschema", "fastjsonschema") if m not in modules]
            if absent:
                raise SmokeFailure(f"modules `cases import` needs are not in the executable: {absent}")
        scripts = bundle.startup_scripts(self.exe)
        if scripts is not None and ("pyi_rth_pyside6" in scripts or "qt_paths" not in scripts):
            raise SmokeFailure(f"start-up hooks: {scripts} (PySide6's imports Qt before main; ours must replace it)")
        if sys.platform.startswith("linux"):
            unresolved = bundle.unresolved_libraries(self.folder)
            if unresolved:
                raise SmokeFailure("shared libraries that do not resolve:\n  " + "\n  ".join(unresolved[:20]))
        self.ok(f"folder: {bundle.mib(size):.1f} MiB, required files present, nothing left-out inside")

    def version(self) -> None:
        out = self.run("--version", "--version").strip()
        if not re.fullmatch(r"prevent-desktop \d+\.\d+\.\d+", out):
            raise SmokeFailure(f"--version printed {out!r}")

    def init_and_check(self) -> Path:
        data = self.work / "vault"
        self.paint["set-up window"] = self.painted("--smoke-test offscreen, new data dir (set-up window)", data)
        if (data / "vault.db").exists():
            raise SmokeFailure("the set-up window created a vault before anyone asked for one")
        out = self.unlocked("init (real Argon2id parameters)", data, "init")
        if "Vault created" not in out:
            raise SmokeFailure(f"init printed {out!r}")
        if self.unlocked("check", data, "check").strip().splitlines()[-1:] != ["ok"]:
            raise SmokeFailure("check did not print ok")
        self.paint["unlock window"] = self.painted("--smoke-test offscreen, existing vault (unlock window)", data)
        return data

    def documents_backup_restore(self) -> None:
        demo = self.work / "demo"
        self.unlocked("init --demo", demo, "init", "--demo")
        self.unlocked("demo --cases 3", demo, "demo", "--cases", "3", "--seed", "12")
        cases = json.loads(self.unlocked("cases list --json", demo, "cases", "list", "--json"))
        if len(cases) != 3:
            raise SmokeFailure(f"expected 3 demo cases, found {len(cases)}")
        case = cases[0]
        pack = self.work / "referral-pack.pdf"
        self.unlocked("export referral-pack", demo, "export", "referral-pack", str(case["id"]), "-o", str(pack))
        plan = self.work / "action-plan.pdf"
        args = ("export", "action-plan", "-o", str(plan), "--encrypt")
        self.unlocked("export action-plan --encrypt", demo, *args, extra_stdin=PDF_PASSWORD + "\n")
        if self.have_tools("pdftotext", "pdffonts", "qpdf"):
            self.check_pdfs(pack, plan, case["ref"])
        backup = self.work / "demo.pdbackup"
        self.unlocked("backup", demo, "backup", "-o", str(backup))
        self.unlocked("backup --verify", demo, "backup", "--verify", str(backup))
        restored = self.work / "restored"
        self.unlocked("restore into a new folder", restored, "restore", str(backup))
        if self.unlocked("check (restored)", restored, "check").strip().splitlines()[-1:] != ["ok"]:
            raise SmokeFailure("check on the restored vault did not print ok")
        again = json.loads(self.unlocked("cases list --json (restored)", restored, "cases", "list", "--json"))
        if again != cases:
            raise SmokeFailure("the restored vault does not hold the same cases")

    def cases_export_import(self, vault: Path) -> None:
        """The demo vault's cases through an encrypted export into the first vault: the import checks the file
        against the schema (its top level with jsonschema, each person and case with the validator fastjsonschema
        writes as Python source and execs at run time)."""
        demo, exported = self.work / "demo", self.work / "cases-export.json"
        password = PDF_PASSWORD + "\n"
        self.unlocked("cases export --encrypt", demo, "cases", "export", "-o", str(exported), "--encrypt",
                      extra_stdin=password)
        out = self.unlocked("cases import (encrypted)", vault, "cases", "import", str(exported), extra_stdin=password)
        if "Imported 3 case(s)" not in out:
            raise SmokeFailure(f"cases import printed {out!r}")
        listed = {c["ref"] for c in json.loads(self.unlocked("cases list --json (imported)", vault, "cases", "list",
                                                               "--json"))}
        wanted = {c["ref"] for c in json.loads(self.unlocked("cases list --json (demo)", demo, "cases", "list",
                                                               "--json"))}
        if listed != wanted:
            raise SmokeFailure(f"the imported cases {sorted(listed)} are not the exported {sorted(wanted)}")

    def have_tools(self, *tools: str) -> bool:
        missing = [t for t in tools if not shutil.which(t)]
        if missing and sys.platform.startswith("linux"):
            raise SmokeFailure(f"{missing} not found: scripts/bootstrap.sh test installs poppler-utils and qpdf")
        if missing:
            print(f"skip  reading the PDFs back ({', '.join(missing)} not installed here)")
        return not missing

    def check_pdfs(self, pack: Path, plan: Path, ref: str) -> None:
        text = " ".join(pdf_text(pack).split())
        organisation = tomllib.loads(PROFILE.read_text(encoding="utf-8"))["organisation"]["name"]
        for wanted in ("OFFICIAL-SENSITIVE", f"Prevent referral pack — {ref}", organisation):
            if wanted not in text:
                raise SmokeFailure(f"the referral pack's text lacks {wanted!r}")
        fonts = pdf_fonts(pack)
        if not fonts or not all(emb and name.split("+")[-1] in DEJAVU for name, emb in fonts):
            raise SmokeFailure(f"the referral pack's fonts are not the embedded DejaVu family: {fonts}")
        names = sorted({name.split("+")[-1] for name, _ in fonts})
        self.ok(f"referral pack read back with pdftotext; fonts embedded: {', '.join(names)}")
        if subprocess.run(["qpdf", "--requires-password", str(plan)], capture_output=True).returncode != 0:
            raise SmokeFailure("the encrypted action plan opens without a password")
        if organisation not in " ".join(pdf_text(plan, password=PDF_PASSWORD).split()):
            raise SmokeFailure("the decrypted action plan lacks the organisation's name")
        self.ok("encrypted action plan: needs its password, and opens with it")

    def portable(self, other_vault: Path) -> None:
        """A copy of the folder with portable.txt (and an organisation profile IT deployed beside the program)."""
        usb = self.work / "usb" / "prevent-desktop"
        shutil.copytree(self.folder, usb, symlinks=True)
        (usb / "portable.txt").write_text("Portable mode: the vault lives in PreventDesktopData beside me.\n")
        shipped = PROFILE.read_text(encoding="utf-8")
        name = tomllib.loads(shipped)["organisation"]["name"]
        deployed = shipped.replace(f'name = "{name}"', f'name = "{DEPLOYED_ORGANISATION}"', 1)
        (usb / "organisation-profile.toml").write_text(deployed, encoding="utf-8")
        exe = usb / self.exe.name
        self.run("portable: init with no --data-dir", "init", "--passphrase-stdin", stdin=PASSPHRASE + "\n", exe=exe)
        if not (usb / "PreventDesktopData" / "vault.db").is_file():
            raise SmokeFailure("portable mode did not put the vault in PreventDesktopData beside the executable")
        if (Path(self.env.get("HOME", "")) / ".local" / "share" / "PreventDesktop").exists():
            raise SmokeFailure("portable mode still wrote into the user's data folder")
        plan = self.work / "portable-plan.pdf"
        args = ("export", "action-plan", "-o", str(plan), "--passphrase-stdin")
        self.run("portable: export action-plan", *args, stdin=PASSPHRASE + "\n", exe=exe)
        if self.have_tools("pdftotext"):
            if DEPLOYED_ORGANISATION not in " ".join(pdf_text(plan).split()):
                raise SmokeFailure("the new vault did not start from the organisation profile beside the program")
            self.ok("the new vault started from organisation-profile.toml beside the program")
        checked = self.unlocked("portable: --data-dir still wins", other_vault, "check", exe=exe)
        if checked.strip().splitlines()[-1:] != ["ok"]:  # the last line: key-slot lines come first
            raise SmokeFailure("--data-dir did not win over portable mode")

    def xcb(self, data: Path) -> None:
        if not (sys.platform.startswith("linux") and shutil.which("xvfb-run")):
            print("skip  xcb platform plugin (no xvfb-run here)")
            return
        env = dict(self.env, QT_QPA_PLATFORM="xcb")
        # -a takes the first free display from -n on; a random start keeps parallel runs off each other's display.
        wrap = ("xvfb-run", "-a", "-n", str(random.randrange(100, 2000)), "-s", "-screen 0 1366x768x24")
        self.paint["unlock window (xcb)"] = self.painted("--smoke-test xcb under Xvfb", data, wrap=wrap, env=env)

    def check_writes(self) -> None:
        if sys.platform == "win32":
            return
        home = Path(self.env["HOME"])
        written = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
        stray = [rel for rel in written if not any(pat.match(rel) for pat in ALLOWED_HOME_FILES)]
        if stray:
            raise SmokeFailure(f"the app wrote outside its data dir and Qt's settings: {stray}")
        runtime = sorted(p.name for p in (self.work / "run").iterdir())
        if runtime:
            raise SmokeFailure(f"the app left files in XDG_RUNTIME_DIR: {runtime}")
        self.ok(f"writes: only the data dirs and {written or 'no settings file'} under HOME")
        problems = checksums.verify(self.folder)
        if problems:
            raise SmokeFailure("the app changed its own folder:\n  " + "\n  ".join(problems[:20]))
        self.ok("the built folder is unchanged (SHA256SUMS still matches)")


DEJAVU = ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique")


def pdf_text(pdf: Path, password: str | None = None) -> str:
    args = ["pdftotext", *(["-upw", password] if password else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(name, embedded) for each font ``pdffonts`` lists."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    fonts = []
    for row in rows:
        cols = row.split()
        # name type... emb sub uni object ID: emb is the 5th column from the end
        fonts.append((cols[0], cols[-5] == "yes"))
    return fonts


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "dist/prevent-desktop").resolve()
    if not folder.is_dir():
        print(f"no built folder at {folder}: run bash packaging/build.sh first", file=sys.stderr)
        return 2
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="prevent-frozen-smoke.") as tmp:
        smoke = Smoke(folder, Path(tmp))
        print(smoke.net_note)
        try:
            smoke.check_folder()
            smoke.version()
            vault = smoke.init_and_check()
            smoke.documents_backup_restore()
            smoke.cases_export_import(vault)
            smoke.portable(vault)
            smoke.xcb(vault)
            smoke.check_writes()
        except SmokeFailure as exc:
            print(f"FAIL  {exc}", file=sys.stderr)
            print(f"frozen smoke: {smoke.passed} passed, 1 failed")
            return 1
    paint = ", ".join(f"{k} {v:.0f} ms" for k, v in smoke.paint.items())
    print(f"frozen smoke test took {time.monotonic() - started:.0f} s (first paint: {paint})")
    print(f"frozen smoke: {smoke.passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
