# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'export_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject, QRect, QSize, Qt)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox,
    QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton,
    QScrollArea, QSizePolicy, QSpacerItem, QSpinBox, QVBoxLayout, QWidget)

from prevent_desktop.ui.a11y import AlertLabel

class Ui_ExportDialog(object):
    def setupUi(self, ExportDialog: Any) -> None:
        if not ExportDialog.objectName():
            ExportDialog.setObjectName(u"ExportDialog")
        ExportDialog.resize(1000, 720)
        self.outerLayout = QHBoxLayout(ExportDialog)
        self.outerLayout.setObjectName(u"outerLayout")
        self.sidePanel = QWidget(ExportDialog)
        self.sidePanel.setObjectName(u"sidePanel")
        self.sidePanel.setMinimumSize(QSize(320, 0))
        self.sidePanel.setMaximumSize(QSize(400, 16777215))
        self.panelLayout = QVBoxLayout(self.sidePanel)
        self.panelLayout.setObjectName(u"panelLayout")
        self.panelLayout.setContentsMargins(0, 0, 0, 0)
        self.optionsScroll = QScrollArea(self.sidePanel)
        self.optionsScroll.setObjectName(u"optionsScroll")
        self.optionsScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.optionsScroll.setWidgetResizable(True)
        self.optionsScroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.optionsPanel = QWidget()
        self.optionsPanel.setObjectName(u"optionsPanel")
        self.sideLayout = QVBoxLayout(self.optionsPanel)
        self.sideLayout.setObjectName(u"sideLayout")
        self.titleLabel = QLabel(self.optionsPanel)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setWordWrap(True)

        self.sideLayout.addWidget(self.titleLabel)

        self.contentLabel = QLabel(self.optionsPanel)
        self.contentLabel.setObjectName(u"contentLabel")
        self.contentLabel.setWordWrap(True)

        self.sideLayout.addWidget(self.contentLabel)

        self.missingPanel = QWidget(self.optionsPanel)
        self.missingPanel.setObjectName(u"missingPanel")
        self.missingLayout = QVBoxLayout(self.missingPanel)
        self.missingLayout.setObjectName(u"missingLayout")
        self.missingLayout.setContentsMargins(0, 0, 0, 0)
        self.missingLabel = QLabel(self.missingPanel)
        self.missingLabel.setObjectName(u"missingLabel")
        self.missingLabel.setWordWrap(True)

        self.missingLayout.addWidget(self.missingLabel)

        self.missingList = QListWidget(self.missingPanel)
        self.missingList.setObjectName(u"missingList")
        self.missingList.setMaximumSize(QSize(16777215, 140))
        self.missingList.setWordWrap(True)
        self.missingList.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        self.missingLayout.addWidget(self.missingList)


        self.sideLayout.addWidget(self.missingPanel)

        self.encryptCheck = QCheckBox(self.optionsPanel)
        self.encryptCheck.setObjectName(u"encryptCheck")

        self.sideLayout.addWidget(self.encryptCheck)

        self.passwordLabel = QLabel(self.optionsPanel)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.sideLayout.addWidget(self.passwordLabel)

        self.passwordEdit = QLineEdit(self.optionsPanel)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.sideLayout.addWidget(self.passwordEdit)

        self.repeatLabel = QLabel(self.optionsPanel)
        self.repeatLabel.setObjectName(u"repeatLabel")

        self.sideLayout.addWidget(self.repeatLabel)

        self.repeatEdit = QLineEdit(self.optionsPanel)
        self.repeatEdit.setObjectName(u"repeatEdit")
        self.repeatEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.sideLayout.addWidget(self.repeatEdit)

        self.passwordHintLabel = QLabel(self.optionsPanel)
        self.passwordHintLabel.setObjectName(u"passwordHintLabel")
        self.passwordHintLabel.setWordWrap(True)

        self.sideLayout.addWidget(self.passwordHintLabel)

        self.warningLabel = AlertLabel(self.optionsPanel)
        self.warningLabel.setObjectName(u"warningLabel")
        self.warningLabel.setWordWrap(True)

        self.sideLayout.addWidget(self.warningLabel)

        self.errorLabel = AlertLabel(self.optionsPanel)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.sideLayout.addWidget(self.errorLabel)

        self.statusLabel = AlertLabel(self.optionsPanel)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.sideLayout.addWidget(self.statusLabel)

        self.sideSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.sideLayout.addItem(self.sideSpacer)

        self.printNoteLabel = QLabel(self.optionsPanel)
        self.printNoteLabel.setObjectName(u"printNoteLabel")
        self.printNoteLabel.setWordWrap(True)

        self.sideLayout.addWidget(self.printNoteLabel)

        self.optionsScroll.setWidget(self.optionsPanel)

        self.panelLayout.addWidget(self.optionsScroll)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.saveButton = QPushButton(self.sidePanel)
        self.saveButton.setObjectName(u"saveButton")

        self.buttonLayout.addWidget(self.saveButton)

        self.printButton = QPushButton(self.sidePanel)
        self.printButton.setObjectName(u"printButton")

        self.buttonLayout.addWidget(self.printButton)

        self.closeButton = QPushButton(self.sidePanel)
        self.closeButton.setObjectName(u"closeButton")

        self.buttonLayout.addWidget(self.closeButton)


        self.panelLayout.addLayout(self.buttonLayout)


        self.outerLayout.addWidget(self.sidePanel)

        self.previewLayout = QVBoxLayout()
        self.previewLayout.setObjectName(u"previewLayout")
        self.previewStatusLabel = QLabel(ExportDialog)
        self.previewStatusLabel.setObjectName(u"previewStatusLabel")
        self.previewStatusLabel.setWordWrap(True)

        self.previewLayout.addWidget(self.previewStatusLabel)

        self.previewScroll = QScrollArea(ExportDialog)
        self.previewScroll.setObjectName(u"previewScroll")
        self.previewScroll.setMinimumSize(QSize(420, 240))
        self.previewScroll.setWidgetResizable(False)
        self.previewScroll.setAlignment(Qt.AlignmentFlag.AlignHCenter|Qt.AlignmentFlag.AlignTop)
        self.pageLabel = QLabel()
        self.pageLabel.setObjectName(u"pageLabel")
        self.pageLabel.setGeometry(QRect(0, 0, 418, 238))
        self.pageLabel.setAlignment(Qt.AlignmentFlag.AlignHCenter|Qt.AlignmentFlag.AlignTop)
        self.previewScroll.setWidget(self.pageLabel)

        self.previewLayout.addWidget(self.previewScroll)

        self.navLayout = QHBoxLayout()
        self.navLayout.setObjectName(u"navLayout")
        self.prevButton = QPushButton(ExportDialog)
        self.prevButton.setObjectName(u"prevButton")

        self.navLayout.addWidget(self.prevButton)

        self.pageNumberLabel = QLabel(ExportDialog)
        self.pageNumberLabel.setObjectName(u"pageNumberLabel")

        self.navLayout.addWidget(self.pageNumberLabel)

        self.pageSpin = QSpinBox(ExportDialog)
        self.pageSpin.setObjectName(u"pageSpin")
        self.pageSpin.setMinimum(1)
        self.pageSpin.setMaximum(1)

        self.navLayout.addWidget(self.pageSpin)

        self.pageCountLabel = QLabel(ExportDialog)
        self.pageCountLabel.setObjectName(u"pageCountLabel")

        self.navLayout.addWidget(self.pageCountLabel)

        self.nextButton = QPushButton(ExportDialog)
        self.nextButton.setObjectName(u"nextButton")

        self.navLayout.addWidget(self.nextButton)

        self.navSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.navLayout.addItem(self.navSpacer)

        self.zoomLabel = QLabel(ExportDialog)
        self.zoomLabel.setObjectName(u"zoomLabel")

        self.navLayout.addWidget(self.zoomLabel)

        self.zoomCombo = QComboBox(ExportDialog)
        self.zoomCombo.addItem("")
        self.zoomCombo.addItem("")
        self.zoomCombo.addItem("")
        self.zoomCombo.addItem("")
        self.zoomCombo.setObjectName(u"zoomCombo")

        self.navLayout.addWidget(self.zoomCombo)


        self.previewLayout.addLayout(self.navLayout)

        self.previewLayout.setStretch(1, 1)

        self.outerLayout.addLayout(self.previewLayout)

