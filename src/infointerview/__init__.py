"""infointerview: run the informational-interview method end to end."""

__version__ = "0.1.0"
