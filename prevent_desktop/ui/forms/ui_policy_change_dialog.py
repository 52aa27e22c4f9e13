# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'policy_change_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QDialogButtonBox, QGridLayout, QLabel,
    QLineEdit, QPlainTextEdit, QWidget)

from prevent_desktop.ui.a11y import AlertLabel

class Ui_PolicyChangeDialog(object):
    def setupUi(self, PolicyChangeDialog: Any) -> None:
        if not PolicyChangeDialog.objectName():
            PolicyChangeDialog.setObjectName(u"PolicyChangeDialog")
        PolicyChangeDialog.resize(560, 240)
        self.formLayout = QGridLayout(PolicyChangeDialog)
        self.formLayout.setObjectName(u"formLayout")
        self.issueLabel = QLabel(PolicyChangeDialog)
        self.issueLabel.setObjectName(u"issueLabel")

        self.formLayout.addWidget(self.issueLabel, 0, 0, 1, 1)

        self.issueEdit = QLineEdit(PolicyChangeDialog)
        self.issueEdit.setObjectName(u"issueEdit")

        self.formLayout.addWidget(self.issueEdit, 0, 1, 1, 1)

        self.dateLabel = QLabel(PolicyChangeDialog)
        self.dateLabel.setObjectName(u"dateLabel")

        self.formLayout.addWidget(self.dateLabel, 1, 0, 1, 1)

        self.dateEdit = QLineEdit(PolicyChangeDialog)
        self.dateEdit.setObjectName(u"dateEdit")

        self.formLayout.addWidget(self.dateEdit, 1, 1, 1, 1)

        self.summaryLabel = QLabel(PolicyChangeDialog)
        self.summaryLabel.setObjectName(u"summaryLabel")

        self.formLayout.addWidget(self.summaryLabel, 2, 0, 1, 1)

        self.summaryEdit = QPlainTextEdit(PolicyChangeDialog)
        self.summaryEdit.setObjectName(u"summaryEdit")
        self.summaryEdit.setTabChangesFocus(True)

        self.formLayout.addWidget(self.summaryEdit, 2, 1, 1, 1)

        self.messageLabel = AlertLabel(PolicyChangeDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.formLayout.addWidget(self.messageLabel, 3, 0, 1, 2)

        self.buttonBox = QDialogButtonBox(PolicyChangeDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.formLayout.addWidget(self.buttonBox, 4, 0, 1, 2)

#if QT_CONFIG(shortcut)
        self.issueLabel.setBuddy(self.issueEdit)
        self.dateLabel.setBuddy(self.dateEdit)
        self.summaryLabel.setBuddy(self.summaryEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.issueEdit, self.dateEdit)
        QWidget.setTabOrder(self.dateEdit, self.summaryEdit)
        QWidget.setTabOrder(self.summaryEdit, self.buttonBox)

        self.retranslateUi(PolicyChangeDialog)

        QMetaObject.connectSlotsByName(PolicyChangeDialog)
    # setupUi

    def retranslateUi(self, PolicyChangeDialog: Any) -> None:
        PolicyChangeDialog.setWindowTitle(QCoreApplication.translate("PolicyChangeDialog", u"Add a change", None))
        self.issueLabel.setText(QCoreApplication.translate("PolicyChangeDialog", u"&Issue:", None))
#if QT_CONFIG(accessibility)
        self.issueEdit.setAccessibleName(QCoreApplication.translate("PolicyChangeDialog", u"Issue", None))
#endif // QT_CONFIG(accessibility)
        self.dateLabel.setText(QCoreApplication.translate("PolicyChangeDialog", u"&Date:", None))
#if QT_CONFIG(accessibility)
        self.dateEdit.setAccessibleName(QCoreApplication.translate("PolicyChangeDialog", u"Date", None))
#endif // QT_CONFIG(accessibility)
        self.dateEdit.setPlaceholderText(QCoreApplication.translate("PolicyChangeDialog", u"DD/MM/YYYY or MM/YYYY", None))
        self.summaryLabel.setText(QCoreApplication.translate("PolicyChangeDialog", u"&Summary:", None))
#if QT_CONFIG(accessibility)
        self.summaryEdit.setAccessibleName(QCoreApplication.translate("PolicyChangeDialog", u"Summary", None))
#endif // QT_CONFIG(accessibility)
        self.messageLabel.setText("")
    # retranslateUi
