"""handouts: patient-education content in YAML -> branded, print-ready PDFs."""

from . import rl_isolation  # noqa: F401  (first: ReportLab must not see local settings)

__version__ = "0.1.0"
