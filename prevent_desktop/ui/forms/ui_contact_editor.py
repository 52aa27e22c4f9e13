# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'contact_editor.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject, QSize, Qt)
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialogButtonBox, QFrame,
    QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QVBoxLayout,
    QWidget)

from prevent_desktop.ui.a11y import AlertLabel

class Ui_ContactEditor(object):
    def setupUi(self, ContactEditor: Any) -> None:
        if not ContactEditor.objectName():
            ContactEditor.setObjectName(u"ContactEditor")
        ContactEditor.resize(560, 640)
        self.outerLayout = QVBoxLayout(ContactEditor)
        self.outerLayout.setObjectName(u"outerLayout")
        self.introLabel = QLabel(ContactEditor)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.introLabel)

        self.formScroll = QScrollArea(ContactEditor)
        self.formScroll.setObjectName(u"formScroll")
        self.formScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.formScroll.setWidgetResizable(True)
        self.formScroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.formPanel = QWidget()
        self.formPanel.setObjectName(u"formPanel")
        self.formLayout = QGridLayout(self.formPanel)
        self.formLayout.setObjectName(u"formLayout")
        self.groupLabel = QLabel(self.formPanel)
        self.groupLabel.setObjectName(u"groupLabel")

        self.formLayout.addWidget(self.groupLabel, 0, 0, 1, 1)

        self.groupCombo = QComboBox(self.formPanel)
        self.groupCombo.setObjectName(u"groupCombo")

        self.formLayout.addWidget(self.groupCombo, 0, 1, 1, 1)

        self.nameLabel = QLabel(self.formPanel)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.addWidget(self.nameLabel, 1, 0, 1, 1)

        self.nameEdit = QLineEdit(self.formPanel)
        self.nameEdit.setObjectName(u"nameEdit")

        self.formLayout.addWidget(self.nameEdit, 1, 1, 1, 1)

        self.roleLabel = QLabel(self.formPanel)
        self.roleLabel.setObjectName(u"roleLabel")

        self.formLayout.addWidget(self.roleLabel, 2, 0, 1, 1)

        self.roleEdit = QLineEdit(self.formPanel)
        self.roleEdit.setObjectName(u"roleEdit")

        self.formLayout.addWidget(self.roleEdit, 2, 1, 1, 1)

        self.organisationLabel = QLabel(self.formPanel)
        self.organisationLabel.setObjectName(u"organisationLabel")

        self.formLayout.addWidget(self.organisationLabel, 3, 0, 1, 1)

        self.organisationEdit = QLineEdit(self.formPanel)
        self.organisationEdit.setObjectName(u"organisationEdit")

        self.formLayout.addWidget(self.organisationEdit, 3, 1, 1, 1)

        self.phonesLabel = QLabel(self.formPanel)
        self.phonesLabel.setObjectName(u"phonesLabel")

        self.formLayout.addWidget(self.phonesLabel, 4, 0, 1, 1)

        self.phonesEdit = QPlainTextEdit(self.formPanel)
        self.phonesEdit.setObjectName(u"phonesEdit")
        self.phonesEdit.setTabChangesFocus(True)
        self.phonesEdit.setMaximumSize(QSize(16777215, 80))

        self.formLayout.addWidget(self.phonesEdit, 4, 1, 1, 1)

        self.emailsLabel = QLabel(self.formPanel)
        self.emailsLabel.setObjectName(u"emailsLabel")

        self.formLayout.addWidget(self.emailsLabel, 5, 0, 1, 1)

        self.emailsEdit = QPlainTextEdit(self.formPanel)
        self.emailsEdit.setObjectName(u"emailsEdit")
        self.emailsEdit.setTabChangesFocus(True)
        self.emailsEdit.setMaximumSize(QSize(16777215, 60))

        self.formLayout.addWidget(self.emailsEdit, 5, 1, 1, 1)

        self.webLabel = QLabel(self.formPanel)
        self.webLabel.setObjectName(u"webLabel")

        self.formLayout.addWidget(self.webLabel, 6, 0, 1, 1)

        self.webEdit = QLineEdit(self.formPanel)
        self.webEdit.setObjectName(u"webEdit")

        self.formLayout.addWidget(self.webEdit, 6, 1, 1, 1)

        self.whenLabel = QLabel(self.formPanel)
        self.whenLabel.setObjectName(u"whenLabel")

        self.formLayout.addWidget(self.whenLabel, 7, 0, 1, 1)

        self.whenEdit = QPlainTextEdit(self.formPanel)
        self.whenEdit.setObjectName(u"whenEdit")
        self.whenEdit.setTabChangesFocus(True)
        self.whenEdit.setMaximumSize(QSize(16777215, 60))

        self.formLayout.addWidget(self.whenEdit, 7, 1, 1, 1)

        self.notesLabel = QLabel(self.formPanel)
        self.notesLabel.setObjectName(u"notesLabel")

        self.formLayout.addWidget(self.notesLabel, 8, 0, 1, 1)

        self.notesEdit = QPlainTextEdit(self.formPanel)
        self.notesEdit.setObjectName(u"notesEdit")
        self.notesEdit.setTabChangesFocus(True)
        self.notesEdit.setMaximumSize(QSize(16777215, 60))

        self.formLayout.addWidget(self.notesEdit, 8, 1, 1, 1)

        self.lastVerifiedLabel = QLabel(self.formPanel)
        self.lastVerifiedLabel.setObjectName(u"lastVerifiedLabel")

        self.formLayout.addWidget(self.lastVerifiedLabel, 9, 0, 1, 1)

        self.lastVerifiedEdit = QLineEdit(self.formPanel)
        self.lastVerifiedEdit.setObjectName(u"lastVerifiedEdit")

        self.formLayout.addWidget(self.lastVerifiedEdit, 9, 1, 1, 1)

        self.reasonLabel = QLabel(self.formPanel)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.formLayout.addWidget(self.reasonLabel, 10, 0, 1, 1)

        self.reasonEdit = QLineEdit(self.formPanel)
        self.reasonEdit.setObjectName(u"reasonEdit")

        self.formLayout.addWidget(self.reasonEdit, 10, 1, 1, 1)

        self.outOfHoursCheck = QCheckBox(self.formPanel)
        self.outOfHoursCheck.setObjectName(u"outOfHoursCheck")

        self.formLayout.addWidget(self.outOfHoursCheck, 11, 1, 1, 1)

        self.publicLineCheck = QCheckBox(self.formPanel)
        self.publicLineCheck.setObjectName(u"publicLineCheck")

        self.formLayout.addWidget(self.publicLineCheck, 12, 1, 1, 1)

        self.formScroll.setWidget(self.formPanel)

        self.outerLayout.addWidget(self.formScroll)

        self.errorLabel = AlertLabel(ContactEditor)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.outerLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(ContactEditor)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.outerLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.groupLabel.setBuddy(self.groupCombo)
        self.nameLabel.setBuddy(self.nameEdit)
        self.roleLabel.setBuddy(self.roleEdit)
        self.organisationLabel.setBuddy(self.organisationEdit)
        self.phonesLabel.setBuddy(self.phonesEdit)
        self.emailsLabel.setBuddy(self.emailsEdit)
        self.webLabel.setBuddy(self.webEdit)
        self.whenLabel.setBuddy(self.whenEdit)
        self.notesLabel.setBuddy(self.notesEdit)
        self.lastVerifiedLabel.setBuddy(self.lastVerifiedEdit)
        self.reasonLabel.setBuddy(self.reasonEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.groupCombo, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.roleEdit)
        QWidget.setTabOrder(self.roleEdit, self.organisationEdit)
        QWidget.setTabOrder(self.organisationEdit, self.phonesEdit)
        QWidget.setTabOrder(self.phonesEdit, self.emailsEdit)
        QWidget.setTabOrder(self.emailsEdit, self.webEdit)
        QWidget.setTabOrder(self.webEdit, self.whenEdit)
        QWidget.setTabOrder(self.whenEdit, self.notesEdit)
        QWidget.setTabOrder(self.notesEdit, self.lastVerifiedEdit)
        QWidget.setTabOrder(self.lastVerifiedEdit, self.reasonEdit)
        QWidget.setTabOrder(self.reasonEdit, self.outOfHoursCheck)
        QWidget.setTabOrder(self.outOfHoursCheck, self.publicLineCheck)
        QWidget.setTabOrder(self.publicLineCheck, self.buttonBox)

        self.retranslateUi(ContactEditor)

        QMetaObject.connectSlotsByName(ContactEditor)
    # setupUi

    def retranslateUi(self, ContactEditor: Any) -> None:
        ContactEditor.setWindowTitle(QCoreApplication.translate("ContactEditor", u"Contact", None))
        self.introLabel.setText(QCoreApplication.translate("ContactEditor", u"Numbers are kept exactly as typed; a UK number that does not check out is refused, never changed.", None))
        self.groupLabel.setText(QCoreApplication.translate("ContactEditor", u"&Group", None))
