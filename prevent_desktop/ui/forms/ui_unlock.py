# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'unlock.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QLineEdit,
    QProgressBar, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

from prevent_desktop.ui.a11y import AlertLabel

class Ui_UnlockWindow(object):
    def setupUi(self, UnlockWindow: Any) -> None:
        if not UnlockWindow.objectName():
            UnlockWindow.setObjectName(u"UnlockWindow")
        UnlockWindow.resize(520, 360)
        self.outerLayout = QVBoxLayout(UnlockWindow)
        self.outerLayout.setObjectName(u"outerLayout")
        self.outerLayout.setContentsMargins(36, 28, 36, 24)
        self.titleLabel = QLabel(UnlockWindow)
        self.titleLabel.setObjectName(u"titleLabel")

        self.outerLayout.addWidget(self.titleLabel)

        self.subtitleLabel = QLabel(UnlockWindow)
        self.subtitleLabel.setObjectName(u"subtitleLabel")
        self.subtitleLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.subtitleLabel)

        self.topSpacer = QSpacerItem(20, 12, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.outerLayout.addItem(self.topSpacer)

        self.passphraseLabel = QLabel(UnlockWindow)
        self.passphraseLabel.setObjectName(u"passphraseLabel")

        self.outerLayout.addWidget(self.passphraseLabel)

        self.passphraseEdit = QLineEdit(UnlockWindow)
        self.passphraseEdit.setObjectName(u"passphraseEdit")
        self.passphraseEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.outerLayout.addWidget(self.passphraseEdit)

        self.recoveryCheck = QCheckBox(UnlockWindow)
        self.recoveryCheck.setObjectName(u"recoveryCheck")

        self.outerLayout.addWidget(self.recoveryCheck)

        self.errorLabel = AlertLabel(UnlockWindow)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.errorLabel)

        self.progressBar = QProgressBar(UnlockWindow)
        self.progressBar.setObjectName(u"progressBar")
        self.progressBar.setMaximum(0)
        self.progressBar.setTextVisible(False)

        self.outerLayout.addWidget(self.progressBar)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.buttonSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.unlockButton = QPushButton(UnlockWindow)
        self.unlockButton.setObjectName(u"unlockButton")

        self.buttonLayout.addWidget(self.unlockButton)


        self.outerLayout.addLayout(self.buttonLayout)

        self.bottomSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.bottomSpacer)

        self.locationLabel = QLabel(UnlockWindow)
        self.locationLabel.setObjectName(u"locationLabel")
        self.locationLabel.setWordWrap(True)
        self.locationLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.outerLayout.addWidget(self.locationLabel)

#if QT_CONFIG(shortcut)
        self.passphraseLabel.setBuddy(self.passphraseEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.passphraseEdit, self.recoveryCheck)
        QWidget.setTabOrder(self.recoveryCheck, self.unlockButton)

        self.retranslateUi(UnlockWindow)

        self.unlockButton.setDefault(True)


        QMetaObject.connectSlotsByName(UnlockWindow)
    # setupUi

    def retranslateUi(self, UnlockWindow: Any) -> None:
        UnlockWindow.setWindowTitle(QCoreApplication.translate("UnlockWindow", u"Prevent Desktop \u2014 locked", None))
        self.titleLabel.setText(QCoreApplication.translate("UnlockWindow", u"Prevent Desktop", None))
#if QT_CONFIG(accessibility)
        self.titleLabel.setAccessibleName(QCoreApplication.translate("UnlockWindow", u"Prevent Desktop", None))
#endif // QT_CONFIG(accessibility)
        self.subtitleLabel.setText(QCoreApplication.translate("UnlockWindow", u"The vault is locked. Enter your passphrase to open it.", None))
        self.passphraseLabel.setText(QCoreApplication.translate("UnlockWindow", u"&Passphrase", None))
#if QT_CONFIG(accessibility)
        self.passphraseEdit.setAccessibleName(QCoreApplication.translate("UnlockWindow", u"Passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.passphraseEdit.setPlaceholderText(QCoreApplication.translate("UnlockWindow", u"Vault passphrase", None))
        self.recoveryCheck.setText(QCoreApplication.translate("UnlockWindow", u"I forgot my passphrase: use the &recovery key instead", None))
#if QT_CONFIG(accessibility)
        self.recoveryCheck.setAccessibleName(QCoreApplication.translate("UnlockWindow", u"Use the recovery key instead", None))
#endif // QT_CONFIG(accessibility)
        self.errorLabel.setText("")
#if QT_CONFIG(accessibility)
        self.progressBar.setAccessibleName(QCoreApplication.translate("UnlockWindow", u"Unlocking", None))
#endif // QT_CONFIG(accessibility)
        self.unlockButton.setText(QCoreApplication.translate("UnlockWindow", u"&Unlock", None))
#if QT_CONFIG(accessibility)
        self.unlockButton.setAccessibleName(QCoreApplication.translate("UnlockWindow", u"Unlock", None))
#endif // QT_CONFIG(accessibility)
        self.locationLabel.setText("")
    # retranslateUi
