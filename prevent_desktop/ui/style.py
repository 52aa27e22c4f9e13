"""A few shared looks: headings, error text, the demo banner. Colour is never the only signal."""

ERROR_STYLE = "color: #a40000; font-weight: bold;"
TITLE_STYLE = "font-size: 20pt; font-weight: bold;"
DEMO_BANNER_STYLE = "background: #ffd966; color: #3d2c00; font-weight: bold; padding: 6px;"
RECOVERY_KEY_STYLE = (
    "font-family: 'DejaVu Sans Mono', monospace; font-size: 15pt; padding: 12px; border: 1px solid #888;"
)
NAV_STYLE = "QListWidget { font-size: 12pt; } QListWidget::item { padding: 8px 10px; }"
