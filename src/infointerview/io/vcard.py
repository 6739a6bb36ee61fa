"""vCard files in and out: versions 2.1, 3.0 and 4.0 as phones and mail programs write them.

``parse`` cuts the text into cards itself, so a broken card becomes a Problem at its
BEGIN line while the others import. vobject reads the parameters of each property we
use; line folding, quoted-printable and backslash escapes are undone here, because
vobject's own decoding cuts a text value at its first bare comma (``FN:Smith, Jr.``
comes back as ``Smith``; 2.1 and many 3.0 writers leave commas bare), raises on
quoted-printable bytes that are not UTF-8 when no CHARSET names them, and takes over
ten times as long (10,000 cards: 25 s against 1.5 s). ``dump`` writes with vobject's
serializer, which escapes values; lines are folded here (see ``_fold``).
"""

from __future__ import annotations

import binascii
import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

import vobject
from vobject.base import VObjectError, parseLine, parseParams

from infointerview.domain import validation as check
from infointerview.domain.merging import profile_key
from infointerview.domain.records import PersonRecord
from infointerview.errors import InvalidValue
from infointerview.io.records import ContactRecord, Problem, full_name_from
from infointerview.io.text import text_encoding

VERSIONS = ("3.0", "4.0")

# "\r\r\n" (iPhone exports) is one line break, as editors count it; a lone "\r" is one too.
_LINE_BREAK = re.compile(r"\r*\n|\r")
_MARKER = re.compile(r"^([ \t]*)(BEGIN|END):VCARD[ \t]*$", re.IGNORECASE | re.MULTILINE)
_NOT_BLANK = re.compile(r"\S")
# RFC 6350 escapes \\ , ; and newlines; Google also escapes ":" and '"'.
_ESCAPED = re.compile(r"\\([\\,;:\"nN])")
_SEPARATORS = {sep: re.compile(rf"(\\.|{sep})", re.DOTALL) for sep in ";,"}
# Only these properties are read, so photos and keys are never parsed.
_USED = frozenset(
    {"FN", "N", "ORG", "TITLE", "ROLE", "ADR", "URL", "X-SOCIALPROFILE", "EMAIL", "TEL", "NOTE"}
)
_UNFINISHED = "card is not finished (no END:VCARD)"
# vobject folds only lines over 75 characters, so a shorter line of CJK or emoji can
# pass 75 octets: it writes unfolded lines and _fold folds them.
_UNFOLDED = 1_000_000_000
_FOLD_OCTETS = 75

# A card's first line and its text between BEGIN:VCARD and END:VCARD.
_Card = tuple[int, str]
# A property's name, its parameters as (name, *values) and its raw value.
_Property = tuple[str, tuple[tuple[str, ...], ...], str]


def parse(text: str) -> Iterator[ContactRecord | Problem]:
    """Yield a record for each card of a vCard file, or a Problem where one cannot be used.

    Reads vCard 2.1, 3.0 and 4.0: folded lines, quoted-printable values in any CHARSET,
    grouped properties (``item1.EMAIL``), 2.1's bare parameters, and cards with blank
    lines or photos in them. A card without END:VCARD, or without any name, is skipped
    with a Problem; a line that is not a property, or text between cards, is left out
    with one.

    Args:
        text: the file's text, already decoded (see ``text.decode``).

    Yields:
        A ContactRecord for each usable card, in file order, and Problems at the lines
        they concern (1-based; a card's line is its BEGIN:VCARD line). A text with no
        BEGIN:VCARD line gives one Problem at line 1.
    """
    text = text.replace("\r\n", "\n")
    if "\r" in text:
        text = _LINE_BREAK.sub("\n", text)
    markers = [(m.start(), m.end(), m[2].upper()) for m in _MARKER.finditer(text) if _marks(m)]
    if not any(kind == "BEGIN" for _, _, kind in markers):
        yield Problem(1, "no vCard found (no BEGIN:VCARD line)")
        return
    for item in _cards(text, markers):
        if isinstance(item, Problem):
            yield item
        else:
            yield from _read_card(*item)


