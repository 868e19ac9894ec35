"""The frozen `journeymap-designer` executable: PyInstaller needs a script, not an entry point."""

import sys

from journeymap_designer.app import main

sys.exit(main())
