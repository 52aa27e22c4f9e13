# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'case_view.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea,
    QSizePolicy, QSpacerItem, QSplitter, QTabWidget, QTableView, QVBoxLayout,
    QWidget)

class Ui_CaseView(object):
    def setupUi(self, CaseView: Any) -> None:
        if not CaseView.objectName():
            CaseView.setObjectName(u"CaseView")
        CaseView.resize(1340, 720)
        self.outerLayout = QVBoxLayout(CaseView)
        self.outerLayout.setObjectName(u"outerLayout")
        self.headerFrame = QFrame(CaseView)
        self.headerFrame.setObjectName(u"headerFrame")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.headerFrame.sizePolicy().hasHeightForWidth())
        self.headerFrame.setSizePolicy(sizePolicy)
        self.headerFrame.setFrameShape(QFrame.Shape.StyledPanel)
        self.headerLayout = QGridLayout(self.headerFrame)
        self.headerLayout.setObjectName(u"headerLayout")
        self.refLabel = QLabel(self.headerFrame)
        self.refLabel.setObjectName(u"refLabel")
        self.refLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.headerLayout.addWidget(self.refLabel, 0, 0, 1, 1)

        self.personLabel = QLabel(self.headerFrame)
        self.personLabel.setObjectName(u"personLabel")
        self.personLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.personLabel.setWordWrap(True)

        self.headerLayout.addWidget(self.personLabel, 1, 0, 1, 4)

        self.ageBadge = QLabel(self.headerFrame)
        self.ageBadge.setObjectName(u"ageBadge")
        sizePolicy1 = QSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        sizePolicy1.setHorizontalStretch(0)
        sizePolicy1.setVerticalStretch(0)
        sizePolicy1.setHeightForWidth(self.ageBadge.sizePolicy().hasHeightForWidth())
        self.ageBadge.setSizePolicy(sizePolicy1)
        self.ageBadge.setTextFormat(Qt.TextFormat.PlainText)

        self.headerLayout.addWidget(self.ageBadge, 0, 2, 1, 1)

        self.statusBadge = QLabel(self.headerFrame)
        self.statusBadge.setObjectName(u"statusBadge")
        sizePolicy1.setHeightForWidth(self.statusBadge.sizePolicy().hasHeightForWidth())
        self.statusBadge.setSizePolicy(sizePolicy1)
        self.statusBadge.setTextFormat(Qt.TextFormat.PlainText)

        self.headerLayout.addWidget(self.statusBadge, 0, 3, 1, 1)

        self.nextStepLabel = QLabel(self.headerFrame)
        self.nextStepLabel.setObjectName(u"nextStepLabel")
        self.nextStepLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.nextStepLabel.setWordWrap(True)

        self.headerLayout.addWidget(self.nextStepLabel, 2, 0, 1, 3)

        self.nextStepButton = QPushButton(self.headerFrame)
        self.nextStepButton.setObjectName(u"nextStepButton")
        self.nextStepButton.setAutoDefault(False)

        self.headerLayout.addWidget(self.nextStepButton, 2, 3, 1, 1)

        self.closedNote = QLabel(self.headerFrame)
        self.closedNote.setObjectName(u"closedNote")
        self.closedNote.setTextFormat(Qt.TextFormat.PlainText)
        self.closedNote.setWordWrap(True)

        self.headerLayout.addWidget(self.closedNote, 3, 0, 1, 4)

        self.headerLayout.setColumnStretch(1, 1)

        self.outerLayout.addWidget(self.headerFrame)

        self.mainSplitter = QSplitter(CaseView)
        self.mainSplitter.setObjectName(u"mainSplitter")
        self.mainSplitter.setOrientation(Qt.Orientation.Horizontal)
        self.mainSplitter.setChildrenCollapsible(False)
        self.chronologyPanel = QWidget(self.mainSplitter)
        self.chronologyPanel.setObjectName(u"chronologyPanel")
        self.chronologyLayout = QVBoxLayout(self.chronologyPanel)
        self.chronologyLayout.setObjectName(u"chronologyLayout")
        self.chronologyLayout.setContentsMargins(0, 0, 0, 0)
        self.chronologyLabel = QLabel(self.chronologyPanel)
        self.chronologyLabel.setObjectName(u"chronologyLabel")
        self.chronologyLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.chronologyLabel.setWordWrap(True)

        self.chronologyLayout.addWidget(self.chronologyLabel)

        self.chronTable = QTableView(self.chronologyPanel)
        self.chronTable.setObjectName(u"chronTable")
        self.chronTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.chronTable.setTabKeyNavigation(False)
        self.chronTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.chronTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.chronTable.setWordWrap(True)

        self.chronologyLayout.addWidget(self.chronTable)

        self.entryLabel = QLabel(self.chronologyPanel)
        self.entryLabel.setObjectName(u"entryLabel")
        self.entryLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.chronologyLayout.addWidget(self.entryLabel)

        self.entryText = QPlainTextEdit(self.chronologyPanel)
        self.entryText.setObjectName(u"entryText")
        self.entryText.setReadOnly(True)
        self.entryText.setTabChangesFocus(True)

        self.chronologyLayout.addWidget(self.entryText)

        self.chronologyButtons = QHBoxLayout()
        self.chronologyButtons.setObjectName(u"chronologyButtons")
        self.noteButton = QPushButton(self.chronologyPanel)
        self.noteButton.setObjectName(u"noteButton")
        self.noteButton.setAutoDefault(False)

        self.chronologyButtons.addWidget(self.noteButton)

        self.addendumButton = QPushButton(self.chronologyPanel)
        self.addendumButton.setObjectName(u"addendumButton")
        self.addendumButton.setAutoDefault(False)

        self.chronologyButtons.addWidget(self.addendumButton)

        self.chronologySpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.chronologyButtons.addItem(self.chronologySpacer)


        self.chronologyLayout.addLayout(self.chronologyButtons)

        self.mainSplitter.addWidget(self.chronologyPanel)
        self.pageTabs = QTabWidget(self.mainSplitter)
        self.pageTabs.setObjectName(u"pageTabs")
        self.caseTab = QWidget()
        self.caseTab.setObjectName(u"caseTab")
        self.caseTabLayout = QVBoxLayout(self.caseTab)
        self.caseTabLayout.setObjectName(u"caseTabLayout")
        self.caseTabLayout.setContentsMargins(0, 0, 0, 0)
        self.caseScroll = QScrollArea(self.caseTab)
        self.caseScroll.setObjectName(u"caseScroll")
        self.caseScroll.setWidgetResizable(True)
        self.caseScroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.caseContent = QWidget()
        self.caseContent.setObjectName(u"caseContent")
        self.caseContentLayout = QVBoxLayout(self.caseContent)
        self.caseContentLayout.setObjectName(u"caseContentLayout")
        self.concernBox = QGroupBox(self.caseContent)
        self.concernBox.setObjectName(u"concernBox")
        self.concernBoxLayout = QVBoxLayout(self.concernBox)
        self.concernBoxLayout.setObjectName(u"concernBoxLayout")
        self.concernContent = QVBoxLayout()
        self.concernContent.setObjectName(u"concernContent")
        self.concernContent.setContentsMargins(0, 0, 0, 0)

        self.concernBoxLayout.addLayout(self.concernContent)

        self.concernBoxButtons = QHBoxLayout()
        self.concernBoxButtons.setObjectName(u"concernBoxButtons")
        self.categoryButton = QPushButton(self.concernBox)
        self.categoryButton.setObjectName(u"categoryButton")
        self.categoryButton.setAutoDefault(False)

        self.concernBoxButtons.addWidget(self.categoryButton)

        self.concernBoxSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.concernBoxButtons.addItem(self.concernBoxSpacer)


        self.concernBoxLayout.addLayout(self.concernBoxButtons)


        self.caseContentLayout.addWidget(self.concernBox)

        self.routingBox = QGroupBox(self.caseContent)
        self.routingBox.setObjectName(u"routingBox")
        self.routingBoxLayout = QVBoxLayout(self.routingBox)
        self.routingBoxLayout.setObjectName(u"routingBoxLayout")
        self.routingContent = QVBoxLayout()
        self.routingContent.setObjectName(u"routingContent")
        self.routingContent.setContentsMargins(0, 0, 0, 0)

        self.routingBoxLayout.addLayout(self.routingContent)


        self.caseContentLayout.addWidget(self.routingBox)

        self.referralBox = QGroupBox(self.caseContent)
        self.referralBox.setObjectName(u"referralBox")
        self.referralBoxLayout = QVBoxLayout(self.referralBox)
        self.referralBoxLayout.setObjectName(u"referralBoxLayout")
        self.referralContent = QVBoxLayout()
        self.referralContent.setObjectName(u"referralContent")
        self.referralContent.setContentsMargins(0, 0, 0, 0)

        self.referralBoxLayout.addLayout(self.referralContent)

        self.referralBoxButtons = QHBoxLayout()
        self.referralBoxButtons.setObjectName(u"referralBoxButtons")
        self.gapButton = QPushButton(self.referralBox)
        self.gapButton.setObjectName(u"gapButton")
        self.gapButton.setAutoDefault(False)

        self.referralBoxButtons.addWidget(self.gapButton)

        self.referralButton = QPushButton(self.referralBox)
        self.referralButton.setObjectName(u"referralButton")
        self.referralButton.setAutoDefault(False)

        self.referralBoxButtons.addWidget(self.referralButton)

        self.referralBoxSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.referralBoxButtons.addItem(self.referralBoxSpacer)


        self.referralBoxLayout.addLayout(self.referralBoxButtons)


        self.caseContentLayout.addWidget(self.referralBox)

        self.decisionsBox = QGroupBox(self.caseContent)
        self.decisionsBox.setObjectName(u"decisionsBox")
        self.decisionsBoxLayout = QVBoxLayout(self.decisionsBox)
        self.decisionsBoxLayout.setObjectName(u"decisionsBoxLayout")
        self.decisionsContent = QVBoxLayout()
        self.decisionsContent.setObjectName(u"decisionsContent")
        self.decisionsContent.setContentsMargins(0, 0, 0, 0)

        self.decisionsBoxLayout.addLayout(self.decisionsContent)

        self.decisionsBoxButtons = QHBoxLayout()
        self.decisionsBoxButtons.setObjectName(u"decisionsBoxButtons")
        self.decisionButton = QPushButton(self.decisionsBox)
        self.decisionButton.setObjectName(u"decisionButton")
        self.decisionButton.setAutoDefault(False)

        self.decisionsBoxButtons.addWidget(self.decisionButton)

        self.closeButton = QPushButton(self.decisionsBox)
        self.closeButton.setObjectName(u"closeButton")
        self.closeButton.setAutoDefault(False)

        self.decisionsBoxButtons.addWidget(self.closeButton)

        self.decisionsBoxSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.decisionsBoxButtons.addItem(self.decisionsBoxSpacer)


        self.decisionsBoxLayout.addLayout(self.decisionsBoxButtons)


        self.caseContentLayout.addWidget(self.decisionsBox)

        self.outcomesBox = QGroupBox(self.caseContent)
        self.outcomesBox.setObjectName(u"outcomesBox")
        self.outcomesBoxLayout = QVBoxLayout(self.outcomesBox)
        self.outcomesBoxLayout.setObjectName(u"outcomesBoxLayout")
        self.outcomesContent = QVBoxLayout()
        self.outcomesContent.setObjectName(u"outcomesContent")
        self.outcomesContent.setContentsMargins(0, 0, 0, 0)

        self.outcomesBoxLayout.addLayout(self.outcomesContent)

        self.outcomesBoxButtons = QHBoxLayout()
        self.outcomesBoxButtons.setObjectName(u"outcomesBoxButtons")
        self.outcomeButton = QPushButton(self.outcomesBox)
        self.outcomeButton.setObjectName(u"outcomeButton")
        self.outcomeButton.setAutoDefault(False)

        self.outcomesBoxButtons.addWidget(self.outcomeButton)

        self.outcomesBoxSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.outcomesBoxButtons.addItem(self.outcomesBoxSpacer)


        self.outcomesBoxLayout.addLayout(self.outcomesBoxButtons)


        self.caseContentLayout.addWidget(self.outcomesBox)

        self.reviewsBox = QGroupBox(self.caseContent)
        self.reviewsBox.setObjectName(u"reviewsBox")
        self.reviewsBoxLayout = QVBoxLayout(self.reviewsBox)
        self.reviewsBoxLayout.setObjectName(u"reviewsBoxLayout")
        self.reviewsContent = QVBoxLayout()
        self.reviewsContent.setObjectName(u"reviewsContent")
        self.reviewsContent.setContentsMargins(0, 0, 0, 0)

        self.reviewsBoxLayout.addLayout(self.reviewsContent)

        self.reviewsBoxButtons = QHBoxLayout()
        self.reviewsBoxButtons.setObjectName(u"reviewsBoxButtons")
        self.reviewButton = QPushButton(self.reviewsBox)
        self.reviewButton.setObjectName(u"reviewButton")
        self.reviewButton.setAutoDefault(False)

        self.reviewsBoxButtons.addWidget(self.reviewButton)

        self.reviewsBoxSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.reviewsBoxButtons.addItem(self.reviewsBoxSpacer)


        self.reviewsBoxLayout.addLayout(self.reviewsBoxButtons)


        self.caseContentLayout.addWidget(self.reviewsBox)

        self.tasksBox = QGroupBox(self.caseContent)
        self.tasksBox.setObjectName(u"tasksBox")
        self.tasksBoxLayout = QVBoxLayout(self.tasksBox)
        self.tasksBoxLayout.setObjectName(u"tasksBoxLayout")
        self.tasksContent = QVBoxLayout()
        self.tasksContent.setObjectName(u"tasksContent")
        self.tasksContent.setContentsMargins(0, 0, 0, 0)

        self.tasksBoxLayout.addLayout(self.tasksContent)


        self.caseContentLayout.addWidget(self.tasksBox)

        self.documentsBox = QGroupBox(self.caseContent)
        self.documentsBox.setObjectName(u"documentsBox")
        self.documentsBoxLayout = QVBoxLayout(self.documentsBox)
        self.documentsBoxLayout.setObjectName(u"documentsBoxLayout")
        self.documentsNote = QLabel(self.documentsBox)
        self.documentsNote.setObjectName(u"documentsNote")
        self.documentsNote.setTextFormat(Qt.TextFormat.PlainText)
        self.documentsNote.setWordWrap(True)

        self.documentsBoxLayout.addWidget(self.documentsNote)

        self.documentsTable = QTableView(self.documentsBox)
        self.documentsTable.setObjectName(u"documentsTable")
        self.documentsTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.documentsTable.setTabKeyNavigation(False)
        self.documentsTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documentsTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documentsTable.setWordWrap(True)

        self.documentsBoxLayout.addWidget(self.documentsTable)

        self.documentsMessage = QLabel(self.documentsBox)
        self.documentsMessage.setObjectName(u"documentsMessage")
        self.documentsMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.documentsMessage.setWordWrap(True)

        self.documentsBoxLayout.addWidget(self.documentsMessage)

        self.documentsButtons = QHBoxLayout()
        self.documentsButtons.setObjectName(u"documentsButtons")
        self.attachButton = QPushButton(self.documentsBox)
        self.attachButton.setObjectName(u"attachButton")
        self.attachButton.setAutoDefault(False)

        self.documentsButtons.addWidget(self.attachButton)

        self.viewButton = QPushButton(self.documentsBox)
        self.viewButton.setObjectName(u"viewButton")
        self.viewButton.setAutoDefault(False)

        self.documentsButtons.addWidget(self.viewButton)

        self.documentsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.documentsButtons.addItem(self.documentsSpacer)

        self.packButton = QPushButton(self.documentsBox)
        self.packButton.setObjectName(u"packButton")
        self.packButton.setAutoDefault(False)

        self.documentsButtons.addWidget(self.packButton)

        self.fileButton = QPushButton(self.documentsBox)
        self.fileButton.setObjectName(u"fileButton")
        self.fileButton.setAutoDefault(False)

        self.documentsButtons.addWidget(self.fileButton)


        self.documentsBoxLayout.addLayout(self.documentsButtons)


        self.caseContentLayout.addWidget(self.documentsBox)

        self.caseSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.caseContentLayout.addItem(self.caseSpacer)

        self.caseScroll.setWidget(self.caseContent)

        self.caseTabLayout.addWidget(self.caseScroll)

        self.pageTabs.addTab(self.caseTab, "")
        self.historyTab = QWidget()
        self.historyTab.setObjectName(u"historyTab")
        self.historyTabLayout = QVBoxLayout(self.historyTab)
        self.historyTabLayout.setObjectName(u"historyTabLayout")
        self.historyTabLayout.setContentsMargins(0, 0, 0, 0)
        self.historyText = QPlainTextEdit(self.historyTab)
        self.historyText.setObjectName(u"historyText")
        self.historyText.setReadOnly(True)
        self.historyText.setTabChangesFocus(True)

        self.historyTabLayout.addWidget(self.historyText)

        self.pageTabs.addTab(self.historyTab, "")
        self.mainSplitter.addWidget(self.pageTabs)

        self.outerLayout.addWidget(self.mainSplitter)

        self.outerLayout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.chronologyLabel.setBuddy(self.chronTable)
        self.entryLabel.setBuddy(self.entryText)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.nextStepButton, self.chronTable)
        QWidget.setTabOrder(self.chronTable, self.entryText)
        QWidget.setTabOrder(self.entryText, self.noteButton)
        QWidget.setTabOrder(self.noteButton, self.addendumButton)
        QWidget.setTabOrder(self.addendumButton, self.pageTabs)
        QWidget.setTabOrder(self.pageTabs, self.referralButton)
        QWidget.setTabOrder(self.referralButton, self.decisionButton)
        QWidget.setTabOrder(self.decisionButton, self.closeButton)
        QWidget.setTabOrder(self.closeButton, self.outcomeButton)
        QWidget.setTabOrder(self.outcomeButton, self.reviewButton)
        QWidget.setTabOrder(self.reviewButton, self.documentsTable)
        QWidget.setTabOrder(self.documentsTable, self.attachButton)
        QWidget.setTabOrder(self.attachButton, self.viewButton)
        QWidget.setTabOrder(self.viewButton, self.packButton)
        QWidget.setTabOrder(self.packButton, self.fileButton)
        QWidget.setTabOrder(self.fileButton, self.historyText)

        self.retranslateUi(CaseView)

        self.pageTabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(CaseView)
    # setupUi

    def retranslateUi(self, CaseView: Any) -> None:
        CaseView.setWindowTitle(QCoreApplication.translate("CaseView", u"Case", None))
        self.refLabel.setText("")
        self.personLabel.setText("")
        self.ageBadge.setText(QCoreApplication.translate("CaseView", u"UNDER 18", None))
        self.statusBadge.setText("")
        self.nextStepLabel.setText("")
        self.nextStepButton.setText(QCoreApplication.translate("CaseView", u"&Next step\u2026", None))
        self.closedNote.setText("")
        self.chronologyLabel.setText(QCoreApplication.translate("CaseView", u"&Chronology (every entry, oldest first; entries are never edited)", None))
