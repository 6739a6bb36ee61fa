"""Research per target: notes with their sources, claims to verify, the evidence that
conversations give for and against each claim, and the decision log (seeds 001, 003)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from infointerview.domain import research
from infointerview.domain import validation as check
from infointerview.domain.research import (
    ClaimKind,
    ClaimRecord,
    DecisionRecord,
    EvidenceRecord,
    Research,
    ResearchRecord,
    Verdict,
)
from infointerview.domain.vocabulary import TargetStatus
from infointerview.errors import InvalidValue, NotFound, Refused
from infointerview.services import convert, timeline
from infointerview.services.lookup import owned
from infointerview.store.models import (
    Claim,
    Conversation,
    Decision,
    Evidence,
    ResearchNote,
    Target,
    decision_claims,
    utcnow,
)

MAX_CLAIM = 1_000
MAX_CLAIMS_PER_DECISION = 100


def add_research(
    *,
    session: Session,
    owner: int,
    target_id: int,
    body: str,
    url: str | None = None,
    title: str | None = None,
    published: date | None = None,
    claims: Sequence[str] = (),
    now: datetime | None = None,
) -> tuple[ResearchRecord, list[ClaimRecord]]:
    """Keep something read about a target with its source (web address, title, date),
    and the ``claims`` in it to verify (blank ones are skipped)."""
    target = owned(session, Target, target_id, owner=owner, kind="target")
    row = ResearchNote(
        owner_id=owner,
        target_id=target.id,
        body=check.long_text(body, field="research", required=True) or "",
        source_url=check.web_url(url, field="source url"),
        source_title=check.optional_text(title, field="source title", limit=check.MAX_NAME),
        source_date=published,
        created_at=now or utcnow(),
    )
    _keep(
        session,
        owner,
        row,
        "research.added",
        now,
        lambda: f"Research on {_label(target)}: {row.body.splitlines()[0][:80]}",
    )
    added = [
        add_claim(
            session=session,
            owner=owner,
            target_id=target.id,
            text=claim,
            research_note_id=row.id,
            now=now,
        )
        for claim in claims
        if claim.strip()
    ]
    return _note_record(row), added


def add_claim(
    *,
    session: Session,
    owner: int,
    target_id: int,
    text: str,
    kind: ClaimKind = ClaimKind.CLAIM,
    research_note_id: int | None = None,
    now: datetime | None = None,
) -> ClaimRecord:
    """Add a claim to verify (or a question to find out) about a target."""
    target = owned(session, Target, target_id, owner=owner, kind="target")
    if research_note_id is not None:
        note = owned(session, ResearchNote, research_note_id, owner=owner, kind="research note")
        if note.target_id != target.id:
            raise InvalidValue("research note", f"#{note.id} is about another target")
    row = Claim(
        owner_id=owner,
        target_id=target.id,
        research_note_id=research_note_id,
        kind=kind,
        text=check.required_text(text, field=kind.value, limit=MAX_CLAIM),
        created_at=now or utcnow(),
    )
    _keep(
        session,
        owner,
        row,
        "claim.added",
        now,
        lambda: f"To verify about {_label(target)}: #{row.id} {row.text[:80]}",
    )
    return ClaimRecord(
        row.id, target.id, row.kind, row.text, row.research_note_id, (), research.Standing.UNASKED
    )


def remove_claim(*, session: Session, owner: int, claim_id: int) -> None:
    """Delete a claim with the evidence recorded on it.

    Raises:
        Refused: while a logged decision rests on it (the log keeps what it rested on).
    """
    row = owned(session, Claim, claim_id, owner=owner, kind="claim")
    resting = session.scalar(
        select(decision_claims.c.decision_id).where(decision_claims.c.claim_id == row.id).limit(1)
    )
    if resting is not None:
        raise Refused(f"decision #{resting} rests on claim #{row.id}: it stays in the log")
    timeline.record(
        session=session,
        owner=owner,
        kind="claim.removed",
        summary=f"Removed claim #{row.id}: {row.text[:80]}",
        target_id=row.target_id,
    )
    session.delete(row)
    session.flush()


def add_evidence(
    *,
    session: Session,
    owner: int,
    claim_id: int,
    conversation_id: int,
    verdict: Verdict,
    quote: str = "",
    now: datetime | None = None,
) -> EvidenceRecord:
    """Record what the person of a conversation said of a claim, in their words.

    Raises:
        InvalidValue: when the conversation is about another target than the claim.
    """
    claim = owned(session, Claim, claim_id, owner=owner, kind="claim")
    talk = owned(session, Conversation, conversation_id, owner=owner, kind="conversation")
    _same_target(claim, talk, field="conversation")
    _fits(claim, verdict)
    row = _evidence(owner, claim, talk, verdict, quote, now)
    session.add(row)
    session.flush()
    _record_evidence_event(session, owner, claim, talk, row, now)
    return _evidence_record(row, talk)


def add_marks(
    *, session: Session, owner: int, conversation_id: int, text: str, now: datetime | None = None
) -> list[EvidenceRecord]:
    """Record the evidence marked in a conversation's notes (see ``research.marks``).

    Every mark is checked before any is kept, so a note with one bad mark keeps nothing.

    Raises:
        InvalidValue: naming the line of a mark whose claim does not exist or is about
            another target.
    """
    marks = research.marks(text)
    if not marks:
        return []
    talk = owned(session, Conversation, conversation_id, owner=owner, kind="conversation")
    claims: list[Claim] = []
    for mark in marks:
        try:
            claim = owned(session, Claim, mark.claim_id, owner=owner, kind="claim")
            _same_target(claim, talk, field="conversation")
            _fits(claim, mark.verdict)
            check.long_text(mark.quote, field="quote")
        except (NotFound, InvalidValue) as problem:
            raise InvalidValue(
                "note",
                f"line {mark.line}: {_problem(problem)} ({mark.verdict.value} #{mark.claim_id})",
            ) from None
        claims.append(claim)
    kept = []
    for mark, claim in zip(marks, claims, strict=True):
        row = _evidence(owner, claim, talk, mark.verdict, mark.quote, now)
        session.add(row)
        session.flush()
        _record_evidence_event(session, owner, claim, talk, row, now)
        kept.append(_evidence_record(row, talk))
    return kept


def decide(
    *,
    session: Session,
    owner: int,
    target_id: int,
    decision: str,
    reasons: str = "",
    claim_ids: Iterable[int] = (),
    on: date,
    status: TargetStatus | None = None,
    now: datetime | None = None,
) -> DecisionRecord:
    """Log a decision on a target with its reasons and the claims it rests on; the
    target's decision note becomes this decision, and its status changes if one is given.

    Raises:
        InvalidValue: for an empty decision, or a claim about another target.
    """
    target = owned(session, Target, target_id, owner=owner, kind="target")
    text = check.long_text(decision, field="decision", required=True) or ""
    ids = list(dict.fromkeys(claim_ids))
    if len(ids) > MAX_CLAIMS_PER_DECISION:
        raise InvalidValue("claims", f"at most {MAX_CLAIMS_PER_DECISION} claims per decision")
    claims = [owned(session, Claim, claim_id, owner=owner, kind="claim") for claim_id in ids]
    for claim in claims:
        if claim.target_id != target.id:
            raise InvalidValue("claims", f"claim #{claim.id} is about another target")
    row = Decision(
        owner_id=owner,
        target_id=target.id,
        decided_on=on,
        decision=text,
        reasons=check.long_text(reasons, field="reasons") or "",
        created_at=now or utcnow(),
        claims=claims,
    )
    session.add(row)
    old_status = target.status
    target.decision_note = text
    if status is not None:
        target.status = status
    target.updated_at = now or utcnow()
    session.flush()
    moved = f" ({old_status.value} -> {target.status.value})" if target.status != old_status else ""
    timeline.record(
        session=session,
        owner=owner,
        kind="target.decided",
        summary=f"Decided on {_label(target)}{moved}: {text.splitlines()[0][:80]}",
        at=now,
        target_id=target.id,
    )
    return _decision_record(row)


def board(*, session: Session, owner: int, target_id: int) -> Research:
    """Return a target's research notes, claims with their evidence, and decisions."""
    target = owned(session, Target, target_id, owner=owner, kind="target")
    notes = session.scalars(
        select(ResearchNote)
        .where(ResearchNote.owner_id == owner, ResearchNote.target_id == target.id)
        .order_by(ResearchNote.created_at, ResearchNote.id)
    )
    claims = list(
        session.scalars(
            select(Claim)
            .where(Claim.owner_id == owner, Claim.target_id == target.id)
            .order_by(Claim.id)
        )
    )
    said: dict[int, list[EvidenceRecord]] = defaultdict(list)
    if claims:
        rows = session.execute(
            select(Evidence, Conversation)
            .join(Conversation, Conversation.id == Evidence.conversation_id)
            .options(selectinload(Conversation.person))
            .where(Evidence.owner_id == owner, Evidence.claim_id.in_([c.id for c in claims]))
            .order_by(Evidence.created_at, Evidence.id)
        )
        for evidence, talk in rows:
            said[evidence.claim_id].append(_evidence_record(evidence, talk))
    decisions = session.scalars(
        select(Decision)
        .options(selectinload(Decision.claims))
        .where(Decision.owner_id == owner, Decision.target_id == target.id)
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
    )
    return Research(
        notes=tuple(_note_record(n) for n in notes),
        claims=tuple(
            ClaimRecord(
                c.id,
                c.target_id,
                c.kind,
                c.text,
                c.research_note_id,
                tuple(said[c.id]),
                research.standing([e.verdict for e in said[c.id]]),
            )
            for c in claims
        ),
        decisions=tuple(_decision_record(d) for d in decisions),
    )


