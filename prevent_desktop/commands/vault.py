"""init, check, passphrase, recovery-key, rekey, accept-rollback.

A new recovery key is always shown (or written to ``--recovery-key-out``) BEFORE the slot that depends on it is
committed: if it cannot be written, nothing changes and the old secrets keep working.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from prevent_desktop.commands.context import ENV_PASSPHRASE, Context
from prevent_desktop.errors import KnownError
from prevent_desktop.hardening import env_secret

if TYPE_CHECKING:
    from prevent_desktop.services.backup_service import RevocationReport
    from prevent_desktop.services.session import Session
    from prevent_desktop.services.vault_service import Secret

_REVOKE_HELP = (
    "re-encrypt the vault under a new key, re-encrypt every backup in the backups folder, and make a new recovery "
    "key (shown once): the old passphrase and recovery key then open nothing the app keeps"
)


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

    p = sub.add_parser(
        "check",
        help="unlock and verify the vault: integrity, schema, audit chain, append-only guards, rollback anchor",
    )
    p.set_defaults(handler=run_check)

    p = sub.add_parser(
        "passphrase",
        help="change the passphrase (a key-slot rewrite; with --revoke a full re-key)",
        description="Change the passphrase. By default only its key slot is rewritten: the vault's key stays, so "
        "a backup or key file made before still opens with the old passphrase. If the old passphrase may be known "
        "to someone, use --revoke.",
    )
    p.add_argument("--revoke", action="store_true", help=_REVOKE_HELP)
    p.add_argument("--recovery-key-out", metavar="FILE", help="with --revoke: write the new recovery key to FILE")
    p.set_defaults(handler=run_passphrase)

    p = sub.add_parser(
        "recovery-key",
        help="make a new recovery key; the vault and its backups are re-encrypted so the old key opens nothing",
        description="Make a new recovery key (shown once, before it is put in force). The vault and every backup "
        "in the backups folder are re-encrypted under a new key, so the old recovery key opens none of them. "
        "Unlock with the passphrase (it stays the same).",
    )
    p.add_argument("--recovery-key-out", metavar="FILE", help="write the new recovery key to FILE")
    p.set_defaults(handler=run_recovery_key)

    p = sub.add_parser(
        "rekey",
        help="re-encrypt the database under a new random key (backup first; new recovery key)",
        description="Re-encrypt the whole database under a new random key (PRAGMA rekey), and every backup in the "
        "backups folder with it. A verified backup is made first; the passphrase stays the same; a NEW recovery "
        "key is made and shown once, before it is put in force; the old recovery key then opens nothing the app "
        "keeps (a backup copied elsewhere before still opens with it, as it was then). Unlock with the passphrase.",
    )
    p.add_argument("--recovery-key-out", metavar="FILE", help="write the new recovery key to FILE")
    p.set_defaults(handler=run_rekey)

    p = sub.add_parser(
        "accept-rollback",
        help="keep working with a vault found older than its anchor (recorded in the audit log)",
        description="When unlock reports that the vault is older than it was at its last lock or backup (an "
        "older copy of its files was put back), restore the newest backup, or accept the state in place with this "
        "command: the decision is recorded in the audit log and the check stops reporting it.",
    )
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation (scripts)")
    p.set_defaults(handler=run_accept_rollback)


def _init_passphrase(ctx: Context) -> str:
    if ctx.args.passphrase_stdin:
        return ctx.stdin.next("passphrase")
    env = env_secret(ENV_PASSPHRASE)
    if env is not None:
        return env
    return ctx.new_passphrase("Choose a vault passphrase: ")


def _show_recovery_key(ctx: Context, key: str, out_file: str | None) -> None:
    """Show or write the new key BEFORE it is committed (a failure here changes nothing)."""
    from prevent_desktop.services.vault_service import write_recovery_key_file

    if out_file:
        write_recovery_key_file(Path(out_file), key)
        ctx.out.write(f"Recovery key written to {out_file}.\n")
    else:
        ctx.out.write(
            "Recovery key (shown once; print it or write it down and keep it locked away):\n"
            f"  {key}\n"
            "It opens the vault if the passphrase is forgotten.\n"
        )
    ctx.out.flush()


def run_init(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.vault_service import check_new_vault, create_vault, new_recovery_key

    paths = ctx.paths
    if paths.exists():
        raise KnownError(f"A vault already exists in {paths.root}; it was left untouched.")
    passphrase = _init_passphrase(ctx)
    profile = Path(args.organisation_profile) if args.organisation_profile else None
    user = args.user_name or "DSO"
    check_new_vault(paths, passphrase, user_name=user, profile_path=profile)
    recovery = new_recovery_key()
    out = Path(args.recovery_key_out) if args.recovery_key_out else None
    existed = out is not None and out.exists()
    _show_recovery_key(ctx, recovery, args.recovery_key_out)
    try:
        session, _ = create_vault(
            paths, passphrase, user_name=user, profile_path=profile, demo=args.demo, recovery_key=recovery
        )
    except BaseException:
        if out is not None and not existed:
            out.unlink(missing_ok=True)  # the key of a vault that was never made
        raise
    with session:
        ctx.out.write(f"Vault created in {paths.root}\n")
        if args.demo:
            ctx.out.write("This is a DEMO vault for training: do not record real people in it.\n")
    return 0


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.vault_service import (
        check,
        damage_found_message,
        kdf_warning,
        key_slots,
        rollback_message,
    )

    with ctx.open_session(allow_rollback=True) as session:
        problems = check(session)
        warning = kdf_warning(session)
        slots = key_slots(session)
        rollback = list(session.rollback)
    ctx.out.write("".join(f"key slot {line}\n" for line in slots))
    if warning:
        ctx.err.write(warning + "\n")
    if rollback:
        ctx.err.write(rollback_message(ctx.paths, rollback) + "\n")
    if problems:
        ctx.err.write("The vault check found problems:\n" + "".join(f"  {p}\n" for p in problems[:20]))
        ctx.err.write(damage_found_message(ctx.paths, len(problems)) + "\n")  # the way out: the newest backup
        return 1
    ctx.out.write("ok\n")
    return 0


def _passphrase_secret(ctx: Context, what: str) -> Secret:
    from prevent_desktop.services.vault_service import PASSPHRASE

    secret = ctx.unlock_secret()
    if secret.kind != PASSPHRASE:
        raise KnownError(
            f"{what} needs the passphrase (it stays in force under the new key); nothing was changed. If it is "
            "forgotten, unlock with the recovery key and set a new one: prevent-desktop --recovery-key-stdin "
            "passphrase --revoke"
        )
    return cast("Secret", secret)


def _revoke(
    ctx: Context, session: Session, passphrase: str, out_file: str | None, *, new_passphrase: bool
) -> RevocationReport:
    from prevent_desktop.services.backup_service import revoke
    from prevent_desktop.services.vault_service import new_recovery_key

    recovery = new_recovery_key()
    _show_recovery_key(ctx, recovery, out_file)
    report = revoke(session, passphrase=passphrase, recovery_key=recovery, new_passphrase=new_passphrase)
    ctx.out.write("The new recovery key is now in force.\n")  # what the old secrets still open: the summary
    ctx.out.write(report.summary() + "\n")
    return report


def run_passphrase(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.vault_service import PASSPHRASE_ONLY_CONSEQUENCE, change_passphrase, require_strong

    with ctx.open_session() as session:
        new = ctx.new_passphrase()
        if args.revoke:
            require_strong(new, [session.user])  # refused before a recovery key is shown
            _revoke(ctx, session, new, args.recovery_key_out, new_passphrase=True)
            ctx.out.write("Passphrase changed.\n")
            return 0
        if args.recovery_key_out:
            raise KnownError("--recovery-key-out goes with --revoke (a plain change makes no recovery key).")
        change_passphrase(session, new)
    ctx.out.write("Passphrase changed.\n" + PASSPHRASE_ONLY_CONSEQUENCE + " (prevent-desktop passphrase --revoke)\n")
    return 0


def run_recovery_key(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.vault_service import open_session

    secret = _passphrase_secret(ctx, "Making a new recovery key")
    with open_session(ctx.paths, secret) as session:
        _revoke(ctx, session, secret.text, args.recovery_key_out, new_passphrase=False)
    return 0


def run_rekey(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.vault_service import open_session

    secret = _passphrase_secret(ctx, "Re-keying")
    with open_session(ctx.paths, secret) as session:
        report = _revoke(ctx, session, secret.text, args.recovery_key_out, new_passphrase=False)
    safety = report.safety
    if safety is not None:
        ctx.out.write(f"The database was re-encrypted under a new key. The backup made first: {safety.path}\n")
    return 0


def run_accept_rollback(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.vault_service import accept_rollback, rollback_message

    with ctx.open_session(allow_rollback=True) as session:
        if not session.rollback:
            ctx.out.write("Nothing to accept: the vault is not older than its rollback anchor.\n")
            return 0
        ctx.err.write(rollback_message(ctx.paths, session.rollback) + "\n")
        if not args.yes:
            if not sys.stdin.isatty():
                raise KnownError("Accepting needs confirmation: add --yes (scripts) or run it in a terminal.")
            if input("Keep working with this state? Type 'accept' to go on: ").strip().lower() != "accept":
                ctx.out.write("Nothing was changed.\n")
                return 1
        accept_rollback(session)
    ctx.out.write("Accepted: this state is now the vault's reference, and the decision is in the audit log.\n")
    return 0
