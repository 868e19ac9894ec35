"""The frozen `journeymap` executable: PyInstaller needs a script, not an entry point."""

import sys

from journeymap_designer.cli import main

sys.exit(main())
