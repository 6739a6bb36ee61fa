"""Data files shipped with infointerview (the demo network)."""
