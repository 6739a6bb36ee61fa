"""Research per target on both backends: notes with sources, claims, the evidence from
conversations (given directly or marked in their notes), the prep sheet's questions from
what nobody was asked, and the decision log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from infointerview.config import FollowupSettings
from infointerview.domain.research import ClaimKind, ClaimRecord, Standing, Verdict
from infointerview.domain.vocabulary import ConversationState, TargetStatus
from infointerview.errors import InvalidValue, NotFound, Refused
from infointerview.services import backup, meeting, notes, prep, research, targets
from infointerview.store.models import Evidence, Note, User
from tests import factories
from tests.factories import Workspace


def _setup(ws: Workspace) -> tuple[int, int, int]:
    """A target, and a held conversation about it with Maya Chen; returns their ids and
    Maya's person id."""
    target = factories.target(ws, "Instructional Designer")
    maya = factories.person(ws, "Maya Chen")
    talk = factories.conversation(ws, maya.id, target_id=target.id, state=ConversationState.HELD)
    return target.id, talk.id, maya.id


def _claim(
    ws: Workspace, target_id: int, text: str, kind: ClaimKind = ClaimKind.CLAIM
) -> ClaimRecord:
    return research.add_claim(
        session=ws.session, owner=ws.owner, target_id=target_id, text=text, kind=kind
    )


def test_research_with_its_source_and_claims(ws: Workspace) -> None:
    target_id, _, _ = _setup(ws)
    note, _ = research.add_research(
        session=ws.session,
        owner=ws.owner,
        target_id=target_id,
        body="ATD report: most IDs were teachers",
        url="https://example.org/atd",
        title="State of the industry",
        published=date(2025, 10, 1),
    )
    claim = research.add_claim(
        session=ws.session,
        owner=ws.owner,
        target_id=target_id,
        text="Most IDs were teachers",
        research_note_id=note.id,
    )
    board = research.board(session=ws.session, owner=ws.owner, target_id=target_id)
    assert [(n.source_url, n.source_title, n.source_date) for n in board.notes] == [
        ("https://example.org/atd", "State of the industry", date(2025, 10, 1))
    ]
    assert [(c.id, c.research_note_id, c.standing) for c in board.claims] == [
        (claim.id, note.id, Standing.UNASKED)
    ]
    assert board.unasked == board.claims


@pytest.mark.parametrize(
    ("field", "value"),
    [("url", "javascript:alert(1)"), ("url", "ftp://x.org/a"), ("body", "  ")],
)
def test_bad_research_is_refused(ws: Workspace, field: str, value: str) -> None:
    target_id, _, _ = _setup(ws)
    fields: dict[str, str | None] = {"body": "read", "url": None, field: value}
    with pytest.raises(InvalidValue):
        research.add_research(
            session=ws.session,
            owner=ws.owner,
            target_id=target_id,
            body=fields["body"] or "",
            url=fields["url"],
        )


def test_evidence_for_and_against_quoting_who_said_it(ws: Workspace) -> None:
    target_id, talk_id, maya_id = _setup(ws)
    grace = factories.person(ws, "Grace Mwangi")
    other = factories.conversation(ws, grace.id, target_id=target_id)
    claim = _claim(ws, target_id, "Most IDs were teachers")
    research.add_evidence(
        session=ws.session,
        owner=ws.owner,
        claim_id=claim.id,
        conversation_id=talk_id,
        verdict=Verdict.CONFIRMS,
        quote="I taught for eight years",
    )
    board = research.board(session=ws.session, owner=ws.owner, target_id=target_id)
    (stored,) = board.claims
    assert stored.standing is Standing.CONFIRMED
    assert [(e.person_id, e.person, e.quote) for e in stored.said(Verdict.CONFIRMS)] == [
        (maya_id, "Maya Chen", "I taught for eight years")
    ]
    research.add_evidence(
        session=ws.session,
        owner=ws.owner,
        claim_id=claim.id,
        conversation_id=other.id,
        verdict=Verdict.CONTRADICTS,
        quote="Graphic design, in my team",
    )
    (stored,) = research.board(session=ws.session, owner=ws.owner, target_id=target_id).claims
    assert stored.standing is Standing.DISPUTED
    assert [e.person for e in stored.said(Verdict.CONTRADICTS)] == ["Grace Mwangi"]


def test_a_conversations_notes_mark_claims(ws: Workspace) -> None:
    target_id, talk_id, _ = _setup(ws)
    claim = _claim(ws, target_id, "Portfolios matter")
    question = _claim(ws, target_id, "What tools do teams use?", kind=ClaimKind.QUESTION)
    notes.add_note(
        session=ws.session,
        owner=ws.owner,
        about="conversation",
        about_id=talk_id,
        body=f'Good talk.\nrefines #{claim.id}: "only for agencies"\n'
        f"answers #{question.id}: Articulate and Figma",
    )
    board = research.board(session=ws.session, owner=ws.owner, target_id=target_id)
    assert [(c.standing, [e.quote for e in c.evidence]) for c in board.claims] == [
        (Standing.REFINED, ["only for agencies"]),
        (Standing.ANSWERED, ["Articulate and Figma"]),
    ]
    assert board.unasked == ()


