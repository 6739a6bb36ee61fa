"""Importing contacts: merging with the people stored, re-imports, edits kept, provenance."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from infointerview.domain.records import PersonRecord
from infointerview.domain.vocabulary import ContactSource
from infointerview.errors import FileRefused
from infointerview.services import people
from infointerview.services.exports import export_vcard
from infointerview.services.importing import (
    DUPLICATE_TAG,
    ImportReport,
    import_contacts,
    parse_file,
)
from infointerview.services.people import PersonFields
from infointerview.services.people_query import PersonFilter
from infointerview.store.database import local_owner, open_database
from infointerview.store.models import Event, ImportRun, Person, PersonSource
from tests import factories
from tests.factories import Workspace

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
CONNECTIONS = HEADER + (
    "Maya,Chen,https://www.linkedin.com/in/maya-chen,,Acme,UX Researcher,05 Mar 2024\n"
    "Sam,Ortiz,https://www.linkedin.com/in/sam-ortiz,sam@globex.example,Globex,Engineer,"
    "01 Feb 2024\n"
    ",,,,,,05 Feb 2024\n"
)
LATER = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _import(
    ws: Workspace,
    text: str,
    *,
    source: ContactSource = ContactSource.LINKEDIN,
    name: str = "Connections.csv",
    **options: object,
) -> ImportReport:
    items = parse_file(source=source, data=text.encode(), file_name=name)
    return import_contacts(
        session=ws.session,
        owner=ws.owner,
        source=source,
        file_name=name,
        items=items,
        now=LATER,
        **options,  # type: ignore[arg-type]
    )


def _people(ws: Workspace) -> dict[str, PersonRecord]:
    return {p.full_name: p for p in people.list_people(session=ws.session, owner=ws.owner)}


def test_a_first_import_adds_everyone_and_skips_the_hidden_profile(ws: Workspace) -> None:
    report = _import(ws, CONNECTIONS)
    assert (report.added, report.updated, report.unchanged) == (2, 0, 0)
    assert [(p.line, p.skipped) for p in report.skipped] == [(4, True)]
    stored = _people(ws)
    assert stored["Sam Ortiz"].emails == ("sam@globex.example",)
    assert stored["Maya Chen"].organization == "Acme"
    assert stored["Maya Chen"].linkedin_url == "https://www.linkedin.com/in/maya-chen"


def test_importing_the_same_file_twice_adds_nothing_the_second_time(ws: Workspace) -> None:
    _import(ws, CONNECTIONS)
    before = _people(ws)
    again = _import(ws, CONNECTIONS)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert _people(ws) == before


def test_an_edited_field_survives_a_re_import(ws: Workspace) -> None:
    _import(ws, CONNECTIONS)
    maya = _people(ws)["Maya Chen"]
    people.edit_person(
        session=ws.session,
        owner=ws.owner,
        person_id=maya.id,
        fields=PersonFields(title="Senior UX Researcher", organization="Acme Labs"),
    )
    report = _import(ws, CONNECTIONS)
    assert report.updated == 0
    kept = _people(ws)["Maya Chen"]
    assert (kept.title, kept.organization) == ("Senior UX Researcher", "Acme Labs")


def test_an_edited_field_survives_even_when_the_file_changes_it_too(ws: Workspace) -> None:
    _import(ws, CONNECTIONS)
    maya = _people(ws)["Maya Chen"]
    people.edit_person(
        session=ws.session, owner=ws.owner, person_id=maya.id, fields=PersonFields(title="Lead")
    )
    _import(ws, CONNECTIONS.replace("UX Researcher", "Principal Researcher"))
    assert _people(ws)["Maya Chen"].title == "Lead"


def test_a_value_the_explorer_did_not_touch_follows_the_file(ws: Workspace) -> None:
    _import(ws, CONNECTIONS)
    report = _import(ws, CONNECTIONS.replace("UX Researcher", "Principal Researcher"))
    assert report.updated == 1
    maya = _people(ws)["Maya Chen"]
    assert maya.title == "Principal Researcher"
    assert maya.updated_at == LATER
    # ...and the search finds her by the new title.
    found = people.list_people(
        session=ws.session, owner=ws.owner, filters=PersonFilter(text="principal")
    )
    assert [p.full_name for p in found] == ["Maya Chen"]


def test_a_value_the_explorer_cleared_is_not_brought_back(ws: Workspace) -> None:
    _import(ws, CONNECTIONS)
    sam = _people(ws)["Sam Ortiz"]
    people.edit_person(
        session=ws.session,
        owner=ws.owner,
        person_id=sam.id,
        fields=PersonFields(title="", emails=()),
    )
    _import(ws, CONNECTIONS)
    sam = _people(ws)["Sam Ortiz"]
    assert (sam.title, sam.emails) == (None, ())


def test_new_information_is_added_to_a_person_already_stored(ws: Workspace) -> None:
    factories.person(ws, "Maya Chen", organization="Acme", emails=["maya@acme.example"])
    csv = "Name,Company,E-mail 1,E-mail 2,Phone,Job Title\n"
    csv += "Maya Chen,Acme,MAYA@acme.example,maya@home.example,+1 555 0100,UX Researcher\n"
    report = _import(ws, csv, source=ContactSource.CSV, name="google.csv")
    assert (report.added, report.updated) == (0, 1)
    maya = _people(ws)["Maya Chen"]
    assert maya.emails == ("maya@acme.example", "maya@home.example")
    assert maya.phones == ("+1 555 0100",)
    assert maya.title == "UX Researcher"


def test_a_contact_matches_by_email_before_profile_and_name(ws: Workspace) -> None:
    stored = factories.person(ws, "M. Chen", emails=["maya@acme.example"])
    csv = "Name,Email\nMaya Chen,maya@acme.example\n"
    report = _import(ws, csv, source=ContactSource.CSV, name="c.csv")
    assert (report.added, report.updated, report.unchanged) == (0, 0, 1)
    assert [p.id for p in _people(ws).values()] == [stored.id]


def test_a_contact_matches_a_profile_address_written_differently(ws: Workspace) -> None:
    factories.person(ws, "Sam Ortiz", linkedin_url="https://linkedin.com/in/Sam-Ortiz/")
    report = _import(ws, CONNECTIONS)
    assert (report.added, report.updated) == (1, 1)  # Maya added; Sam gets his email
    assert len(_people(ws)) == 2


def test_a_near_match_is_added_tagged_and_listed_never_merged(ws: Workspace) -> None:
    jon = factories.person(ws, "Jon Smith", organization="Globex")
    report = _import(ws, HEADER + "John,Smith,,,Globex,Engineer,01 Feb 2024\n")
    assert report.added == 1
    [duplicate] = report.duplicates
    assert (duplicate.line, duplicate.name, duplicate.person_id) == (2, "John Smith", jon.id)
    assert duplicate.score >= 88
    stored = _people(ws)
    assert stored["John Smith"].tags == (DUPLICATE_TAG,)
    assert stored["Jon Smith"].tags == ()


def test_the_same_name_at_another_organisation_is_shown_not_merged(ws: Workspace) -> None:
    factories.person(ws, "Maya Chen", organization="Initech")
    report = _import(ws, CONNECTIONS)
    assert [d.name for d in report.duplicates] == ["Maya Chen"]
    assert report.added == 2


def test_the_same_contact_twice_in_a_file_is_added_once(ws: Workspace) -> None:
    twice = CONNECTIONS + "Sam,Ortiz,,sam@globex.example,,,01 Feb 2024\n"
    report = _import(ws, twice)
    assert report.added == 2
    assert report.contacts == 4  # the hidden profile and the repeated row counted
    assert [(w.line, w.message) for w in report.warnings] == [(5, "same person as line 3; merged")]


def test_bad_values_are_left_out_and_the_contact_kept(ws: Workspace) -> None:
    csv = "Name,Email,Phone,LinkedIn URL\nMaya Chen,not-an-email,call me,https://evil.example/x\n"
    report = _import(ws, csv, source=ContactSource.CSV, name="c.csv")
    assert report.added == 1
    assert [w.line for w in report.warnings] == [2, 2, 2]
    maya = _people(ws)["Maya Chen"]
    assert (maya.emails, maya.phones, maya.linkedin_url) == ((), (), None)


def test_a_dry_run_reports_the_same_and_writes_nothing(ws: Workspace) -> None:
    factories.person(ws, "Jon Smith", organization="Globex")
    text = CONNECTIONS + "John,Smith,,,Globex,Engineer,01 Feb 2024\n"
    dry = _import(ws, text, dry_run=True)
    assert dry.dry_run
    assert dry.import_id is None
    assert len(_people(ws)) == 1
    assert ws.session.scalar(select(func.count()).select_from(ImportRun)) == 0
    real = _import(ws, text)
    assert (dry.added, dry.updated, dry.unchanged, len(dry.duplicates), dry.skipped) == (
        real.added,
        real.updated,
        real.unchanged,
        len(real.duplicates),
        real.skipped,
    )


def test_strict_refuses_the_file_at_its_first_problem_and_writes_nothing(ws: Workspace) -> None:
    with pytest.raises(FileRefused, match=r"Connections.csv, line 4: no first or last name"):
        _import(ws, CONNECTIONS, strict=True)
    assert _people(ws) == {}


def test_a_file_with_no_usable_contact_is_refused(ws: Workspace) -> None:
    with pytest.raises(FileRefused, match="line 2: holds no contact that can be imported"):
        _import(ws, HEADER + ",,,,,,05 Feb 2024\n")


def test_every_import_records_where_each_person_came_from(ws: Workspace) -> None:
    report = _import(ws, CONNECTIONS)
    run = ws.session.get(ImportRun, report.import_id)
    assert run is not None
    assert (run.source, run.file_name, run.added, run.skipped) == (
        ContactSource.LINKEDIN,
        "Connections.csv",
        2,
        1,
    )
    assert run.imported_at == LATER
    sources = {s.person_id: s for s in ws.session.scalars(select(PersonSource)).all()}
    maya = _people(ws)["Maya Chen"]
    assert (sources[maya.id].file_name, sources[maya.id].line) == ("Connections.csv", 2)
    assert sources[maya.id].fields["connected_on"] == "2024-03-05"
    [event] = ws.session.scalars(select(Event).where(Event.kind == "import")).all()
    assert "2 added" in event.summary


def test_people_added_by_an_import_can_be_added_to_afterwards(ws: Workspace) -> None:
    _import(ws, CONNECTIONS)
    added = factories.person(ws, "Kenji Nakamura")
    ids = ws.session.scalars(select(Person.id).order_by(Person.id)).all()
    assert added.id == max(ids)
    assert len(set(ids)) == 3


def test_a_person_shows_the_file_and_line_they_came_from(ws: Workspace) -> None:
    _import(ws, CONNECTIONS)
    maya = _people(ws)["Maya Chen"]
    detail = people.get_person(session=ws.session, owner=ws.owner, person_id=maya.id)
    [source] = detail.sources
    assert (source.source, source.file_name, source.line) == (
        ContactSource.LINKEDIN,
        "Connections.csv",
        2,
    )
    assert source.imported_at == LATER


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_people_exported_as_vcards_come_back_whole_in_an_empty_database(
    ws: Workspace, tmp_path: Path, version: str
) -> None:
    factories.person(
        ws,
        'Élodie Martin-Ngô; "Lodie"',
        given_name="Élodie",
        family_name="Martin-Ngô",
        organization="Φάρμακα, Α.Ε.; R&D",
        title="Head of Research, Europe \\ Asia",
        location="Lyon, France",
        emails=["elodie@example.com", "e.martin@work.example"],
        phones=["+33 4 72 00 00 00", "+33 6 12 34 56 78"],
        linkedin_url="https://www.linkedin.com/in/%C3%A9lodie-martin",
    )
    factories.person(ws, "王小明", organization="北京大学", emails=["wang@example.cn"])
    exported = sorted(_people(ws).values(), key=lambda p: p.full_name)
    document = export_vcard(session=ws.session, owner=ws.owner, version=version)

    target = open_database(str(tmp_path / "target.db"))
    try:
        with target.session() as session:
            owner = local_owner(session)
            items = parse_file(
                source=ContactSource.VCARD, data=document.encode(), file_name="people.vcf"
            )
            report = import_contacts(
                session=session,
                owner=owner,
                source=ContactSource.VCARD,
                file_name="people.vcf",
                items=items,
            )
            imported = people.list_people(session=session, owner=owner)
    finally:
        target.dispose()
    assert (report.added, report.skipped, report.warnings) == (2, (), ())
    fields = ("full_name", "given_name", "family_name", "organization", "title", "location",
              "emails", "phones", "linkedin_url")  # fmt: skip
    assert [[getattr(p, f) for f in fields] for p in imported] == [
        [getattr(p, f) for f in fields] for p in exported
    ]


def test_company_pages_and_the_home_page_are_no_one_s_profile(ws: Workspace) -> None:
    csv = (
        "Name,Organization,Website\n"
        "Alice Jones,Acme,https://www.linkedin.com/company/acme\n"
        "Bob Brown,Acme,https://www.linkedin.com/company/acme\n"
        "Carol White,,https://www.linkedin.com/\n"
        "Dan Green,,https://www.linkedin.com\n"
    )
    report = _import(ws, csv, source=ContactSource.CSV, name="c.csv")
    assert report.added == 4
    assert report.warnings == ()
    assert all(p.linkedin_url is None for p in _people(ws).values())


def test_namesakes_with_different_profiles_are_two_people(ws: Workspace) -> None:
    rows = HEADER + (
        "Wei,Zhang,https://www.linkedin.com/in/wei-zhang-1,,Google,Engineer,01 Feb 2024\n"
        "Wei,Zhang,https://www.linkedin.com/in/wei-zhang-2,,Google,Designer,02 Feb 2024\n"
    )
    report = _import(ws, rows)
    assert report.added == 2
    assert [d.line for d in report.duplicates] == [3]
    assert sorted(
        p.title or "" for p in people.list_people(session=ws.session, owner=ws.owner)
    ) == [
        "Designer",
        "Engineer",
    ]


def test_namesakes_without_organisation_and_with_other_emails_are_two_people(
    ws: Workspace,
) -> None:
    cards = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Smith\r\nEMAIL:john@one.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Smith\r\nEMAIL:john@two.example\r\n"
        "TEL:+1 555 0100\r\nEND:VCARD\r\n"
    )
    report = _import(ws, cards, source=ContactSource.VCARD, name="c.vcf")
    assert report.added == 2
    emails = sorted(p.emails for p in people.list_people(session=ws.session, owner=ws.owner))
    assert emails == [("john@one.example",), ("john@two.example",)]


def test_a_name_without_organisation_matches_only_whom_the_same_source_gave(
    ws: Workspace,
) -> None:
    factories.person(ws, "Maya Chen")
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maya Chen\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n"
    first = _import(ws, card, source=ContactSource.VCARD, name="c.vcf")
    assert (first.added, len(first.duplicates)) == (1, 1)
    again = _import(ws, card, source=ContactSource.VCARD, name="c.vcf")
    assert (again.added, again.unchanged) == (0, 1)


def test_a_contact_twice_in_a_file_keeps_the_first_row_and_re_imports_unchanged(
    ws: Workspace,
) -> None:
    rows = HEADER + (
        "Sam,Ortiz,,sam@globex.example,Globex,Engineer,01 Feb 2024\n"
        "Sam,Ortiz,,sam@globex.example,Globex,Manager,01 Feb 2024\n"
    )
    assert _import(ws, rows).added == 1
    assert _people(ws)["Sam Ortiz"].title == "Engineer"
    stamped = _people(ws)["Sam Ortiz"].updated_at
    for _ in range(2):
        again = _import(ws, rows)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert _people(ws)["Sam Ortiz"].title == "Engineer"
    assert _people(ws)["Sam Ortiz"].updated_at == stamped


def test_a_cleared_value_stays_cleared_when_the_file_changes_it(ws: Workspace) -> None:
    _import(ws, CONNECTIONS)
    maya = _people(ws)["Maya Chen"]
    people.edit_person(
        session=ws.session, owner=ws.owner, person_id=maya.id, fields=PersonFields(title="")
    )
    report = _import(ws, CONNECTIONS.replace("UX Researcher", "Principal Researcher"))
    assert report.updated == 0
    assert _people(ws)["Maya Chen"].title is None


def test_a_note_in_the_file_is_added_to_a_stored_person_once(ws: Workspace) -> None:
    factories.person(ws, "Maya Chen", emails=["maya@acme.example"])
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maya Chen\r\nEMAIL:maya@acme.example\r\n"
        "NOTE:Met at the UX meetup\r\nEND:VCARD\r\n"
    )
    assert _import(ws, card, source=ContactSource.VCARD, name="c.vcf").updated == 1
    assert _import(ws, card, source=ContactSource.VCARD, name="c.vcf").unchanged == 1
    maya = _people(ws)["Maya Chen"]
    detail = people.get_person(session=ws.session, owner=ws.owner, person_id=maya.id)
    assert [n.body for n in detail.notes] == ["Met at the UX meetup"]


def test_a_new_person_with_a_note_counts_as_added_not_updated(ws: Workspace) -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nNOTE:Met at a talk\r\nEND:VCARD\r\n"
    report = _import(ws, card, source=ContactSource.VCARD, name="c.vcf")
    assert (report.added, report.updated) == (1, 0)
    stored = ws.session.execute(select(ImportRun.added, ImportRun.updated)).one()
    assert tuple(stored) == (1, 0)


def test_a_later_import_keeps_the_file_a_person_first_came_from(ws: Workspace) -> None:
    _import(ws, CONNECTIONS)
    _import(ws, CONNECTIONS.replace("UX Researcher", "Lead"), name="Connections-2027.csv")
    maya = _people(ws)["Maya Chen"]
    [source] = people.get_person(session=ws.session, owner=ws.owner, person_id=maya.id).sources
    assert (source.file_name, source.line) == ("Connections.csv", 2)
