"""The main window: navigation to Home, Cases, Contacts, Action plan, Policies; lock; status bar; the keyboard
shortcuts (``SHORTCUTS``, one table: the Go and Help menus are built from it and the F1 help page lists it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
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
from prevent_desktop.ui.workers import NEXT_TURN_MS, reading_vault

PageFactory = Callable[[Session, QWidget], QWidget]

AREAS: list[tuple[str, PageFactory]] = [
    ("Home", HomePage),
    ("Cases", CasesPage),
    ("Contacts", ContactsPage),
    ("Action plan", PlanPage),
    ("Policies", PoliciesPage),
]
AREA_TITLES = tuple(title for title, _factory in AREAS)
# The Go menu's text for each area (its Alt+ letter unique among the menu bar's and every page's).
AREA_MENU_TEXT = {"Home": "&Home", "Cases": "&Cases", "Contacts": "C&ontacts", "Action plan": "&Action plan",
                  "Policies": "&Policies"}


class LazyPages(Mapping[str, QWidget]):
    """The areas' pages by title, in navigation order; a page is built the first time it is looked up. Iterating
    over the titles (``list(pages)``, ``title in pages``) builds nothing; ``built()`` lists the pages made so far."""

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        self._build = build
        self._pages: dict[str, QWidget] = {}

    def __getitem__(self, title: str) -> QWidget:
        page = self._pages.get(title)
        if page is None:
            if title not in AREA_TITLES:
                raise KeyError(title)
            page = self._pages[title] = self._build(title)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(AREA_TITLES)

    def __len__(self) -> int:
        return len(AREA_TITLES)

    def __contains__(self, title: object) -> bool:
        return title in AREA_TITLES

    def built(self) -> dict[str, QWidget]:
        return dict(self._pages)


# The pages built, hidden, on the turns after the main window's first paint at unlock (the others: when first
# shown). Cases is the list a DSO goes to from Home.
PREPARED = ("Cases",)


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
    vault_damaged = Signal()  # an area being built or worked out read a page that fails its check

    def __init__(
        self, session: Session, settings: QSettings, parent: QWidget | None = None, *, paint_first: bool = False
    ) -> None:
        """``paint_first`` (the controller's unlock): Home works its list out on the turns after the first paint,
        and the pages in ``PREPARED`` are built once that paint is over."""
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
        # Each page is built the first time it is shown (or asked for): the unlock paints Home without reading
        # what the other areas show (issue 11). ``pages`` is the mapping every caller uses: asking builds.
        self.pages = LazyPages(self._build_page)
        self._holders: dict[str, QScrollArea] = {}
        for title, _factory in AREAS:
            # Each page scrolls when the window is smaller than the page can shrink to (large text, small screen).
            holder = QScrollArea(self.ui.stack)
            holder.setObjectName(f"scroll_{title.lower().replace(' ', '_')}")
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a focus stop: Tab goes to what the page holds
            self._holders[title] = holder
            self.ui.stack.addWidget(holder)
            QListWidgetItem(title, self.ui.navList)
        home = self.pages["Home"]  # the landing area, built now
        if isinstance(home, HomePage):
            home.defer_first_refresh = paint_first
        self._prepare_after_paint = paint_first
        self.ui.navList.setStyleSheet(NAV_STYLE)
        scale_font(self.ui.navList, NAV_SCALE)
        nav_width = self.ui.navList.sizeHintForColumn(0) + 2 * self.ui.navList.frameWidth() + 24
        self.ui.navList.setMaximumWidth(max(self.ui.navList.maximumWidth(), nav_width))
        self.ui.navList.setMinimumWidth(max(self.ui.navList.minimumWidth(), nav_width))
        self.ui.navList.currentRowChanged.connect(self._row_changed)
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

    def _build_page(self, title: str) -> QWidget:
        factory = dict(AREAS)[title]
        holder = self._holders[title]
        page = factory(self.session, holder)
        page.setObjectName(f"page_{title.lower().replace(' ', '_')}")
        holder.setWidget(page)
        if isinstance(page, HomePage):
            page.item_requested.connect(lambda item: open_home_item(self, item))
        damage = getattr(page, "vault_damaged", None)  # a page that reads the vault after it is built says so
        if damage is not None:
            damage.connect(self.vault_damaged)
        return page

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(AREAS) and not self._built(AREAS[row][0]):  # built before it is shown
            return
        self.ui.stack.setCurrentIndex(row)

    def _built(self, title: str) -> bool:
        """Build the area's page if it is not yet; False when a page it reads fails its check (then the window's
        owner is told, locks and says so)."""
        return reading_vault(self.vault_damaged, lambda: self.pages[title]) is not None

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._prepare_after_paint:
            # Called as the paint begins, before the pages in the window paint: a queued call runs once the paint
            # is over, and starts the preparing a turn later (a timer started here fired in the pass right after
            # the paint: one stall of the paint and the build, 52-61 ms; at show, before the first paint: 40 ms).
            self._prepare_after_paint = False
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(NEXT_TURN_MS, self, self._prepare_areas))

    def _prepare_areas(self) -> None:
        """At unlock, a turn after the window's first paint is over: build the pages in ``PREPARED``, hidden, each on
        a turn of its own. Cases is where a DSO goes next; built now, going there only shows and paints it, and
        does not fall in the same turn as one of Home's steps (its build alone is ~20 ms at 100,000 cases)."""
        if not self.session.vault.is_open or not self.isVisible():  # locked, or closing, meanwhile
            return
        waiting = [title for title in PREPARED if title not in self.pages.built()]
        if waiting and self._built(waiting[0]) and len(waiting) > 1:
            QTimer.singleShot(NEXT_TURN_MS, self, self._prepare_areas)

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
        for title, factory in AREAS:  # the page classes' own lists: no page is built for the help
            keys = list(getattr(factory, "keys", ()))
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
