"""A few shared looks: headings, error text, the demo banner. Colour is never the only signal."""

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

ERROR_STYLE = "color: #a40000; font-weight: bold;"
TITLE_STYLE = "font-size: 20pt; font-weight: bold;"
DEMO_BANNER_STYLE = "background: #ffd966; color: #3d2c00; font-weight: bold; padding: 6px;"
RECOVERY_KEY_STYLE = (
    "font-family: 'DejaVu Sans Mono', monospace; font-size: 15pt; padding: 12px; border: 1px solid #888;"
)
NAV_STYLE = "QListWidget::item { padding: 8px 10px; }"  # its font: scale_font(nav, NAV_SCALE)
NAV_SCALE = 1.3
TITLE_SCALE = 1.8


def scale_font(widget: QWidget, factor: float, *, bold: bool = False) -> None:
    """``widget``'s font, ``factor`` times the application's (so it follows the system text size, which a
    style sheet's fixed ``pt`` would not)."""
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold or font.bold())
    widget.setFont(font)
