"""Uploaded contact files kept between the import's preview and its confirmation.

The preview is a dry run; the file waits in a private folder of the data dir under a
random token, and the confirm form sends back only that token, so the file is not sent
twice and nothing a browser sends can name another file. The token is claimed by a
rename, so a double-clicked Confirm imports once. After the import its report is kept
under the same token for the result page. Whatever is older than an hour is removed
when another upload is kept.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from infointerview.domain.vocabulary import ContactSource
from infointerview.errors import BadInput, DataDirNotWritable
from infointerview.io.records import Problem
from infointerview.services.importing import ImportReport, PossibleDuplicate

KEEP_SECONDS = 60 * 60
# secrets.token_urlsafe(24): 32 characters of A-Z a-z 0-9 - _, never a path.
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
_UPLOAD = ".upload"
_CLAIMED = ".claimed"
_DONE = ".done"


class UploadGone(BadInput):
    """The token names no kept upload: malformed, imported already, or expired."""

    http_status = 410

    def __init__(self) -> None:
        super().__init__(
            "That upload is no longer here: it was imported already, or it was kept longer "
            "than an hour, the most uploads are kept. Nothing was imported; choose the file "
            "again."
        )


@dataclass(frozen=True, slots=True)
class Upload:
    """A kept upload: what kind of file it is, its name and column mapping, its bytes."""

    source: ContactSource
    file_name: str
    mapping: str
    data: bytes


class Uploads:
    """The folder holding the uploads waiting for confirmation, and the reports after it."""

    def __init__(self, folder: Path) -> None:
        """Keep uploads in ``folder`` (created, private to the user, when first needed)."""
        self.folder = folder

    def keep(self, *, source: ContactSource, file_name: str, mapping: str, data: bytes) -> str:
        """Store an upload; return the token naming it. Old ones are removed first.

        Raises:
            DataDirNotWritable: when the folder cannot be created or written.
        """
        self._clean()
        token = secrets.token_urlsafe(24)
        head = json.dumps({"source": source.value, "file_name": file_name, "mapping": mapping})
        self._write(self._path(token, _UPLOAD), head.encode() + b"\n" + data)
        return token

    def claim(self, token: str) -> Upload:
        """Take the upload ``token`` names, so that no other request imports it too.

        Raises:
            UploadGone: for a malformed token, or one naming no upload kept in the hour.
        """
        if not TOKEN.fullmatch(token):
            raise UploadGone()
        claimed = self._path(token, _CLAIMED)
        try:
            os.replace(self._path(token, _UPLOAD), claimed)
            content = claimed.read_bytes()
            stale = time.time() - claimed.stat().st_mtime > KEEP_SECONDS
        except OSError:  # also when the hourly clean-up took it meanwhile
            raise UploadGone() from None
        if stale:
            claimed.unlink(missing_ok=True)
            raise UploadGone()
        head, _newline, data = content.partition(b"\n")
        fields = json.loads(head)
        return Upload(
            source=ContactSource(fields["source"]),
            file_name=fields["file_name"],
            mapping=fields["mapping"],
            data=data,
        )

    def release(self, token: str) -> None:
        """Put back a claimed upload whose import failed, to be confirmed again."""
        with suppress(OSError):  # cleaned meanwhile: the explorer uploads it again
            os.replace(self._path(token, _CLAIMED), self._path(token, _UPLOAD))

    def discard(self, token: str) -> None:
        """Remove a claimed upload: imported, or refused."""
        self._path(token, _CLAIMED).unlink(missing_ok=True)

    def keep_report(self, token: str, report: ImportReport) -> None:
        """Keep what the import of ``token`` did, for the result page."""
        self._write(self._path(token, _DONE), json.dumps(asdict(report)).encode())

    def report(self, token: str) -> ImportReport | None:
        """Return the report kept for ``token``; None when there is none (or it expired)."""
        if not TOKEN.fullmatch(token):
            return None
        path = self._path(token, _DONE)
        try:
            if time.time() - path.stat().st_mtime > KEEP_SECONDS:
                return None
            return _report(json.loads(path.read_bytes()))
        except OSError:
            return None

    def _path(self, token: str, suffix: str) -> Path:
        return self.folder / f"{token}{suffix}"

    def _write(self, path: Path, content: bytes) -> None:
        """Write ``content`` whole to ``path``, readable by the user alone."""
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise DataDirNotWritable(str(self.folder), error.strerror or str(error)) from None

    def _clean(self) -> None:
        """Remove uploads, claims and reports older than an hour (abandoned previews)."""
        cutoff = time.time() - KEEP_SECONDS
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return
        for entry in entries:
            try:
                if entry.stat().st_mtime < cutoff:
                    entry.unlink()
            except OSError:
                continue  # removed by another request meanwhile


def _report(fields: dict[str, Any]) -> ImportReport:
    return ImportReport(
        source=ContactSource(fields["source"]),
        file_name=fields["file_name"],
        dry_run=fields["dry_run"],
        added=fields["added"],
        updated=fields["updated"],
        unchanged=fields["unchanged"],
        duplicates=tuple(PossibleDuplicate(**d) for d in fields["duplicates"]),
        skipped=tuple(Problem(**p) for p in fields["skipped"]),
        warnings=tuple(Problem(**p) for p in fields["warnings"]),
        contacts=fields["contacts"],
        import_id=fields["import_id"],
    )
