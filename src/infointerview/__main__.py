"""Allow ``python -m infointerview``."""

from infointerview.cli.launch import main

raise SystemExit(main())