#if QT_CONFIG(shortcut)
        self.missingLabel.setBuddy(self.missingList)
        self.passwordLabel.setBuddy(self.passwordEdit)
        self.repeatLabel.setBuddy(self.repeatEdit)
        self.pageNumberLabel.setBuddy(self.pageSpin)
        self.zoomLabel.setBuddy(self.zoomCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.missingList, self.encryptCheck)
        QWidget.setTabOrder(self.encryptCheck, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.repeatEdit)
        QWidget.setTabOrder(self.repeatEdit, self.saveButton)
        QWidget.setTabOrder(self.saveButton, self.printButton)
        QWidget.setTabOrder(self.printButton, self.closeButton)
        QWidget.setTabOrder(self.closeButton, self.previewScroll)
        QWidget.setTabOrder(self.previewScroll, self.prevButton)
        QWidget.setTabOrder(self.prevButton, self.pageSpin)
        QWidget.setTabOrder(self.pageSpin, self.nextButton)
        QWidget.setTabOrder(self.nextButton, self.zoomCombo)

        self.retranslateUi(ExportDialog)

        self.saveButton.setDefault(True)


        QMetaObject.connectSlotsByName(ExportDialog)
    # setupUi

    def retranslateUi(self, ExportDialog: Any) -> None:
        ExportDialog.setWindowTitle(QCoreApplication.translate("ExportDialog", u"Export document", None))
        self.titleLabel.setText(QCoreApplication.translate("ExportDialog", u"Document", None))
        self.contentLabel.setText("")
        self.missingLabel.setText("")
