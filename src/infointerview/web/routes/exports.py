"""Exports: every person as vCards for an address book, or as CSV for a spreadsheet."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from infointerview.services import exports
from infointerview.web.context import workspace

router = APIRouter()


@router.get("/export/people.vcf", name="export_vcard")
def export_vcard(
    request: Request, version: Annotated[str, Query(max_length=10)] = "3.0"
) -> Response:
    """Download everyone as one .vcf file (vCard 3.0, or 4.0 with ``?version=4.0``)."""
    with workspace(request) as ws:
        cards = exports.export_vcard(session=ws.session, owner=ws.owner, version=version)
    return _download(cards, "text/vcard; charset=utf-8", "infointerview-people.vcf")


@router.get("/export/people.csv", name="export_csv")
def export_csv(request: Request) -> Response:
    """Download everyone as a CSV file, which ``infointerview import csv`` reads back."""
    with workspace(request) as ws:
        table = exports.export_csv(session=ws.session, owner=ws.owner)
    return _download(table, "text/csv; charset=utf-8", "infointerview-people.csv")


def _download(content: str, media_type: str, file_name: str) -> Response:
    return Response(
        content.encode("utf-8"),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )
