"""What is wrong with a profile: each problem has a path (``contacts[3].phones[0].number``), a sentence, and, when
the profile came from TOML text, the line where that path is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from prevent_desktop.errors import KnownError

Loc = tuple[str | int, ...]

_MAX_LISTED_PROBLEMS = 25


def format_path(loc: Loc) -> str:
    """``("contacts", 3, "phones", 0, "number")`` -> ``"contacts[3].phones[0].number"``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class Problem:
    """One problem: ``loc`` is the path as keys and list indexes (empty for the profile as a whole)."""

    loc: Loc
    message: str
    line: int | None = None

    @property
    def path(self) -> str:
        return format_path(self.loc)

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.loc else self.message
        return f"line {self.line}: {text}" if self.line is not None else text


class ProfileError(KnownError):
    """The organisation profile is not valid.

    ``problems`` lists each problem as text (``"line 130: contacts[3].phones[0].number: not a valid UK telephone
    number ..."``, the line only when the profile came from a file); ``issues`` holds the same as
    :class:`Problem`s."""

    def __init__(self, source: str, problems: Sequence[str | Problem]) -> None:
        self.source = source
        self.issues: tuple[Problem, ...] = tuple(p if isinstance(p, Problem) else Problem((), p) for p in problems)
        self.problems: tuple[str, ...] = tuple(str(p) for p in self.issues)
        shown = list(self.problems[:_MAX_LISTED_PROBLEMS])
        if len(self.problems) > _MAX_LISTED_PROBLEMS:
            shown.append(f"... and {len(self.problems) - _MAX_LISTED_PROBLEMS} more")
        if len(shown) == 1:
            message = f"Organisation profile {source} is not valid: {shown[0]}"
        else:
            message = f"Organisation profile {source} is not valid:\n" + "\n".join(f"- {p}" for p in shown)
        super().__init__(message)
