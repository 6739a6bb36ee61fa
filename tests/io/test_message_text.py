"""Reading a message to check from plain text or an .eml file."""

from __future__ import annotations

import pytest

from infointerview.domain.etiquette import Message
from infointerview.errors import FileRefused
from infointerview.io.message_text import parse, read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello there?", Message("", "Hello there?")),
        ("Subject: Advice\n\nHello?", Message("Advice", "Hello?")),
        ("subject:  Advice \r\n\r\nHello?\r\nBye", Message("Advice", "Hello?\nBye")),
        ("Subject: only a subject", Message("only a subject", "")),
        ("Note: not mail\nHello", Message("", "Note: not mail\nHello")),
        (
            "From: a@example.com\nSubject: =?utf-8?q?Zo=C3=AB?=\n\nHi Zoë\n",
            Message("Zoë", "Hi Zoë\n"),
        ),
    ],
)
def test_subject_and_body_are_found(text: str, expected: Message) -> None:
    assert parse(text, name="m.txt") == expected


def test_a_multipart_mail_gives_its_plain_part() -> None:
    text = (
        "From: a@example.com\nMIME-Version: 1.0\n"
        'Content-Type: multipart/alternative; boundary="b"\nSubject: Hi\n\n'
        "--b\nContent-Type: text/html\n\n<p>html</p>\n"
        "--b\nContent-Type: text/plain; charset=utf-8\n\nplain text\n--b--\n"
    )
    assert parse(text, name="m.eml") == Message("Hi", "plain text")


@pytest.mark.parametrize("text", ["", "  \n\n"])
def test_an_empty_message_is_refused(text: str) -> None:
    with pytest.raises(FileRefused, match="m.txt: holds no message"):
        parse(text, name="m.txt")


def test_mail_is_decoded_by_its_declared_charset() -> None:
    data = (
        "From: a@example.com\nSubject: Caf\u00e9\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n\nI\u2019m a caf\u00e9 owner\n"
    ).encode()
    assert read(data, name="m.eml") == Message("Café", "I’m a café owner\n")
    latin = b"From: a@example.com\nContent-Type: text/plain; charset=windows-1252\n\ncaf\xe9\n"
    assert read(latin, name="m.eml").body == "café\n"


@pytest.mark.parametrize(
    "data",
    [
        b"From: a@example.com\nContent-Type: text/plain;\xc3\xa9*\n\nbody\n",
        b"From: a@example.com\nContent-Type:(;charset*=\n\nbody\n",
    ],
    ids=["broken parameter", "broken charset"],
)
def test_mail_that_breaks_the_parser_is_refused_naming_the_file(data: bytes) -> None:
    with pytest.raises(FileRefused, match=r"^m\.eml: is not mail that can be read"):
        read(data, name="m.eml")


def test_deeply_nested_mail_is_read_without_crashing() -> None:
    data = b"From: a@example.com\nMIME-Version: 1.0\n" + (
        b'Content-Type: multipart/mixed; boundary="b"\n\n--b\n' * 3000
    )
    assert read(data, name="m.eml") == Message("", "")
