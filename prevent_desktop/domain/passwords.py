"""The one rule for passwords that protect a file leaving the vault (encrypted PDFs, encrypted case exports).

The GUI's export dialog, the CLI's ``export --encrypt`` and ``cases export --encrypt`` and the services that
encrypt all call ``check_file_password``: a file that leaves the vault is only as safe as its password.
"""

from __future__ import annotations

from prevent_desktop.errors import ValidationError

MIN_FILE_PASSWORD = 8


def file_password_problem(password: str, what: str = "password") -> str | None:
    if len(password) < MIN_FILE_PASSWORD:
        return f"The {what} needs at least {MIN_FILE_PASSWORD} characters."
    return None


def check_file_password(password: str, what: str = "password") -> None:
    problem = file_password_problem(password, what)
    if problem:
        raise ValidationError(problem + " Nothing was written.")
