"""Import ReportLab without the machine's settings; runs before anything else.

ReportLab executes `reportlab_mods.py` and `reportlab_settings.py` from
anywhere on the import path (with `python -m`, that includes the working
directory, often a content folder we do not trust), else runs
`~/.reportlab_mods` and `~/.reportlab_settings`, and reads `RL_*`
variables, all when `reportlab` is first imported. Many modules
copy those values at import, so resetting them later cannot undo them:
the only sound fix is to import it first, with an empty settings module in
place and the variables hidden, and then put both back for the host program.
When a host program imported ReportLab before us, `document.reportlab_configured`
still sets the values our files depend on, for each build, and puts them back.
"""

from __future__ import annotations

import os
import sys
import types

from ..trusted_imports import without_untrusted

# The hooks ReportLab looks for on the import path and in the home folder.
HOOKS = ("reportlab_mods", "reportlab_settings")


def import_reportlab_clean() -> None:
    if "reportlab.rl_config" in sys.modules:
        return
    hidden = {name: os.environ.pop(name) for name in list(os.environ) if name.startswith("RL_")}
    blocked = [name for name in HOOKS if name not in sys.modules]
    for name in blocked:  # an empty module found first: neither a file nor ~/.name runs
        sys.modules[name] = types.ModuleType(name)
    try:
        with without_untrusted():
            import reportlab.rl_config  # noqa: F401
    finally:
        os.environ.update(hidden)
        for name in blocked:
            del sys.modules[name]


import_reportlab_clean()
