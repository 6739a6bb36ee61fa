"""The legal moves of a conversation, checked over every pair of states."""

from __future__ import annotations

import itertools

import pytest

from infointerview.domain import lifecycle
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.errors import IllegalTransition

# The method, written out independently of lifecycle.TRANSITIONS: ask, agree a time,
# meet, thank, close; a request may be declined or go unanswered, and a late reply to
# an unanswered request can still be scheduled.
LEGAL = {
    (S.DRAFT, S.REQUESTED),
    (S.REQUESTED, S.SCHEDULED),
    (S.REQUESTED, S.DECLINED),
    (S.REQUESTED, S.NO_RESPONSE),
    (S.NO_RESPONSE, S.SCHEDULED),
    (S.NO_RESPONSE, S.DECLINED),
    (S.SCHEDULED, S.HELD),
    (S.SCHEDULED, S.SCHEDULED),
    (S.SCHEDULED, S.DECLINED),
    (S.HELD, S.THANKED),
    (S.THANKED, S.CLOSED),
}
ALL_PAIRS = list(itertools.product(S, S))
ILLEGAL = [pair for pair in ALL_PAIRS if pair not in LEGAL]


def _id(pair: tuple[S, S]) -> str:
    return f"{pair[0].value}->{pair[1].value}"


@pytest.mark.parametrize("pair", sorted(LEGAL), ids=_id)
def test_every_legal_move_is_allowed(pair: tuple[S, S]) -> None:
    current, requested = pair
    assert lifecycle.check_transition(current, requested) is requested
    assert requested in lifecycle.next_states(current)


@pytest.mark.parametrize("pair", ILLEGAL, ids=_id)
def test_every_other_move_is_refused_naming_both_states_and_the_allowed_moves(
    pair: tuple[S, S],
) -> None:
    current, requested = pair
    with pytest.raises(IllegalTransition) as raised:
        lifecycle.check_transition(current, requested)
    error = raised.value
    allowed = sorted(b.value for a, b in LEGAL if a == current)
    assert (error.current, error.requested) == (current.value, requested.value)
    assert sorted(error.allowed) == allowed
    message = str(error)
    assert repr(current.value) in message
    assert repr(requested.value) in message
    for option in allowed:
        assert option in message.split("can go to:")[1]
    assert error.http_status == 409
    assert error.exit_code == 2


def test_the_table_lists_exactly_the_legal_moves() -> None:
    table = {(a, b) for a, nexts in lifecycle.TRANSITIONS.items() for b in nexts}
    assert table == LEGAL
    assert set(lifecycle.TRANSITIONS) == set(S)


@pytest.mark.parametrize("state", [S.CLOSED, S.DECLINED], ids=str)
def test_finished_conversations_have_no_moves(state: S) -> None:
    assert lifecycle.next_states(state) == ()
    assert state in lifecycle.FINISHED
    with pytest.raises(IllegalTransition, match=r"nothing \(it is finished\)"):
        lifecycle.check_transition(state, S.REQUESTED)


def test_only_closed_and_declined_are_finished() -> None:
    assert {S.CLOSED, S.DECLINED} == lifecycle.FINISHED


@pytest.mark.parametrize("state", list(S), ids=str)
def test_path_to_reaches_every_state_from_draft_by_legal_moves(state: S) -> None:
    path = lifecycle.path_to(state)
    here = S.DRAFT
    for step in path:
        assert (here, step) in LEGAL
        here = step
    assert here is state
    assert len(set(path)) == len(path)


def test_path_to_draft_is_empty_and_the_happy_path_is_the_method() -> None:
    assert lifecycle.path_to(S.DRAFT) == ()
    assert lifecycle.path_to(S.CLOSED) == (S.REQUESTED, S.SCHEDULED, S.HELD, S.THANKED, S.CLOSED)
    assert lifecycle.path_to(S.NO_RESPONSE) == (S.REQUESTED, S.NO_RESPONSE)
