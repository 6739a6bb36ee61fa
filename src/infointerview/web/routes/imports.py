"""The Import page: upload a contact file, see what importing it would do, then confirm."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, Form
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from infointerview.domain.vocabulary import ContactSource
from infointerview.errors import BadInput, FileRefused, StorageError
from infointerview.io import text
from infointerview.io.csv_contacts import FIELDS as MAPPING_FIELDS
from infointerview.io.csv_contacts import parse_mapping
from infointerview.services.importing import (
    DUPLICATE_TAG,
    ImportReport,
    import_contacts,
    parse_file,
)
from infointerview.services.workspace import Store
from infointerview.web.context import workspace
from infointerview.web.templating import render
from infointerview.web.uploads import Upload, UploadGone, Uploads

router = APIRouter()

# The most the page reads of an upload; the command line's --max-size reads larger files.
UPLOAD_LIMIT = text.DEFAULT_LIMIT
MAX_MAPPING = 2_000
MAX_FILE_NAME = 200
# Problems listed on the page; the command line's --json lists every one.
SHOWN = 200
KINDS = {
    ContactSource.LINKEDIN: "LinkedIn connections (Connections.csv)",
    ContactSource.VCARD: "vCard file (.vcf)",
    ContactSource.CSV: "CSV file (Google Contacts, Outlook, or another)",
}
# How the preview and the result name the file's kind.
KIND_NAMES = {
    ContactSource.LINKEDIN: "LinkedIn export",
    ContactSource.VCARD: "vCard file",
    ContactSource.CSV: "CSV file",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@router.get("/import", name="import_form")
def import_form(request: Request) -> Response:
    """Show the form for choosing a contact file to import."""
    return _form(request, values={}, errors={})


@router.post("/import", name="preview_import")
async def preview_import(request: Request) -> Response:
    """Read the uploaded file and show what importing it would do; nothing is stored yet."""
    form = await request.form()
    upload = form.get("file")
    values = {name: _text(form.get(name)) for name in ("kind", "mapping")}
    return await run_in_threadpool(
        _preview, request, values, upload if isinstance(upload, UploadFile) else None
    )


def _preview(request: Request, values: dict[str, str], upload: UploadFile | None) -> Response:
    errors: dict[str, str] = {}
    source = _source(values["kind"], errors)
    mapping = _mapping(values["mapping"], source, errors)
    file_name = _file_name(upload.filename if upload else None)
    data = b""
    if upload is None or not upload.filename:
        errors["file"] = "Choose the file to import."
    elif not errors:
        try:
            data = _read(upload, file_name)
        except FileRefused as refused:
            errors["file"] = _for_the_page(str(refused))
    if errors or source is None:
        return _form(request, values=values, errors=errors, status_code=400)
    store: Store = request.app.state.store
    try:
        with store.workspace(read_only=True) as ws:
            report = import_contacts(
                session=ws.session,
                owner=ws.owner,
                source=source,
                file_name=file_name,
                items=parse_file(source=source, data=data, file_name=file_name, mapping=mapping),
                dry_run=True,
            )
    except BadInput as refused:  # FileRefused too: the file, its line and why
        return _form(
            request, values=values, errors={"file": _for_the_page(str(refused))}, status_code=400
        )
    token = _uploads(request).keep(
        source=source, file_name=file_name, mapping=mapping or "", data=data
    )
    return _report_page(request, "import_preview.html", report, token=token)


@router.post("/import/confirm", name="confirm_import")
def confirm_import(request: Request, token: Annotated[str, Form(max_length=100)] = "") -> Response:
    """Import the file the preview showed, in one transaction; then show what was done."""
    uploads = _uploads(request)
    try:
        upload = uploads.claim(token)
    except UploadGone as gone:
        return _form(request, values={}, errors={"upload": str(gone)}, status_code=410)
    try:
        report = _import(request, upload)
    except BadInput as refused:
        uploads.discard(token)
        return _form(
            request, values={}, errors={"file": _for_the_page(str(refused))}, status_code=400
        )
    except BaseException:
        uploads.release(token)  # e.g. the database was busy: Confirm may be pressed again
        raise
    uploads.discard(token)
    try:
        uploads.keep_report(token, report)
    except StorageError:  # imported all the same: show the result without keeping it
        return _report_page(request, "import_done.html", report, token=token)
    return RedirectResponse(f"/import/{token}/done", status_code=303)


def _import(request: Request, upload: Upload) -> ImportReport:
    # Parsed before the transaction begins, so the write lock is held only for the import.
    items = list(
        parse_file(
            source=upload.source,
            data=upload.data,
            file_name=upload.file_name,
            mapping=upload.mapping or None,
        )
    )
    with workspace(request) as ws:
        return import_contacts(
            session=ws.session,
            owner=ws.owner,
            source=upload.source,
            file_name=upload.file_name,
            items=items,
        )


@router.get("/import/{token}/done", name="import_done")
def import_done(request: Request, token: str) -> Response:
    """Show what a confirmed import did (kept for an hour)."""
    report = _uploads(request).report(token)
    if report is None:
        context = {
            "title": "Import summary gone",
            "message": "This import's summary is no longer kept (summaries are kept for an "
            "hour). The people it added are on the People page.",
        }
        return render(request, "error.html", context, status_code=404)
    return _report_page(request, "import_done.html", report, token=token)


def _uploads(request: Request) -> Uploads:
    uploads: Uploads = request.app.state.uploads
    return uploads


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _source(kind: str, errors: dict[str, str]) -> ContactSource | None:
    try:
        return ContactSource(kind)
    except ValueError:
        errors["kind"] = "Choose what kind of file it is: " + ", ".join(KINDS.values()) + "."
        return None


def _mapping(mapping: str, source: ContactSource | None, errors: dict[str, str]) -> str | None:
    """Return the column mapping to use (None for none), after checking its syntax."""
    mapping = mapping.strip()
    if not mapping:
        return None
    if len(mapping) > MAX_MAPPING:
        errors["mapping"] = f"The column mapping is longer than {MAX_MAPPING:,} characters."
    elif source is not None and source is not ContactSource.CSV:
        errors["mapping"] = (
            "A column mapping is for CSV files only: LinkedIn's and vCard's fields are known. "
            "Empty it, or choose CSV."
        )
    else:
        try:
            parse_mapping(mapping)
        except BadInput as problem:
            errors["mapping"] = str(problem).removeprefix("--map: ")
    return mapping


# The readers' advice names command-line options; the page has its own ways.
_PAGE_ADVICE = (
    ("pass --encoding to name the file's encoding", "save the file as UTF-8 and upload it again"),
    ('map it: --map "Their Column=name"', 'fill in the column mapping: "Their Column=name"'),
)


def _for_the_page(message: str) -> str:
    """Return a reader's message with its command-line advice put as the page's."""
    for command_line, page in _PAGE_ADVICE:
        message = message.replace(command_line, page)
    return message


def _file_name(name: str | None) -> str:
    """Return the upload's own name, without any folder a browser sent along with it."""
    shown = PurePosixPath((name or "").replace("\\", "/")).name
    shown = _CONTROL.sub("", shown).strip()[:MAX_FILE_NAME]
    return shown or "the uploaded file"


