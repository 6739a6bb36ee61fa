"""Cut a message's subject or body into runs of text, each with the findings that cover
it, so the Compose page can mark the words a finding is about."""

from __future__ import annotations

from dataclasses import dataclass

from infointerview.domain.etiquette import Finding, Result, Severity

_ORDER = (Severity.ERROR, Severity.WARNING, Severity.TIP)


@dataclass(frozen=True, slots=True)
class Run:
    """Text and the numbers (1-based, as listed) of the findings about it; ``severity`` is
    the worst of theirs, None for text no finding points at."""

    text: str
    findings: tuple[int, ...] = ()
    severity: Severity | None = None


def _marks(finding: Finding, part: str, length: int) -> bool:
    span = finding.span
    # A finding about the whole body (a missing ask, a body too long) marks nothing: the
    # list says so, and shading everything would hide the findings about words. A subject
    # is short: a finding about it marks it all.
    if span.part != part or span.end <= span.start:
        return False
    return part == "subject" or (span.end - span.start) < length


def runs(text: str, part: str, result: Result) -> list[Run]:
    """Return ``text`` (the message's ``part``, "subject" or "body") cut into runs."""
    marked = [
        (number, f)
        for number, f in enumerate(result.findings, start=1)
        if _marks(f, part, len(text))
    ]
    cuts = sorted(
        {0, len(text)}
        | {min(f.span.start, len(text)) for _, f in marked}
        | {min(f.span.end, len(text)) for _, f in marked}
    )
    pieces: list[Run] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [(n, f) for n, f in marked if f.span.start <= start and end <= f.span.end]
        worst = min((_ORDER.index(f.severity) for _, f in covering), default=None)
        pieces.append(
            Run(
                text=text[start:end],
                findings=tuple(n for n, _ in covering),
                severity=None if worst is None else _ORDER[worst],
            )
        )
    return pieces
