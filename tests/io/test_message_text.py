"""Reading a message to check from plain text or an .eml file."""

from __future__ import annotations

import pytest

from infointerview.domain.etiquette import Message
from infointerview.errors import FileRefused
from infointerview.io.message_text import parse


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
