# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from typing import Any

from PySide6.QtCore import (QCoreApplication, QMetaObject, QSize, Qt)
from PySide6.QtGui import (QAction)
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QMenu,
    QMenuBar, QStackedWidget, QStatusBar, QToolBar, QVBoxLayout, QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow: Any) -> None:
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1180, 760)
        self.actionLock = QAction(MainWindow)
        self.actionLock.setObjectName(u"actionLock")
        self.actionSettings = QAction(MainWindow)
        self.actionSettings.setObjectName(u"actionSettings")
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.central = QWidget(MainWindow)
        self.central.setObjectName(u"central")
        self.centralLayout = QVBoxLayout(self.central)
        self.centralLayout.setSpacing(0)
        self.centralLayout.setObjectName(u"centralLayout")
        self.centralLayout.setContentsMargins(0, 0, 0, 0)
        self.demoBanner = QLabel(self.central)
        self.demoBanner.setObjectName(u"demoBanner")
        self.demoBanner.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.centralLayout.addWidget(self.demoBanner)

        self.bodyLayout = QHBoxLayout()
        self.bodyLayout.setSpacing(0)
        self.bodyLayout.setObjectName(u"bodyLayout")
        self.navList = QListWidget(self.central)
        self.navList.setObjectName(u"navList")
        self.navList.setMaximumSize(QSize(190, 16777215))
        self.navList.setMinimumSize(QSize(160, 0))

        self.bodyLayout.addWidget(self.navList)

        self.stack = QStackedWidget(self.central)
        self.stack.setObjectName(u"stack")

        self.bodyLayout.addWidget(self.stack)


        self.centralLayout.addLayout(self.bodyLayout)

        MainWindow.setCentralWidget(self.central)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menuVault = QMenu(self.menubar)
        self.menuVault.setObjectName(u"menuVault")
        self.menuHelp = QMenu(self.menubar)
        self.menuHelp.setObjectName(u"menuHelp")
        MainWindow.setMenuBar(self.menubar)
        self.toolBar = QToolBar(MainWindow)
        self.toolBar.setObjectName(u"toolBar")
        self.toolBar.setMovable(False)
        MainWindow.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolBar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)

        self.menubar.addAction(self.menuVault.menuAction())
        self.menubar.addAction(self.menuHelp.menuAction())
        self.menuVault.addAction(self.actionLock)
        self.menuVault.addSeparator()
        self.menuVault.addAction(self.actionSettings)
        self.menuVault.addSeparator()
        self.menuVault.addAction(self.actionQuit)
        self.menuHelp.addAction(self.actionAbout)
        self.toolBar.addAction(self.actionLock)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow: Any) -> None:
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"Prevent Desktop", None))
        self.actionLock.setText(QCoreApplication.translate("MainWindow", u"&Lock", None))
#if QT_CONFIG(tooltip)
        self.actionLock.setToolTip(QCoreApplication.translate("MainWindow", u"Lock the vault now (Ctrl+L)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(shortcut)
        self.actionLock.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+L", None))
#endif // QT_CONFIG(shortcut)
        self.actionSettings.setText(QCoreApplication.translate("MainWindow", u"&Settings\u2026", None))
#if QT_CONFIG(tooltip)
        self.actionSettings.setToolTip(QCoreApplication.translate("MainWindow", u"Change the vault's settings (Ctrl+,)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(shortcut)
        self.actionSettings.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+,", None))
#endif // QT_CONFIG(shortcut)
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"&Quit", None))
#if QT_CONFIG(tooltip)
        self.actionQuit.setToolTip(QCoreApplication.translate("MainWindow", u"Close the vault and quit (Ctrl+Q)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.actionAbout.setText(QCoreApplication.translate("MainWindow", u"&About Prevent Desktop", None))
        self.demoBanner.setText(QCoreApplication.translate("MainWindow", u"DEMO VAULT \u2014 for training only. Do not record real people here.", None))
#if QT_CONFIG(accessibility)
        self.demoBanner.setAccessibleName(QCoreApplication.translate("MainWindow", u"Demo vault banner", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.navList.setAccessibleName(QCoreApplication.translate("MainWindow", u"Areas", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.stack.setAccessibleName(QCoreApplication.translate("MainWindow", u"Current area", None))
#endif // QT_CONFIG(accessibility)
        self.menuVault.setTitle(QCoreApplication.translate("MainWindow", u"&Vault", None))
        self.menuHelp.setTitle(QCoreApplication.translate("MainWindow", u"&Help", None))
        self.toolBar.setWindowTitle(QCoreApplication.translate("MainWindow", u"Main toolbar", None))
    # retranslateUi
