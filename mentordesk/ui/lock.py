"""Locking the window: after an idle time and on demand (Ctrl+L), when workers have passwords.

Locked, the window's content is taken out of it (not merely covered) and a lock screen asks for the
signed-in worker's password; every menu action is disabled, so no shortcut opens a dialog behind
it, and open dialogs are hidden, not closed: what was being typed stays. The same worker unlocking
gets everything back as it was. Someone else signing in ("Sign in as someone else") does not see
the other's open dialogs: they are closed, which keeps their drafts (the session dialog saves one
when closed), and `switched` tells the application to show the new worker's data.

Activity is any key or mouse event reaching the application (an application-wide event filter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.ui.resources import icon
from mentordesk.ui.widgets.sign_in_form import SignInForm

if TYPE_CHECKING:
    from mentordesk.services.access import Access, Principal
    from mentordesk.services.accounts import AccountService

ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                      QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class LockScreen(QWidget):
    """What a locked window shows: whose window it is and a password field; nothing from the data."""

    unlocked = Signal(object, bool)  # Principal, and whether it is someone else than before

    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._locked_by = None
        self.setAutoFillBackground(True)
        picture = QLabel()
        picture.setPixmap(icon("mentordesk").pixmap(64, 64))
        self.heading = QLabel(self.tr("MentorDesk is locked"))
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.who = QLabel()
        self.form = SignInForm(accounts, self.tr("Unlock"), self, verify_only=True)
        self.form.signed_in.connect(self._signed_in)
        self.switch_button = QPushButton(self.tr("Sign in as someone else"))
        self.switch_button.setFlat(True)
        self.switch_button.clicked.connect(self.sign_in_as_someone_else)
        panel = QWidget()
        panel.setMaximumWidth(480)
        column = QVBoxLayout(panel)
        for widget in (picture, self.heading, self.who):
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(12)
        column.addWidget(self.form)
        column.addWidget(self.switch_button, 0, Qt.AlignmentFlag.AlignHCenter)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def start(self, principal: Principal) -> None:
        self._locked_by = principal
        self.who.setText(self.tr("Signed in: {name}. Type your password to go on.").format(name=principal.name))
        self.form.set_verify_only(True)
        self.form.fill_workers(principal.worker_id, fixed=True)
        self.switch_button.show()
        self.form.focus_password()

    def sign_in_as_someone_else(self) -> None:
        self.who.setText(self.tr("Choose who you are. {name}'s open windows will be closed; their unsaved "
                                 "sessions are kept as drafts.").format(name=self._locked_by.name
                                                                        if self._locked_by else ""))
        self.form.set_verify_only(False)
        self.form.fill_workers(None, fixed=False)
        self.switch_button.hide()
        self.form.focus_password()

    def _signed_in(self, principal: Principal) -> None:
        before = self._locked_by
        self.unlocked.emit(principal, before is None or principal.worker_id != before.worker_id)


class WindowLock(QObject):
    """Owns the idle timer, the Lock action and the lock screen of one main window."""

    switched = Signal(object)  # Principal: someone else signed in at the lock screen

    def __init__(self, window: QMainWindow, accounts: AccountService, access: Access, idle_minutes: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self._accounts = accounts
        self._access = access
        self._content: QWidget | None = None
        self._actions: list[tuple[QAction, bool]] = []
        self._hidden: list[QDialog] = []
        self.screen = LockScreen(accounts)
        self.screen.unlocked.connect(self._unlocked)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_idle_minutes(idle_minutes)
        self.action = QAction(self.tr("&Lock"), window)
        self.action.setShortcut(QKeySequence("Ctrl+L"))
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action.triggered.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self._content is not None

    def set_idle_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)
        if not self.locked:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in ACTIVITY and not self.locked:
            self.timer.start()  # restarts: idle time counts from the last key or mouse event
        return False

    def lock(self) -> None:
        """Lock now; nothing happens when nobody is signed in (accounts off: there is no password to ask)."""
        principal = self._access.principal
        if self.locked or principal is None or not self._accounts.accounts_on():
            return
        self.timer.stop()
        self._hidden = [widget for widget in QApplication.topLevelWidgets()
                        if isinstance(widget, QDialog) and widget.isVisible()]
        for dialog in self._hidden:
            dialog.hide()
        self._actions = [(action, action.isEnabled()) for action in self._window.findChildren(QAction)]
        for action, _enabled in self._actions:
            action.setEnabled(False)
        self._window.statusBar().clearMessage()  # "Added Zoë Nowak as MD-0042" is data too
        self._window.statusBar().setEnabled(False)  # its "Signed in" button would switch worker behind the lock
        self._content = self._window.takeCentralWidget()
        self._window.setCentralWidget(self.screen)
        self.screen.show()
        self.screen.start(principal)

    def _unlocked(self, principal: Principal, someone_else: bool) -> None:
        assert self._content is not None
        self._window.takeCentralWidget()  # the lock screen: kept (ownership back to us) for the next time
        self.screen.setParent(None)
        self._window.setCentralWidget(self._content)
        self._content = None
        self._window.statusBar().setEnabled(True)
        for action, enabled in self._actions:
            action.setEnabled(enabled)
        self._actions = []
        hidden, self._hidden = self._hidden, []
        for dialog in hidden:
            if someone_else:
                dialog.reject()  # a session dialog keeps its draft when closed
            else:
                dialog.show()
        self.timer.start()
        if someone_else:
            self.switched.emit(principal)
