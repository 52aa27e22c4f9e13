# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'policy_version_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject)
from PySide6.QtWidgets import (QDialogButtonBox, QGridLayout, QLabel,
    QLineEdit, QPlainTextEdit, QWidget)

from prevent_desktop.ui.a11y import AlertLabel

class Ui_PolicyVersionDialog(object):
    def setupUi(self, PolicyVersionDialog: Any) -> None:
        if not PolicyVersionDialog.objectName():
            PolicyVersionDialog.setObjectName(u"PolicyVersionDialog")
        PolicyVersionDialog.resize(580, 300)
        self.formLayout = QGridLayout(PolicyVersionDialog)
        self.formLayout.setObjectName(u"formLayout")
        self.introLabel = QLabel(PolicyVersionDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.formLayout.addWidget(self.introLabel, 0, 0, 1, 2)

        self.versionLabel = QLabel(PolicyVersionDialog)
        self.versionLabel.setObjectName(u"versionLabel")

        self.formLayout.addWidget(self.versionLabel, 1, 0, 1, 1)

        self.versionEdit = QLineEdit(PolicyVersionDialog)
        self.versionEdit.setObjectName(u"versionEdit")

        self.formLayout.addWidget(self.versionEdit, 1, 1, 1, 1)

        self.effectiveLabel = QLabel(PolicyVersionDialog)
        self.effectiveLabel.setObjectName(u"effectiveLabel")

        self.formLayout.addWidget(self.effectiveLabel, 2, 0, 1, 1)

        self.effectiveEdit = QLineEdit(PolicyVersionDialog)
        self.effectiveEdit.setObjectName(u"effectiveEdit")

        self.formLayout.addWidget(self.effectiveEdit, 2, 1, 1, 1)

        self.reviewedLabel = QLabel(PolicyVersionDialog)
        self.reviewedLabel.setObjectName(u"reviewedLabel")

        self.formLayout.addWidget(self.reviewedLabel, 3, 0, 1, 1)

        self.reviewedEdit = QLineEdit(PolicyVersionDialog)
        self.reviewedEdit.setObjectName(u"reviewedEdit")

        self.formLayout.addWidget(self.reviewedEdit, 3, 1, 1, 1)

        self.nextLabel = QLabel(PolicyVersionDialog)
        self.nextLabel.setObjectName(u"nextLabel")

        self.formLayout.addWidget(self.nextLabel, 4, 0, 1, 1)

        self.nextEdit = QLineEdit(PolicyVersionDialog)
        self.nextEdit.setObjectName(u"nextEdit")

        self.formLayout.addWidget(self.nextEdit, 4, 1, 1, 1)

        self.noteLabel = QLabel(PolicyVersionDialog)
        self.noteLabel.setObjectName(u"noteLabel")

        self.formLayout.addWidget(self.noteLabel, 5, 0, 1, 1)

        self.noteEdit = QLineEdit(PolicyVersionDialog)
        self.noteEdit.setObjectName(u"noteEdit")

        self.formLayout.addWidget(self.noteEdit, 5, 1, 1, 1)

        self.summaryLabel = QLabel(PolicyVersionDialog)
        self.summaryLabel.setObjectName(u"summaryLabel")

        self.formLayout.addWidget(self.summaryLabel, 6, 0, 1, 1)

        self.summaryEdit = QPlainTextEdit(PolicyVersionDialog)
        self.summaryEdit.setObjectName(u"summaryEdit")
        self.summaryEdit.setTabChangesFocus(True)

        self.formLayout.addWidget(self.summaryEdit, 6, 1, 1, 1)

        self.messageLabel = AlertLabel(PolicyVersionDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)

        self.formLayout.addWidget(self.messageLabel, 7, 0, 1, 2)

        self.buttonBox = QDialogButtonBox(PolicyVersionDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.formLayout.addWidget(self.buttonBox, 8, 0, 1, 2)

#if QT_CONFIG(shortcut)
        self.versionLabel.setBuddy(self.versionEdit)
        self.effectiveLabel.setBuddy(self.effectiveEdit)
        self.reviewedLabel.setBuddy(self.reviewedEdit)
        self.nextLabel.setBuddy(self.nextEdit)
        self.noteLabel.setBuddy(self.noteEdit)
        self.summaryLabel.setBuddy(self.summaryEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.versionEdit, self.effectiveEdit)
        QWidget.setTabOrder(self.effectiveEdit, self.reviewedEdit)
        QWidget.setTabOrder(self.reviewedEdit, self.nextEdit)
        QWidget.setTabOrder(self.nextEdit, self.noteEdit)
        QWidget.setTabOrder(self.noteEdit, self.summaryEdit)
        QWidget.setTabOrder(self.summaryEdit, self.buttonBox)

        self.retranslateUi(PolicyVersionDialog)

        QMetaObject.connectSlotsByName(PolicyVersionDialog)
    # setupUi

    def retranslateUi(self, PolicyVersionDialog: Any) -> None:
        PolicyVersionDialog.setWindowTitle(QCoreApplication.translate("PolicyVersionDialog", u"Record a new version", None))
        self.introLabel.setText(QCoreApplication.translate("PolicyVersionDialog", u"The current version stays in the history; this records a new one.", None))
        self.versionLabel.setText(QCoreApplication.translate("PolicyVersionDialog", u"&Version:", None))
#if QT_CONFIG(accessibility)
        self.versionEdit.setAccessibleName(QCoreApplication.translate("PolicyVersionDialog", u"Version", None))
#endif // QT_CONFIG(accessibility)
        self.effectiveLabel.setText(QCoreApplication.translate("PolicyVersionDialog", u"&Effective date:", None))
#if QT_CONFIG(accessibility)
        self.effectiveEdit.setAccessibleName(QCoreApplication.translate("PolicyVersionDialog", u"Effective date", None))
#endif // QT_CONFIG(accessibility)
        self.effectiveEdit.setPlaceholderText(QCoreApplication.translate("PolicyVersionDialog", u"DD/MM/YYYY or MM/YYYY", None))
        self.reviewedLabel.setText(QCoreApplication.translate("PolicyVersionDialog", u"&Review date:", None))
#if QT_CONFIG(accessibility)
        self.reviewedEdit.setAccessibleName(QCoreApplication.translate("PolicyVersionDialog", u"Review date", None))
#endif // QT_CONFIG(accessibility)
        self.reviewedEdit.setPlaceholderText(QCoreApplication.translate("PolicyVersionDialog", u"DD/MM/YYYY or MM/YYYY", None))
        self.nextLabel.setText(QCoreApplication.translate("PolicyVersionDialog", u"&Next review:", None))
#if QT_CONFIG(accessibility)
        self.nextEdit.setAccessibleName(QCoreApplication.translate("PolicyVersionDialog", u"Next review", None))
#endif // QT_CONFIG(accessibility)
        self.nextEdit.setPlaceholderText(QCoreApplication.translate("PolicyVersionDialog", u"DD/MM/YYYY or MM/YYYY", None))
        self.noteLabel.setText(QCoreApplication.translate("PolicyVersionDialog", u"N&ote:", None))
#if QT_CONFIG(accessibility)
        self.noteEdit.setAccessibleName(QCoreApplication.translate("PolicyVersionDialog", u"Note", None))
#endif // QT_CONFIG(accessibility)
        self.summaryLabel.setText(QCoreApplication.translate("PolicyVersionDialog", u"&Summary of changes:", None))
#if QT_CONFIG(accessibility)
        self.summaryEdit.setAccessibleName(QCoreApplication.translate("PolicyVersionDialog", u"Summary of changes for this version", None))
#endif // QT_CONFIG(accessibility)
        self.messageLabel.setText("")
    # retranslateUi
