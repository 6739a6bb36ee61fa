"""Take text options and flags as they are, read choices and paths with Typer's own
functions, and leave options not given alone, without Pydantic.

Typer 0.29 coerces every option with a Pydantic TypeAdapter, made the first time the
option is read, even when it is not given. Importing Pydantic and making the adapters
took about 0.1 s of every command here (`today --db FILE`, `import linkedin FILE`), a
fifth of `today`'s budget, to turn a string into the same string. ``install`` makes
Typer build its coercion only for a value that needs it: an option not given, a text
option (``str`` or ``str | None``, with no parser) and a flag keep their value as it
comes; a choice among an enumeration's values and a path go through the functions
Typer's own adapters call (so an existing path is checked as Typer checks it); every
other value, and a choice that is not one, is coerced by Typer as before (its message
for a wrong choice is kept). If a Typer release moves what this relies on, nothing is
changed and Typer works as it ships; tests/cli/test_plain_options.py compares what every
parameter of the app reads with Typer's own coercion, tests/cli/test_today_cli.py checks
that `today` and `stats` import no Pydantic, tests/cli/test_import_cli.py that `import`
does not.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

# The annotations whose values arrive from the command line already as they should be.
_PLAIN: dict[Any, type] = {str: str, str | None: str, bool: bool}
_TYPERS_OWN = object()  # what _read returns for a value Typer must read itself


def install() -> None:
    """Make Typer build an option's coercion only for a value that needs it."""
    try:
        from typer import _coercion, core
    except ImportError:
        return
    build = getattr(core, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if build is None or base is None or getattr(build, "lazy", False):
        return
    typers_own: Callable[[Any], Any] = build

    class Lazy(base):  # type: ignore[misc, valid-type]
        """Typer's coercion, made when a value first needs it: text that is text
        already and a flag that is a bool already are kept as given."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            info = self.parameter_info
            parser = getattr(info, "parser", None)
            if parser is None and isinstance(value, _PLAIN.get(self.annotation, ())):
                return value
            if isinstance(value, str):
                read = _read(self.annotation, info, parser, value, param, ctx)
                if read is not _TYPERS_OWN:
                    return read
            made = getattr(param, "_typer_coercion", None)  # Typer's own, once needed
            if made is None:
                made = typers_own(param.type_descriptor)
                param._typer_coercion = made
            return made._coerce_value(value, param=param, ctx=ctx)

    def build_runtime_param(descriptor: Any) -> Any:
        """Typer's hook: a coercion that builds Typer's own only for a value needing it
        (an option not given never reaches ``_coerce_value``)."""
        return Lazy(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)

    build_runtime_param.lazy = True  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", build_runtime_param)  # noqa: B010


def _read(
    annotation: Any,
    info: Any,
    parser: Callable[[str], Any] | None,
    value: str,
    param: Any,
    ctx: Any,
) -> Any:
    """Return ``value`` read as Typer's adapters read it (through the option's parser, as
    an enumeration's member, as a path), or ``_TYPERS_OWN`` when Typer must read it: a
    value refused (Typer words the message) or of any other type."""
    try:
        from typer._param_types import coerce_cli_choice, coerce_cli_path
    except ImportError:
        return _TYPERS_OWN
    try:
        if parser is not None:
            return parser(value)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return coerce_cli_choice(
                value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx
            )
        if annotation is Path and getattr(info, "path_type", None) is None:
            # Typer's adapter makes the Path with Pydantic, then checks it here.
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    except (ValueError, AssertionError, TypeError):
        # Refused (Typer words the message, as its adapter would), or a Typer release
        # whose functions take other arguments: Typer reads the value as it ships.
        return _TYPERS_OWN
    return _TYPERS_OWN
