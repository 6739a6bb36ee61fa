"""The prep sheet as a file: Markdown to read or edit, or one printable HTML page.

Everything the explorer typed is escaped: Markdown's special characters in Markdown,
HTML's in HTML.
"""

from __future__ import annotations

import html
import re

from infointerview.domain.prep import Said, Sheet

FORMATS = ("md", "html")
# What would start emphasis, code, a link or HTML inside a line (every line the sheet
# writes starts with its own marker, so line-start syntax cannot arise).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def render(sheet: Sheet, fmt: str) -> str:
    """Return ``sheet`` as ``md`` or ``html`` text."""
    return markdown(sheet) if fmt == "md" else page(sheet)


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _span(start: int, minutes: int) -> str:
    """Minutes into the meeting, so they do not read as a time of day: ``2–6 min``."""
    return f"{start}–{start + minutes} min"


def _who(sheet: Sheet) -> str:
    facts = sheet.facts
    role = ", ".join(part for part in (facts.title, facts.organization) if part)
    return facts.person + (f" ({role})" if role else "")


def _when(sheet: Sheet) -> str:
    facts = sheet.facts
    when = f"{facts.minutes} minutes, {facts.channel.replace('_', ' ')}"
    if facts.scheduled_at is not None:
        when = f"{facts.scheduled_at:%Y-%m-%d %H:%M %Z}, " + when
    return when


def _cite(said: Said) -> str:
    return f"seed {said.seed}: “{said.quote}”"


def markdown(sheet: Sheet) -> str:
    """Return the sheet as Markdown."""
    facts = sheet.facts
    out = [f"# Prepare: {_md(_who(sheet))}", "", f"- **When:** {_md(_when(sheet))}"]
    if facts.target:
        out.append(f"- **Exploring:** {_md(facts.target)}")
    if len(facts.chain) > 1:
        chain = " → ".join(_md(n) for n in facts.chain)
        out.append(f"- **How you are connected:** you → {chain}")
        name = "you may use their name" if facts.may_use_name else "ask before using their name"
        out.append(f"- **Referred by {_md(facts.chain[-2])}:** {name}")
    if facts.script:
        out += ["", "## What you said when you asked", ""]
        out += [f"> {_md(line)}" if line else ">" for line in facts.script.splitlines()]
    out += ["", f"## Agenda ({facts.minutes} minutes)", ""]
    for slot in sheet.agenda:
        out.append(f"- **{_span(slot.start, slot.minutes)}** {_md(slot.title)}")
        if len(slot.questions) > 1:
            out += [f"    - {_md(q.text)}" for q in slot.questions]
    out.append(f"- **{facts.minutes} min** End on time.")
    if sheet.findings:
        out += ["", "## Your questions to rework", ""]
        for text, found in sheet.findings:
            out.append(f"- {_md(text)}")
            for f in found:
                rewrite = f" Try: {_md(f.rewrite)}" if f.rewrite else ""
                out.append(f"    - {f.rule}: {_md(f.message)}.{rewrite} (seed {f.source.seed})")
    if facts.research:
        out += ["", "## What you can give back", "", _md(sheet.give_back_source.text), ""]
        out += [f"- {_md(note)}" for note in sheet.give_back]
        out.append(f"\n*{_md(_cite(sheet.give_back_source))}*")
    out += ["", "## If they offer a job lead", "", f"> {_md(sheet.deflection.text)}", ""]
    out.append(f"*{_md(_cite(sheet.deflection))}*")
    out += ["", "## Reminders", ""]
    out += [f"- {_md(r.text)} (seed {r.seed})" for r in sheet.reminders]
    return "\n".join(out) + "\n"


def page(sheet: Sheet) -> str:
    """Return the sheet as one printable HTML page, with no outside resources."""
    facts = sheet.facts
    e = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Prepare: {e(_who(sheet))}</title>",
        "<style>body{font:11pt/1.4 system-ui,sans-serif;max-width:42em;margin:2em auto}"
        "h2{font-size:1.1em;margin-top:1.4em}blockquote{margin:.5em 0 .5em 1em;"
        "color:#333}.cite{color:#555;font-size:.9em}ol.agenda{padding-left:0;"
        "list-style:none}ol.agenda li{margin:.3em 0}.at{font-variant-numeric:"
        "tabular-nums;font-weight:600;margin-right:.5em}</style></head><body>",
        f"<h1>Prepare: {e(_who(sheet))}</h1>",
        f"<p><strong>When:</strong> {e(_when(sheet))}</p>",
    ]
    if facts.target:
        parts.append(f"<p><strong>Exploring:</strong> {e(facts.target)}</p>")
    if len(facts.chain) > 1:
        chain = " → ".join(e(n) for n in facts.chain)
        name = "you may use their name" if facts.may_use_name else "ask before using their name"
        parts.append(f"<p><strong>How you are connected:</strong> you → {chain}; {name}.</p>")
    if facts.script:
        parts.append("<h2>What you said when you asked</h2>")
        parts += [f"<blockquote>{e(p)}</blockquote>" for p in facts.script.split("\n\n")]
    parts.append(f'<h2>Agenda ({facts.minutes} minutes)</h2><ol class="agenda">')
    for slot in sheet.agenda:
        item = f'<li><span class="at">{_span(slot.start, slot.minutes)}</span>{e(slot.title)}'
        if len(slot.questions) > 1:
            item += "<ul>" + "".join(f"<li>{e(q.text)}</li>" for q in slot.questions) + "</ul>"
        parts.append(item + "</li>")
    parts.append(f'<li><span class="at">{facts.minutes} min</span>End on time.</li></ol>')
    if sheet.findings:
        parts.append("<h2>Your questions to rework</h2><ul>")
        for text, found in sheet.findings:
            notes = "".join(
                f"<li>{e(f.rule)}: {e(f.message)}."
                + (f" Try: {e(f.rewrite)}" if f.rewrite else "")
                + f' <span class="cite">(seed {e(f.source.seed)})</span></li>'
                for f in found
            )
            parts.append(f"<li>{e(text)}<ul>{notes}</ul></li>")
        parts.append("</ul>")
    if facts.research:
        parts.append(f"<h2>What you can give back</h2><p>{e(sheet.give_back_source.text)}</p>")
        parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in sheet.give_back) + "</ul>")
        parts.append(f'<p class="cite">{e(_cite(sheet.give_back_source))}</p>')
    parts.append("<h2>If they offer a job lead</h2>")
    parts.append(f"<blockquote>{e(sheet.deflection.text)}</blockquote>")
    parts.append(f'<p class="cite">{e(_cite(sheet.deflection))}</p>')
    parts.append("<h2>Reminders</h2><ul>")
    parts += [
        f"<li>{e(r.text)} <span class='cite'>(seed {r.seed})</span></li>" for r in sheet.reminders
    ]
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"
