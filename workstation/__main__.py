"""`python -m workstation` is the same as the `workstation` console script."""

from workstation.cli import main

raise SystemExit(main())
