"""Generated from forms/*.ui by packaging/build_forms.py. Never edit by hand."""
