"""The main window: navigation to Home, Cases, Contacts, Action plan, Policies; lock; status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QListWidgetItem, QMainWindow, QMessageBox, QWidget

from prevent_desktop import __version__
from prevent_desktop.services.session import Session
from prevent_desktop.ui.forms.ui_main_window import Ui_MainWindow
from prevent_desktop.ui.pages.cases import CasesPage
from prevent_desktop.ui.pages.contacts import ContactsPage
from prevent_desktop.ui.pages.home import HomePage
from prevent_desktop.ui.pages.home import open_item as open_home_item
from prevent_desktop.ui.pages.plan import PlanPage
from prevent_desktop.ui.pages.policies import PoliciesPage
from prevent_desktop.ui.style import DEMO_BANNER_STYLE, NAV_STYLE

PageFactory = Callable[[Session, QWidget], QWidget]

AREAS: list[tuple[str, PageFactory]] = [
    ("Home", HomePage),
    ("Cases", CasesPage),
    ("Contacts", ContactsPage),
    ("Action plan", PlanPage),
    ("Policies", PoliciesPage),
]


class MainWindow(QMainWindow):
    lock_requested = Signal()
    quit_requested = Signal()
    settings_changed = Signal(list)

    def __init__(self, session: Session, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
            page = factory(session, self.ui.stack)
            page.setObjectName(f"page_{title.lower().replace(' ', '_')}")
            self.pages[title] = page
            self.ui.stack.addWidget(page)
            QListWidgetItem(title, self.ui.navList)
        home = self.pages.get("Home")
        if isinstance(home, HomePage):
            home.item_requested.connect(lambda item: open_home_item(self, item))
        self.ui.navList.setStyleSheet(NAV_STYLE)
        self.ui.navList.currentRowChanged.connect(self.ui.stack.setCurrentIndex)
        self.ui.navList.setCurrentRow(0)
        self.ui.actionLock.triggered.connect(self.lock_requested)
        self.ui.actionQuit.triggered.connect(self.quit_requested)
        self.ui.actionAbout.triggered.connect(self.about)
        self.ui.actionSettings.triggered.connect(self.open_settings)
        self.vault_label = QLabel(self)
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

    def show_area(self, title: str) -> QWidget:
        index = list(self.pages).index(title)
        self.ui.navList.setCurrentRow(index)
        return self.pages[title]

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
