"""The main window: navigation to Home, Cases, Contacts, Action plan, Policies; lock; status bar; the keyboard
shortcuts (``SHORTCUTS``, one table: the Go and Help menus are built from it and the F1 help page lists it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from prevent_desktop import __version__
from prevent_desktop.services.session import Session
from prevent_desktop.ui import a11y
from prevent_desktop.ui.forms.ui_main_window import Ui_MainWindow
from prevent_desktop.ui.pages.cases import CasesPage
from prevent_desktop.ui.pages.contacts import ContactsPage
from prevent_desktop.ui.pages.home import HomePage
from prevent_desktop.ui.pages.home import open_item as open_home_item
from prevent_desktop.ui.pages.plan import PlanPage
from prevent_desktop.ui.pages.policies import PoliciesPage
from prevent_desktop.ui.style import DEMO_BANNER_STYLE, NAV_SCALE, NAV_STYLE, scale_font

PageFactory = Callable[[Session, QWidget], QWidget]

AREAS: list[tuple[str, PageFactory]] = [
    ("Home", HomePage),
    ("Cases", CasesPage),
    ("Contacts", ContactsPage),
    ("Action plan", PlanPage),
    ("Policies", PoliciesPage),
]
# The Go menu's text for each area (its Alt+ letter unique among the menu bar's and every page's).
AREA_MENU_TEXT = {"Home": "&Home", "Cases": "&Cases", "Contacts": "C&ontacts", "Action plan": "&Action plan",
                  "Policies": "&Policies"}


@dataclass(frozen=True)
class Shortcut:
    """One keyboard shortcut of the main window: the menu it sits in, its action's text and what it does."""

    keys: str  # QKeySequence text, portable form ("Ctrl+1")
    menu: str  # "go" or "help"
    text: str  # the action's text, with its Alt+ letter
    what: str  # for the help page
    slot: str  # the MainWindow method it calls; an area's index for the area shortcuts is its argument
    argument: str = ""


SHORTCUTS: tuple[Shortcut, ...] = (
    *(
        Shortcut(f"Ctrl+{i}", "go", AREA_MENU_TEXT[title], f"Go to {title}", "show_area", title)
        for i, (title, _factory) in enumerate(AREAS, start=1)
    ),
    Shortcut("Ctrl+N", "go", "&Log a concern…", "Log a new concern (opens Cases)", "log_concern"),
    Shortcut("Ctrl+F", "go", "&Find in this area", "Go to the search or filter box of the area you are in",
             "focus_search"),
    Shortcut("F1", "help", "Prevent Desktop &help", "This help: what each area is for, and these shortcuts",
             "show_help"),
)


