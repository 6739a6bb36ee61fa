"""Take text options and flags as they are, and leave options not given alone, without
Pydantic.

Typer 0.29 coerces every option with a Pydantic TypeAdapter, made the first time the
option is read, even when it is not given. Importing Pydantic and making the adapters
took about 0.1 s of every command here (`today --db FILE`), a fifth of `today`'s
budget, to turn a string into the same string. ``install`` makes Typer build its
coercion only for a value that needs it: an option not given, a text option (``str``
or ``str | None``, with no parser) and a flag keep their value as it comes; every other
value is coerced by Typer as before. If a Typer release moves what this relies on,
nothing is changed and Typer works as it ships; tests/cli/test_today_cli.py checks that
`today` and `stats` import no Pydantic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The annotations whose values arrive from the command line already as they should be.
_PLAIN: dict[Any, type] = {str: str, str | None: str, bool: bool}


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
            if isinstance(value, _PLAIN.get(self.annotation, ())) and not getattr(
                self.parameter_info, "parser", None
            ):
                return value
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
