"""The Import page: an upload is previewed as a dry run that stores nothing, confirmed with a
one-time token, refused with the file, line and reason; and the People page's exports."""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from markupsafe import escape
from starlette.datastructures import UploadFile

from infointerview.domain.records import PersonRecord
from infointerview.errors import FileRefused
from infointerview.services import people
from infointerview.services.people import PersonFields
from infointerview.services.workspace import Store
from infointerview.web.routes import imports
from infointerview.web.uploads import KEEP_SECONDS, Uploads
from tests.web.helpers import (
    check_scripts,
    csrf_token,
    field_value,
    parse,
    people_listed,
    problems,
    snapshot,
    submit,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CONNECTIONS = FIXTURES / "linkedin" / "connections_with_a_hidden_profile_and_a_near_duplicate.csv"
HOSTILE = FIXTURES / "linkedin" / "connections_with_hostile_names.csv"
NO_NAME_COLUMN = FIXTURES / "csv" / "contacts_without_a_name_column.csv"
FRENCH_TITLES = FIXTURES / "csv" / "contacts_with_french_column_titles.csv"
TWO_CARDS = FIXTURES / "vcard" / "import_page_two_cards.vcf"
# The people CONNECTIONS adds; its line 6 is a hidden profile, its line 8 a bad email.
IMPORTED = ["Hana Moreau", "Oksana Villalobos", "Priya Ragunathan", "Tomasz Adeyemi-Kowal"]
STORED_NEAR_MATCH = "Priya Raghunathan"


# ------------------------------------------------------------------------------ helpers


def upload(
    client: TestClient,
    kind: str,
    content: bytes,
    *,
    file_name: str = "Connections.csv",
    mapping: str = "",
) -> Response:
    """Send ``content`` to the Import form as a file of ``kind``, as a browser does."""
    fields = {"kind": kind, "mapping": mapping, "csrf_token": csrf_token(client)}
    return client.post(
        "/import", data=fields, files={"file": (file_name, content, "application/octet-stream")}
    )


def upload_file(client: TestClient, kind: str, path: Path, **options: str) -> Response:
    """Send the fixture ``path`` to the Import form under its own name."""
    return upload(client, kind, path.read_bytes(), file_name=path.name, **options)


def token_of(html: str) -> str:
    """Return the token the preview's Confirm form sends back."""
    return field_value(html, "token")


def confirm(client: TestClient, html: str) -> Response:
    """Press the preview's Confirm button; the answer is the redirect to the result."""
    return submit(client, "/import/confirm", {"token": token_of(html)})


def counts(html: str) -> dict[str, int]:
    """Return the numbers of the report's counts list, by what they count."""
    listed = parse(html).find("ul", class_="pipeline")
    found = {}
    for item in listed.find_all("li"):
        number = item.find("span", class_="count").text()
        found[item.text().removeprefix(number).strip()] = int(number.replace(",", ""))
    return found


def table_rows(html: str, heading_id: str) -> list[list[str]]:
    """Return the cells' text of each body row of the table in the section ``heading_id``
    heads."""
    section = next(
        s for s in parse(html).find_all("section") if s.attrs.get("aria-labelledby") == heading_id
    )
    return [[cell.text() for cell in row.find_all("td")] for row in section.find_all("tr")][1:]


def names(store: Store) -> list[str]:
    """Return every stored person's name, sorted."""
    return sorted(p.full_name for p in everyone(store))


def everyone(store: Store) -> list[PersonRecord]:
    """Return every stored person, as the services list them."""
    with store.workspace() as ws:
        return people.list_people(session=ws.session, owner=ws.owner)


def add_person(store: Store, name: str, organization: str) -> int:
    """Store ``name`` at ``organization``; return their id."""
    with store.workspace() as ws:
        fields = PersonFields(full_name=name, organization=organization)
        return people.add_person(session=ws.session, owner=ws.owner, fields=fields).id


def kept_uploads(client: TestClient) -> list[str]:
    """Return the names of the files kept in the app's uploads folder."""
    uploads: Uploads = client.app.state.uploads  # type: ignore[attr-defined]
    return sorted(p.name for p in uploads.folder.iterdir()) if uploads.folder.exists() else []


def main_text(html: str) -> str:
    """Return the text of the page's main element."""
    return parse(html).find("main").text()


# ------------------------------------------------------------------------------ the form


def test_the_import_page_offers_each_kind_of_file_and_says_where_to_get_it(
    client: TestClient,
) -> None:
    response = client.get("/import")
    assert response.status_code == 200
    page = parse(response.text)
    form = page.find("form", action="/import")
    assert form.attrs["method"] == "post"
    assert form.attrs["enctype"] == "multipart/form-data"
    kinds = {radio.attrs["value"]: radio for radio in form.find_all("input", type="radio")}
    assert list(kinds) == ["linkedin", "vcard", "csv"]
    assert "checked" in kinds["linkedin"].attrs
    for value, radio in kinds.items():
        hint = page.by_id(radio.attrs["aria-describedby"])
        assert hint.text(), value
    assert "Get a copy of your data > Connections" in page.by_id("kind-linkedin-hint").text()
    assert page.find("label", for_="file").text().startswith("File")
    assert page.find("input", type="file").attrs["name"] == "file"
    assert page.find("label", for_="mapping").text() == "Column mapping (CSV only, optional)"
    assert "Full Name=name, E-mail=email" in page.by_id("mapping-hint").text()
    assert (
        form.find("input", name="csrf_token").attrs["value"] == client.cookies["infointerview_csrf"]
    )
    nav = page.find("nav")
    assert nav.find("a", href="/import").attrs.get("aria-current") == "page"
    check_scripts(response.text)


# ----------------------------------------------------------------------------- preview


def test_a_preview_shows_the_counts_and_problems_and_stores_nothing(
    client: TestClient, store: Store
) -> None:
    stored = add_person(store, STORED_NEAR_MATCH, "Tidewater Bank")
    before = snapshot(store)

    response = upload_file(client, "linkedin", CONNECTIONS)

    assert response.status_code == 200
    assert snapshot(store) == before
    page = parse(response.text)
    assert page.find("h1").text() == f"Check the import of {CONNECTIONS.name}"
    assert "Nothing is stored yet" in page.find("p", class_="lead").text()
    assert counts(response.text) == {
        "to add": 4,
        "to update": 0,
        "unchanged": 0,
        "possible duplicate": 1,
        "skipped": 1,
    }
    assert table_rows(response.text, "duplicates-heading") == [
        ["7", "Priya Ragunathan", STORED_NEAR_MATCH, "97%"]
    ]
    duplicates = next(
        s for s in page.find_all("section") if s.attrs["aria-labelledby"] == "duplicates-heading"
    )
    assert duplicates.find("a").attrs["href"] == f"/people/{stored}"
    assert table_rows(response.text, "skipped-heading") == [
        ["6", "no first or last name (LinkedIn leaves them out for hidden profiles)"]
    ]
    assert table_rows(response.text, "left-out-heading") == [
        ["8", "email: 'tomasz(at)example.org' is not an email address; left out"]
    ]
    assert page.find("button").text() == "Confirm the import"
    check_scripts(response.text)


def test_confirming_imports_the_file_and_shows_what_was_done(
    client: TestClient, store: Store
) -> None:
    add_person(store, STORED_NEAR_MATCH, "Tidewater Bank")
    preview = upload_file(client, "linkedin", CONNECTIONS)

    confirmed = confirm(client, preview.text)

    assert confirmed.status_code == 303
    token = token_of(preview.text)
    assert confirmed.headers["location"] == f"/import/{token}/done"
    assert names(store) == sorted([*IMPORTED, STORED_NEAR_MATCH])
    result = client.get(confirmed.headers["location"])
    assert result.status_code == 200
    page = parse(result.text)
    assert page.find("h1").text() == f"Imported {CONNECTIONS.name}"
    assert counts(result.text) == {
        "added": 4,
        "updated": 0,
        "unchanged": 0,
        "possible duplicate": 1,
        "skipped": 1,
    }
    assert [row[0] for row in table_rows(result.text, "skipped-heading")] == ["6"]
    main = page.find("main")
    tagged = main.find("a", href="/people?tag=possible-duplicate")
    assert main.find("a", href="/people").text() == "See everyone on the People page"
    listed = client.get(tagged.attrs["href"])
    near = next(p.id for p in everyone(store) if p.full_name == "Priya Ragunathan")
    assert people_listed(listed.text) == [near]
    assert kept_uploads(client) == [f"{token}.done"]  # the upload itself is gone
    check_scripts(result.text)


def test_large_counts_are_grouped_by_thousands_as_the_cli_writes_them(client: TestClient) -> None:
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    people = "".join(f"Ana,Ruiz-{n},,,Acme,Engineer,05 Mar 2024\n" for n in range(1_234))
    hidden = ",,,,,,05 Mar 2024\n" * 1_300  # hidden profiles: skipped

    response = upload(client, "linkedin", (header + people + hidden).encode())

    page = parse(response.text)
    assert "importing the 2,534 contacts of this" in page.find("p", class_="lead").text()
    listed = [item.text() for item in page.find("ul", class_="pipeline").find_all("li")]
    assert listed[0] == "1,234 to add"
    assert listed[-1] == "1,300 skipped"
    assert page.find("h2", id="skipped-heading").text() == "Skipped (1,300)"
    assert "… and 1,100 more;" in main_text(response.text)


def test_importing_the_same_file_again_adds_nobody(client: TestClient, store: Store) -> None:
    confirm(client, upload_file(client, "linkedin", CONNECTIONS).text)
    stored = names(store)

    again = upload_file(client, "linkedin", CONNECTIONS)

    assert counts(again.text) == {
        "to add": 0,
        "to update": 0,
        "unchanged": 4,
        "possible duplicates": 0,
        "skipped": 1,
    }
    assert confirm(client, again.text).status_code == 303
    assert names(store) == stored


def test_a_vcard_file_is_previewed_and_imported(client: TestClient, store: Store) -> None:
    preview = upload_file(client, "vcard", TWO_CARDS)
    assert preview.status_code == 200, main_text(preview.text)
    assert counts(preview.text)["to add"] == 2
    assert "vCard file" in parse(preview.text).find("p", class_="lead").text()
    confirm(client, preview.text)
    assert names(store) == ["Dev Malhotra", "Ruth Abernathy"]


def test_a_column_mapping_reads_a_csv_whose_titles_are_not_known(
    client: TestClient, store: Store
) -> None:
    unmapped = upload_file(client, "csv", FRENCH_TITLES)
    assert unmapped.status_code == 400
    assert "no column for the name" in problems(unmapped.text)["file"]

    mapped = upload_file(client, "csv", FRENCH_TITLES, mapping="Nom complet=name, Courriel=email")

    assert mapped.status_code == 200, main_text(mapped.text)
    assert counts(mapped.text)["to add"] == 2
    confirm(client, mapped.text)
    assert names(store) == ["Yusuf Okafor", "Élodie Marchand"]
    emails = {p.full_name: list(p.emails) for p in everyone(store)}
    assert emails["Yusuf Okafor"] == ["yusuf@example.fr"]


@pytest.mark.parametrize(
    ("kind", "mapping", "field", "message"),
    [
        ("linkedin", "Name=name", "mapping", "A column mapping is for CSV files only"),
        ("csv", "Name name", "mapping", "'Name name' is not COLUMN=FIELD"),
        ("csv", "Name=nickname", "mapping", "'nickname' is not a field; the fields are name,"),
        ("", "", "kind", "Choose what kind of file it is"),
        ("outlook", "", "kind", "Choose what kind of file it is"),
    ],
)
def test_a_bad_kind_or_mapping_is_shown_by_its_field_and_the_values_are_kept(
    client: TestClient, store: Store, kind: str, mapping: str, field: str, message: str
) -> None:
    before = snapshot(store)
    response = upload_file(client, kind, FRENCH_TITLES, mapping=mapping)
    assert response.status_code == 400
    found = problems(response.text)
    assert list(found) == [field]
    assert message in found[field]
    assert field_value(response.text, "mapping") == mapping
    assert "Nothing was imported: 1 field needs another look." in main_text(response.text)
    assert snapshot(store) == before
    assert kept_uploads(client) == []


def test_a_form_without_a_file_asks_for_one(client: TestClient) -> None:
    response = submit(client, "/import", {"kind": "vcard"})
    assert response.status_code == 400
    assert problems(response.text) == {"file": "Choose the file to import."}
    page = parse(response.text)
    assert page.find("input", type="file").attrs["aria-invalid"] == "true"
    assert "checked" in page.find("input", value="vcard").attrs


# ------------------------------------------------------------------------- refused files


@pytest.mark.parametrize(
    ("kind", "file_name", "content", "message"),
    [
        ("linkedin", "Connections.csv", b"", "Connections.csv: is empty; nothing was imported"),
        ("vcard", "contacts.vcf", b"\r\n  \r\n", "contacts.vcf: is empty; nothing was imported"),
        (
            "csv",
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
            "photo.png, line 1: holds binary data, not text (is it a contact file?); "
            "nothing was imported",
        ),
        (
            "csv",
            NO_NAME_COLUMN.name,
            NO_NAME_COLUMN.read_bytes(),
            f"{NO_NAME_COLUMN.name}, line 1: no column for the name (Name, First Name or Last "
            "Name) in the header 'Email', 'Phone', 'Company'; if it has one under another title, "
            'fill in the column mapping: "Their Column=name"',
        ),
        (
            "csv",
            "latin.csv",
            b"Name\nMaya\nSam \x81 Ortiz\n",
            "latin.csv, line 3: byte 0x81 cannot be read as cp1252 (save the file as UTF-8 and "
            "upload it again); nothing was imported",
        ),
        (
            "linkedin",
            TWO_CARDS.name,
            TWO_CARDS.read_bytes(),
            f"{TWO_CARDS.name}, line 1: no header line with First Name and Last Name",
        ),
        (
            "linkedin",
            "Connections.csv",
            b"Notes:\r\nFirst Name,Last Name,URL,Connected On\r\n,,,01 Jan 2024\r\n",
            "Connections.csv, line 3: holds no contact that can be imported (no first or last "
            "name (LinkedIn leaves them out for hidden profiles)); nothing was imported",
        ),
    ],
    ids=[
        "empty",
        "blank-lines",
        "binary",
        "csv-without-a-name-column",
        "unreadable-bytes",
        "not-linkedin",
        "no-one",
    ],
)
def test_a_refused_file_gets_400_with_the_file_line_and_reason_and_stores_nothing(
    client: TestClient, store: Store, kind: str, file_name: str, content: bytes, message: str
) -> None:
    before = snapshot(store)

    response = upload(client, kind, content, file_name=file_name)

    assert response.status_code == 400
    found = problems(response.text)
    assert list(found) == ["file"]
    assert found["file"].startswith(message)
    page = parse(response.text)
    assert page.find("input", type="file").attrs["aria-describedby"] == "file-problem file-hint"
    assert "checked" in page.find("input", value=kind).attrs
    assert snapshot(store) == before
    assert kept_uploads(client) == []


def test_a_file_over_the_limit_is_refused_naming_the_limit(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "UPLOAD_LIMIT", 100)
    before = snapshot(store)
    response = upload_file(client, "linkedin", CONNECTIONS)

    assert response.status_code == 400
    assert problems(response.text)["file"] == (
        f"{CONNECTIONS.name}: is larger than 100 bytes, the most this page reads (the command "
        "line reads larger files: infointerview import KIND FILE --max-size 500MB); "
        "nothing was imported"
    )
    assert "Up to 100 bytes." in main_text(response.text)
    assert snapshot(store) == before
    assert kept_uploads(client) == []


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infointerview.web import security

    monkeypatch.setattr(security, "MAX_BODY", 1000)
    before = snapshot(store)
    response = upload(client, "linkedin", b"x" * 5000)

    assert response.status_code == 413
    assert "the upload is 5 KB; the most this page reads is 1000 bytes" in response.text
    assert "--max-size" in response.text
    assert snapshot(store) == before
    assert kept_uploads(client) == []


def test_a_body_without_content_length_is_refused_once_it_passes_the_limit(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infointerview.web import security

    monkeypatch.setattr(security, "MAX_BODY", 10_000)
    before = snapshot(store)
    boundary = "x-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        f"{csrf_token(client)}\r\n--{boundary}\r\nContent-Disposition: form-data; "
        'name="file"; filename="Connections.csv"\r\n\r\n'
    ).encode()

    def chunks() -> Iterator[bytes]:
        yield head
        for _ in range(100):
            yield b"x" * 1000

    response = client.post(
        "/import",
        content=chunks(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413
    assert "the upload is over 10 KB" in response.text
    assert snapshot(store) == before
    assert kept_uploads(client) == []


def test_a_large_upload_is_read_only_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    class Endless(io.RawIOBase):
        """A stream that never ends, counting the bytes read of it."""

        given = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            buffer[:] = b"x" * len(buffer)
            self.given += len(buffer)
            return len(buffer)

    monkeypatch.setattr(imports, "UPLOAD_LIMIT", 1000)
    stream = Endless()
    huge = UploadFile(io.BufferedReader(stream, buffer_size=64), filename="huge.csv")
    with pytest.raises(FileRefused, match="is larger than 1000 bytes"):
        imports._read(huge, "huge.csv")
    assert stream.given < 2000


# ----------------------------------------------------------------------------- the token


@pytest.mark.parametrize(
    "token",
    [
        "",
        "../../../etc/passwd",
        "..%2F..%2Fweb.db",
        "a" * 31,
        "a" * 33,
        "a" * 32,  # well formed, but no upload has it
        "a" * 28 + ".upl",
        "/tmp/" + "a" * 27,
    ],
)
def test_an_unknown_or_malformed_token_is_refused_and_changes_nothing(
    client: TestClient, store: Store, token: str
) -> None:
    before = snapshot(store)
    response = submit(client, "/import/confirm", {"token": token})
    assert response.status_code == 410
    assert "That upload is no longer here" in problems(response.text)["upload"]
    assert "choose the file again" in problems(response.text)["upload"]
    assert parse(response.text).find("form", action="/import")
    assert snapshot(store) == before


def test_a_token_imports_once_even_when_confirm_is_pressed_twice(
    client: TestClient, store: Store
) -> None:
    preview = upload_file(client, "linkedin", CONNECTIONS)
    assert confirm(client, preview.text).status_code == 303
    after_first = snapshot(store)

    second = confirm(client, preview.text)

    assert second.status_code == 410
    assert "it was imported already" in problems(second.text)["upload"]
    assert snapshot(store) == after_first


def test_an_upload_older_than_an_hour_is_refused_and_cleaned_away(
    client: TestClient, store: Store
) -> None:
    stale = upload_file(client, "linkedin", CONNECTIONS)
    (kept,) = kept_uploads(client)
    folder: Path = client.app.state.uploads.folder  # type: ignore[attr-defined]
    long_ago = time.time() - KEEP_SECONDS - 60
    os.utime(folder / kept, (long_ago, long_ago))
    before = snapshot(store)

    assert confirm(client, stale.text).status_code == 410
    assert snapshot(store) == before

    abandoned = upload_file(client, "linkedin", CONNECTIONS)
    os.utime(folder / kept_uploads(client)[0], (long_ago, long_ago))
    fresh = upload_file(client, "vcard", TWO_CARDS)  # keeping it cleans the old ones
    assert kept_uploads(client) == [f"{token_of(fresh.text)}.upload"]
    assert token_of(abandoned.text) != token_of(fresh.text)


def test_uploads_are_kept_in_a_folder_only_the_user_can_read(client: TestClient) -> None:
    upload_file(client, "linkedin", CONNECTIONS)
    folder: Path = client.app.state.uploads.folder  # type: ignore[attr-defined]
    assert folder.stat().st_mode & 0o777 == 0o700
    (kept,) = folder.iterdir()
    assert kept.stat().st_mode & 0o777 == 0o600
    assert kept.read_bytes().endswith(CONNECTIONS.read_bytes())


def test_a_result_no_longer_kept_says_where_the_people_are(client: TestClient) -> None:
    for token in ("a" * 32, "not-a-token"):
        response = client.get(f"/import/{token}/done")
        assert response.status_code == 404
        assert "The people it added are on the People page" in main_text(response.text)
    assert client.get("/import/..%2F..%2Fweb.db/done").status_code == 404


# -------------------------------------------------------------------------- CSRF, escaping


def test_the_import_forms_carry_the_csrf_token_and_refuse_a_post_without_it(
    client: TestClient, store: Store
) -> None:
    token = csrf_token(client, "/import")
    preview = upload_file(client, "linkedin", CONNECTIONS)
    for html in (client.get("/import").text, preview.text):
        for form in parse(html).find_all("form"):
            assert form.find("input", name="csrf_token").attrs["value"] == token
    before = snapshot(store)

    forged_upload = client.post(
        "/import",
        data={"kind": "linkedin"},
        files={"file": ("Connections.csv", CONNECTIONS.read_bytes(), "text/csv")},
    )
    forged_confirm = client.post("/import/confirm", data={"token": token_of(preview.text)})

    for response in (forged_upload, forged_confirm):
        assert response.status_code == 403
        assert parse(response.text).find("h1").text() == "Refused"
    assert snapshot(store) == before
    assert confirm(client, preview.text).status_code == 303  # the upload is still there


def _no_markup(html: str, payloads: list[str]) -> None:
    """Check each payload shows as text and never as markup."""
    for payload in payloads:
        assert payload not in html, payload
        assert str(escape(payload)) in html, payload
    check_scripts(html)
    page = parse(html)
    for tag in ("img", "svg", "b"):
        assert page.find_all(tag) == [], tag


def test_hostile_names_and_file_names_are_shown_escaped_in_the_preview_and_the_result(
    client: TestClient, store: Store
) -> None:
    name = """<script>alert(1)</script> Quote "Q" O'Neil"""
    add_person(store, name, "Elsewhere")  # the same name elsewhere: a possible duplicate
    file_name = "<img src=x onerror=alert(5)>.csv"

    preview = upload_file(client, "linkedin", HOSTILE)
    renamed = upload(client, "linkedin", HOSTILE.read_bytes(), file_name=file_name)
    assert preview.status_code == renamed.status_code == 200, main_text(preview.text)
    result = client.get(confirm(client, renamed.text).headers["location"])

    for html in (preview.text, renamed.text, result.text):
        duplicates = table_rows(html, "duplicates-heading")
        assert duplicates[0][1:3] == [name, name]
        assert table_rows(html, "left-out-heading")[0][1] == (
            "email: '<script>alert(4)</script>' is not an email address; left out"
        )
        _no_markup(html, ["<script>alert(1)</script>", "<script>alert(4)</script>"])
    for html in (renamed.text, result.text):
        assert file_name in parse(html).find("h1").text()
        assert file_name in parse(html).find("title").text()
        _no_markup(html, [file_name])
    stored = {p.full_name: p for p in everyone(store)}
    assert "Ada </td><b>Bold</b>" in stored
    assert stored["Ada </td><b>Bold</b>"].organization == "Acme & Sons"


def test_a_refusal_naming_a_hostile_file_shows_it_escaped(client: TestClient) -> None:
    file_name = "'><svg onload=alert(1)>.csv"
    response = upload(client, "linkedin", b"", file_name=file_name)
    assert response.status_code == 400
    assert problems(response.text)["file"].startswith(f"{file_name}: is empty")
    _no_markup(response.text, [file_name])


def test_a_file_name_keeps_only_its_last_part(client: TestClient) -> None:
    response = upload_file(client, "linkedin", CONNECTIONS)
    assert response.status_code == 200
    windows = upload(
        client, "linkedin", CONNECTIONS.read_bytes(), file_name="C:\\Users\\me\\Connections.csv"
    )
    assert parse(windows.text).find("h1").text() == "Check the import of Connections.csv"
    folders = upload(client, "linkedin", CONNECTIONS.read_bytes(), file_name="../../x/a.csv")
    assert parse(folders.text).find("h1").text() == "Check the import of a.csv"


# ------------------------------------------------------------------------------- exports


def test_the_people_page_links_to_the_import_and_the_exports(demo_client: TestClient) -> None:
    page = parse(demo_client.get("/people").text)
    main = page.find("main")
    hrefs = {a.attrs["href"] for a in main.find_all("a")}
    assert {
        "/import",
        "/export/people.vcf",
        "/export/people.vcf?version=4.0",
        "/export/people.csv",
    } <= hrefs
    for link in main.find_all("a"):
        if link.attrs["href"].startswith("/export/"):
            assert "download" in link.attrs


def test_the_vcard_export_downloads_everyone(demo_client: TestClient, demo_store: Store) -> None:
    response = demo_client.get("/export/people.vcf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/vcard; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="infointerview-people.vcf"'
    )
    assert response.headers["cache-control"] == "no-store"
    cards = response.text
    stored = everyone(demo_store)
    assert cards.count("BEGIN:VCARD") == len(stored)
    assert "VERSION:3.0" in cards
    for person in stored:
        assert f"FN:{person.full_name}" in cards

    four = demo_client.get("/export/people.vcf", params={"version": "4.0"})
    assert four.status_code == 200
    assert four.text.count("VERSION:4.0") == len(stored)


@pytest.mark.parametrize("version", ["2.1", "4", "x" * 11, "<b>"])
def test_a_vcard_version_not_exported_gets_the_400_page(
    demo_client: TestClient, version: str
) -> None:
    response = demo_client.get("/export/people.vcf", params={"version": version})
    assert response.status_code == 400
    assert "version" in main_text(response.text)
    assert "<b>" not in response.text.split("<main", 1)[1]


def test_the_csv_export_downloads_everyone(demo_client: TestClient, demo_store: Store) -> None:
    response = demo_client.get("/export/people.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="infointerview-people.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == len(everyone(demo_store))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    name_column = next(column for column in header if column.lower() in ("name", "full name"))
    assert sorted(row[name_column] for row in rows) == sorted(
        p.full_name for p in everyone(demo_store)
    )


def test_an_exported_csv_imported_again_adds_nobody(
    demo_client: TestClient, demo_store: Store
) -> None:
    exported = demo_client.get("/export/people.csv").content
    preview = upload(demo_client, "csv", exported, file_name="infointerview-people.csv")
    assert preview.status_code == 200, main_text(preview.text)
    found = counts(preview.text)
    assert found["to add"] == 0
    assert found["unchanged"] + found["to update"] == len(everyone(demo_store))
