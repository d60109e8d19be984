"""handouts: patient-education content in YAML -> branded, print-ready PDFs.

Importing the package loads no ReportLab: `handouts.render` is the only
package that does, and it imports ReportLab without the machine's settings.
"""

__version__ = "0.1.0"
