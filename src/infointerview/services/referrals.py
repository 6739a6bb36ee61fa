"""Referrals: who pointed the explorer to whom, for which target (seed 004)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from infointerview.domain.records import ReferralRecord
from infointerview.domain.vocabulary import HowKnown
from infointerview.errors import InvalidValue, Refused
from infointerview.services import convert, timeline
from infointerview.services.lookup import owned
from infointerview.store.models import Person, Referral, Target, utcnow


def refer(
    *,
    session: Session,
    owner: int,
    referrer_id: int,
    referred_id: int,
    target_id: int | None = None,
    may_use_name: bool = False,
    on: date,
    now: datetime | None = None,
) -> ReferralRecord:
    """Record that the referrer pointed the explorer to the referred person.

    A referred person first met cold becomes "referred". Seed 004 asks "Would you mind
    if I used your name?", so whether the name may be used is kept with the referral.

    Raises:
        InvalidValue: for a self-referral.
        Refused: when the same referral is already recorded.
    """
    _check_new(session, owner, referrer_id, referred_id, target_id)
    row = Referral(
        owner_id=owner,
        referrer_id=referrer_id,
        referred_id=referred_id,
        target_id=target_id,
        may_use_name=may_use_name,
        referred_on=on,
    )
    session.add(row)
    session.flush()
    loaded = _load(session, row.id)
    if loaded.referred.how_known == HowKnown.COLD:
        loaded.referred.how_known = HowKnown.REFERRED
        loaded.referred.updated_at = now or utcnow()
    record = convert.referral(loaded)
    timeline.record(
        session=session,
        owner=owner,
        kind="referral.added",
        summary=f"{record.referrer} referred you to {record.referred}"
        + (" (may use their name)" if may_use_name else ""),
        at=now,
        person_id=referred_id,
        target_id=target_id,
        data={"referrer_id": referrer_id, "referral_id": row.id},
    )
    return record


def _check_new(
    session: Session, owner: int, referrer_id: int, referred_id: int, target_id: int | None
) -> None:
    """Refuse a self-referral, unknown ids, and a referral that is already recorded."""
    if referrer_id == referred_id:
        raise InvalidValue("referral", "a person cannot refer the explorer to themselves")
    owned(session, Person, referrer_id, owner=owner, kind="person")
    owned(session, Person, referred_id, owner=owner, kind="person")
    if target_id is not None:
        owned(session, Target, target_id, owner=owner, kind="target")
    duplicate = session.scalar(
        select(Referral.id).where(
            Referral.owner_id == owner,
            Referral.referrer_id == referrer_id,
            Referral.referred_id == referred_id,
            Referral.target_id.is_(None) if target_id is None else Referral.target_id == target_id,
        )
    )
    if duplicate is not None:
        raise Refused(f"this referral is already recorded as #{duplicate}")


def _load(session: Session, referral_id: int) -> Referral:
    return session.scalars(
        select(Referral)
        .options(
            selectinload(Referral.referrer),
            selectinload(Referral.referred),
            selectinload(Referral.target).selectinload(Target.organization),
        )
        .where(Referral.id == referral_id)
    ).one()
