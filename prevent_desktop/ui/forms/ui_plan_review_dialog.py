# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'plan_review_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject)
from PySide6.QtWidgets import (QDateEdit, QDialogButtonBox, QGridLayout,
    QLabel, QLineEdit, QPlainTextEdit, QWidget)

from prevent_desktop.ui.a11y import AlertLabel

class Ui_PlanReviewDialog(object):
    def setupUi(self, PlanReviewDialog: Any) -> None:
        if not PlanReviewDialog.objectName():
            PlanReviewDialog.setObjectName(u"PlanReviewDialog")
        PlanReviewDialog.resize(520, 300)
        self.formLayout = QGridLayout(PlanReviewDialog)
        self.formLayout.setObjectName(u"formLayout")
        self.introLabel = QLabel(PlanReviewDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.formLayout.addWidget(self.introLabel, 0, 0, 1, 2)

        self.dateLabel = QLabel(PlanReviewDialog)
        self.dateLabel.setObjectName(u"dateLabel")

        self.formLayout.addWidget(self.dateLabel, 1, 0, 1, 1)

        self.dateEdit = QDateEdit(PlanReviewDialog)
        self.dateEdit.setObjectName(u"dateEdit")
        self.dateEdit.setCalendarPopup(True)

        self.formLayout.addWidget(self.dateEdit, 1, 1, 1, 1)

        self.reviewerLabel = QLabel(PlanReviewDialog)
        self.reviewerLabel.setObjectName(u"reviewerLabel")

        self.formLayout.addWidget(self.reviewerLabel, 2, 0, 1, 1)

        self.reviewerEdit = QLineEdit(PlanReviewDialog)
        self.reviewerEdit.setObjectName(u"reviewerEdit")

        self.formLayout.addWidget(self.reviewerEdit, 2, 1, 1, 1)

        self.notesLabel = QLabel(PlanReviewDialog)
        self.notesLabel.setObjectName(u"notesLabel")

        self.formLayout.addWidget(self.notesLabel, 3, 0, 1, 1)

        self.notesEdit = QPlainTextEdit(PlanReviewDialog)
        self.notesEdit.setObjectName(u"notesEdit")
        self.notesEdit.setTabChangesFocus(True)

        self.formLayout.addWidget(self.notesEdit, 3, 1, 1, 1)

        self.messageLabel = AlertLabel(PlanReviewDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)

        self.formLayout.addWidget(self.messageLabel, 4, 0, 1, 2)

        self.buttonBox = QDialogButtonBox(PlanReviewDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.formLayout.addWidget(self.buttonBox, 5, 0, 1, 2)

#if QT_CONFIG(shortcut)
        self.dateLabel.setBuddy(self.dateEdit)
        self.reviewerLabel.setBuddy(self.reviewerEdit)
        self.notesLabel.setBuddy(self.notesEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.dateEdit, self.reviewerEdit)
        QWidget.setTabOrder(self.reviewerEdit, self.notesEdit)
        QWidget.setTabOrder(self.notesEdit, self.buttonBox)

        self.retranslateUi(PlanReviewDialog)

        QMetaObject.connectSlotsByName(PlanReviewDialog)
    # setupUi

    def retranslateUi(self, PlanReviewDialog: Any) -> None:
        PlanReviewDialog.setWindowTitle(QCoreApplication.translate("PlanReviewDialog", u"Review the plan", None))
        self.introLabel.setText(QCoreApplication.translate("PlanReviewDialog", u"Recording a review marks every current row as reviewed on that date (recurring actions restart) and moves the plan\u2019s \u201cdate last updated\u201d.", None))
        self.dateLabel.setText(QCoreApplication.translate("PlanReviewDialog", u"Review &date:", None))
#if QT_CONFIG(accessibility)
        self.dateEdit.setAccessibleName(QCoreApplication.translate("PlanReviewDialog", u"Review date", None))
#endif // QT_CONFIG(accessibility)
        self.dateEdit.setDisplayFormat(QCoreApplication.translate("PlanReviewDialog", u"dd/MM/yyyy", None))
        self.reviewerLabel.setText(QCoreApplication.translate("PlanReviewDialog", u"&Reviewer:", None))
#if QT_CONFIG(accessibility)
        self.reviewerEdit.setAccessibleName(QCoreApplication.translate("PlanReviewDialog", u"Reviewer", None))
#endif // QT_CONFIG(accessibility)
        self.notesLabel.setText(QCoreApplication.translate("PlanReviewDialog", u"&Notes:", None))
#if QT_CONFIG(accessibility)
        self.notesEdit.setAccessibleName(QCoreApplication.translate("PlanReviewDialog", u"Review notes", None))
#endif // QT_CONFIG(accessibility)
        self.messageLabel.setText("")
    # retranslateUi
