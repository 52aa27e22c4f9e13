# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'new_passphrase.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject)
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QProgressBar, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_NewPassphraseDialog(object):
    def setupUi(self, NewPassphraseDialog: Any) -> None:
        if not NewPassphraseDialog.objectName():
            NewPassphraseDialog.setObjectName(u"NewPassphraseDialog")
        NewPassphraseDialog.resize(560, 420)
        self.outerLayout = QVBoxLayout(NewPassphraseDialog)
        self.outerLayout.setObjectName(u"outerLayout")
        self.outerLayout.setContentsMargins(24, 20, 24, 16)
        self.titleLabel = QLabel(NewPassphraseDialog)
        self.titleLabel.setObjectName(u"titleLabel")

        self.outerLayout.addWidget(self.titleLabel)

        self.introLabel = QLabel(NewPassphraseDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.newLabel = QLabel(NewPassphraseDialog)
        self.newLabel.setObjectName(u"newLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.newLabel)

        self.newEdit = QLineEdit(NewPassphraseDialog)
        self.newEdit.setObjectName(u"newEdit")
        self.newEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.newEdit)

        self.confirmLabel = QLabel(NewPassphraseDialog)
        self.confirmLabel.setObjectName(u"confirmLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.confirmLabel)

        self.confirmEdit = QLineEdit(NewPassphraseDialog)
        self.confirmEdit.setObjectName(u"confirmEdit")
        self.confirmEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.confirmEdit)

        self.strengthTitle = QLabel(NewPassphraseDialog)
        self.strengthTitle.setObjectName(u"strengthTitle")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.strengthTitle)

        self.strengthBar = QProgressBar(NewPassphraseDialog)
        self.strengthBar.setObjectName(u"strengthBar")
        self.strengthBar.setMaximum(4)
        self.strengthBar.setValue(0)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.strengthBar)


        self.outerLayout.addLayout(self.formLayout)

        self.strengthLabel = QLabel(NewPassphraseDialog)
        self.strengthLabel.setObjectName(u"strengthLabel")
        self.strengthLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.strengthLabel)

        self.consequenceLabel = QLabel(NewPassphraseDialog)
        self.consequenceLabel.setObjectName(u"consequenceLabel")
        self.consequenceLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.consequenceLabel)

        self.laterWarning = QLabel(NewPassphraseDialog)
        self.laterWarning.setObjectName(u"laterWarning")
        self.laterWarning.setWordWrap(True)

        self.outerLayout.addWidget(self.laterWarning)

        self.errorLabel = QLabel(NewPassphraseDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.errorLabel)

        self.progressBar = QProgressBar(NewPassphraseDialog)
        self.progressBar.setObjectName(u"progressBar")
        self.progressBar.setMaximum(0)
        self.progressBar.setTextVisible(False)

        self.outerLayout.addWidget(self.progressBar)

        self.spacer = QSpacerItem(20, 8, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.spacer)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.laterButton = QPushButton(NewPassphraseDialog)
        self.laterButton.setObjectName(u"laterButton")
        self.laterButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.laterButton)

        self.buttonSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.setButton = QPushButton(NewPassphraseDialog)
        self.setButton.setObjectName(u"setButton")

        self.buttonLayout.addWidget(self.setButton)


        self.outerLayout.addLayout(self.buttonLayout)

#if QT_CONFIG(shortcut)
        self.newLabel.setBuddy(self.newEdit)
        self.confirmLabel.setBuddy(self.confirmEdit)
        self.strengthTitle.setBuddy(self.strengthBar)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.newEdit, self.confirmEdit)
        QWidget.setTabOrder(self.confirmEdit, self.laterButton)
        QWidget.setTabOrder(self.laterButton, self.setButton)

        self.retranslateUi(NewPassphraseDialog)

        self.setButton.setDefault(True)


        QMetaObject.connectSlotsByName(NewPassphraseDialog)
    # setupUi

    def retranslateUi(self, NewPassphraseDialog: Any) -> None:
        NewPassphraseDialog.setWindowTitle(QCoreApplication.translate("NewPassphraseDialog", u"Set a new passphrase", None))
        self.titleLabel.setText(QCoreApplication.translate("NewPassphraseDialog", u"You unlocked with the recovery key", None))
        self.introLabel.setText(QCoreApplication.translate("NewPassphraseDialog", u"If you have forgotten your passphrase, choose a new one now: from now on it opens the vault, and the old one no longer does. The recovery key stays as it is: keep it locked away.", None))
        self.newLabel.setText(QCoreApplication.translate("NewPassphraseDialog", u"&New passphrase", None))
#if QT_CONFIG(accessibility)
        self.newEdit.setAccessibleName(QCoreApplication.translate("NewPassphraseDialog", u"New passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.confirmLabel.setText(QCoreApplication.translate("NewPassphraseDialog", u"&Repeat it", None))
#if QT_CONFIG(accessibility)
        self.confirmEdit.setAccessibleName(QCoreApplication.translate("NewPassphraseDialog", u"Repeat the new passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.strengthTitle.setText(QCoreApplication.translate("NewPassphraseDialog", u"Strength", None))
#if QT_CONFIG(accessibility)
        self.strengthBar.setAccessibleName(QCoreApplication.translate("NewPassphraseDialog", u"Passphrase strength", None))
#endif // QT_CONFIG(accessibility)
        self.strengthLabel.setText("")
        self.consequenceLabel.setText(QCoreApplication.translate("NewPassphraseDialog", u"Only the passphrase is rewritten (the vault's key stays): a backup made before now still opens with the old passphrase. If the old passphrase may be known to someone, choose Later and use Vault \u2192 Change passphrase\u2026 with \u201cmay be known to someone\u201d, which re-encrypts the vault and its backups.", None))
        self.laterWarning.setText(QCoreApplication.translate("NewPassphraseDialog", u"If you choose Later, you will need the recovery key again at every unlock until you set a passphrase (Vault \u2192 Change passphrase\u2026). If the recovery key is lost as well, nobody can open these records.", None))
        self.errorLabel.setText("")
#if QT_CONFIG(accessibility)
        self.progressBar.setAccessibleName(QCoreApplication.translate("NewPassphraseDialog", u"Setting the new passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.laterButton.setText(QCoreApplication.translate("NewPassphraseDialog", u"&Later", None))
        self.setButton.setText(QCoreApplication.translate("NewPassphraseDialog", u"&Set the new passphrase", None))
    # retranslateUi