#if QT_CONFIG(accessibility)
        self.groupCombo.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Group", None))
#endif // QT_CONFIG(accessibility)
        self.nameLabel.setText(QCoreApplication.translate("ContactEditor", u"&Name", None))
#if QT_CONFIG(accessibility)
        self.nameEdit.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Name", None))
#endif // QT_CONFIG(accessibility)
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("ContactEditor", u"The person, if the policy names one", None))
        self.roleLabel.setText(QCoreApplication.translate("ContactEditor", u"&Role", None))
#if QT_CONFIG(accessibility)
        self.roleEdit.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Role", None))
#endif // QT_CONFIG(accessibility)
        self.roleEdit.setPlaceholderText(QCoreApplication.translate("ContactEditor", u"Required, e.g. Unit Welfare Officer", None))
        self.organisationLabel.setText(QCoreApplication.translate("ContactEditor", u"&Organisation", None))
#if QT_CONFIG(accessibility)
        self.organisationEdit.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Organisation", None))
#endif // QT_CONFIG(accessibility)
        self.phonesLabel.setText(QCoreApplication.translate("ContactEditor", u"&Phone numbers", None))
#if QT_CONFIG(accessibility)
        self.phonesEdit.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Phone numbers, one per line as Label: number", None))
#endif // QT_CONFIG(accessibility)
        self.phonesEdit.setPlaceholderText(QCoreApplication.translate("ContactEditor", u"One per line, e.g.\n"
"Desk: 01634 822386\n"
"Mobile: 07901 384401", None))
        self.emailsLabel.setText(QCoreApplication.translate("ContactEditor", u"&Emails", None))
