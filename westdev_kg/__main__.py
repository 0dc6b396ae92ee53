"""``python -m westdev_kg`` is the ``westdev-kg`` command."""

import sys

from .cli import main

sys.exit(main())