def dump(people: Iterable[PersonRecord], *, version: str = "3.0") -> str:
    """Return vCards for ``people``: CRLF line ends, lines folded at 75 octets.

    Each card has FN and N (family and given name), ORG, TITLE, the location as the
    ADR's locality, every EMAIL and TEL, the LinkedIn address as URL, and the tags as
    CATEGORIES; ``parse`` reads all but the tags back as they were.

    Args:
        people: the people to write, one card each.
        version: ``"3.0"`` (RFC 2426) or ``"4.0"`` (RFC 6350).

    Raises:
        ValueError: for any other version.
    """
    if version not in VERSIONS:
        raise ValueError(f"cannot write vCard {version!r}; write one of {', '.join(VERSIONS)}")
    return "".join(
        _folded(_card(person, version).serialize(lineLength=_UNFOLDED)) for person in people
    )


def _marks(found: re.Match[str]) -> bool:
    """Tell a BEGIN or END line from a folded value that happens to end with one: an
    indented line right after a line of text continues that line."""
    start, text = found.start(), found.string
    if not found[1] or start == 0:
        return True
    return not text[text.rfind("\n", 0, start - 1) + 1 : start - 1].strip()


def _cards(text: str, markers: list[tuple[int, int, str]]) -> Iterator[_Card | Problem]:
    """Yield each finished card, and Problems for unfinished cards and text between cards."""
    line, counted, begun, begun_line, outside = 1, 0, -1, 0, 0
    for start, end, kind in markers:
        line += text.count("\n", counted, start)
        counted = start
        if kind == "BEGIN":
            if begun >= 0:
                yield Problem(begun_line, _UNFINISHED)
            else:
                yield from _outside(text, outside, start, line)
            begun, begun_line = end, line
        elif begun >= 0:
            yield begun_line, text[begun:start]
            begun, outside = -1, end
    if begun >= 0:
        yield Problem(begun_line, _UNFINISHED)
    else:
        yield from _outside(text, outside, len(text), line + text.count("\n", counted))


def _outside(text: str, start: int, stop: int, stop_line: int) -> Iterator[Problem]:
    """Yield a Problem at the first line of text in ``text[start:stop]``, if any."""
    found = _NOT_BLANK.search(text, start, stop)
    if found:
        line = stop_line - text.count("\n", found.start(), stop)
        yield Problem(line, "text outside a card; left out", skipped=False)


def _read_card(line: int, body: str) -> Iterator[ContactRecord | Problem]:
    found: dict[str, list[str]] = {}
    for number, logical in _logical_lines(body.split("\n"), line):
        item = _property(number, logical)
        if isinstance(item, Problem):
            yield item
        elif item:
            name, params, value = item
            found.setdefault(name, []).append(_transfer_decoded(value, params))
    yield _record(line, found)


def _logical_lines(lines: list[str], first: int) -> Iterator[tuple[int, str]]:
    """Unfold: a line starting with a space or tab continues the one before, and so does
    the line after a quoted-printable soft break (``=`` at the end). Blank lines go."""
    start, soft_break = 0, False
    parts: list[str] = []
    for number, line in enumerate(lines, first):
        if not line.strip():
            soft_break = False
            continue
        if soft_break:
            parts[-1] = parts[-1][:-1]
            parts.append(line)
        elif line[0] in " \t" and parts:
            parts.append(line[1:])
        else:
            if parts:
                yield start, "".join(parts)
            start, parts = number, [line]
        soft_break = line[-1] == "=" and _is_quoted_printable(parts[0])
    if parts:
        yield start, "".join(parts)


def _is_quoted_printable(line: str) -> bool:
    colon = line.find(":")
    return colon > 0 and "QUOTED-PRINTABLE" in line[:colon].upper()


