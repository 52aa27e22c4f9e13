"""The main window's areas. Each module gives a ``*Page`` widget built from a Session."""
