"""Use cases that both the GUI and the CLI call. Qt-free."""
