"""Writing the files commands produce (exports, backups): whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from infointerview.errors import BadInput


def write_atomically(path: Path, text: str | bytes, *, overwrite: bool = False) -> None:
    """Write ``text`` (as UTF-8) or bytes to ``path`` so that it is whole or not there at
    all.

    The text goes to a temporary file in the same folder, which then replaces ``path``:
    a full disk or a crash never leaves half a file under the final name. The file is
    readable by its owner only (it holds everyone's contact details).

    Raises:
        BadInput: when ``path`` exists and ``overwrite`` is False, or cannot be written.
    """
    if path.exists() and not overwrite:
        raise BadInput(f"{path} already exists; pass --force to overwrite it")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as error:
        raise _unwritable(path, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _unwritable(path, error) from None
        raise


def _unwritable(path: Path, error: OSError) -> BadInput:
    return BadInput(f"cannot write {path}: {error.strerror or error}")
