"""handouts: patient-education content in YAML -> branded, print-ready PDFs."""

from . import trusted_imports

if trusted_imports.running_as_program():  # `python -m handouts.cli` in a content folder
    trusted_imports.drop_untrusted()

from . import rl_isolation  # noqa: F401  (first: ReportLab must not see local settings)

__version__ = "0.1.0"
