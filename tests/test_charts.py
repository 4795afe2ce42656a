"""The report's charts: one figure definition drawn as PNG and SVG, the same figures as the
tables, colours and patterns that survive greyscale printing and colour blindness, user text
shown literally, the same bytes for the same data, matplotlib imported only for a chart."""

from __future__ import annotations

import io
import itertools
import subprocess
import sys

import pytest

from asean_labour.render import charts
from asean_labour.render.report_layout import Chart, ChartRow
from asean_labour.report import DELIVERED, OUTCOMES, STATES

#: Machado, Oliveira & Fernandes (2009), severity 1.0: linear RGB -> what a reader with each
#: kind of colour blindness sees.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
#: Two solid fills must differ by this much in lightness (L*, 0-100) to tell apart.
LIGHTNESS_GAP = 12.0


def linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def lightness(hex_colour: str, vision: str | None = None) -> float:
    """CIE L* of a colour (greyscale printing keeps about this), as a reader sees it."""
    value = hex_colour.lstrip("#")
    rgb = [linear(int(value[i:i + 2], 16) / 255) for i in (0, 2, 4)]
    if vision is not None:
        rgb = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
               for row in CVD[vision]]
    y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


@pytest.mark.parametrize("vision", [None, *CVD])
@pytest.mark.parametrize("keys", [STATES, OUTCOMES, DELIVERED],
                         ids=["states", "outcomes", "outputs"])
def test_every_two_categories_differ_in_lightness_or_pattern(vision: str | None,
                                                             keys: tuple[str, ...]) -> None:
    for first, second in itertools.combinations(keys, 2):
        a, b = charts.look(first, keys), charts.look(second, keys)
        if a.hatch == b.hatch:
            gap = abs(lightness(a.fill, vision) - lightness(b.fill, vision))
            assert gap >= LIGHTNESS_GAP, (first, second, vision, round(gap, 1))


def test_categories_the_vocabularies_gain_later_get_their_own_look() -> None:
    """A state added to the vocabulary (another helper may add some) is drawn apart too."""
    keys = (*STATES, "not-reported", "suspended")
    for first, second in itertools.combinations(keys, 2):
        a, b = charts.look(first, keys), charts.look(second, keys)
        assert a.hatch != b.hatch or abs(lightness(a.fill) - lightness(b.fill)) >= \
            LIGHTNESS_GAP, (first, second)


def sample(label: str = "SLOM-WG") -> Chart:
    return Chart("Status by body", "Body", STATES,
                 (ChartRow(label, (("completed", 3), ("ongoing", 5), ("no-report", 12)), 20,
                           0.15),
                  ChartRow("ACMW", (("delayed", 2), ("not-due", 4)), 6, 0.0)),
                 ChartRow("All projects", (("completed", 3), ("ongoing", 5), ("delayed", 2),
                                           ("no-report", 12), ("not-due", 4)), 26, 0.12),
                 key="status-by-body")


def test_png_and_svg_from_one_figure_at_the_size_it_says() -> None:
    from PIL import Image

    chart = sample()
    data = charts.png(chart)
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    assert width == pytest.approx(16 / 2.54 * charts.DPI, abs=1)
    assert height == pytest.approx(charts.height_cm(chart) / 2.54 * charts.DPI, abs=1)
    svg = charts.svg(chart)
    assert svg.startswith("<svg") and 'width="453.' in svg  # 16 cm in points
    assert charts.png(chart) == data and charts.svg(chart) == svg  # reproducible
    for look in (charts.LOOKS["completed"], charts.LOOKS["ongoing"]):
        assert look.fill in svg.upper()
    ids = list(charts._ID.findall(svg))
    assert ids and all(i.startswith("status-by-body-") for i in ids)
    assert "<metadata>" not in svg


def test_user_text_in_a_label_is_shown_literally() -> None:
    label = "KRA $x^2$ <b>&amp; \x1b[31m"
    svg = charts.svg(sample(label))
    assert "KRA $x^2$ &lt;b&gt;&amp;amp; \\x1b[31m" in svg  # no mathtext, no markup
    assert "<b>" not in svg and "\x1b" not in svg


def test_alt_text_gives_every_count() -> None:
    assert sample().alt_text() == (
        "Bar chart. Status by body. SLOM-WG: 20 projects, 3 completed, 5 ongoing and 12 no "
        "report received; ACMW: 6 projects, 2 delayed and 4 not yet due; All projects: 26 "
        "projects, 3 completed, 5 ongoing, 2 delayed, 12 no report received and 4 not yet "
        "due.")


def test_legend_columns_fit_the_width() -> None:
    labels = ["Completed", "Carried over", "Cancelled", "Ongoing", "No report received",
              "Not yet due"]
    assert charts.legend_columns(labels, 16.0) == 4
    assert charts.legend_columns(labels[:2], 16.0) == 2
    assert charts.legend_columns(labels, 4.0) == 1


def test_matplotlib_and_jinja2_are_imported_only_to_write_a_chart(tmp_path: object) -> None:
    """The terminal report and Markdown import neither; Word imports matplotlib only."""
    code = """
import sys
from typer.testing import CliRunner
from asean_labour.cli import app
for args in (["report", "--cycle", "2017"], ["report", "--cycle", "2017", "-f", "markdown"],
             ["list"], ["report", "--cycle", "2017", "--brief"]):
    result = CliRunner().invoke(app, [*args, "--plans", sys.argv[1]])
    assert result.exit_code == 0, result.output
print(sorted(m for m in ("matplotlib", "jinja2", "docx") if m in sys.modules))
"""
    from tests.conftest import SHIPPED_PLANS

    out = subprocess.run([sys.executable, "-c", code, str(SHIPPED_PLANS)], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    assert out.strip() == "[]"
