"""Outreach templates: every shipped one passes the etiquette checker for the demo people."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from infointerview.domain.etiquette import Context, Message, Severity, check
from infointerview.domain.records import PersonDetail
from infointerview.domain.vocabulary import HowKnown, MessageKind
from infointerview.errors import InvalidValue
from infointerview.mail.drafts import TEMPLATES, DraftValues, render, request_template
from infointerview.services import demo, people
from tests.factories import Workspace

SENDER: dict[str, Any] = {
    "sender": "Jordan Rivera",
    "background": "a high-school science teacher of nine years",
    "exploring": "UX research in healthcare",
}


def _values(detail: PersonDetail, **extra: object) -> DraftValues:
    person = detail.person
    referrer = detail.referred_by[0].referrer if detail.referred_by else None
    fields: dict[str, object] = {
        **SENDER,
        "full_name": person.full_name,
        "first_name": person.given_name or person.full_name.split()[0],
        "organization": person.organization,
        "title": person.title,
        "referrer": referrer,
        "school": "the University of Washington",
        **extra,
    }
    return DraftValues(**fields)  # type: ignore[arg-type]


def _context(name: str, detail: PersonDetail) -> Context:
    kind = TEMPLATES[name]
    referrer = detail.referred_by[0].referrer if detail.referred_by else None
    return Context(
        kind=kind,
        referrer=referrer if name == "request_referred" else None,
        referrer_known_well=True,
        unanswered=1 if kind is MessageKind.NUDGE else 0,
        hours_since_meeting=2 if kind is MessageKind.THANK_YOU else None,
    )


def _problems(message: Message, context: Context) -> list[str]:
    result = check(message, context)
    return [f"{f.rule}: {f.message}" for f in result.findings if f.severity is not Severity.TIP]


def test_every_template_passes_the_checker_for_every_demo_person_it_applies_to(
    ws: Workspace,
) -> None:
    demo.load_demo(session=ws.session, owner=ws.owner, today=date(2026, 11, 23))
    everyone = people.list_people(session=ws.session, owner=ws.owner)
    assert len(everyone) >= 20
    seen: dict[str, int] = dict.fromkeys(TEMPLATES, 0)
    for record in everyone:
        detail = people.get_person(session=ws.session, owner=ws.owner, person_id=record.id)
        request = request_template(record.how_known)
        if record.how_known is HowKnown.REFERRED and not detail.referred_by:
            request = "request_cold"  # referred, but by no one stored: no name to give
        names = [request] + [n for n in TEMPLATES if not n.startswith("request_")]
        for name in names:
            extra = {"referred": "Omar Haddad"} if name == "report_back" else {}
            message = render(name, _values(detail, **extra))
            assert _problems(message, _context(name, detail)) == [], (name, record.full_name)
            seen[name] += 1
    assert all(seen.values()), seen  # each template met at least one demo person


def test_a_referred_request_names_the_referrer_in_the_subject_and_first() -> None:
    values = DraftValues(
        **SENDER, full_name="Ana Ruiz", first_name="Ana", referrer="Sam Ortiz", minutes=15
    )
    message = render("request_referred", values)
    assert message.subject == "Sam Ortiz suggested I contact you"
    assert message.body.startswith("Dear Ana,\n\nSam Ortiz suggested I contact you.")
    assert "15 minutes" in message.body
    assert "Jordan Rivera" in message.body


def test_a_template_in_the_config_folder_replaces_the_shipped_one(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "request_cold.txt").write_text(
        "Subject: Hello {{ first_name }}\n\nMy own words, {{ sender }}.\n", encoding="utf-8"
    )
    values = DraftValues(**SENDER, full_name="Ana Ruiz", first_name="Ana")
    mine = render("request_cold", values, config_dir=tmp_path)
    assert mine == Message("Hello Ana", "My own words, Jordan Rivera.\n")
    assert render("nudge", values, config_dir=tmp_path).subject.startswith("Re:")


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("request_friend", "'request_friend' is not one of"),
        ("request_referred", "request_referred needs the referrer"),
        ("report_back", "report_back needs the referred"),
    ],
)
def test_a_template_that_cannot_be_drafted_says_why(name: str, fragment: str) -> None:
    values = DraftValues(**SENDER, full_name="Ana Ruiz", first_name="Ana")
    with pytest.raises(InvalidValue, match=fragment):
        render(name, values)


def test_a_broken_user_template_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "nudge.txt").write_text("{{ nobody }}", encoding="utf-8")
    values = DraftValues(**SENDER, full_name="Ana Ruiz", first_name="Ana")
    with pytest.raises(InvalidValue, match="nudge needs a value: 'nobody' is undefined"):
        render("nudge", values, config_dir=tmp_path)
