"""The report's charts, drawn with matplotlib from the layout's `Chart` (the same figures as
the tables): one figure definition, written as PNG for Word and as SVG for HTML.

matplotlib is imported inside the functions, and this module only when a report is written,
so the tool's start-up stays as it is. No pyplot: a `Figure` of its own per chart, no global
state, nothing shown on a screen.

Each category has a colour and a pattern chosen to survive greyscale printing and colour
blindness: the solid fills differ in lightness (ongoing dark, completed middle, delayed light,
no report lighter, not yet due white), and every other category carries its own hatch. User
text (the labels come from the plans) goes through `visible_controls`, and matplotlib's
mathtext is off, so a `$` in a name is a dollar sign.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from asean_labour.report import state_label
from asean_labour.text_safety import visible_controls

if TYPE_CHECKING:
    from asean_labour.render.report_layout import Chart

CM = 1 / 2.54  # inches
WIDTH_CM = 16.0
DPI = 200
FONT_SIZE = 8.0
LABEL_CHARS = 30  # row labels wrap at this many characters
ROW_CM = 0.56  # the height of one bar and its gap
LINE_CM = 0.3  # more height for every further line of a wrapped label
FRAME_CM = 2.0  # axis, tick labels and legend


@dataclass(frozen=True)
class Look:
    """How a category is drawn: fill, pattern, and the colour of its pattern and label."""

    fill: str
    hatch: str = ""
    ink: str = "#000000"  # pattern lines and the count printed on the segment


#: Solid fills, darkest first, at least 12 apart in lightness (CIE L*, 0-100) as printed in
#: greyscale and as seen with protanopia, deuteranopia or tritanopia; the rest are hatched,
#: each with its own pattern (tests/test_charts.py checks all of it).
LOOKS: dict[str, Look] = {
    "ongoing": Look("#004C7F", ink="#FFFFFF"),
    "completed": Look("#00876C", ink="#FFFFFF"),
    "delayed": Look("#E69F00"),
    "no-report": Look("#D9D9D9"),
    "not-due": Look("#FFFFFF"),
    "cancelled": Look("#3A3A3A", "xxx", "#FFFFFF"),
    "postponed": Look("#D55E00", "////", "#000000"),
    "carried-over": Look("#56B4E9", "\\\\\\\\", "#000000"),
    "not-started": Look("#CC79A7", "...", "#000000"),
    "never-started": Look("#CC79A7", "...", "#000000"),
    # The scorecard's outputs by body: the same five solid fills, darkest for both outputs.
    "data-and-laws": Look("#004C7F", ink="#FFFFFF"),
    "data-only": Look("#00876C", ink="#FFFFFF"),
    "laws-only": Look("#E69F00"),
    "no-output": Look("#D9D9D9"),
    "no-update": Look("#FFFFFF"),
}
#: For a category the vocabularies gain later: greys with patterns no other category uses.
SPARE_LOOKS = (Look("#A6A6A6", "+++"), Look("#7F7F7F", "---", "#FFFFFF"),
               Look("#BFBFBF", "ooo"), Look("#595959", "|||", "#FFFFFF"))
EDGE = "#404040"


def look(key: str, categories: tuple[str, ...] = ()) -> Look:
    """The look of a category; unknown categories get a spare look by their position."""
    if key in LOOKS:
        return LOOKS[key]
    unknown = [c for c in categories if c not in LOOKS] or [key]
    index = unknown.index(key) if key in unknown else 0
    return SPARE_LOOKS[index % len(SPARE_LOOKS)]


def _label(text: str) -> str:
    return "\n".join(textwrap.wrap(visible_controls(text), LABEL_CHARS,
                                   break_long_words=True)) or " "


def legend_columns(labels: list[str], width_cm: float) -> int:
    """The most legend columns that fit across the figure (entries read row by row)."""
    entries = [1.3 + 0.17 * len(label) for label in labels]  # key and text, cm at 7.5 pt
    for columns in range(len(entries), 1, -1):
        widest = [max(entries[c::columns]) for c in range(columns)]
        if sum(widest) <= width_cm * 0.94:
            return columns
    return 1


def height_cm(chart: Chart, width_cm: float = 16.0) -> float:
    """The figure's height: a bar per row, taller for wrapped labels, then the legend."""
    rows = _rows(chart)
    lines = sum(_label(r.label).count("\n") for r in rows)
    labels = [state_label(k).capitalize() for k in chart.shown_categories()]
    legend_rows = -(-len(labels) // legend_columns(labels, width_cm))
    return round(FRAME_CM + ROW_CM * len(rows) + LINE_CM * lines + 0.45 * legend_rows, 2)


def _rows(chart: Chart) -> list[Any]:
    return [*chart.rows, *((chart.total,) if chart.total is not None else ())]


def figure(chart: Chart, width_cm: float = WIDTH_CM) -> Any:
    """The chart as a matplotlib Figure: one horizontal stacked bar per row (the total last,
    in bold), a count on every segment wide enough to hold it, the legend below."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    rows = _rows(chart)
    categories = chart.shown_categories()
    fig = Figure(figsize=(width_cm * CM, height_cm(chart, width_cm) * CM),
                 layout="constrained")
    axes = fig.add_subplot()
    positions = list(range(len(rows)))[::-1]  # the first row at the top
    peak = max((r.total for r in rows), default=0) or 1
    for key in categories:
        style = look(key, chart.categories)
        counts = [dict(r.counts).get(key, 0) for r in rows]
        starts = [sum(n for k, n in r.counts if k in categories
                      and categories.index(k) < categories.index(key)) for r in rows]
        axes.barh(positions, counts, left=starts, height=0.7, color=style.fill,
                  hatch=style.hatch or None, hatchcolor=style.ink if style.hatch else None,
                  edgecolor=EDGE, linewidth=0.4, label=state_label(key).capitalize())
        for y, start, count in zip(positions, starts, counts, strict=True):
            if count and count / peak * (width_cm * 0.6) >= 0.3 + 0.15 * len(str(count)):
                axes.text(start + count / 2, y, str(count), ha="center", va="center",
                          fontsize=FONT_SIZE - 1, color=style.ink, parse_math=False,
                          bbox={"boxstyle": "square,pad=0.08", "facecolor": style.fill,
                                "edgecolor": "none"} if style.hatch else None)
    for y, row in zip(positions, rows, strict=True):
        axes.text(row.total + peak * 0.01, y, f"{row.total}", va="center",
                  fontsize=FONT_SIZE - 0.5, parse_math=False)
    axes.set_yticks(positions, [_label(r.label) for r in rows], fontsize=FONT_SIZE)
    for tick in axes.get_yticklabels():
        tick.set_parse_math(False)
    if chart.total is not None:
        axes.get_yticklabels()[-1].set_fontweight("bold")
    axes.set_xlim(0, peak * 1.08)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="both", labelsize=FONT_SIZE - 0.5, length=0)
    axes.set_xlabel("Projects", fontsize=FONT_SIZE)
    axes.grid(axis="x", color="#D0D0D0", linewidth=0.5)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    handles = [Patch(facecolor=look(k, chart.categories).fill,
                     hatch=look(k, chart.categories).hatch or None,
                     hatchcolor=look(k, chart.categories).ink, edgecolor=EDGE, linewidth=0.4,
                     label=state_label(k).capitalize()) for k in categories]
    columns = legend_columns([state_label(k).capitalize() for k in categories], width_cm)
    depth = -(-len(handles) // columns)
    # matplotlib fills a legend column by column: order the entries to read row by row.
    handles = [handles[r * columns + c] for c in range(columns) for r in range(depth)
               if r * columns + c < len(handles)]
    fig.legend(handles=handles, loc="outside lower center", ncols=columns,
               fontsize=FONT_SIZE - 0.5, frameon=False, handlelength=1.6)
    return fig


def _settings() -> Any:
    """Fixed fonts and ids, so the same chart gives the same bytes on every machine."""
    return {"font.family": "DejaVu Sans", "svg.fonttype": "none", "svg.hashsalt": "asean",
            "hatch.linewidth": 0.6, "text.parse_math": False}


def png(chart: Chart, width_cm: float = WIDTH_CM, dpi: int = DPI) -> bytes:
    """The chart as a PNG (for Word)."""
    import matplotlib

    with matplotlib.rc_context(_settings()):
        buffer = io.BytesIO()
        figure(chart, width_cm).savefig(buffer, format="png", dpi=dpi,
                                        metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


_ID = re.compile(r'id="([^"]+)"')
_REFERENCE = re.compile(r'(id="|#)([^"\)\s#]+)(?=["\)])')  # an id, or a reference to one


def svg(chart: Chart, width_cm: float = WIDTH_CM) -> str:
    """The chart as an SVG element to inline in HTML: no XML prolog nor metadata, ids
    prefixed with the chart's key (two charts on one page never share one)."""
    import matplotlib

    with matplotlib.rc_context(_settings()):
        buffer = io.StringIO()
        figure(chart, width_cm).savefig(buffer, format="svg", metadata={"Date": None},
                                        facecolor="white")
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)  # RDF boilerplate
    prefix = re.sub(r"[^A-Za-z0-9-]", "-", chart.key) + "-"
    names = set(_ID.findall(text))
    return _REFERENCE.sub(lambda m: m.group(1) + (prefix if m.group(2) in names else "")
                          + m.group(2), text)