#if QT_CONFIG(accessibility)
        self.emailsEdit.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Email addresses, one per line", None))
#endif // QT_CONFIG(accessibility)
        self.emailsEdit.setPlaceholderText(QCoreApplication.translate("ContactEditor", u"One per line", None))
        self.webLabel.setText(QCoreApplication.translate("ContactEditor", u"Online ro&ute", None))
#if QT_CONFIG(accessibility)
        self.webEdit.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Online route, described in words", None))
#endif // QT_CONFIG(accessibility)
        self.webEdit.setPlaceholderText(QCoreApplication.translate("ContactEditor", u"Described in words (the app never opens links)", None))
        self.whenLabel.setText(QCoreApplication.translate("ContactEditor", u"&When to use", None))
#if QT_CONFIG(accessibility)
        self.whenEdit.setAccessibleName(QCoreApplication.translate("ContactEditor", u"When to use", None))
#endif // QT_CONFIG(accessibility)
        self.notesLabel.setText(QCoreApplication.translate("ContactEditor", u"No&tes", None))
#if QT_CONFIG(accessibility)
        self.notesEdit.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Notes", None))
#endif // QT_CONFIG(accessibility)
        self.lastVerifiedLabel.setText(QCoreApplication.translate("ContactEditor", u"&Last verified", None))
#if QT_CONFIG(accessibility)
        self.lastVerifiedEdit.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Last verified date, YYYY-MM-DD", None))
#endif // QT_CONFIG(accessibility)
        self.lastVerifiedEdit.setPlaceholderText(QCoreApplication.translate("ContactEditor", u"YYYY-MM-DD", None))
        self.reasonLabel.setText(QCoreApplication.translate("ContactEditor", u"Re&ason for the change", None))
#if QT_CONFIG(accessibility)
        self.reasonEdit.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Reason for the change", None))
#endif // QT_CONFIG(accessibility)
        self.reasonEdit.setPlaceholderText(QCoreApplication.translate("ContactEditor", u"Optional; kept in the history", None))
        self.outOfHoursCheck.setText(QCoreApplication.translate("ContactEditor", u"Available out of &hours", None))
#if QT_CONFIG(accessibility)
        self.outOfHoursCheck.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Available out of hours", None))
#endif // QT_CONFIG(accessibility)
        self.publicLineCheck.setText(QCoreApplication.translate("ContactEditor", u"Pu&blic line (a copied number is not cleared from the clipboard)", None))
#if QT_CONFIG(accessibility)
        self.publicLineCheck.setAccessibleName(QCoreApplication.translate("ContactEditor", u"Public line", None))
#endif // QT_CONFIG(accessibility)
        self.errorLabel.setText("")
    # retranslateUi
