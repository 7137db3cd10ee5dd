"""`python -m autolend` is the `autolend` command."""

import sys

from autolend.cli import main

sys.exit(main())