def _property(number: int, line: str) -> _Property | Problem | None:
    """Return a used property of a logical line, None for others, a Problem if unreadable."""
    colon = line.find(":")
    if colon < 0:
        return Problem(number, "line is not a vCard property (no ':'); left out", skipped=False)
    name, params = _head(line[:colon])
    if name not in _USED:
        return None
    if params is not None:
        return name, params, line[colon + 1 :]
    # A quoted parameter value may hold a colon, so the first colon may not end the name.
    try:
        name, found, value, _group = parseLine(line, number)
    except VObjectError:
        return Problem(number, f"{name} could not be read; left out", skipped=False)
    return name.upper(), tuple(map(tuple, found)), value


@functools.lru_cache(maxsize=1024)
def _head(head: str) -> tuple[str, tuple[tuple[str, ...], ...] | None]:
    """Return the name and parameters before a property's first colon; None for the
    parameters when a quoted one may hold a colon, so the colon may not end them."""
    name, _, params = head.partition(";")
    name = name.rpartition(".")[2].strip().upper()
    if '"' in params:
        return name, None
    return name, tuple(map(tuple, parseParams(";" + params))) if params else ()


def _transfer_decoded(value: str, params: tuple[tuple[str, ...], ...]) -> str:
    """Undo a quoted-printable or base64 ENCODING, reading the bytes in their CHARSET."""
    encoding, charset = _encoding(params) if params else ("", None)
    if encoding == "QUOTED-PRINTABLE":
        return _text_of(binascii.a2b_qp(value.encode("utf-8")), charset)
    if encoding == "BASE64":
        try:
            return _text_of(binascii.a2b_base64(value.encode("utf-8")), charset)
        except binascii.Error:
            return value
    return value


@functools.lru_cache(maxsize=256)
def _encoding(params: tuple[tuple[str, ...], ...]) -> tuple[str, str | None]:
    """Return the ENCODING (QUOTED-PRINTABLE, BASE64 or "") and CHARSET of parameters."""
    words = {word.upper() for param in params for word in param}
    charset = next((p[1] for p in params if len(p) > 1 and p[0].upper() == "CHARSET"), None)
    if "QUOTED-PRINTABLE" in words:
        return "QUOTED-PRINTABLE", charset
    return ("BASE64" if words & {"B", "BASE64"} else ""), charset


