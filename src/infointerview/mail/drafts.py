"""Drafting outreach from templates: requests, nudges, thank-yous and the rest.

The templates are Jinja2 text in ``infointerview/data/outreach/``: a ``Subject:`` line,
a blank line, then the body. A file of the same name in the user's config folder
(``templates/``, beside config.toml) replaces the shipped one. Each shipped template
passes the etiquette checker with no error or warning for every demo person it applies
to (tests/mail/test_drafts.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from infointerview.domain.etiquette import Message
from infointerview.domain.records import Correspondent
from infointerview.domain.vocabulary import HowKnown, MessageKind
from infointerview.errors import InvalidValue
from infointerview.io import message_text

if TYPE_CHECKING:
    from jinja2 import Environment

    from infointerview.config import Profile

# Template name -> the kind of message it drafts.
TEMPLATES: dict[str, MessageKind] = {
    "request_referred": MessageKind.REQUEST,
    "request_alumni": MessageKind.REQUEST,
    "request_known": MessageKind.REQUEST,
    "request_cold": MessageKind.REQUEST,
    "nudge": MessageKind.NUDGE,
    "thank_you": MessageKind.THANK_YOU,
    "report_back": MessageKind.REPORT_BACK,
    "pay_it_back": MessageKind.PAY_IT_BACK,
    "keep_in_touch": MessageKind.KEEP_IN_TOUCH,
    "job_offer_deflection": MessageKind.OTHER,  # seed 000's bonus tip, word for word
}
# What ``draft KIND`` accepts -> the kind of message stored; a request picks its
# template by how the person is known.
KINDS: dict[str, MessageKind] = {
    "request": MessageKind.REQUEST,
    "nudge": MessageKind.NUDGE,
    "thank_you": MessageKind.THANK_YOU,
    "report_back": MessageKind.REPORT_BACK,
    "pay_it_back": MessageKind.PAY_IT_BACK,
    "keep_in_touch": MessageKind.KEEP_IN_TOUCH,
    "job_offer_deflection": MessageKind.OTHER,
}
# Shown in a draft where the user's config has no value yet, so the gap is plain to see.
PLACEHOLDERS = {
    "name": "[your name]",
    "background": "[who you are, in a phrase]",
    "exploring": "[the field you are exploring]",
    "school": "[your school]",
}
# The values a template cannot do without, besides the names and what is explored.
_NEEDS = {"request_referred": "referrer", "request_alumni": "school", "report_back": "referred"}


@dataclass(frozen=True, slots=True)
class DraftValues:
    """What a template may say: who writes, to whom, about what.

    ``background`` completes "I'm ..." in one short phrase (seed 000: a sentence or
    two at most); ``exploring`` is the field or role being explored.
    """

    sender: str
    background: str
    exploring: str
    full_name: str
    first_name: str
    organization: str | None = None
    title: str | None = None
    referrer: str | None = None
    school: str | None = None
    referred: str | None = None
    learned: str | None = None
    resource: str | None = None
    minutes: int = 20


def request_template(how_known: HowKnown) -> str:
    """Return the request template for a contact known this way (seed 004's warmth)."""
    return f"request_{how_known.value}"


def unfilled(subject: str, body: str) -> list[str]:
    """Return the placeholders a draft still holds (a gap the web page filled in)."""
    return [mark for mark in PLACEHOLDERS.values() if mark in subject or mark in body]


def draft_kind(value: str) -> str:
    """Return the draft kind ``value`` names (spaces, dashes and case do not matter).

    Raises:
        InvalidValue: naming the kinds there are.
    """
    wanted = "_".join(value.strip().casefold().replace("-", " ").replace("_", " ").split())
    if wanted not in KINDS:
        choices = ", ".join(kind.replace("_", "-") for kind in KINDS)
        raise InvalidValue("KIND", f"{value!r} is not one of: {choices}")
    return wanted


def template_for(kind: str, who: Correspondent) -> str:
    """Return the template that drafts a message of ``kind`` (from ``draft_kind``) to ``who``."""
    if kind != "request":
        return kind
    if who.how_known is HowKnown.REFERRED and not who.referrer:
        return "request_cold"  # referred, but by no one stored: no name to give
    return request_template(who.how_known)


def values_for(
    who: Correspondent, me: Profile, *, template: str, fill_gaps: bool = False
) -> DraftValues:
    """Return what the template says to ``who`` from ``me``, the user's ``[me]`` config.

    With ``fill_gaps`` a missing name or background shows as a bracketed placeholder
    (the web page, where the user edits the draft anyway); otherwise it is an error.

    Raises:
        InvalidValue: naming the config key or option that would give a missing value.
    """
    values: dict[str, str | None] = {"name": me.name, "background": me.background}
    for key, value in values.items():
        if not value:
            if not fill_gaps:
                raise InvalidValue(
                    f"[me] {key} in config.toml",
                    f'is not set: drafts need it ({key} = "..." under [me])',
                )
            values[key] = PLACEHOLDERS[key]
    # A target names a role ("UX Researcher"); the user's own words are kept as written.
    exploring = f"the {who.exploring} path" if who.exploring else me.exploring
    if not exploring:
        if not fill_gaps:
            raise InvalidValue(
                "--target",
                "say what you are exploring: give a target, or set exploring under [me] "
                "in config.toml",
            )
        exploring = PLACEHOLDERS["exploring"]
    school = me.school
    if template == "request_alumni" and not school:
        if not fill_gaps:
            raise InvalidValue(
                "[me] school in config.toml", "is not set: the alumni request names your school"
            )
        school = PLACEHOLDERS["school"]
    if template == "report_back" and not who.referred:
        raise InvalidValue(
            "PERSON",
            f"{who.full_name} has referred you to no one yet: a report-back tells a referrer "
            "how the conversation they suggested went",
        )
    return DraftValues(
        sender=values["name"] or "",
        background=values["background"] or "",
        exploring=exploring,
        full_name=who.full_name,
        first_name=who.first_name,
        organization=who.organization,
        title=who.title,
        referrer=who.referrer,
        school=school,
        referred=who.referred,
        learned=None,
        minutes=who.conversation.requested_minutes,
    )


def draft(
    kind: str,
    who: Correspondent,
    me: Profile,
    *,
    fill_gaps: bool = False,
    config_dir: Path | None = None,
) -> Message:
    """Return a draft of ``kind`` (from ``draft_kind``) to ``who``: the template that fits
    them (``template_for``), filled from ``me`` (``values_for``, ``fill_gaps`` as there).

    Raises:
        InvalidValue: as values_for and render do.
    """
    template = template_for(kind, who)
    values = values_for(who, me, template=template, fill_gaps=fill_gaps)
    return render(template, values, config_dir=config_dir)


def render(name: str, values: DraftValues, *, config_dir: Path | None = None) -> Message:
    """Render the template ``name`` with ``values``; return its subject and body.

    Raises:
        InvalidValue: for an unknown template, or one that needs a value not given.
    """
    from jinja2 import TemplateError, UndefinedError

    if name not in TEMPLATES:
        raise InvalidValue("template", f"{name!r} is not one of: {', '.join(sorted(TEMPLATES))}")
    needed = _NEEDS.get(name)
    if needed and not getattr(values, needed):
        raise InvalidValue("template", f"{name} needs the {needed}")
    fields = asdict(values)
    fields["referrer_first"] = _first(values.referrer)
    fields["referred_first"] = _first(values.referred)
    try:
        text = _environment(config_dir).get_template(f"{name}.txt").render(fields)
    except UndefinedError as missing:
        raise InvalidValue("template", f"{name} needs a value: {missing.message}") from None
    except TemplateError as broken:
        raise InvalidValue("template", f"{name} cannot be rendered: {broken}") from None
    return message_text.parse(text, name=f"template {name}")


def _first(name: str | None) -> str | None:
    return name.split()[0] if name and name.split() else name


@cache
def _environment(config_dir: Path | None) -> Environment:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

    from infointerview import paths

    folder = (config_dir or paths.config_dir()) / "templates"
    return Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(folder), PackageLoader("infointerview", "data/outreach")]
        ),
        undefined=StrictUndefined,
        autoescape=False,  # plain text for mail; the web page escapes what it shows
        keep_trailing_newline=True,
    )