def test_a_bad_mark_keeps_neither_the_note_nor_any_evidence(ws: Workspace) -> None:
    target_id, talk_id, _ = _setup(ws)
    claim = _claim(ws, target_id, "Portfolios matter")
    elsewhere = factories.target(ws, "Data Scientist")
    stranger = _claim(ws, elsewhere.id, "SQL is enough")
    for bad, why in ((999_999, "line 2: no claim matches '#999999'"), (stranger.id, "line 2:")):
        with pytest.raises(InvalidValue) as refused:
            notes.add_note(
                session=ws.session,
                owner=ws.owner,
                about="conversation",
                about_id=talk_id,
                body=f"confirms #{claim.id}: yes\ncontradicts #{bad}: no",
            )
        assert refused.value.field == "note"
        assert why in refused.value.reason
    assert ws.session.scalar(select(func.count()).select_from(Evidence)) == 0
    assert ws.session.scalar(select(func.count()).select_from(Note)) == 0


def test_evidence_from_a_conversation_about_another_target_is_refused(ws: Workspace) -> None:
    target_id, _, maya_id = _setup(ws)
    elsewhere = factories.target(ws, "Data Scientist")
    talk = factories.conversation(ws, maya_id, target_id=elsewhere.id)
    claim = _claim(ws, target_id, "Portfolios matter")
    with pytest.raises(InvalidValue, match="another target"):
        research.add_evidence(
            session=ws.session,
            owner=ws.owner,
            claim_id=claim.id,
            conversation_id=talk.id,
            verdict=Verdict.CONFIRMS,
        )


def test_another_owners_claims_and_targets_are_not_found(ws: Workspace) -> None:
    target_id, talk_id, _ = _setup(ws)
    claim = _claim(ws, target_id, "Portfolios matter")
    other = User(name="someone else")
    ws.session.add(other)
    ws.session.flush()
    with pytest.raises(NotFound):
        research.board(session=ws.session, owner=other.id, target_id=target_id)
    with pytest.raises(NotFound):
        research.add_evidence(
            session=ws.session,
            owner=other.id,
            claim_id=claim.id,
            conversation_id=talk_id,
            verdict=Verdict.CONFIRMS,
        )
    with pytest.raises(NotFound):
        research.remove_claim(session=ws.session, owner=other.id, claim_id=claim.id)


def test_unasked_claims_come_to_the_prep_sheet_until_someone_is_asked(ws: Workspace) -> None:
    target_id, talk_id, maya_id = _setup(ws)
    next_talk = factories.conversation(
        ws, factories.person(ws, "Grace Mwangi").id, target_id=target_id
    )
    claim = _claim(ws, target_id, "Portfolios matter")
    wanted = "I read: “Portfolios matter” How does that match what you see?"
    facts = prep.facts(session=ws.session, owner=ws.owner, conversation_id=next_talk.id)
    assert wanted in facts.open_questions
    sheet = prep.sheet(session=ws.session, owner=ws.owner, conversation_id=next_talk.id)
    assert wanted in [q.text for slot in sheet.agenda for q in slot.questions]
    research.add_evidence(
        session=ws.session,
        owner=ws.owner,
        claim_id=claim.id,
        conversation_id=talk_id,
        verdict=Verdict.CONFIRMS,
    )
    facts = prep.facts(session=ws.session, owner=ws.owner, conversation_id=next_talk.id)
    assert wanted not in facts.open_questions


def test_a_decision_rests_on_claims_and_moves_the_target(ws: Workspace) -> None:
    target_id, _, _ = _setup(ws)
    claim = _claim(ws, target_id, "Portfolios matter")
    logged = research.decide(
        session=ws.session,
        owner=ws.owner,
        target_id=target_id,
        decision="Pursue it",
        reasons="Three of three said teaching counts",
        claim_ids=[claim.id, claim.id],
        on=date(2026, 11, 20),
        status=TargetStatus.PURSUING,
    )
    assert logged.claims == ((claim.id, "Portfolios matter"),)
    target = targets.get_target(session=ws.session, owner=ws.owner, target_id=target_id).target
    assert (target.status, target.decision_note) == (TargetStatus.PURSUING, "Pursue it")
    board = research.board(session=ws.session, owner=ws.owner, target_id=target_id)
    assert [(d.decided_on, d.decision, d.reasons) for d in board.decisions] == [
        (date(2026, 11, 20), "Pursue it", "Three of three said teaching counts")
    ]
    elsewhere = factories.target(ws, "Data Scientist")
    with pytest.raises(InvalidValue, match="another target"):
        research.decide(
            session=ws.session,
            owner=ws.owner,
            target_id=elsewhere.id,
            decision="No",
            claim_ids=[claim.id],
            on=date(2026, 11, 21),
        )
    with pytest.raises(InvalidValue):
        research.decide(
            session=ws.session, owner=ws.owner, target_id=target_id, decision=" ", on=date.today()
        )


