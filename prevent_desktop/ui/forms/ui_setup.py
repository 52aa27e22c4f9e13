# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'setup.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QProgressBar, QPushButton, QSizePolicy, QSpacerItem,
    QStackedWidget, QVBoxLayout, QWidget)

from prevent_desktop.ui.a11y import AlertLabel

class Ui_SetupWindow(object):
    def setupUi(self, SetupWindow: Any) -> None:
        if not SetupWindow.objectName():
            SetupWindow.setObjectName(u"SetupWindow")
        SetupWindow.resize(600, 480)
        self.outerLayout = QVBoxLayout(SetupWindow)
        self.outerLayout.setObjectName(u"outerLayout")
        self.outerLayout.setContentsMargins(32, 24, 32, 20)
        self.pages = QStackedWidget(SetupWindow)
        self.pages.setObjectName(u"pages")
        self.passphrasePage = QWidget()
        self.passphrasePage.setObjectName(u"passphrasePage")
        self.passphraseLayout = QVBoxLayout(self.passphrasePage)
        self.passphraseLayout.setObjectName(u"passphraseLayout")
        self.titleLabel = QLabel(self.passphrasePage)
        self.titleLabel.setObjectName(u"titleLabel")

        self.passphraseLayout.addWidget(self.titleLabel)

        self.introLabel = QLabel(self.passphrasePage)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.passphraseLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.nameLabel = QLabel(self.passphrasePage)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(self.passphrasePage)
        self.nameEdit.setObjectName(u"nameEdit")
        self.nameEdit.setMaxLength(120)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.passphraseLabel = QLabel(self.passphrasePage)
        self.passphraseLabel.setObjectName(u"passphraseLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.passphraseLabel)

        self.passphraseEdit = QLineEdit(self.passphrasePage)
        self.passphraseEdit.setObjectName(u"passphraseEdit")
        self.passphraseEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.passphraseEdit)

        self.confirmLabel = QLabel(self.passphrasePage)
        self.confirmLabel.setObjectName(u"confirmLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.confirmLabel)

        self.confirmEdit = QLineEdit(self.passphrasePage)
        self.confirmEdit.setObjectName(u"confirmEdit")
        self.confirmEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.confirmEdit)

        self.strengthTitle = QLabel(self.passphrasePage)
        self.strengthTitle.setObjectName(u"strengthTitle")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.strengthTitle)

        self.strengthBar = QProgressBar(self.passphrasePage)
        self.strengthBar.setObjectName(u"strengthBar")
        self.strengthBar.setMaximum(4)
        self.strengthBar.setValue(0)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.strengthBar)


        self.passphraseLayout.addLayout(self.formLayout)

        self.strengthLabel = QLabel(self.passphrasePage)
        self.strengthLabel.setObjectName(u"strengthLabel")
        self.strengthLabel.setWordWrap(True)

        self.passphraseLayout.addWidget(self.strengthLabel)

        self.errorLabel = AlertLabel(self.passphrasePage)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.passphraseLayout.addWidget(self.errorLabel)

        self.progressBar = QProgressBar(self.passphrasePage)
        self.progressBar.setObjectName(u"progressBar")
        self.progressBar.setMaximum(0)
        self.progressBar.setTextVisible(False)

        self.passphraseLayout.addWidget(self.progressBar)

        self.spacer1 = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.passphraseLayout.addItem(self.spacer1)

        self.createButton = QPushButton(self.passphrasePage)
        self.createButton.setObjectName(u"createButton")

        self.passphraseLayout.addWidget(self.createButton)

        self.pages.addWidget(self.passphrasePage)
        self.recoveryPage = QWidget()
        self.recoveryPage.setObjectName(u"recoveryPage")
        self.recoveryLayout = QVBoxLayout(self.recoveryPage)
        self.recoveryLayout.setObjectName(u"recoveryLayout")
        self.recoveryTitle = QLabel(self.recoveryPage)
        self.recoveryTitle.setObjectName(u"recoveryTitle")

        self.recoveryLayout.addWidget(self.recoveryTitle)

        self.recoveryIntro = QLabel(self.recoveryPage)
        self.recoveryIntro.setObjectName(u"recoveryIntro")
        self.recoveryIntro.setWordWrap(True)

        self.recoveryLayout.addWidget(self.recoveryIntro)

        self.recoveryKeyLabel = QLabel(self.recoveryPage)
        self.recoveryKeyLabel.setObjectName(u"recoveryKeyLabel")
        self.recoveryKeyLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse|Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.recoveryKeyLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.recoveryLayout.addWidget(self.recoveryKeyLabel)

        self.writtenCheck = QCheckBox(self.recoveryPage)
        self.writtenCheck.setObjectName(u"writtenCheck")

        self.recoveryLayout.addWidget(self.writtenCheck)

        self.recoveryErrorLabel = QLabel(self.recoveryPage)
        self.recoveryErrorLabel.setObjectName(u"recoveryErrorLabel")
        self.recoveryErrorLabel.setWordWrap(True)

        self.recoveryLayout.addWidget(self.recoveryErrorLabel)

        self.recoveryProgress = QProgressBar(self.recoveryPage)
        self.recoveryProgress.setObjectName(u"recoveryProgress")
        self.recoveryProgress.setMaximum(0)
        self.recoveryProgress.setTextVisible(False)

        self.recoveryLayout.addWidget(self.recoveryProgress)

        self.spacer2 = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.recoveryLayout.addItem(self.spacer2)

        self.recoveryButtons = QHBoxLayout()
        self.recoveryButtons.setObjectName(u"recoveryButtons")
        self.printButton = QPushButton(self.recoveryPage)
        self.printButton.setObjectName(u"printButton")

        self.recoveryButtons.addWidget(self.printButton)

        self.spacer3 = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.recoveryButtons.addItem(self.spacer3)

        self.continueButton = QPushButton(self.recoveryPage)
        self.continueButton.setObjectName(u"continueButton")
        self.continueButton.setEnabled(False)

        self.recoveryButtons.addWidget(self.continueButton)


        self.recoveryLayout.addLayout(self.recoveryButtons)

        self.pages.addWidget(self.recoveryPage)

        self.outerLayout.addWidget(self.pages)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.passphraseLabel.setBuddy(self.passphraseEdit)
        self.confirmLabel.setBuddy(self.confirmEdit)
        self.strengthTitle.setBuddy(self.strengthBar)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.nameEdit, self.passphraseEdit)
        QWidget.setTabOrder(self.passphraseEdit, self.confirmEdit)
        QWidget.setTabOrder(self.confirmEdit, self.createButton)
        QWidget.setTabOrder(self.createButton, self.writtenCheck)
        QWidget.setTabOrder(self.writtenCheck, self.printButton)
        QWidget.setTabOrder(self.printButton, self.continueButton)

        self.retranslateUi(SetupWindow)

        self.createButton.setDefault(True)


        QMetaObject.connectSlotsByName(SetupWindow)
    # setupUi

    def retranslateUi(self, SetupWindow: Any) -> None:
        SetupWindow.setWindowTitle(QCoreApplication.translate("SetupWindow", u"Prevent Desktop \u2014 set up", None))
        self.titleLabel.setText(QCoreApplication.translate("SetupWindow", u"Set up Prevent Desktop", None))
        self.introLabel.setText(QCoreApplication.translate("SetupWindow", u"Everything you record is kept in an encrypted vault on this computer. Choose a passphrase: several unrelated words are strong and easy to remember. Nobody, not even IT, can open the vault without it or the recovery key shown next.", None))
        self.nameLabel.setText(QCoreApplication.translate("SetupWindow", u"Your &name", None))
