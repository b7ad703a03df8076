"""`python -m tools.toymodels`: rebuild the committed toy packages (see train.py)."""

import sys

from tools.toymodels.train import main

sys.exit(main())