def _keep(
    session: Session,
    owner: int,
    row: ResearchNote | Claim,
    kind: str,
    now: datetime | None,
    summary: Callable[[], str],
) -> None:
    """Store a new research note or claim and put it on its target's timeline; the
    summary is made after the insert, so it can name the row's id."""
    session.add(row)
    session.flush()
    timeline.record(
        session=session, owner=owner, kind=kind, summary=summary(), at=now, target_id=row.target_id
    )


def _same_target(claim: Claim, talk: Conversation, *, field: str) -> None:
    if talk.target_id is None:
        raise InvalidValue(
            field, f"#{talk.id} is about no target: give it claim #{claim.id}'s target first"
        )
    if talk.target_id != claim.target_id:
        raise InvalidValue(field, f"#{talk.id} is about another target than claim #{claim.id}")


def _fits(claim: Claim, verdict: Verdict) -> None:
    """A question is answered (or refined); a claim is confirmed, contradicted or refined."""
    if (verdict is Verdict.ANSWERS) != (claim.kind is ClaimKind.QUESTION) and (
        verdict is not Verdict.REFINES
    ):
        wanted = "answers" if claim.kind is ClaimKind.QUESTION else "confirms, contradicts"
        raise InvalidValue(
            "verdict", f"#{claim.id} is a {claim.kind.value}: say {wanted} or refines"
        )