#if QT_CONFIG(accessibility)
        self.missingList.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Missing items", None))
#endif // QT_CONFIG(accessibility)
        self.encryptCheck.setText(QCoreApplication.translate("ExportDialog", u"&Encrypt with a password (AES-256)", None))
#if QT_CONFIG(accessibility)
        self.encryptCheck.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Encrypt with a password", None))
#endif // QT_CONFIG(accessibility)
        self.passwordLabel.setText(QCoreApplication.translate("ExportDialog", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.passwordEdit.setAccessibleName(QCoreApplication.translate("ExportDialog", u"PDF password", None))
#endif // QT_CONFIG(accessibility)
        self.passwordEdit.setPlaceholderText(QCoreApplication.translate("ExportDialog", u"At least 8 characters", None))
        self.repeatLabel.setText(QCoreApplication.translate("ExportDialog", u"Repea&t the password", None))
#if QT_CONFIG(accessibility)
        self.repeatEdit.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Repeat the PDF password", None))
#endif // QT_CONFIG(accessibility)
        self.passwordHintLabel.setText(QCoreApplication.translate("ExportDialog", u"The password is not stored anywhere. Give it to the recipient by a different route (for example by phone), never in the same email.", None))
        self.warningLabel.setText(QCoreApplication.translate("ExportDialog", u"\u26a0 WARNING: This PDF will leave the app UNENCRYPTED. Anyone who gets the file can read it.", None))
        self.errorLabel.setText("")
        self.statusLabel.setText("")
        self.printNoteLabel.setText(QCoreApplication.translate("ExportDialog", u"Printing: the printer and its spool files (and a printer's own memory) may keep a copy of the pages. Collect printouts at once.", None))
        self.saveButton.setText(QCoreApplication.translate("ExportDialog", u"&Save\u2026", None))
#if QT_CONFIG(accessibility)
        self.saveButton.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Save the PDF", None))
#endif // QT_CONFIG(accessibility)
        self.printButton.setText(QCoreApplication.translate("ExportDialog", u"P&rint\u2026", None))
#if QT_CONFIG(accessibility)
        self.printButton.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Print", None))
#endif // QT_CONFIG(accessibility)
        self.closeButton.setText(QCoreApplication.translate("ExportDialog", u"&Close", None))
#if QT_CONFIG(accessibility)
        self.closeButton.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Close", None))
#endif // QT_CONFIG(accessibility)
        self.previewStatusLabel.setText(QCoreApplication.translate("ExportDialog", u"Preparing the preview\u2026", None))
#if QT_CONFIG(accessibility)
        self.previewScroll.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Page preview", None))
#endif // QT_CONFIG(accessibility)
        self.pageLabel.setText("")
#if QT_CONFIG(accessibility)
        self.pageLabel.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Page image", None))
#endif // QT_CONFIG(accessibility)
        self.prevButton.setText(QCoreApplication.translate("ExportDialog", u"< Pre&vious page", None))
#if QT_CONFIG(accessibility)
        self.prevButton.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Previous page", None))
#endif // QT_CONFIG(accessibility)
        self.pageNumberLabel.setText(QCoreApplication.translate("ExportDialog", u"Pa&ge", None))
#if QT_CONFIG(accessibility)
        self.pageSpin.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Page number", None))
#endif // QT_CONFIG(accessibility)
        self.pageCountLabel.setText(QCoreApplication.translate("ExportDialog", u"of 0", None))
#if QT_CONFIG(accessibility)
        self.pageCountLabel.setAccessibleDescription(QCoreApplication.translate("ExportDialog", u"Number of pages", None))
#endif // QT_CONFIG(accessibility)
        self.nextButton.setText(QCoreApplication.translate("ExportDialog", u"&Next page >", None))
#if QT_CONFIG(accessibility)
        self.nextButton.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Next page", None))
#endif // QT_CONFIG(accessibility)
        self.zoomLabel.setText(QCoreApplication.translate("ExportDialog", u"&Zoom", None))
        self.zoomCombo.setItemText(0, QCoreApplication.translate("ExportDialog", u"Fit width", None))
        self.zoomCombo.setItemText(1, QCoreApplication.translate("ExportDialog", u"75%", None))
        self.zoomCombo.setItemText(2, QCoreApplication.translate("ExportDialog", u"100%", None))
        self.zoomCombo.setItemText(3, QCoreApplication.translate("ExportDialog", u"150%", None))

#if QT_CONFIG(accessibility)
        self.zoomCombo.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Zoom", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi
