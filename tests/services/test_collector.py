"""The cycle collector waits while an import runs, and comes back as it was."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from infointerview.services.collector import collector_paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The collector on at the start; left as the test found it."""
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_off_inside_and_on_again_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_nested_and_failing_blocks_turn_it_on_only_when_the_last_ends() -> None:
    def failing_import() -> None:
        with collector_paused():
            with collector_paused():
                pass
            assert not gc.isenabled()
            raise RuntimeError("the import failed")

    with pytest.raises(RuntimeError):
        failing_import()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_two_threads_keep_it_off_until_both_are_done() -> None:
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collector_paused():
            first_in.set()
            second_done.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(5)
    with collector_paused():
        pass
    second_done.set()
    thread.join(5)
    assert seen == [False]  # the second block's end did not turn it on under the first
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


@pytest.mark.usefixtures("collector_on")
def test_then_freeze_leaves_what_the_last_block_made_out_of_the_collectors_reach() -> None:
    frozen = gc.get_freeze_count()
    try:
        with collector_paused(then_freeze=True):
            with collector_paused(then_freeze=True):
                kept = [[n] for n in range(1_000)]
            # Not the last block to end: nothing is frozen yet.
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() >= frozen + len(kept)
        assert gc.get_count()[0] < 100  # no young objects left for a collection to walk
        assert gc.isenabled()
    finally:
        gc.unfreeze()
