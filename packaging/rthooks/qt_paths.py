"""Frozen build, run before the app: Qt loads plugins from this folder only, and Qt is not imported yet.

Replaces PyInstaller's PySide6 run-time hook (removed in the spec), which imports QtCore at start-up to register a
qt.conf: PySide6 wheels register their own when QtCore is first imported, and importing Qt up front costs every
admin command about 0.2 s and loads Qt where the source deliberately does not. What the old hook did that still
matters is kept: QT_PLUGIN_PATH points into the bundle, so a plugin path set in the environment is not used.
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6") if sys.platform == "win32" else os.path.join(sys._MEIPASS, "PySide6", "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
for _name in ("QT_QPA_PLATFORM_PLUGIN_PATH", "QML2_IMPORT_PATH", "QML_IMPORT_PATH"):
    os.environ.pop(_name, None)
del _qt, _name
