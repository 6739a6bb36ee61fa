"""Where infointerview keeps its files: ``INFOINTERVIEW_HOME``, else platformdirs."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "infointerview"
HOME_ENV = "INFOINTERVIEW_HOME"
DB_FILENAME = "infointerview.db"
CONFIG_FILENAME = "config.toml"


def data_dir() -> Path:
    """Return the folder for the database and backups (not created here)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Return the folder holding ``config.toml``: the home override, else the OS config dir."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """Return the path of the embedded SQLite database used when no --db is given."""
    return data_dir() / DB_FILENAME


def config_path() -> Path:
    """Return the path of the optional configuration file."""
    return config_dir() / CONFIG_FILENAME
