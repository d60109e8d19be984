"""Import ReportLab without the machine's settings; runs before anything else.

ReportLab executes `reportlab_settings.py` from anywhere on the import path
(with `python -m`, that includes the working directory, often a content
folder we do not trust), else runs `~/.reportlab_settings`, and reads `RL_*`
variables, all when `reportlab.rl_config` is first imported. Many modules
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


def import_reportlab_clean() -> None:
    if "reportlab.rl_config" in sys.modules:
        return
    hidden = {name: os.environ.pop(name) for name in list(os.environ) if name.startswith("RL_")}
    blocked = "reportlab_settings" not in sys.modules
    if blocked:
        sys.modules["reportlab_settings"] = types.ModuleType("reportlab_settings")
    try:
        import reportlab.rl_config  # noqa: F401
    finally:
        os.environ.update(hidden)
        if blocked:
            del sys.modules["reportlab_settings"]


import_reportlab_clean()
