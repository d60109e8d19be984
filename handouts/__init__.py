"""handouts: patient-education content in YAML -> branded, print-ready PDFs."""

__version__ = "0.1.0"
