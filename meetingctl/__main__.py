"""``python -m meetingctl``."""

import sys

from meetingctl.cli import main

sys.exit(main())
