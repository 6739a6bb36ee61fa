"""`infointerview person`: add, list, show, edit and remove contacts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from infointerview.cli import render
from infointerview.cli.common import DbOption, JsonOption, workspace

if TYPE_CHECKING:
    from infointerview.domain.records import PersonDetail, PersonRecord
    from infointerview.services.people import PersonFields
    from infointerview.services.people_query import PersonFilter

app = typer.Typer(help="Add, list, show, edit and remove people.", no_args_is_help=True)

PersonArg = Annotated[str, typer.Argument(metavar="PERSON", help="An id (12 or #12) or a name.")]
HowKnownOpt = Annotated[
    str | None,
    typer.Option(help="How you know them: known, referred, alumni or cold (default cold)."),
]
ChannelOpt = Annotated[
    str | None,
    typer.Option(
        "--channel",
        help="How they prefer to be approached: email, phone, video, in_person or mail (seed 001).",
    ),
]
EveryOpt = Annotated[
    int | None,
    typer.Option(
        "--every",
        metavar="DAYS",
        help="Days between keep-in-touch contacts with them; 0 for [followup] "
        "keep_in_touch_days (90 unless set).",
    ),
]


def _fields(
    *,
    name: str | None,
    given: str | None,
    family: str | None,
    org: str | None,
    title: str | None,
    location: str | None,
    emails: list[str] | None,
    phones: list[str] | None,
    linkedin: str | None,
    how_known: str | None,
    hiring: bool | None,
    channel: str | None,
    keep_in_touch: bool | None,
    every: int | None,
    tags: list[str] | None,
    add_tags: list[str] | None = None,
    remove_tags: list[str] | None = None,
) -> PersonFields:
    from infointerview.domain.vocabulary import Channel, HowKnown, parse_choice
    from infointerview.services.people import PersonFields

    return PersonFields(
        full_name=name,
        given_name=given,
        family_name=family,
        organization=org,
        title=title,
        location=location,
        emails=emails,
        phones=phones,
        linkedin_url=linkedin,
        how_known=parse_choice(HowKnown, how_known, field="--how-known") if how_known else None,
        hiring_experience=hiring,
        preferred_channel=parse_choice(Channel, channel, field="--channel") if channel else None,
        keep_in_touch=keep_in_touch,
        keep_in_touch_days=every,
        tags=tags,
        add_tags=add_tags or (),
        remove_tags=remove_tags or (),
    )


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Full name, e.g. 'Maya Chen'.")],
    org: Annotated[str | None, typer.Option("--org", help="Organisation.")] = None,
    title: Annotated[str | None, typer.Option(help="Job title.")] = None,
    email: Annotated[list[str] | None, typer.Option(help="Email address (repeatable).")] = None,
    phone: Annotated[list[str] | None, typer.Option(help="Phone number (repeatable).")] = None,
    linkedin: Annotated[str | None, typer.Option(help="LinkedIn profile URL.")] = None,
    location: Annotated[str | None, typer.Option(help="City or region.")] = None,
    given: Annotated[str | None, typer.Option(help="Given name.")] = None,
    family: Annotated[str | None, typer.Option(help="Family name.")] = None,
    how_known: HowKnownOpt = None,
    hiring: Annotated[
        bool, typer.Option("--hiring/--no-hiring", help="Has hiring experience (seed 003).")
    ] = False,
    channel: ChannelOpt = None,
    keep_in_touch: Annotated[
        bool, typer.Option("--keep-in-touch/--no-keep-in-touch", help="Stay in touch over time.")
    ] = False,
    every: EveryOpt = None,
    tag: Annotated[list[str] | None, typer.Option(help="Tag (repeatable).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a person."""
    from infointerview.services.people import add_person

    fields = _fields(
        name=name,
        given=given,
        family=family,
        org=org,
        title=title,
        location=location,
        emails=email,
        phones=phone,
        linkedin=linkedin,
        how_known=how_known,
        hiring=hiring,
        channel=channel,
        keep_in_touch=keep_in_touch,
        every=every,
        tags=tag,
    )
    with workspace(db) as ws:
        person = add_person(session=ws.session, owner=ws.owner, fields=fields)
    if as_json:
        render.print_json(person)
    else:
        render.say(f"Added #{person.id} {person.full_name}")


