"""The Jinja2 environment: autoescaping everywhere, strict about undefined names."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from infointerview import __version__
from infointerview.display import came_from, when
from infointerview.domain.vocabulary import Channel, ConversationState, HowKnown, TargetStatus

TEMPLATES = Path(__file__).parent / "templates"


def label(value: object) -> str:
    """Turn a vocabulary value such as ``no_response`` into ``no response``."""
    text = getattr(value, "value", value)
    return str(text).replace("_", " ")


def thousands(count: int) -> str:
    """Write a count with its thousands grouped, as the CLI does: ``30,000``."""
    return f"{count:,}"


def options(choices: type[StrEnum]) -> list[tuple[str, str]]:
    """Return (value, readable label) for each member of a vocabulary, for a select."""
    return [(member.value, label(member)) for member in choices]


def select_options(values: tuple[str, ...], chosen: str | None) -> Markup:
    """Return an ``<option>`` for each of ``values``, ``chosen`` selected, all escaped.

    The People page lists every organisation on each request; escaping hundreds of names
    each time was a tenth of its cost, so each list's escaped names are remembered.
    """
    # Every piece is escaped already: join them as plain text, mark the whole safe once.
    return Markup(
        "".join(
            f'<option value="{safe}" selected>{safe}</option>'
            if value == chosen
            else f'<option value="{safe}">{safe}</option>'
            for value, safe in zip(values, _escaped(values), strict=True)
        )
    )


@lru_cache(maxsize=16)
def _escaped(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(str(escape(value)) for value in values)


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["when"] = when
    environment.filters["label"] = label
    environment.filters["thousands"] = thousands
    environment.globals["came_from"] = came_from
    environment.globals["options"] = options
    environment.globals["select_options"] = select_options
    environment.globals.update(
        version=__version__,
        HowKnown=HowKnown,
        Channel=Channel,
        ConversationState=ConversationState,
        TargetStatus=TargetStatus,
    )
    return environment


templates = Jinja2Templates(env=_environment())


def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    """Render template ``name`` with ``context``, the request and its CSRF token."""
    return templates.TemplateResponse(
        request,
        name,
        {**context, "csrf_token": getattr(request.state, "csrf_token", "")},
        status_code=status_code,
    )
