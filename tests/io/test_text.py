"""A contact file's bytes to text: encodings, binaries, empty files and the size limit."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from infointerview.errors import FileRefused
from infointerview.io.text import MEGABYTE, decode, parse_size, read_file, read_stream

TEXT = "Name,Email\nÉlodie Müller,élodie@example.com\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16 with BOM", "utf-16-le", "utf-16-be", "cp1252"],
)
def test_each_encoding_contact_files_come_in_is_read(data: bytes) -> None:
    assert decode(data, name="contacts.csv") == TEXT


def test_cp1252_quotes_and_euro_are_read() -> None:
    assert decode("“Café” €5\n".encode("cp1252"), name="a.csv") == "“Café” €5\n"


def test_a_named_encoding_is_used() -> None:
    assert decode("Łódź\n".encode("iso-8859-2"), name="a.csv", encoding="iso-8859-2") == "Łódź\n"


def test_bytes_no_encoding_can_read_are_refused_with_their_line() -> None:
    data = b"Name\nMaya\nSam \x81 Ortiz\n"  # 0x81 is neither UTF-8 nor cp1252
    with pytest.raises(FileRefused) as refused:
        decode(data, name="contacts.csv")
    assert str(refused.value).startswith("contacts.csv, line 3: byte 0x81 cannot be read as")
    assert "--encoding" in str(refused.value)


@pytest.mark.parametrize("name", ["klingon", "rot13", "zlib", "punycode\x00"])
def test_an_unknown_or_non_text_encoding_name_is_refused(name: str) -> None:
    with pytest.raises(FileRefused, match="is not a text encoding Python knows"):
        decode(b"x\n", name="a.csv", encoding=name)


@pytest.mark.parametrize("name", ["UTF-16", "utf16", "utf_16", "Utf-16-LE"])
def test_encoding_names_are_read_as_people_write_them(name: str) -> None:
    assert decode(TEXT.encode("utf-16"), name="a.csv", encoding=name) == TEXT


def test_an_encoding_that_fails_its_own_way_is_refused_by_line() -> None:
    with pytest.raises(FileRefused, match="a.csv: cannot be read as punycode"):
        decode(b"xn--999999999\n", name="a.csv", encoding="punycode")


@pytest.mark.parametrize("data", [b"", b"\n\r\n  \n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(FileRefused, match=r"^a.csv: is empty; nothing was imported$"):
        decode(data, name="a.csv")


def test_a_binary_file_is_refused_as_not_text() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256))
    with pytest.raises(FileRefused, match="holds binary data, not text"):
        decode(png, name="photo.csv")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as stream:
        stream.truncate(200 * MEGABYTE)  # sparse: 200 MB on paper, nothing on disk
    with pytest.raises(FileRefused) as refused:
        read_file(huge, limit=100 * MEGABYTE)
    message = str(refused.value)
    assert message.startswith(f"{huge}: is 200 MB; the limit is 100 MB")
    assert "--max-size" in message


def test_a_stream_over_the_limit_is_refused_after_reading_one_byte_more() -> None:
    stream = io.BytesIO(b"x" * 2000)
    with pytest.raises(FileRefused, match="larger than the limit"):
        read_stream(stream, limit=1024, name="upload.vcf")
    assert stream.tell() == 1025


def test_missing_files_and_folders_are_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="no such file"):
        read_file(tmp_path / "nope.csv")
    with pytest.raises(FileRefused, match="is a folder"):
        read_file(tmp_path)


@pytest.mark.parametrize(
    ("text", "size"),
    [("500MB", 500 * MEGABYTE), ("2gb", 2048 * MEGABYTE), ("800k", 800 * 1024), ("10", 10)],
)
def test_sizes_are_read_as_people_write_them(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_a_size_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")