@app.command("list")
def list_(
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Text in name, title or organisation.")
    ] = None,
    how_known: HowKnownOpt = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Only people at this organisation.")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Only people with this tag.")] = None,
    target: Annotated[
        str | None, typer.Option(help="Only people met or referred for this target.")
    ] = None,
    sort: Annotated[str, typer.Option(help="name, organization, added or updated.")] = "name",
    limit: Annotated[
        int | None, typer.Option(min=1, max=1_000_000, help="Show at most this many.")
    ] = None,
    offset: Annotated[int, typer.Option(min=0, max=2**62, help="Skip this many first.")] = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List people, filtered and sorted."""
    from infointerview.domain.vocabulary import HowKnown, parse_choice
    from infointerview.services.people_query import PersonFilter, list_people_quickly

    filters = PersonFilter(
        how_known=parse_choice(HowKnown, how_known, field="--how-known") if how_known else None,
        organization=org,
        tag=tag,
        text=query,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    paged = limit is not None or offset > 0
    # A target is named by the user, so finding it needs the full path.
    found = None if target else list_people_quickly(db, filters, with_total=paged)
    if found is None:
        found = _list_fully(db, filters, target=target, with_total=paged)
    people, total = found
    if as_json:
        render.print_json(people)
        return
    filtered = any((query, how_known, org, tag, target, offset))
    _table(
        people,
        empty="No people match these filters."
        if filtered
        else "No people yet. Add one with `infointerview person add NAME`.",
    )
    if paged and people:
        render.say(f"Showing {offset + 1}-{offset + len(people)} of {total} people.")


def _list_fully(
    db: str | None, filters: PersonFilter, *, target: str | None, with_total: bool
) -> tuple[list[PersonRecord], int]:
    from dataclasses import replace

    from infointerview.services.people import list_page, list_people
    from infointerview.services.targets import resolve_target

    with workspace(db) as ws:
        if target:
            target_id = resolve_target(session=ws.session, owner=ws.owner, query=target)
            filters = replace(filters, target_id=target_id)
        if with_total:
            return list_page(session=ws.session, owner=ws.owner, filters=filters)
        return list_people(session=ws.session, owner=ws.owner, filters=filters), 0


def _table(people: list[PersonRecord], *, empty: str) -> None:
    if not people:
        render.say(empty)
        return
    render.table(
        None,
        ("id", "name", "organisation", "title", "how known", "tags"),
        (
            (p.id, p.full_name, p.organization, p.title, p.how_known.value, ", ".join(p.tags))
            for p in people
        ),
    )


@app.command("show")
def show(person: PersonArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show a person with their conversations, referrals, notes and timeline."""
    from infointerview.services.people import get_person, resolve_person

    with workspace(db) as ws:
        person_id = resolve_person(session=ws.session, owner=ws.owner, query=person)
        detail = get_person(session=ws.session, owner=ws.owner, person_id=person_id)
    if as_json:
        render.print_json(detail)
    else:
        _show(detail)


def _show(detail: PersonDetail) -> None:
    from infointerview.display import came_from

    p = detail.person
    render.heading(f"#{p.id} {p.full_name}")
    render.fields(
        [
            ("title", p.title),
            ("organisation", p.organization),
            ("location", p.location),
            ("email", p.emails),
            ("phone", p.phones),
            ("LinkedIn", p.linkedin_url),
            ("how known", p.how_known.value),
            ("prefers", p.preferred_channel.value if p.preferred_channel else None),
            ("hiring experience", "yes" if p.hiring_experience else None),
            ("keep in touch", _keeping(p)),
            ("tags", p.tags),
            (
                "came from",
                tuple(
                    came_from(s.source, s.file_name, s.line, s.imported_at) for s in detail.sources
                ),
            ),
        ]
    )
    if detail.conversations:
        render.table(
            "Conversations",
            ("id", "state", "target", "channel", "scheduled"),
            (
                (c.id, c.state.value, c.target, c.channel.value, render.when(c.scheduled_at))
                for c in detail.conversations
            ),
        )
    for title, refs in (
        ("Referred by", detail.referred_by),
        ("Referred you to", detail.referred_to),
    ):
        if refs:
            render.table(
                title,
                ("person", "for target", "may use name", "on", "reported back"),
                (
                    (
                        r.referrer if title == "Referred by" else r.referred,
                        r.target,
                        "yes" if r.may_use_name else "no",
                        render.when(r.referred_on),
                        render.when(r.reported_back_on),
                    )
                    for r in refs
                ),
            )
    if detail.notes:
        render.table(
            "Notes", ("when", "note"), ((render.when(n.created_at), n.body) for n in detail.notes)
        )
    if detail.events:
        render.table(
            "Timeline",
            ("when", "what"),
            ((render.when(e.occurred_at), e.summary) for e in detail.events),
        )


