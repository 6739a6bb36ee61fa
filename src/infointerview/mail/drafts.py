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
from infointerview.domain.vocabulary import HowKnown, MessageKind
from infointerview.errors import InvalidValue
from infointerview.io import message_text

if TYPE_CHECKING:
    from jinja2 import Environment

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
