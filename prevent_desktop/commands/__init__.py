"""Admin CLI subcommands, one module per area; each module exposes ``register(subparsers)``.

Each handler is ``run(args, ctx) -> int``. Handlers call services only; no Qt is imported here.
"""

COMMAND_MODULES = (
    "prevent_desktop.commands.vault",
    "prevent_desktop.commands.contacts",
    "prevent_desktop.commands.plan",
    "prevent_desktop.commands.cases",
    "prevent_desktop.commands.home",
    "prevent_desktop.commands.export",
    "prevent_desktop.commands.backup",
    "prevent_desktop.commands.audit",
    "prevent_desktop.commands.settings",
)