def _keeping(p: PersonRecord) -> str | None:
    if not p.keep_in_touch:
        return f"no (every {p.keep_in_touch_days} days if agreed)" if p.keep_in_touch_days else None
    return f"yes, every {p.keep_in_touch_days} days" if p.keep_in_touch_days else "yes"


@app.command("edit")
def edit(
    person: PersonArg,
    name: Annotated[str | None, typer.Option(help="New full name.")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Organisation ('' clears).")] = None,
    title: Annotated[str | None, typer.Option(help="Job title ('' clears).")] = None,
    email: Annotated[
        list[str] | None, typer.Option(help="Email (repeatable; replaces all; '' clears).")
    ] = None,
    phone: Annotated[
        list[str] | None, typer.Option(help="Phone (repeatable; replaces all; '' clears).")
    ] = None,
    linkedin: Annotated[str | None, typer.Option(help="LinkedIn URL ('' clears).")] = None,
    location: Annotated[str | None, typer.Option(help="City or region ('' clears).")] = None,
    given: Annotated[str | None, typer.Option(help="Given name.")] = None,
    family: Annotated[str | None, typer.Option(help="Family name.")] = None,
    how_known: HowKnownOpt = None,
    hiring: Annotated[
        bool | None, typer.Option("--hiring/--no-hiring", help="Has hiring experience.")
    ] = None,
    channel: ChannelOpt = None,
    keep_in_touch: Annotated[
        bool | None, typer.Option("--keep-in-touch/--no-keep-in-touch", help="Stay in touch.")
    ] = None,
    every: EveryOpt = None,
    add_tag: Annotated[list[str] | None, typer.Option(help="Add a tag (repeatable).")] = None,
    remove_tag: Annotated[list[str] | None, typer.Option(help="Remove a tag (repeatable).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Change some of a person's details."""
    from infointerview.services.people import edit_person, resolve_person

    fields = _fields(
        name=name,
        given=given,
        family=family,
        org=org,
        title=title,
        location=location,
        emails=email,
        phones=phone,
        linkedin=linkedin,
        how_known=how_known,
        hiring=hiring,
        channel=channel,
        keep_in_touch=keep_in_touch,
        every=every,
        tags=None,
        add_tags=add_tag,
        remove_tags=remove_tag,
    )
    with workspace(db) as ws:
        person_id = resolve_person(session=ws.session, owner=ws.owner, query=person)
        record = edit_person(session=ws.session, owner=ws.owner, person_id=person_id, fields=fields)
    if as_json:
        render.print_json(record)
    else:
        render.say(f"Updated #{record.id} {record.full_name}")


@app.command("rm")
def remove(
    person: PersonArg,
    force: Annotated[
        bool, typer.Option("--force", help="Also delete their conversations and referrals.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Remove a person (their timeline stays)."""
    from infointerview.services.people import remove_person, resolve_person

    with workspace(db) as ws:
        person_id = resolve_person(session=ws.session, owner=ws.owner, query=person)
        if not yes:
            typer.confirm(f"Remove person #{person_id}?", abort=True)
        record = remove_person(session=ws.session, owner=ws.owner, person_id=person_id, force=force)
    render.say(f"Removed #{record.id} {record.full_name}")
