#!/usr/bin/env python3
"""Build the comparative report: `python build.py --help` lists the options."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from msmeetings.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