def _text_of(data: bytes, charset: str | None) -> str:
    # Without a CHARSET, or with a wrong one, try UTF-8 then Windows-1252 as text.decode does.
    named = text_encoding(charset) if charset else None
    for encoding in (named or "utf-8", "utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeError:  # punycode and idna raise the base class
            continue
    return data.decode("latin-1")


def _record(line: int, found: dict[str, list[str]]) -> ContactRecord | Problem:
    family, given, additional = _name_parts(found.get("N", []))
    full_name = _first_text(found.get("FN", [])) or full_name_from(given, family, additional)
    emails = _emails(found.get("EMAIL", []))
    if not full_name:
        return Problem(line, _no_name(emails))
    return ContactRecord(
        line=line,
        full_name=full_name,
        given_name=given,
        family_name=family,
        organization=_organization(found.get("ORG", [])),
        title=_first_text(found.get("TITLE", [])) or _first_text(found.get("ROLE", [])),
        location=_location(found.get("ADR", [])),
        linkedin_url=_linkedin(found.get("URL", []) + found.get("X-SOCIALPROFILE", [])),
        emails=emails,
        phones=tuple(filter(None, map(_phone, found.get("TEL", [])))),
        note=_note(found.get("NOTE", [])),
    )


def _no_name(emails: tuple[str, ...]) -> str:
    message = "card has no name (no FN or N); left out"
    return f"{message}, with its email {emails[0]}" if emails else message


def _unescape(value: str) -> str:
    if "\\" not in value:
        return value.strip()
    return _ESCAPED.sub(lambda m: "\n" if m[1] in "nN" else m[1], value).strip()


def _split(value: str, separator: str) -> list[str]:
    """Split at each ``separator`` not escaped by a backslash; escapes stay in the parts."""
    if "\\" not in value:
        return value.split(separator)
    parts: list[str] = []
    current: list[str] = []
    for token in _SEPARATORS[separator].split(value):
        if token == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(token)
    parts.append("".join(current))
    return parts


def _first_text(values: list[str]) -> str | None:
    return next((text for text in map(_unescape, values) if text), None)


def _name_parts(values: list[str]) -> tuple[str | None, str | None, str | None]:
    """Return the family, given and additional names of the first N."""
    if not values:
        return None, None, None
    parts = [*_split(values[0], ";"), "", ""][:3]
    # Within a part, bare commas separate several names (RFC 6350 5.4: "Richter,James").
    joined = [" ".join(filter(None, map(_unescape, _split(part, ",")))) for part in parts]
    family, given, additional = (text or None for text in joined)
    return family, given, additional


def _organization(values: list[str]) -> str | None:
    return _first_text([_split(value, ";")[0] for value in values])


def _location(values: list[str]) -> str | None:
    """Return "locality, region, country" of the first ADR that names a place."""
    for value in values:
        parts = [*_split(value, ";"), *[""] * 7]
        place = ", ".join(filter(None, (_unescape(parts[i]) for i in (3, 4, 6))))
        if place:
            return place
    return None


def _linkedin(values: list[str]) -> str | None:
    for value in values:
        url = _unescape(value)
        if "linkedin.com" not in url.lower():
            continue
        if "://" not in url and url.lower().startswith(("linkedin.com/", "www.linkedin.com/")):
            url = "https://" + url
        try:
            checked = check.linkedin_url(url)
        except InvalidValue:
            continue
        if checked and profile_key(checked) is not None:
            return checked
    return None


def _emails(values: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for email in map(_unescape, values):
        if email:
            seen.setdefault(email.casefold(), email)
    return tuple(seen.values())


def _phone(value: str) -> str:
    """Return a TEL as text; 4.0's ``tel:+1-555-0100;ext=12`` becomes ``+1-555-0100 ext. 12``."""
    phone = _unescape(value)
    if phone[:4].lower() != "tel:":
        return phone
    number, *params = phone[4:].split(";")
    extension = next((p[4:] for p in params if p.lower().startswith("ext=")), "")
    return f"{number.strip()} ext. {extension}" if extension else number.strip()


def _note(values: list[str]) -> str | None:
    notes = dict.fromkeys(_unescape(value).replace("\r\n", "\n") for value in values)
    return "\n\n".join(note for note in notes if note) or None


def _folded(text: str) -> str:
    return "\r\n".join(map(_fold, text.split("\r\n")))


def _fold(line: str) -> str:
    """Fold a line at 75 octets without cutting a UTF-8 character (RFC 6350 3.2)."""
    data = line.encode()
    if len(data) <= _FOLD_OCTETS:
        return line
    pieces, start, width = [], 0, _FOLD_OCTETS
    while len(data) - start > width:
        end = start + width
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: step back
            end -= 1
        pieces.append(data[start:end].decode())
        start, width = end, _FOLD_OCTETS - 1  # a continuation line starts with a space
    pieces.append(data[start:].decode())
    return "\r\n ".join(pieces)


def _card(person: PersonRecord, version: str) -> Any:
    card = vobject.vCard()
    card.add("version").value = version
    card.add("fn").value = person.full_name
    # vCard 3.0 requires N; 4.0 does not.
    if version == "3.0" or person.given_name or person.family_name:
        card.add("n").value = vobject.vcard.Name(
            family=person.family_name or "", given=person.given_name or ""
        )
    if person.organization:
        card.add("org").value = [person.organization]
    if person.title:
        card.add("title").value = person.title
    if person.location:
        card.add("adr").value = vobject.vcard.Address(city=person.location)
    for name, values in (("email", person.emails), ("tel", person.phones)):
        for value in values:
            card.add(name).value = value
    if person.linkedin_url:
        card.add("url").value = person.linkedin_url
    if person.tags:
        card.add("categories").value = list(person.tags)
    return card
