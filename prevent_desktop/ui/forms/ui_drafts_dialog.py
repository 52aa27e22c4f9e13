# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'drafts_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QTableView, QVBoxLayout, QWidget)

class Ui_DraftsDialog(object):
    def setupUi(self, DraftsDialog: Any) -> None:
        if not DraftsDialog.objectName():
            DraftsDialog.setObjectName(u"DraftsDialog")
        DraftsDialog.resize(860, 360)
        self.outerLayout = QVBoxLayout(DraftsDialog)
        self.outerLayout.setObjectName(u"outerLayout")
        self.introLabel = QLabel(DraftsDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.introLabel)

        self.draftsTable = QTableView(DraftsDialog)
        self.draftsTable.setObjectName(u"draftsTable")
        self.draftsTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.draftsTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.draftsTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)

        self.outerLayout.addWidget(self.draftsTable)

        self.messageLabel = QLabel(DraftsDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.messageLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.messageLabel)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.resumeButton = QPushButton(DraftsDialog)
        self.resumeButton.setObjectName(u"resumeButton")

        self.buttonRow.addWidget(self.resumeButton)

        self.discardButton = QPushButton(DraftsDialog)
        self.discardButton.setObjectName(u"discardButton")
        self.discardButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.discardButton)

        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.laterButton = QPushButton(DraftsDialog)
        self.laterButton.setObjectName(u"laterButton")
        self.laterButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.laterButton)


        self.outerLayout.addLayout(self.buttonRow)

#if QT_CONFIG(shortcut)
        self.introLabel.setBuddy(self.draftsTable)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.draftsTable, self.resumeButton)
        QWidget.setTabOrder(self.resumeButton, self.discardButton)
        QWidget.setTabOrder(self.discardButton, self.laterButton)

        self.retranslateUi(DraftsDialog)

        self.resumeButton.setDefault(True)


        QMetaObject.connectSlotsByName(DraftsDialog)
    # setupUi

    def retranslateUi(self, DraftsDialog: Any) -> None:
        DraftsDialog.setWindowTitle(QCoreApplication.translate("DraftsDialog", u"Unsaved drafts", None))
        self.introLabel.setText(QCoreApplication.translate("DraftsDialog", u"Some things you typed were not saved before the vault locked or the app stopped. They were kept, encrypted, in the vault. Choose one and resume it to carry on where you left off, discard it, or decide later.", None))
#if QT_CONFIG(accessibility)
        self.draftsTable.setAccessibleName(QCoreApplication.translate("DraftsDialog", u"Unsaved drafts", None))
#endif // QT_CONFIG(accessibility)
        self.messageLabel.setText("")
#if QT_CONFIG(accessibility)
        self.messageLabel.setAccessibleName(QCoreApplication.translate("DraftsDialog", u"Message", None))
#endif // QT_CONFIG(accessibility)
        self.resumeButton.setText(QCoreApplication.translate("DraftsDialog", u"&Resume", None))
#if QT_CONFIG(accessibility)
        self.resumeButton.setAccessibleName(QCoreApplication.translate("DraftsDialog", u"Resume the chosen draft", None))
#endif // QT_CONFIG(accessibility)
        self.discardButton.setText(QCoreApplication.translate("DraftsDialog", u"&Discard\u2026", None))
#if QT_CONFIG(accessibility)
        self.discardButton.setAccessibleName(QCoreApplication.translate("DraftsDialog", u"Discard the chosen draft", None))
#endif // QT_CONFIG(accessibility)
        self.laterButton.setText(QCoreApplication.translate("DraftsDialog", u"&Later", None))
#if QT_CONFIG(accessibility)
        self.laterButton.setAccessibleName(QCoreApplication.translate("DraftsDialog", u"Decide later: keep every draft", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi
