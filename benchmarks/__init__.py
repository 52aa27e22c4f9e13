"""The performance suite (not shipped): ``python -m benchmarks [--quick] [--json FILE] [--only NAME …]``.

Each figure is measured against a baseline taken in the same run; see ``benchmarks/README.md``."""