#if QT_CONFIG(accessibility)
        self.chronTable.setAccessibleName(QCoreApplication.translate("CaseView", u"Chronology", None))
#endif // QT_CONFIG(accessibility)
        self.entryLabel.setText(QCoreApplication.translate("CaseView", u"Selected entry:", None))
#if QT_CONFIG(accessibility)
        self.entryText.setAccessibleName(QCoreApplication.translate("CaseView", u"Selected chronology entry", None))
#endif // QT_CONFIG(accessibility)
        self.noteButton.setText(QCoreApplication.translate("CaseView", u"Add a no&te\u2026", None))
        self.addendumButton.setText(QCoreApplication.translate("CaseView", u"Add&endum to the selected entry\u2026", None))
#if QT_CONFIG(accessibility)
        self.caseScroll.setAccessibleName(QCoreApplication.translate("CaseView", u"Case page", None))
#endif // QT_CONFIG(accessibility)
        self.concernBox.setTitle(QCoreApplication.translate("CaseView", u"Concern", None))
        self.categoryButton.setText(QCoreApplication.translate("CaseView", u"Change t&ype of concern\u2026", None))
#if QT_CONFIG(accessibility)
        self.categoryButton.setAccessibleDescription(QCoreApplication.translate("CaseView", u"The concern category counted in the annual Prevent summary", None))
