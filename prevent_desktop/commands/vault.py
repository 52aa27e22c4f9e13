"""init, check, passphrase, recovery-key."""

from __future__ import annotations

import argparse
from pathlib import Path

from prevent_desktop.commands.context import ENV_PASSPHRASE, Context
from prevent_desktop.errors import KnownError
from prevent_desktop.hardening import env_secret
from prevent_desktop.storage.atomic import write_atomically


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create a new vault and seed the organisation profile")
    p.add_argument(
        "--organisation-profile", metavar="FILE", help="TOML profile to seed instead of the default"
    )
    p.add_argument(
        "--recovery-key-out", metavar="FILE", help="write the recovery key to FILE instead of stdout"
    )
    p.add_argument("--user-name", default=None, help="your name as it appears in records (default: DSO)")
    p.add_argument("--demo", action="store_true", help="create a DEMO vault for training (watermarked)")
    p.set_defaults(handler=run_init)

    p = sub.add_parser("check", help="unlock and verify the vault's integrity and schema")
    p.set_defaults(handler=run_check)

    p = sub.add_parser("passphrase", help="change the passphrase (rewrites the key slot only)")
    p.set_defaults(handler=run_passphrase)

    p = sub.add_parser("recovery-key", help="make a new recovery key; the old one stops working")
    p.add_argument("--recovery-key-out", metavar="FILE", help="write the new recovery key to FILE")
    p.set_defaults(handler=run_recovery_key)

    p = sub.add_parser(
        "rekey",
        help="re-encrypt the database under a new random key (backup first; new recovery key)",
        description="Re-encrypt the whole database under a new random key (PRAGMA rekey). A verified backup is "
        "made first; the passphrase stays the same; a NEW recovery key is made and shown once (the old one stops "
        "working). Unlock with the passphrase.",
    )
    p.add_argument("--recovery-key-out", metavar="FILE", help="write the new recovery key to FILE")
    p.set_defaults(handler=run_rekey)


def _init_passphrase(ctx: Context) -> str:
    if ctx.args.passphrase_stdin:
        return ctx.stdin.next("passphrase")
    env = env_secret(ENV_PASSPHRASE)
    if env is not None:
        return env
    return ctx.new_passphrase("Choose a vault passphrase: ")


def _show_recovery_key(ctx: Context, key: str, out_file: str | None) -> None:
    text = (
        "Recovery key (shown once; print it or write it down and keep it locked away):\n"
        f"  {key}\n"
        "It opens the vault if the passphrase is forgotten.\n"
    )
    if out_file:
        write_atomically(Path(out_file), (key + "\n").encode("ascii"))
        ctx.out.write(f"Recovery key written to {out_file}.\n")
    else:
        ctx.out.write(text)


def run_init(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.vault_service import create_vault

    paths = ctx.paths
    if paths.exists():
        raise KnownError(f"A vault already exists in {paths.root}; it was left untouched.")
    passphrase = _init_passphrase(ctx)
    profile = Path(args.organisation_profile) if args.organisation_profile else None
    session, recovery = create_vault(
        paths, passphrase, user_name=args.user_name or "DSO", profile_path=profile, demo=args.demo
    )
    try:
        ctx.out.write(f"Vault created in {paths.root}\n")
        if args.demo:
            ctx.out.write("This is a DEMO vault for training: do not record real people in it.\n")
        _show_recovery_key(ctx, recovery, args.recovery_key_out)
    finally:
        session.close()
    return 0


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.vault_service import check, kdf_warning, key_slots

    session = ctx.open_session()
    try:
        problems = check(session)
        warning = kdf_warning(session)
        slots = key_slots(session)
    finally:
        session.close()
    ctx.out.write("".join(f"key slot {line}\n" for line in slots))
    if warning:
        ctx.err.write(warning + "\n")
    if problems:
        ctx.err.write("The vault check found problems:\n" + "".join(f"  {p}\n" for p in problems[:20]))
        return 1
    ctx.out.write("ok\n")
    return 0


def run_passphrase(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.vault_service import change_passphrase

    session = ctx.open_session()
    try:
        new = ctx.new_passphrase()
        change_passphrase(session, new)
    finally:
        session.close()
    ctx.out.write("Passphrase changed.\n")
    return 0


def run_recovery_key(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.vault_service import regenerate_recovery_key

    session = ctx.open_session()
    try:
        key = regenerate_recovery_key(session)
        _show_recovery_key(ctx, key, args.recovery_key_out)
    finally:
        session.close()
    return 0


def run_rekey(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.backup_service import rekey
    from prevent_desktop.services.vault_service import open_session
    from prevent_desktop.storage.keyslots import PASSPHRASE

    secret = ctx.unlock_secret()
    if secret.kind != PASSPHRASE:
        raise KnownError("Re-keying needs the passphrase (the recovery key is replaced by a new one).")
    session = open_session(ctx.paths, secret)
    try:
        recovery, info = rekey(session, secret.text)
    finally:
        session.close()
    ctx.out.write(f"The database was re-encrypted under a new key. The backup made first: {info.path}\n")
    _show_recovery_key(ctx, recovery, args.recovery_key_out)
    return 0
