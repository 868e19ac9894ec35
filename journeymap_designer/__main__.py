"""`python -m journeymap_designer [FILE]` opens the designer."""

import sys

from .app import main

sys.exit(main())
