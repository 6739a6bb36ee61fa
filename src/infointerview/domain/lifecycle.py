"""The legal moves of a conversation, from the first draft to its close.

The happy path follows the method: ask (seeds 001, 002: 15-30 minutes of advice),
agree a time, meet, thank the same day (seed 002: "Thank them, immediately"), and
close once the follow-ups are done (seed 004: report back, pay it back). A request
can be declined or go unanswered; a late reply to an unanswered request can still
be scheduled, and a scheduled meeting can be moved ("work to their schedule", seed
002). Nothing leaves ``closed`` or ``declined``.
"""

from __future__ import annotations

from datetime import datetime

from infointerview.domain.vocabulary import ConversationState as S
from infointerview.errors import IllegalTransition, InvalidValue

TRANSITIONS: dict[S, tuple[S, ...]] = {
    S.DRAFT: (S.REQUESTED,),
    S.REQUESTED: (S.SCHEDULED, S.DECLINED, S.NO_RESPONSE),
    S.NO_RESPONSE: (S.SCHEDULED, S.DECLINED),
    S.SCHEDULED: (S.HELD, S.SCHEDULED, S.DECLINED),
    S.HELD: (S.THANKED,),
    S.THANKED: (S.CLOSED,),
    S.CLOSED: (),
    S.DECLINED: (),
}

FINISHED: frozenset[S] = frozenset(state for state, nexts in TRANSITIONS.items() if not nexts)


def next_states(state: S) -> tuple[S, ...]:
    """Return the states a conversation in ``state`` may move to, in the method's order."""
    return TRANSITIONS[state]


def check_transition(current: S, requested: S) -> S:
    """Return ``requested`` if a conversation in ``current`` may move there.

    Raises:
        IllegalTransition: naming both states and the moves that are allowed.
    """
    allowed = TRANSITIONS[current]
    if requested not in allowed:
        route = path_between(current, requested) or ()
        raise IllegalTransition(
            current.value,
            requested.value,
            [s.value for s in allowed],
            route=[s.value for s in route],
        )
    return requested


def check_facts(
    requested: S,
    *,
    at: datetime,
    previous_at: datetime | None,
    minutes: int | None,
    outcome: str | None,
) -> None:
    """Refuse facts that do not belong to a move: each move happens after the last one,
    only a held meeting has a length, and an outcome needs a meeting that took place.

    Raises:
        InvalidValue: naming the option at fault.
    """
    if previous_at is not None and at < previous_at:
        raise InvalidValue(
            "at",
            f"{at.isoformat()} is before the conversation's last step ({previous_at.isoformat()})",
        )
    if minutes is not None and requested != S.HELD:
        raise InvalidValue("minutes", "only a meeting being marked held has a length")
    if outcome is not None and requested not in (S.HELD, S.THANKED, S.CLOSED):
        raise InvalidValue("outcome", "record what you learned once the meeting is held")


def path_to(state: S) -> tuple[S, ...]:
    """Return the shortest sequence of moves from ``draft`` to ``state`` (empty for draft)."""
    return path_between(S.DRAFT, state) or ()


def path_between(start: S, goal: S) -> tuple[S, ...] | None:
    """Return the shortest sequence of moves from ``start`` to ``goal``, or None if none leads."""
    paths: dict[S, tuple[S, ...]] = {start: ()}
    frontier = [start]
    while frontier:
        here = frontier.pop(0)
        for there in TRANSITIONS[here]:
            if there not in paths:
                paths[there] = (*paths[here], there)
                frontier.append(there)
    return paths.get(goal)
