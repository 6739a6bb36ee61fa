"""Writing the files commands produce: whole or not at all, never over one by accident."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from infointerview.errors import BadInput, Refused


def write_atomically(path: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` as UTF-8 through a temporary file, then rename it.

    A crash or a full disk leaves the old file (or none), never half a file.

    Raises:
        Refused: when ``path`` exists and ``force`` is not given.
        BadInput: when the folder cannot be written.
    """
    if path.exists() and not force:
        raise Refused(f"{path} exists; pass --force to overwrite it")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise BadInput(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
