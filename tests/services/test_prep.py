"""The prep sheet from the database, on both backends: the referral chain, the target's
research and open questions, the script of the request, and an agenda that fits."""

from __future__ import annotations

from pathlib import Path

import pytest

from infointerview.domain.vocabulary import MessageKind, MessageStatus
from infointerview.errors import InvalidValue
from infointerview.services import conversations, messages, notes, prep
from infointerview.store.models import Target
from tests import factories
from tests.factories import Workspace

REQUEST = """Dear Ana,

Sam Ortiz suggested I contact you. I'm a teacher exploring UX research, and I'd value
your advice on how researchers from other fields find their footing.

Would you have 20 minutes for a call?

Best,
Jordan"""


def _meeting(ws: Workspace, tmp_path: Path, minutes: int = 20, *, sent: bool = True) -> int:
    lee = factories.person(ws, "Lee Park")
    sam = factories.person(ws, "Sam Ortiz")
    ana = factories.person(ws, "Ana Ruiz", title="Researcher", organization="Fjord")
    factories.referral(ws, lee.id, sam.id)
    factories.referral(ws, sam.id, ana.id, may_use_name=True)
    target = factories.target(ws, "UX Researcher", industry="Health technology")
    for body in (
        "Read the Fjord design blog: they run weekly usability sessions.",
        "How much of the work is qualitative?\nSurveys seem rare there.",
    ):
        notes.add_note(
            session=ws.session, owner=ws.owner, about="target", about_id=target.id, body=body
        )
    talk = factories.conversation(ws, ana.id, target_id=target.id, requested_minutes=minutes)
    draft = messages.add_message(
        session=ws.session,
        owner=ws.owner,
        conversation_id=talk.id,
        kind=MessageKind.REQUEST,
        status=MessageStatus.DRAFT,
        subject="Sam Ortiz suggested I contact you",
        body=REQUEST,
    )
    if sent:
        messages.mark_sent(session=ws.session, owner=ws.owner, message_id=draft.id)
    return talk.id


def test_the_sheet_has_the_chain_the_research_the_script_and_an_agenda(
    ws: Workspace, tmp_path: Path
) -> None:
    talk = _meeting(ws, tmp_path)
    sheet = prep.sheet(
        session=ws.session, owner=ws.owner, conversation_id=talk, config_dir=tmp_path
    )
    facts = sheet.facts
    assert facts.chain == ("Lee Park", "Sam Ortiz", "Ana Ruiz")
    assert facts.may_use_name is True
    assert facts.organization == "Fjord"
    assert facts.field == "health technology"
    assert facts.open_questions == ("How much of the work is qualitative?",)
    assert facts.research == (
        "Read the Fjord design blog: they run weekly usability sessions.",
        "Surveys seem rare there.",
    )
    assert facts.script is not None
    assert facts.script.startswith("Sam Ortiz suggested I contact")
    assert "Dear Ana" not in facts.script
    assert "Jordan" not in facts.script
    assert sum(slot.minutes for slot in sheet.agenda) == 20
    texts = [q.text for q in sheet.questions]
    assert "How much of the work is qualitative?" in texts
    assert any("health technology" in t for t in texts)
    assert sheet.give_back == facts.research


def test_a_fifteen_and_a_thirty_minute_sheet_differ_in_questions_and_each_adds_up(
    ws: Workspace, tmp_path: Path
) -> None:
    counts = {}
    for minutes in (15, 30):
        talk = _meeting(ws, tmp_path, minutes)
        sheet = prep.sheet(
            session=ws.session, owner=ws.owner, conversation_id=talk, config_dir=tmp_path
        )
        assert sum(slot.minutes for slot in sheet.agenda) == minutes
        counts[minutes] = len([s for s in sheet.agenda if len(s.questions) == 1])
    assert counts[15] < counts[30]
    assert counts == {15: 3, 30: 8}


def test_own_questions_are_added_checked_and_asked_first(ws: Workspace, tmp_path: Path) -> None:
    talk = _meeting(ws, tmp_path, 30)
    prep.add_own_question('Do you like "the" work?', "specifics", config_dir=tmp_path)
    prep.add_own_question(
        "What changed at {organization} this year?", "specifics", config_dir=tmp_path
    )
    sheet = prep.sheet(
        session=ws.session, owner=ws.owner, conversation_id=talk, config_dir=tmp_path
    )
    texts = [q.text for q in sheet.questions]
    assert 'Do you like "the" work?' in texts
    assert "What changed at Fjord this year?" in texts
    [(flagged, found)] = sheet.findings
    assert flagged == 'Do you like "the" work?'
    assert found[0].rule == "closed"


def test_a_broken_own_file_is_named_and_nothing_is_added(ws: Workspace, tmp_path: Path) -> None:
    own = tmp_path / "questions.toml"
    own.write_text("[[question]\n", encoding="utf-8")
    with pytest.raises(InvalidValue, match="questions.toml"):
        prep.add_own_question("What surprised you?", "specifics", config_dir=tmp_path)
    assert own.read_text(encoding="utf-8") == "[[question]\n"
    own.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InvalidValue, match="cannot be read"):
        prep.load_bank(tmp_path)


def test_an_unsent_draft_is_not_what_you_said(ws: Workspace, tmp_path: Path) -> None:
    talk = _meeting(ws, tmp_path, sent=False)
    sheet = prep.sheet(
        session=ws.session, owner=ws.owner, conversation_id=talk, config_dir=tmp_path
    )
    assert sheet.facts.script is None


def test_a_job_ask_in_the_notes_stays_off_the_agenda_and_is_flagged(
    ws: Workspace, tmp_path: Path
) -> None:
    talk = _meeting(ws, tmp_path, 30)
    target = conversations.get_conversation(
        session=ws.session, owner=ws.owner, conversation_id=talk
    ).conversation.target_id
    assert target is not None
    notes.add_note(
        session=ws.session, owner=ws.owner, about="target", about_id=target, body="Are you hiring?"
    )
    sheet = prep.sheet(
        session=ws.session, owner=ws.owner, conversation_id=talk, config_dir=tmp_path
    )
    assert "Are you hiring?" not in [q.text for q in sheet.questions]
    assert dict(sheet.findings)["Are you hiring?"][0].rule == "job-fishing"
    assert sum(slot.minutes for slot in sheet.agenda) == 30


def test_adding_to_a_file_that_would_stop_reading_changes_nothing(tmp_path: Path) -> None:
    own = tmp_path / "questions.toml"
    inline = 'question = [{category = "specifics", text = "What surprised you?"}]\n'
    own.write_text(inline, encoding="utf-8")
    assert prep.load_bank(tmp_path).of("specifics")[0].text == "What surprised you?"
    with pytest.raises(InvalidValue, match="questions.toml"):
        prep.add_own_question("What do you read?", "specifics", config_dir=tmp_path)
    assert own.read_text(encoding="utf-8") == inline


def test_the_field_reads_as_running_text() -> None:
    cases = {
        "Product Manager": "product manager",
        "Financial Services": "financial services",
        "UX research": "UX research",
        "Healthcare technology": "healthcare technology",
    }
    for industry, field in cases.items():
        target = Target(role="Role", industry=industry)
        assert prep._field(target) == field
