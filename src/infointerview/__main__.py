"""Allow ``python -m infointerview``."""

from infointerview.cli.app import main

raise SystemExit(main())
