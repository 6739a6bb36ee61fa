"""A contact file's bytes to text: size limit, byte-order marks, UTF-16, cp1252, binaries."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import BinaryIO

from infointerview.errors import FileRefused

MEGABYTE = 1024 * 1024
# LinkedIn's export of 30,000 connections is about 4 MB, and 10,000 vCards with small
# photos about 60 MB: the default leaves room, and refuses a mistaken multi-GB file.
DEFAULT_LIMIT = 100 * MEGABYTE

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls never occur in contact files, but tab, line feed, vertical tab, form feed,
# carriage return and escape (terminal colours in a pasted note); SUB (0x1a), the DOS
# end-of-file mark, counts as binary.
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def size_text(size: int) -> str:
    """Return a byte count as people read it: ``200 MB``, ``512 KB``."""
    if size >= MEGABYTE:
        return f"{size / MEGABYTE:,.0f} MB"
    return f"{max(size, 1) / 1024:,.0f} KB" if size >= 1024 else f"{size} bytes"


def parse_size(text: str) -> int:
    """Return the bytes in ``500MB``, ``2GB``, ``800k`` or a plain number of bytes.

    Raises:
        ValueError: when ``text`` is not a size.
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", text.lower())
    if not match:
        raise ValueError(f"{text!r} is not a size like 500MB")
    number, unit = match.groups()
    return int(float(number) * {"": 1, "k": 1024, "m": MEGABYTE, "g": 1024 * MEGABYTE}[unit])


def read_file(path: Path, *, limit: int = DEFAULT_LIMIT) -> bytes:
    """Return the bytes of ``path``, refusing a file over ``limit`` before reading it."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise FileRefused(shown, "is a folder, not a file")
        if size > limit:
            raise _too_large(shown, size, limit)
        with path.open("rb") as stream:
            return read_stream(stream, limit=limit, name=shown)
    except FileNotFoundError:
        raise FileRefused(shown, "no such file") from None
    except PermissionError:
        raise FileRefused(shown, "cannot be read (permission denied)") from None
    except OSError as error:
        raise FileRefused(shown, f"cannot be read ({error.strerror or error})") from None


def read_stream(stream: BinaryIO, *, limit: int = DEFAULT_LIMIT, name: str) -> bytes:
    """Return at most ``limit`` bytes of ``stream``, refusing it when there are more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large(name, None, limit)
    return data


def _too_large(name: str, size: int | None, limit: int) -> FileRefused:
    said = f"is {size_text(size)}" if size is not None else "is larger than the limit"
    return FileRefused(
        name,
        f"{said}; the limit is {size_text(limit)} "
        "(pass --max-size, e.g. --max-size 500MB, to read larger files)",
    )


def decode(data: bytes, *, name: str, encoding: str | None = None) -> str:
    """Return the text of a contact file, with its line breaks as they were.

    Without ``encoding``: a byte-order mark decides; else UTF-16 without a mark is
    recognised by its zero bytes; else UTF-8; else Windows-1252, the encoding of
    Outlook's and older Excel's exports.

    Raises:
        FileRefused: for an empty or binary file, or bytes the encoding cannot read,
            naming the line.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise FileRefused(name, "is empty")
    if encoding is None:
        chosen = _guess(data)
    elif (known := text_encoding(encoding)) is None:
        raise FileRefused(name, f"{encoding!r} is not a text encoding Python knows")
    else:
        chosen = known
    if not chosen.startswith(("utf-16", "utf-32")):
        binary_byte = _BINARY_BYTES.search(data)
        if binary_byte:
            line = data.count(b"\n", 0, binary_byte.start()) + 1
            raise FileRefused(name, "holds binary data, not text (is it a contact file?)", line)
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRefused(
            name,
            f"byte {data[error.start]:#04x} cannot be read as {chosen} "
            "(pass --encoding to name the file's encoding)",
            line,
        ) from None
    except UnicodeError:  # punycode and idna fail with the base class, without a place
        raise FileRefused(name, f"cannot be read as {chosen}") from None
    binary = _BINARY.search(text)
    if binary:
        line = text.count("\n", 0, binary.start()) + 1
        raise FileRefused(name, "holds binary data, not text (is it a contact file?)", line)
    return text.removeprefix("\ufeff")


def text_encoding(name: str) -> str | None:
    """Return the codec name of the text encoding called ``name`` (``UTF16`` gives
    ``utf-16``), or None for an unknown name or a codec that is not a text encoding
    (``rot13``, ``zlib``)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _guess(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    head = data[:4096]
    if head and head.count(0) > len(head) // 4:
        # Every other byte zero: UTF-16 written without a mark; which half is zero tells
        # the byte order.
        return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A UTF-8 sequence cut off by truncation at the very end is still UTF-8.
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            return "utf-8"
        return "cp1252"
    return "utf-8"