def test_removing_a_claim_removes_its_evidence_and_the_backup_keeps_it_all(
    ws: Workspace,
) -> None:
    target_id, talk_id, _ = _setup(ws)
    kept = _claim(ws, target_id, "Portfolios matter")
    gone = _claim(ws, target_id, "Wrong claim")
    for claim in (kept, gone):
        research.add_evidence(
            session=ws.session,
            owner=ws.owner,
            claim_id=claim.id,
            conversation_id=talk_id,
            verdict=Verdict.CONFIRMS,
        )
    research.decide(
        session=ws.session,
        owner=ws.owner,
        target_id=target_id,
        decision="Pursue",
        claim_ids=[kept.id],
        on=date(2026, 11, 20),
    )
    research.remove_claim(session=ws.session, owner=ws.owner, claim_id=gone.id)
    board = research.board(session=ws.session, owner=ws.owner, target_id=target_id)
    assert [c.id for c in board.claims] == [kept.id]
    assert ws.session.scalar(select(func.count()).select_from(Evidence)) == 1
    document = backup.make_backup(session=ws.session)
    for table in ("research_notes", "claims", "evidence", "decisions", "decision_claims"):
        assert table in document.tables
    assert len(document.tables["decision_claims"]) == 1


def test_a_meetings_notes_mark_claims_at_the_wrap_up(ws: Workspace) -> None:
    target = factories.target(ws, "Instructional Designer")
    maya = factories.person(ws, "Maya Chen")
    talk = factories.conversation(
        ws, maya.id, target_id=target.id, state=ConversationState.SCHEDULED
    )
    claim = _claim(ws, target.id, "Portfolios matter")
    held = meeting.start(session=ws.session, owner=ws.owner, conversation_id=talk.id)

    def wrap(notes_text: str) -> int:
        return meeting.wrap_up(
            session=ws.session,
            owner=ws.owner,
            meeting_id=held.id,
            minutes=20,
            notes_text=notes_text,
            thank_you=None,
            settings=FollowupSettings(),
        )

    # As the web and terminal wrap-ups run it: one transaction, undone on a refusal.
    with pytest.raises(InvalidValue, match="line 2"), ws.session.begin_nested():
        wrap("Good.\nconfirms #999999: no such claim")
    assert meeting.get(session=ws.session, owner=ws.owner, meeting_id=held.id).ended_at is None
    wrap(f'confirms #{claim.id}: "three samples, always"\nGood.')  # the first line counts
    (stored,) = research.board(session=ws.session, owner=ws.owner, target_id=target.id).claims
    assert [(e.person, e.quote) for e in stored.evidence] == [
        ("Maya Chen", "three samples, always")
    ]


def test_a_mark_needs_the_claims_target_and_a_verdict_that_fits(ws: Workspace) -> None:
    target_id, talk_id, maya_id = _setup(ws)
    claim = _claim(ws, target_id, "Portfolios matter")
    question = _claim(ws, target_id, "Which tools?", kind=ClaimKind.QUESTION)
    aimless = factories.conversation(ws, maya_id)  # about no target
    refusals = [
        (aimless.id, claim.id, Verdict.CONFIRMS, "about no target"),
        (talk_id, claim.id, Verdict.ANSWERS, "is a claim"),
        (talk_id, question.id, Verdict.CONFIRMS, "is a question"),
    ]
    for conversation_id, claim_id, verdict, said in refusals:
        with pytest.raises(InvalidValue, match=said):
            research.add_evidence(
                session=ws.session,
                owner=ws.owner,
                claim_id=claim_id,
                conversation_id=conversation_id,
                verdict=verdict,
            )
    for verdict, claim_id in ((Verdict.REFINES, question.id), (Verdict.ANSWERS, question.id)):
        research.add_evidence(
            session=ws.session,
            owner=ws.owner,
            claim_id=claim_id,
            conversation_id=talk_id,
            verdict=verdict,
        )


def test_a_claim_a_decision_rests_on_stays(ws: Workspace) -> None:
    target_id, _, _ = _setup(ws)
    claim = _claim(ws, target_id, "Portfolios matter")
    research.decide(
        session=ws.session,
        owner=ws.owner,
        target_id=target_id,
        decision="Pursue",
        claim_ids=[claim.id],
        on=date(2026, 11, 20),
    )
    with pytest.raises(Refused, match="rests on claim"):
        research.remove_claim(session=ws.session, owner=ws.owner, claim_id=claim.id)
    board = research.board(session=ws.session, owner=ws.owner, target_id=target_id)
    assert [c.id for c in board.claims] == [claim.id]
