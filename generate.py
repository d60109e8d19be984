#!/usr/bin/env python3
"""Build the clinic's handouts from content.yaml: `python generate.py --help`.

A thin shell over `handouts.cli`, which is also installed as `handouts`.
Python puts this script's folder first on the import path, and it often
holds content.yaml and whatever came with it: that folder (and the working
folder) are taken off the path before anything is imported, and the
`handouts` package beside this script is loaded by its own location.
"""

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load_handouts() -> None:
    here = str(HERE)
    sys.path[:] = [e for e in sys.path if e and Path(e).resolve() not in (HERE, Path.cwd())]
    package = HERE / "handouts"
    spec = importlib.util.spec_from_file_location(
        "handouts", package / "__init__.py", submodule_search_locations=[str(package)]
    )
    if spec is None or spec.loader is None or not package.is_dir():
        sys.exit(f"handouts: the handouts package is missing beside {here}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["handouts"] = module
    spec.loader.exec_module(module)


# At module level, not only under __main__: build workers started with
# spawn or forkserver run this file again (as __mp_main__) and must load the
# same package, not whichever `handouts` is installed.
_load_handouts()

if __name__ == "__main__":
    from handouts.cli import main

    sys.exit(main())
