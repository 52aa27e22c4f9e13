"""Key contacts use cases, one module per concern (import the module you need; nothing is re-exported here):

* ``directory``: the directory, search and contacts due for re-verification.
* ``editing``: add, edit, retire, restore, mark verified, and the field-by-field history.
* ``transfer``: CSV and vCard import (parse strictly, preview, apply all or nothing) and export.
* ``routing``: the vault's profile with its live contacts (``vault_profile``), and "Who do I call for…".
* ``settings``: the contacts settings (stale months, clipboard clearing).

The GUI and the CLI both call these. Every change is one transaction with its history rows and its audit entry
(ids and counts only).
"""