#endif // QT_CONFIG(accessibility)
        self.routingBox.setTitle(QCoreApplication.translate("CaseView", u"Routing and contacts", None))
        self.referralBox.setTitle(QCoreApplication.translate("CaseView", u"Referral completeness", None))
        self.gapButton.setText(QCoreApplication.translate("CaseView", u"&Go to the first item needed\u2026", None))
        self.referralButton.setText(QCoreApplication.translate("CaseView", u"&Referral\u2026", None))
#if QT_CONFIG(accessibility)
        self.referralButton.setAccessibleDescription(QCoreApplication.translate("CaseView", u"Open the referral form (national referral form and Annex B2)", None))
#endif // QT_CONFIG(accessibility)
        self.decisionsBox.setTitle(QCoreApplication.translate("CaseView", u"Decisions", None))
        self.decisionButton.setText(QCoreApplication.translate("CaseView", u"Record a &decision\u2026", None))
        self.closeButton.setText(QCoreApplication.translate("CaseView", u"C&lose case\u2026", None))
        self.outcomesBox.setTitle(QCoreApplication.translate("CaseView", u"Outcomes", None))
        self.outcomeButton.setText(QCoreApplication.translate("CaseView", u"Record an &outcome\u2026", None))
        self.reviewsBox.setTitle(QCoreApplication.translate("CaseView", u"Reviews", None))
        self.reviewButton.setText(QCoreApplication.translate("CaseView", u"Re&view done\u2026", None))
        self.tasksBox.setTitle(QCoreApplication.translate("CaseView", u"Tasks", None))
        self.documentsBox.setTitle(QCoreApplication.translate("CaseView", u"Documents", None))
        self.documentsNote.setText(QCoreApplication.translate("CaseView", u"Files kept encrypted with the case, and every export or print of it.", None))
#if QT_CONFIG(accessibility)
        self.documentsTable.setAccessibleName(QCoreApplication.translate("CaseView", u"Documents", None))
#endif // QT_CONFIG(accessibility)
        self.documentsMessage.setText("")
        self.attachButton.setText(QCoreApplication.translate("CaseView", u"&Attach a file\u2026", None))
        self.viewButton.setText(QCoreApplication.translate("CaseView", u"V&iew file", None))
        self.packButton.setText(QCoreApplication.translate("CaseView", u"Referral &pack\u2026", None))
        self.fileButton.setText(QCoreApplication.translate("CaseView", u"Case &file\u2026", None))
        self.pageTabs.setTabText(self.pageTabs.indexOf(self.caseTab), QCoreApplication.translate("CaseView", u"Ca&se", None))
#if QT_CONFIG(accessibility)
        self.historyText.setAccessibleName(QCoreApplication.translate("CaseView", u"Every case about this person", None))
#endif // QT_CONFIG(accessibility)
        self.pageTabs.setTabText(self.pageTabs.indexOf(self.historyTab), QCoreApplication.translate("CaseView", u"&History", None))
    # retranslateUi