def _problem(problem: NotFound | InvalidValue) -> str:
    if isinstance(problem, InvalidValue):
        return f"{problem.field} {problem.reason}"
    return str(problem)


def _evidence(
    owner: int,
    claim: Claim,
    talk: Conversation,
    verdict: Verdict,
    quote: str,
    now: datetime | None,
) -> Evidence:
    return Evidence(
        owner_id=owner,
        claim_id=claim.id,
        conversation_id=talk.id,
        verdict=verdict,
        quote=check.long_text(quote, field="quote") or "",
        created_at=now or utcnow(),
    )


def _record_evidence_event(
    session: Session,
    owner: int,
    claim: Claim,
    talk: Conversation,
    row: Evidence,
    now: datetime | None,
) -> None:
    timeline.record(
        session=session,
        owner=owner,
        kind="claim.evidence",
        summary=f"{talk.person.full_name} {row.verdict.value} #{claim.id}: {claim.text[:60]}",
        at=now,
        person_id=talk.person_id,
        conversation_id=talk.id,
        target_id=claim.target_id,
    )


def _label(target: Target) -> str:
    return convert.target_label(target) or target.role


def _note_record(row: ResearchNote) -> ResearchRecord:
    return ResearchRecord(
        row.id,
        row.target_id,
        row.body,
        row.source_url,
        row.source_title,
        row.source_date,
        row.created_at,
    )


def _evidence_record(row: Evidence, talk: Conversation) -> EvidenceRecord:
    return EvidenceRecord(
        row.id,
        row.claim_id,
        talk.id,
        talk.person_id,
        talk.person.full_name,
        row.verdict,
        row.quote,
        row.created_at,
    )


def _decision_record(row: Decision) -> DecisionRecord:
    return DecisionRecord(
        row.id,
        row.target_id,
        row.decided_on,
        row.decision,
        row.reasons,
        tuple((c.id, c.text) for c in row.claims),
    )
