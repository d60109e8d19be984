#!/usr/bin/env python3
"""Build the clinic's handouts from content.yaml: `python generate.py --help`.

A thin shell over `handouts.cli`, which is also installed as `handouts`.
"""

import sys

from handouts.cli import main

if __name__ == "__main__":
    sys.exit(main())
