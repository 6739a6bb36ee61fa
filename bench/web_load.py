"""What both of bench/web.py's load generators report: a page's ``Result`` and its figures."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Seconds a request may take before it counts as failed, for either client.
TIMEOUT_S = 60


@dataclass(frozen=True, slots=True)
class Result:
    """The figures of one page's measured requests."""

    page: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    elapsed_s: float
    failed: int
    failures: list[str]
    server_cpu_ms: float | None


def cpu_per_request(before: float | None, after: float | None, requests: int) -> float | None:
    """Return the server's CPU ms per request between two readings, None if either is."""
    if before is None or after is None:
        return None
    return (after - before) * 1000 / max(1, requests)


def percentile(values: Sequence[float], share: float) -> float:
    """Return the nearest-rank percentile ``share`` (0-100) of ``values``."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[rank - 1]