#if QT_CONFIG(accessibility)
        self.nameEdit.setAccessibleName(QCoreApplication.translate("SetupWindow", u"Your name", None))
#endif // QT_CONFIG(accessibility)
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("SetupWindow", u"As it should appear on records, e.g. J. Smith (DSO)", None))
        self.passphraseLabel.setText(QCoreApplication.translate("SetupWindow", u"&Passphrase", None))
#if QT_CONFIG(accessibility)
        self.passphraseEdit.setAccessibleName(QCoreApplication.translate("SetupWindow", u"Passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.confirmLabel.setText(QCoreApplication.translate("SetupWindow", u"&Repeat passphrase", None))
#if QT_CONFIG(accessibility)
        self.confirmEdit.setAccessibleName(QCoreApplication.translate("SetupWindow", u"Repeat passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.strengthTitle.setText(QCoreApplication.translate("SetupWindow", u"Strength", None))
        self.strengthBar.setFormat(QCoreApplication.translate("SetupWindow", u"%v of 4", None))
#if QT_CONFIG(accessibility)
        self.strengthBar.setAccessibleName(QCoreApplication.translate("SetupWindow", u"Passphrase strength", None))
#endif // QT_CONFIG(accessibility)
        self.strengthLabel.setText("")
        self.errorLabel.setText("")
#if QT_CONFIG(accessibility)
        self.progressBar.setAccessibleName(QCoreApplication.translate("SetupWindow", u"Checking the passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.createButton.setText(QCoreApplication.translate("SetupWindow", u"Ne&xt: your recovery key", None))
        self.recoveryTitle.setText(QCoreApplication.translate("SetupWindow", u"Your recovery key", None))
        self.recoveryIntro.setText(QCoreApplication.translate("SetupWindow", u"Write this key down or print it now, and keep it locked away from this computer. It opens the vault if the passphrase is ever forgotten. It is shown only once: the vault is created, with this key, when you confirm below.", None))
        self.recoveryKeyLabel.setText("")
#if QT_CONFIG(accessibility)
        self.recoveryKeyLabel.setAccessibleDescription(QCoreApplication.translate("SetupWindow", u"Recovery key", None))
#endif // QT_CONFIG(accessibility)
        self.writtenCheck.setText(QCoreApplication.translate("SetupWindow", u"I have &written down or printed the recovery key", None))
        self.recoveryErrorLabel.setText("")
#if QT_CONFIG(accessibility)
        self.recoveryProgress.setAccessibleName(QCoreApplication.translate("SetupWindow", u"Creating the vault", None))
#endif // QT_CONFIG(accessibility)
        self.printButton.setText(QCoreApplication.translate("SetupWindow", u"&Print\u2026", None))
        self.continueButton.setText(QCoreApplication.translate("SetupWindow", u"&Create the vault", None))
    # retranslateUi
