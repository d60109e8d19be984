"""handouts: patient-education content in YAML -> branded, print-ready PDFs.

Importing the package loads no ReportLab: `handouts.render` is the only
package that does, and it imports ReportLab without the machine's settings.
"""

from . import trusted_imports

if trusted_imports.running_as_program():  # `python -m handouts.cli` in a content folder
    trusted_imports.drop_untrusted()

__version__ = "0.1.0"
