# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'policy_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject)
from PySide6.QtWidgets import (QComboBox, QDialogButtonBox, QGridLayout,
    QLabel, QLineEdit, QSpinBox, QWidget)

from prevent_desktop.ui.a11y import AlertLabel

class Ui_PolicyDialog(object):
    def setupUi(self, PolicyDialog: Any) -> None:
        if not PolicyDialog.objectName():
            PolicyDialog.setObjectName(u"PolicyDialog")
        PolicyDialog.resize(560, 300)
        self.formLayout = QGridLayout(PolicyDialog)
        self.formLayout.setObjectName(u"formLayout")
        self.nameLabel = QLabel(PolicyDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.addWidget(self.nameLabel, 0, 0, 1, 1)

        self.nameEdit = QLineEdit(PolicyDialog)
        self.nameEdit.setObjectName(u"nameEdit")

        self.formLayout.addWidget(self.nameEdit, 0, 1, 1, 1)

        self.groupLabel = QLabel(PolicyDialog)
        self.groupLabel.setObjectName(u"groupLabel")

        self.formLayout.addWidget(self.groupLabel, 1, 0, 1, 1)

        self.groupCombo = QComboBox(PolicyDialog)
        self.groupCombo.setObjectName(u"groupCombo")

        self.formLayout.addWidget(self.groupCombo, 1, 1, 1, 1)

        self.ownerLabel = QLabel(PolicyDialog)
        self.ownerLabel.setObjectName(u"ownerLabel")

        self.formLayout.addWidget(self.ownerLabel, 2, 0, 1, 1)

        self.ownerEdit = QLineEdit(PolicyDialog)
        self.ownerEdit.setObjectName(u"ownerEdit")

        self.formLayout.addWidget(self.ownerEdit, 2, 1, 1, 1)

        self.lastReviewLabel = QLabel(PolicyDialog)
        self.lastReviewLabel.setObjectName(u"lastReviewLabel")

        self.formLayout.addWidget(self.lastReviewLabel, 3, 0, 1, 1)

        self.lastReviewEdit = QLineEdit(PolicyDialog)
        self.lastReviewEdit.setObjectName(u"lastReviewEdit")

        self.formLayout.addWidget(self.lastReviewEdit, 3, 1, 1, 1)

        self.intervalLabel = QLabel(PolicyDialog)
        self.intervalLabel.setObjectName(u"intervalLabel")

        self.formLayout.addWidget(self.intervalLabel, 4, 0, 1, 1)

        self.intervalSpin = QSpinBox(PolicyDialog)
        self.intervalSpin.setObjectName(u"intervalSpin")
        self.intervalSpin.setMinimum(1)
        self.intervalSpin.setMaximum(120)
        self.intervalSpin.setValue(12)

        self.formLayout.addWidget(self.intervalSpin, 4, 1, 1, 1)

        self.messageLabel = AlertLabel(PolicyDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)

        self.formLayout.addWidget(self.messageLabel, 5, 0, 1, 2)

        self.buttonBox = QDialogButtonBox(PolicyDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.formLayout.addWidget(self.buttonBox, 6, 0, 1, 2)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.groupLabel.setBuddy(self.groupCombo)
        self.ownerLabel.setBuddy(self.ownerEdit)
        self.lastReviewLabel.setBuddy(self.lastReviewEdit)
        self.intervalLabel.setBuddy(self.intervalSpin)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.nameEdit, self.groupCombo)
        QWidget.setTabOrder(self.groupCombo, self.ownerEdit)
        QWidget.setTabOrder(self.ownerEdit, self.lastReviewEdit)
        QWidget.setTabOrder(self.lastReviewEdit, self.intervalSpin)
        QWidget.setTabOrder(self.intervalSpin, self.buttonBox)

        self.retranslateUi(PolicyDialog)

        QMetaObject.connectSlotsByName(PolicyDialog)
    # setupUi

    def retranslateUi(self, PolicyDialog: Any) -> None:
        PolicyDialog.setWindowTitle(QCoreApplication.translate("PolicyDialog", u"Policy", None))
        self.nameLabel.setText(QCoreApplication.translate("PolicyDialog", u"&Name:", None))
#if QT_CONFIG(accessibility)
        self.nameEdit.setAccessibleName(QCoreApplication.translate("PolicyDialog", u"Policy name", None))
#endif // QT_CONFIG(accessibility)
        self.groupLabel.setText(QCoreApplication.translate("PolicyDialog", u"&Group:", None))
#if QT_CONFIG(accessibility)
        self.groupCombo.setAccessibleName(QCoreApplication.translate("PolicyDialog", u"Group", None))
#endif // QT_CONFIG(accessibility)
        self.ownerLabel.setText(QCoreApplication.translate("PolicyDialog", u"&Owner:", None))
#if QT_CONFIG(accessibility)
        self.ownerEdit.setAccessibleName(QCoreApplication.translate("PolicyDialog", u"Owner", None))
#endif // QT_CONFIG(accessibility)
        self.lastReviewLabel.setText(QCoreApplication.translate("PolicyDialog", u"&Last review:", None))
#if QT_CONFIG(accessibility)
        self.lastReviewEdit.setAccessibleName(QCoreApplication.translate("PolicyDialog", u"Last review date", None))
#endif // QT_CONFIG(accessibility)
        self.lastReviewEdit.setPlaceholderText(QCoreApplication.translate("PolicyDialog", u"DD/MM/YYYY or MM/YYYY", None))
        self.intervalLabel.setText(QCoreApplication.translate("PolicyDialog", u"Review &every:", None))
#if QT_CONFIG(accessibility)
        self.intervalSpin.setAccessibleName(QCoreApplication.translate("PolicyDialog", u"Review interval in months", None))
#endif // QT_CONFIG(accessibility)
        self.intervalSpin.setSuffix(QCoreApplication.translate("PolicyDialog", u" months", None))
        self.messageLabel.setText("")
    # retranslateUi
