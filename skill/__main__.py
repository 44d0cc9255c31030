"""``python -m skill …`` is the same as the ``rugadvies`` command."""

import sys

from skill.cli import main

sys.exit(main())