def _read(upload: UploadFile, file_name: str) -> bytes:
    """Return the upload's bytes, refusing it past the limit before reading it all.

    Raises:
        FileRefused: for an upload larger than ``UPLOAD_LIMIT``.
    """
    limit = UPLOAD_LIMIT
    try:
        return text.read_stream(upload.file, limit=limit, name=file_name)
    except FileRefused:
        raise FileRefused(
            file_name,
            f"is larger than {text.size_text(limit)}, the most this page reads (the command "
            "line reads larger files: infointerview import KIND FILE --max-size 500MB)",
        ) from None


def _form(
    request: Request, *, values: dict[str, str], errors: dict[str, str], status_code: int = 200
) -> Response:
    context = {
        "values": {"kind": ContactSource.LINKEDIN.value, "mapping": "", **values},
        "errors": errors,
        "kinds": [(source.value, label) for source, label in KINDS.items()],
        "mapping_fields": ", ".join(MAPPING_FIELDS),
        "limit": text.size_text(UPLOAD_LIMIT),
    }
    return render(request, "import.html", context, status_code=status_code)


def _report_page(request: Request, name: str, report: ImportReport, *, token: str) -> Response:
    context = {
        "report": report,
        "kind": KIND_NAMES[report.source],
        "token": token,
        "shown": SHOWN,
        "duplicate_tag": DUPLICATE_TAG,
    }
    return render(request, name, context)