class MainWindow(QMainWindow):
    lock_requested = Signal()
    quit_requested = Signal()
    settings_changed = Signal(list)

    def __init__(self, session: Session, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        a11y.install()  # the app-wide keyboard and screen-reader rules (the controller installs them first)
        self.session = session
        self.settings = settings
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        # The title never carries personal data: the product name and the vault state only.
        self.setWindowTitle("Prevent Desktop")
        self.ui.demoBanner.setStyleSheet(DEMO_BANNER_STYLE)
        self.ui.demoBanner.setVisible(session.demo)
        self.pages: dict[str, QWidget] = {}
        for title, factory in AREAS:
            # Each page scrolls when the window is smaller than the page can shrink to (large text, small screen).
            holder = QScrollArea(self.ui.stack)
            holder.setObjectName(f"scroll_{title.lower().replace(' ', '_')}")
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a focus stop: Tab goes to what the page holds
            page = factory(session, holder)
            page.setObjectName(f"page_{title.lower().replace(' ', '_')}")
            holder.setWidget(page)
            self.pages[title] = page
            self.ui.stack.addWidget(holder)
            QListWidgetItem(title, self.ui.navList)
        home = self.pages.get("Home")
        if isinstance(home, HomePage):
            home.item_requested.connect(lambda item: open_home_item(self, item))
        self.ui.navList.setStyleSheet(NAV_STYLE)
        scale_font(self.ui.navList, NAV_SCALE)
        nav_width = self.ui.navList.sizeHintForColumn(0) + 2 * self.ui.navList.frameWidth() + 24
        self.ui.navList.setMaximumWidth(max(self.ui.navList.maximumWidth(), nav_width))
        self.ui.navList.setMinimumWidth(max(self.ui.navList.minimumWidth(), nav_width))
        self.ui.navList.currentRowChanged.connect(self.ui.stack.setCurrentIndex)
        self.ui.navList.setCurrentRow(0)
        self.ui.actionLock.triggered.connect(self.lock_requested)
        self.ui.actionQuit.triggered.connect(self.quit_requested)
        self.ui.actionAbout.triggered.connect(self.about)
        self.ui.actionSettings.triggered.connect(self.open_settings)
        self.shortcut_actions: dict[str, QAction] = {}
        self._add_shortcuts()
        self.vault_label = a11y.ElidedLabel(self)  # a long path shortens itself rather than widen the window
        self.org_label = QLabel(self)
        self.ui.statusbar.addWidget(self.vault_label, 1)
        self.ui.statusbar.addPermanentWidget(self.org_label)
        state = "DEMO vault unlocked" if session.demo else "Vault unlocked"
        self.vault_label.setText(f"{state} — {session.vault.paths.root}")
        self.org_label.setText(session.organisation_name)
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self._closing_for_lock = False

    def _add_shortcuts(self) -> None:
        """The Go menu and the F1 help action, from ``SHORTCUTS``."""
        self.menu_go = QMenu("&Go", self.ui.menubar)
        self.menu_go.setObjectName("menuGo")
        self.ui.menubar.insertMenu(self.ui.menuHelp.menuAction(), self.menu_go)
        menus = {"go": self.menu_go, "help": self.ui.menuHelp}
        for shortcut in SHORTCUTS:
            action = QAction(shortcut.text, self)
            action.setObjectName(f"action_{shortcut.keys.replace('+', '_')}")
            action.setShortcut(QKeySequence(shortcut.keys))
            action.setToolTip(f"{shortcut.what} ({shortcut.keys})")
            slot = getattr(self, shortcut.slot)
            if shortcut.argument:
                action.triggered.connect(lambda _checked=False, s=slot, a=shortcut.argument: s(a))
            else:
                action.triggered.connect(lambda _checked=False, s=slot: s())
            menu = menus[shortcut.menu]
            if shortcut.menu == "help":
                menu.insertAction(self.ui.actionAbout, action)
            else:
                if shortcut.slot == "log_concern":
                    menu.addSeparator()
                menu.addAction(action)
            self.shortcut_actions[shortcut.keys] = action
        self.ui.menuHelp.insertSeparator(self.ui.actionAbout)

    def shortcut_table(self) -> list[tuple[str, str]]:
        """Every keyboard shortcut the window's menus register, as (keys, what it does), read from the actions
        themselves: the help page can never list one that is not there."""
        rows: list[tuple[str, str]] = []
        for menu in (self.ui.menuVault, self.menu_go, self.ui.menuHelp):
            for action in menu.actions():
                if action.shortcut().isEmpty():
                    continue
                what = action.toolTip().rsplit(" (", 1)[0]  # "Lock the vault now (Ctrl+L)" -> "Lock the vault now"
                rows.append((action.shortcut().toString(QKeySequence.SequenceFormat.NativeText), what))
        return rows

    def show_area(self, title: str) -> QWidget:
        index = list(self.pages).index(title)
        self.ui.navList.setCurrentRow(index)
        return self.pages[title]

    def log_concern(self) -> None:
        """Ctrl+N: Cases, then the Log a concern dialog."""
        page = self.show_area("Cases")
        log = getattr(page, "log_concern", None)
        if log is not None:
            log()

    def focus_search(self) -> bool:
        """Ctrl+F: the current area's search or filter box; says so in the status bar when the area has none."""
        page = self.pages[self.current_area()]
        focus = getattr(page, "focus_search", None)
        if focus is not None and focus():
            return True
        self.statusBar().showMessage(f"{self.current_area()} has no search box.", 5000)
        return False

    def show_help(self) -> QWidget:
        from prevent_desktop.ui.help import HelpDialog

        dialog = HelpDialog(self.help_sections(), self)
        self.help_dialog = dialog
        dialog.open()
        return dialog

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The help page's shortcut tables: the menus' shortcuts, then each area's own keys (``keys`` on the
        page, the same list the page registers its shortcuts from)."""
        sections = [("Everywhere in the main window", self.shortcut_table())]
        for title, page in self.pages.items():
            keys = list(getattr(page, "keys", ()))
            if keys:
                sections.append((title, keys))
        return sections

    def _open_area(self, title: str) -> None:
        if title in self.pages:
            self.show_area(title)

    def _open_case(self, case_id: int) -> None:
        page = self.show_area("Cases")
        open_case = getattr(page, "open_case", None)
        if open_case is not None:
            open_case(case_id)

    def current_area(self) -> str:
        return list(self.pages)[self.ui.stack.currentIndex()]

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Prevent Desktop",
            f"Prevent Desktop {__version__}\n\nAn offline, encrypted record of Prevent concerns, referrals, "
            "actions and outcomes. It never connects to a network.",
        )

    def open_settings(self) -> None:
        from prevent_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session, self)
        if dialog.exec() and dialog.changed:
            self.settings_changed.emit(dialog.changed)

    def save_geometry(self) -> None:
        self.settings.setValue("main_window/geometry", self.saveGeometry())

    def close_for_lock(self) -> None:
        self._closing_for_lock = True
        self.save_geometry()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        if not self._closing_for_lock:
            self.quit_requested.emit()
        super().closeEvent(event)
