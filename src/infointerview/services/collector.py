"""Pausing Python's cycle collector while an import builds tens of thousands of objects.

Each imported contact leaves a few long-lived objects behind (its record, its checked
values, the person the import sees), and every few thousand new objects the collector
walks them all again: a third of the time planning 30,000 LinkedIn connections took
(bench/import.py). An import makes no reference cycles that must be freed before it
ends, so the collector waits until it has; then it runs as before.

A command whose process ends after the import (the CLI's) asks for what the pause left
to be frozen instead: it is all young, and the first collection after the pause would
walk every object of it for nothing (60 ms after 30,000 connections).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """How many pieces of work want the collector paused, and whether it ran before."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.was_enabled = False


_pause = _Pause()


@contextmanager
def collector_paused(*, then_freeze: bool = False) -> Iterator[None]:
    """Keep the cycle collector off for the block; nested and concurrent blocks (two
    imports on the web app's threads) turn it back on when the last one ends, and only
    if it was on before the first began.

    ``then_freeze``: the last block to end moves every object then alive out of the
    collector's reach for good (``gc.freeze``), so it never walks them. Only for a
    process that ends soon after: reference cycles among them are never freed.
    """
    with _pause.lock:
        if _pause.holders == 0:
            _pause.was_enabled = gc.isenabled()
            gc.disable()
        _pause.holders += 1
    try:
        yield
    finally:
        with _pause.lock:
            _pause.holders -= 1
            if _pause.holders == 0:
                if then_freeze:
                    gc.freeze()
                if _pause.was_enabled:
                    gc.enable()
