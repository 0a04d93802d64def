"""``python -m qinternet.cli`` runs the command line."""

import sys

from qinternet.cli.main import main

sys.exit(main())
