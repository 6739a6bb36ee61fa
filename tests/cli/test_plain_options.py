"""The option shim reads every value of every command as Typer itself would.

``cli.plain_options`` skips Typer's Pydantic coercion where it would change nothing and
reads choices and paths with Typer's own functions. Whatever Typer release is installed,
each parameter of the whole app must then give the same value, or the same refusal
word for word, as Typer's own coercion does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer import core

from infointerview.cli.app import build_app

# Typer's own coercion, as the shim falls back on it; without it, the shim changes nothing.
_coercion = pytest.importorskip("typer._coercion")

# Values a user might give any option: text, numbers, sizes, dates, choices in any case,
# and a path to a file, a folder and nothing at all (filled in per test).
_SAMPLES = (
    "",
    " ",
    "plain text",
    "Zoë Müller",
    "12",
    "-3",
    "1.5",
    "1e3",
    "10M",
    "2GB",
    "true",
    "no",
    "2026-01-02",
    "linkedin",
    "LinkedIn",
    "vcard",
    "csv",
    "3.0",
    "4.0",
    "email",
    "json",
)


def _parameters(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any, Any]]:
    """Yield each Typer parameter of ``command`` and its subcommands, with its command."""
    for param in command.params:
        if getattr(param, "type_descriptor", None) is not None:
            yield " ".join(path) + f" {param.name}", command, param
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from _parameters(sub, (*path, name))


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except (typer.BadParameter, ValueError, TypeError) as error:
        return type(error).__name__, str(error)


def test_every_parameter_reads_every_value_as_typer_does(tmp_path: Path) -> None:
    app = build_app(None)  # installs the shim
    shim: Any = getattr(core, "build_runtime_param", None)
    if not getattr(shim, "lazy", False):
        pytest.skip("this Typer has no build_runtime_param: the shim changes nothing")
    root = typer.main.get_command(app)
    existing, folder = tmp_path / "contacts.csv", tmp_path / "folder"
    existing.write_text("First Name,Last Name\n", encoding="utf-8")
    folder.mkdir()
    samples = (*_SAMPLES, str(existing), str(folder), str(tmp_path / "missing.vcf"))
    compared = 0
    for where, command, param in _parameters(root):
        ctx = command.context_class(command)
        flag = param.type_descriptor.annotation is bool
        for sample in (*samples, True, False) if flag else samples:  # a flag's comes as a bool
            value: Any = (sample,) if param.multiple or param.nargs == -1 else sample
            ours = _outcome(shim(param.type_descriptor), value, param, ctx)
            theirs = _outcome(
                _coercion.build_runtime_param(param.type_descriptor), value, param, ctx
            )
            assert ours == theirs, f"{where} given {sample!r}"
            assert type(ours[1]) is type(theirs[1]), f"{where} given {sample!r}"
            compared += 1
    # The whole app, not a part of it: every command's parameters were compared, and the
    # group's own (--debug).
    assert compared > 250 * len(samples)
    assert any(where.strip() == "debug" for where, _, _ in _parameters(root))
