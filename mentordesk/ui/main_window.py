"""The thin shell: navigation, pages in a stack, menus and the status bar. No business logic here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk import APP_NAME, __version__
from mentordesk.ui.resources import icon
from mentordesk.ui.widgets.empty_state import EmptyState

if TYPE_CHECKING:
    from mentordesk.ui.events import DataEvents
    from mentordesk.ui.widgets.warning_banner import WarningBanner


class MainWindow(QMainWindow):
    first_shown = Signal()
    load_demo_requested = Signal()
    log_session_requested = Signal()
    plan_session_requested = Signal()
    switch_worker_requested = Signal()
    back_up_requested = Signal()
    restore_requested = Signal()

    # (key, icon) in sidebar order; titles are translated in _page_title().
    PAGES = ("today", "mentees", "sessions", "certificates", "dashboard", "settings")

    def __init__(self, location: str, events: DataEvents, state: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._events = events
        self._state = state
        self._shown_once = False
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("mentordesk"))
        self.setMinimumSize(QSize(760, 520))

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(22, 22))
        self.sidebar.setSpacing(2)
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for key in self.PAGES:
            item = QListWidgetItem(icon(key), self._page_title(key))
            item.setSizeHint(QSize(0, 40))
            self.sidebar.addItem(item)
        self.sidebar.setFixedWidth(190)
        self.sidebar.setEnabled(False)

        self.stack = QStackedWidget()
        self.loading = EmptyState(icon("mentordesk"), self.tr("Opening your data…"),
                                  self.tr("MentorDesk is checking and opening the database."))
        self.stack.addWidget(self.loading)
        self.sidebar.currentRowChanged.connect(self._show_page)
        # Clicking the selected entry again returns from a detail page to its list.
        self.sidebar.itemClicked.connect(lambda item: self._show_page(self.sidebar.row(item)))

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.location_label = QLabel(self.tr("Data: {location}").format(location=location))
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.location_label)
        self._build_menus()
        self._restore_state()
        self.setStyleSheet(
            "#sidebar { background: palette(alternate-base); padding-top: 8px; }"
            "#sidebar::item { padding-left: 10px; border-radius: 6px; margin: 0 6px; }"
            "#sidebar::item:selected { background: palette(highlight); color: palette(highlighted-text); }"
        )

    def _page_title(self, key: str) -> str:
        return {
            "today": self.tr("Today"),
            "mentees": self.tr("Mentees"),
            "sessions": self.tr("Sessions"),
            "certificates": self.tr("Certificates"),
            "dashboard": self.tr("Dashboard"),
            "settings": self.tr("Settings"),
        }[key]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.file_menu = file_menu
        self.load_demo_action = QAction(self.tr("Load &demo data…"), self)
        self.load_demo_action.setEnabled(False)
        self.load_demo_action.triggered.connect(self.load_demo_requested)
        file_menu.addAction(self.load_demo_action)
        self._add_backup_actions(file_menu)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        session_menu = self.menuBar().addMenu(self.tr("&Session"))
        self.log_session_action = QAction(self.tr("&Log session…"), self)
        # Logging a session is what people do most: one shortcut from anywhere in the window.
        self.log_session_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.log_session_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.log_session_action.triggered.connect(self.log_session_requested)
        self.plan_session_action = QAction(self.tr("&Plan session…"), self)
        self.plan_session_action.triggered.connect(self.plan_session_requested)
        self.session_actions = (self.log_session_action, self.plan_session_action)
        for action in self.session_actions:
            action.setEnabled(False)
            session_menu.addAction(action)

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        self.go_actions: list[QAction] = []
        for row, key in enumerate(self.PAGES):
            action = QAction(icon(key), self._page_title(key), self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.setEnabled(False)
            action.triggered.connect(lambda _checked=False, r=row: self.sidebar.setCurrentRow(r))
            go_menu.addAction(action)
            self.go_actions.append(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About MentorDesk"), self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _add_backup_actions(self, file_menu: QMenu) -> None:
        file_menu.addSeparator()
        self.back_up_action = QAction(self.tr("&Back up now…"), self)
        self.back_up_action.setToolTip(self.tr("Save a copy of all the data, e.g. on a USB stick"))
        self.back_up_action.triggered.connect(self.back_up_requested)
        self.restore_action = QAction(self.tr("&Restore from backup…"), self)
        self.restore_action.triggered.connect(self.restore_requested)
        for action in (self.back_up_action, self.restore_action):
            action.setEnabled(False)  # until the data is open
            file_menu.addAction(action)

    def show_warning(self, text: str) -> WarningBanner:
        """A dismissable warning above the pages (e.g. the data folder is synced by a cloud service)."""
        from mentordesk.ui.widgets.warning_banner import WarningBanner

        banner = WarningBanner(text)
        if self.stack.parentWidget() is self.centralWidget():  # first warning: put a column around the stack
            column_widget = QWidget()
            column = QVBoxLayout(column_widget)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            self.centralWidget().layout().replaceWidget(self.stack, column_widget)
            column.addWidget(self.stack, 1)
            self._warnings = column
        holder = QWidget()  # the margin goes with the banner when it is dismissed
        margin = QVBoxLayout(holder)
        margin.setContentsMargins(12, 10, 12, 2)
        margin.addWidget(banner)
        banner.dismissed.connect(holder.hide)
        self._warnings.insertWidget(self._warnings.count() - 1, holder)
        return banner
    def add_audit_trail_action(self) -> QAction:
        """Tools ▸ Audit trail…, once the data is open; the controller connects it."""
        self.audit_trail_action = QAction(self.tr("&Audit trail…"), self)
        self._tools_menu().addAction(self.audit_trail_action)
        return self.audit_trail_action

    def _tools_menu(self) -> QMenu:
        """The Tools menu, made before Help the first time something asks for it."""
        title = self.tr("&Tools")
        for action in self.menuBar().actions():
            if action.menu() is not None and action.text() == title:
                return action.menu()
        menu = QMenu(title, self)
        help_action = self.menuBar().actions()[-1]
        self.menuBar().insertMenu(help_action, menu)
        return menu

    def set_pages(self, pages: dict[str, QWidget]) -> None:
        """Replace the loading note with the real pages, one per sidebar entry."""
        self.stack.removeWidget(self.loading)
        for key in self.PAGES:
            self.stack.addWidget(pages[key])
        self.sidebar.setEnabled(True)
        for action in self.go_actions:
            action.setEnabled(True)
        self.load_demo_action.setEnabled(True)
        for action in self.session_actions:
            action.setEnabled(True)
        self.back_up_action.setEnabled(True)
        self.restore_action.setEnabled(True)
        saved = self._state.value("window/page", 0, type=int)
        self.sidebar.setCurrentRow(saved if 0 <= saved < len(self.PAGES) else 0)
        self._show_page(self.sidebar.currentRow())

    def page(self, key: str) -> QWidget:
        return self.stack.widget(self.PAGES.index(key))

    def add_detail_page(self, page: QWidget) -> None:
        """A page reached from another (a mentee's record), not from the sidebar."""
        self.stack.addWidget(page)

    def show_detail_page(self, page: QWidget, under: str) -> None:
        """Show `page` while the sidebar keeps `under` selected (the list it was opened from)."""
        row = self.PAGES.index(under)
        if self.sidebar.currentRow() != row:
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(row)
            self.sidebar.blockSignals(False)
        self.stack.setCurrentWidget(page)

    def show_page(self, key: str) -> None:
        row = self.PAGES.index(key)
        if self.sidebar.currentRow() == row:
            self._show_page(row)
        else:
            self.sidebar.setCurrentRow(row)

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _show_page(self, row: int) -> None:
        if 0 <= row < self.stack.count() and self.sidebar.isEnabled():
            self.stack.setCurrentIndex(row)

    def add_lock_action(self, action: QAction) -> None:
        """The Lock entry (Ctrl+L), above Quit in the File menu."""
        actions = self.file_menu.actions()
        self.file_menu.insertAction(actions[-1] if actions else None, action)

    def set_signed_in(self, name: str | None) -> None:
        """Who is signed in, at the right of the status bar; clicking it switches worker (signing in)."""
        if not hasattr(self, "signed_in_button"):
            from PySide6.QtWidgets import QToolButton

            self.signed_in_button = QToolButton()
            self.signed_in_button.setAutoRaise(True)
            self.signed_in_button.setToolTip(self.tr("Switch worker: sign in as someone else"))
            self.signed_in_button.clicked.connect(self.switch_worker_requested)
            self.statusBar().insertPermanentWidget(0, self.signed_in_button)
        self.signed_in_button.setText(self.tr("Signed in: {name}").format(name=name) if name else "")
        self.signed_in_button.setVisible(bool(name))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About MentorDesk"),
            self.tr("<h3>MentorDesk {version}</h3><p>Mentoring, Upskilling Pathways and signed certificates, "
                    "for youth workers and mentors. Works offline; your data stays on this computer.</p>")
            .format(version=__version__),
        )

    def _restore_state(self) -> None:
        geometry = self._state.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 760)

    def save_state(self) -> None:
        self._state.setValue("window/geometry", self.saveGeometry())
        if self.sidebar.isEnabled():
            self._state.setValue("window/page", self.sidebar.currentRow())
        self._state.sync()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.first_shown.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_state()
        super().closeEvent(event)
