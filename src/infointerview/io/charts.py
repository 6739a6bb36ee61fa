"""Charts of the numbers as pictures: a PNG or SVG file drawn with matplotlib.

The Stats page draws the same charts as SVG in its template; this is for a file to keep,
print or share (`infointerview stats --plot FILE`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from infointerview.errors import InvalidValue

FORMATS = ("png", "svg")


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart: its label, its value as shown, and its length (0 to 1)."""

    label: str
    shown: str
    length: float


@dataclass(frozen=True, slots=True)
class Chart:
    """A titled bar chart."""

    id: str
    title: str
    bars: tuple[Bar, ...]


def picture_format(path: Path) -> str:
    """Return the picture format a file name asks for, from its suffix.

    Raises:
        InvalidValue: for a suffix other than .png or .svg.
    """
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InvalidValue("--plot", f"{path.name!r}: name a .png or .svg file")
    return suffix


def picture(charts: tuple[Chart, ...], *, fmt: str, title: str) -> bytes:
    """Draw ``charts`` one above the other as a PNG or SVG picture and return its bytes."""
    import matplotlib

    matplotlib.use("Agg")  # no screen: draw to memory
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, small
    from matplotlib import pyplot

    shown = [c for c in charts if c.bars] or list(charts[:1])
    heights = [max(1.2, 0.35 * len(c.bars) + 0.8) for c in shown]
    figure, axes = pyplot.subplots(
        len(shown),
        1,
        figsize=(8, sum(heights) + 0.6),
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    try:
        figure.suptitle(title)
        for axis, chart in zip(axes[:, 0], shown, strict=True):
            _draw(axis, chart)
        figure.tight_layout()
        out = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {}
        figure.savefig(out, format=fmt, dpi=120, metadata=metadata)
        return out.getvalue()
    finally:
        pyplot.close(figure)


def _draw(axis: object, chart: Chart) -> None:
    from matplotlib.axes import Axes

    assert isinstance(axis, Axes)
    axis.set_title(chart.title, loc="left", fontsize=11)
    if not chart.bars:
        axis.text(0.5, 0.5, "nothing yet", ha="center", va="center", transform=axis.transAxes)
        axis.set_axis_off()
        return
    labels = [bar.label for bar in chart.bars]
    positions = range(len(labels))
    axis.barh(positions, [bar.length for bar in chart.bars], color="#3a6ea5")
    axis.set_yticks(list(positions), labels)
    axis.invert_yaxis()
    axis.set_xlim(0, 1.15)
    axis.set_xticks([])
    for position, bar in zip(positions, chart.bars, strict=True):
        axis.text(bar.length + 0.01, position, bar.shown, va="center", fontsize=9)
    for side in ("top", "right", "bottom"):
        axis.spines[side].set_visible(False)
