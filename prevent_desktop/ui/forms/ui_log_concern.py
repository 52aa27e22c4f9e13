# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'log_concern.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QAbstractScrollArea, QComboBox,
    QDialogButtonBox, QFrame, QGridLayout, QLabel, QLineEdit, QPlainTextEdit,
    QScrollArea, QVBoxLayout, QWidget)

from prevent_desktop.ui.a11y import AlertLabel

class Ui_LogConcernDialog(object):
    def setupUi(self, LogConcernDialog: Any) -> None:
        if not LogConcernDialog.objectName():
            LogConcernDialog.setObjectName(u"LogConcernDialog")
        LogConcernDialog.resize(640, 680)
        self.outerLayout = QVBoxLayout(LogConcernDialog)
        self.outerLayout.setObjectName(u"outerLayout")
        self.formScroll = QScrollArea(LogConcernDialog)
        self.formScroll.setObjectName(u"formScroll")
        self.formScroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.formScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.formScroll.setWidgetResizable(True)
        self.formContents = QWidget()
        self.formContents.setObjectName(u"formContents")
        self.formContentsLayout = QVBoxLayout(self.formContents)
        self.formContentsLayout.setObjectName(u"formContentsLayout")
        self.formContentsLayout.setContentsMargins(0, 0, 0, 0)
        self.dangerHost = QWidget(self.formContents)
        self.dangerHost.setObjectName(u"dangerHost")
        self.dangerLayout = QVBoxLayout(self.dangerHost)
        self.dangerLayout.setObjectName(u"dangerLayout")
        self.dangerLayout.setContentsMargins(0, 0, 0, 0)

        self.formContentsLayout.addWidget(self.dangerHost)

        self.formLayout = QGridLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.forenamesLabel = QLabel(self.formContents)
        self.forenamesLabel.setObjectName(u"forenamesLabel")

        self.formLayout.addWidget(self.forenamesLabel, 0, 0, 1, 1)

        self.forenamesEdit = QLineEdit(self.formContents)
        self.forenamesEdit.setObjectName(u"forenamesEdit")

        self.formLayout.addWidget(self.forenamesEdit, 0, 1, 1, 1)

        self.surnameLabel = QLabel(self.formContents)
        self.surnameLabel.setObjectName(u"surnameLabel")

        self.formLayout.addWidget(self.surnameLabel, 1, 0, 1, 1)

        self.surnameEdit = QLineEdit(self.formContents)
        self.surnameEdit.setObjectName(u"surnameEdit")

        self.formLayout.addWidget(self.surnameEdit, 1, 1, 1, 1)

        self.dobLabel = QLabel(self.formContents)
        self.dobLabel.setObjectName(u"dobLabel")

        self.formLayout.addWidget(self.dobLabel, 2, 0, 1, 1)

        self.dobEdit = QLineEdit(self.formContents)
        self.dobEdit.setObjectName(u"dobEdit")

        self.formLayout.addWidget(self.dobEdit, 2, 1, 1, 1)

        self.roleLabel = QLabel(self.formContents)
        self.roleLabel.setObjectName(u"roleLabel")

        self.formLayout.addWidget(self.roleLabel, 3, 0, 1, 1)

        self.roleCombo = QComboBox(self.formContents)
        self.roleCombo.setObjectName(u"roleCombo")

        self.formLayout.addWidget(self.roleCombo, 3, 1, 1, 1)

        self.matchLabel = QLabel(self.formContents)
        self.matchLabel.setObjectName(u"matchLabel")

        self.formLayout.addWidget(self.matchLabel, 4, 0, 1, 1)

        self.matchCombo = QComboBox(self.formContents)
        self.matchCombo.setObjectName(u"matchCombo")

        self.formLayout.addWidget(self.matchCombo, 4, 1, 1, 1)

        self.matchNote = QLabel(self.formContents)
        self.matchNote.setObjectName(u"matchNote")
        self.matchNote.setTextFormat(Qt.TextFormat.PlainText)
        self.matchNote.setWordWrap(True)

        self.formLayout.addWidget(self.matchNote, 5, 1, 1, 1)

        self.raisedByLabel = QLabel(self.formContents)
        self.raisedByLabel.setObjectName(u"raisedByLabel")

        self.formLayout.addWidget(self.raisedByLabel, 6, 0, 1, 1)

        self.raisedByCombo = QComboBox(self.formContents)
        self.raisedByCombo.setObjectName(u"raisedByCombo")

        self.formLayout.addWidget(self.raisedByCombo, 6, 1, 1, 1)

        self.raiserLabel = QLabel(self.formContents)
        self.raiserLabel.setObjectName(u"raiserLabel")

        self.formLayout.addWidget(self.raiserLabel, 7, 0, 1, 1)

        self.raiserEdit = QLineEdit(self.formContents)
        self.raiserEdit.setObjectName(u"raiserEdit")

        self.formLayout.addWidget(self.raiserEdit, 7, 1, 1, 1)

        self.whenLabel = QLabel(self.formContents)
        self.whenLabel.setObjectName(u"whenLabel")

        self.formLayout.addWidget(self.whenLabel, 8, 0, 1, 1)

        self.whenEdit = QLineEdit(self.formContents)
        self.whenEdit.setObjectName(u"whenEdit")

        self.formLayout.addWidget(self.whenEdit, 8, 1, 1, 1)

        self.whatLabel = QLabel(self.formContents)
        self.whatLabel.setObjectName(u"whatLabel")

        self.formLayout.addWidget(self.whatLabel, 9, 0, 1, 1, Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.whatEdit = QPlainTextEdit(self.formContents)
        self.whatEdit.setObjectName(u"whatEdit")
        self.whatEdit.setTabChangesFocus(True)
        self.whatEdit.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContentsOnFirstShow)

        self.formLayout.addWidget(self.whatEdit, 9, 1, 1, 1)


        self.formContentsLayout.addLayout(self.formLayout)

        self.formScroll.setWidget(self.formContents)

        self.outerLayout.addWidget(self.formScroll)

        self.errorLabel = AlertLabel(LogConcernDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.errorLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(LogConcernDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.outerLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.forenamesLabel.setBuddy(self.forenamesEdit)
        self.surnameLabel.setBuddy(self.surnameEdit)
        self.dobLabel.setBuddy(self.dobEdit)
        self.roleLabel.setBuddy(self.roleCombo)
        self.matchLabel.setBuddy(self.matchCombo)
        self.raisedByLabel.setBuddy(self.raisedByCombo)
        self.raiserLabel.setBuddy(self.raiserEdit)
        self.whenLabel.setBuddy(self.whenEdit)
        self.whatLabel.setBuddy(self.whatEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(LogConcernDialog)

        QMetaObject.connectSlotsByName(LogConcernDialog)
    # setupUi

    def retranslateUi(self, LogConcernDialog: Any) -> None:
        LogConcernDialog.setWindowTitle(QCoreApplication.translate("LogConcernDialog", u"Log a concern", None))
        self.forenamesLabel.setText(QCoreApplication.translate("LogConcernDialog", u"&Forename(s):", None))
#if QT_CONFIG(accessibility)
        self.forenamesEdit.setAccessibleName(QCoreApplication.translate("LogConcernDialog", u"Forename(s) of the person the concern is about", None))
#endif // QT_CONFIG(accessibility)
        self.surnameLabel.setText(QCoreApplication.translate("LogConcernDialog", u"&Surname:", None))
#if QT_CONFIG(accessibility)
        self.surnameEdit.setAccessibleName(QCoreApplication.translate("LogConcernDialog", u"Surname of the person the concern is about", None))
#endif // QT_CONFIG(accessibility)
        self.dobLabel.setText(QCoreApplication.translate("LogConcernDialog", u"Date of &birth:", None))
#if QT_CONFIG(accessibility)
        self.dobEdit.setAccessibleName(QCoreApplication.translate("LogConcernDialog", u"Date of birth", None))
#endif // QT_CONFIG(accessibility)
        self.dobEdit.setPlaceholderText(QCoreApplication.translate("LogConcernDialog", u"DD/MM/YYYY, or short: 5/3/10 or 050310 (empty if unknown)", None))
        self.roleLabel.setText(QCoreApplication.translate("LogConcernDialog", u"The person &is a:", None))
#if QT_CONFIG(accessibility)
        self.roleCombo.setAccessibleName(QCoreApplication.translate("LogConcernDialog", u"Who the concern is about", None))
#endif // QT_CONFIG(accessibility)
        self.matchLabel.setText(QCoreApplication.translate("LogConcernDialog", u"Person &record:", None))
#if QT_CONFIG(accessibility)
        self.matchCombo.setAccessibleName(QCoreApplication.translate("LogConcernDialog", u"Link to an existing person record", None))
#endif // QT_CONFIG(accessibility)
        self.matchNote.setText("")
        self.raisedByLabel.setText(QCoreApplication.translate("LogConcernDialog", u"R&aised by:", None))
#if QT_CONFIG(accessibility)
        self.raisedByCombo.setAccessibleName(QCoreApplication.translate("LogConcernDialog", u"Who raised the concern", None))
#endif // QT_CONFIG(accessibility)
        self.raiserLabel.setText(QCoreApplication.translate("LogConcernDialog", u"Raiser's &name:", None))
#if QT_CONFIG(accessibility)
        self.raiserEdit.setAccessibleName(QCoreApplication.translate("LogConcernDialog", u"Name of the person who raised the concern", None))
#endif // QT_CONFIG(accessibility)
        self.whenLabel.setText(QCoreApplication.translate("LogConcernDialog", u"&Date of concern:", None))
#if QT_CONFIG(accessibility)
        self.whenEdit.setAccessibleName(QCoreApplication.translate("LogConcernDialog", u"Date of concern", None))
#endif // QT_CONFIG(accessibility)
        self.whenEdit.setPlaceholderText(QCoreApplication.translate("LogConcernDialog", u"DD/MM/YYYY, 5/3, today or yesterday", None))
        self.whatLabel.setText(QCoreApplication.translate("LogConcernDialog", u"&What happened:", None))
#if QT_CONFIG(accessibility)
        self.whatEdit.setAccessibleName(QCoreApplication.translate("LogConcernDialog", u"What happened", None))
#endif // QT_CONFIG(accessibility)
        self.whatEdit.setPlaceholderText(QCoreApplication.translate("LogConcernDialog", u"What happened, what was said or seen, and how you know (facts, not opinions).", None))
        self.errorLabel.setText("")
    # retranslateUi
