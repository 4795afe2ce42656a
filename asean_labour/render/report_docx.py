"""The monitoring documents as a Word file for a SLOM meeting (python-docx, imported only here).

A4 portrait, a title, Heading 1-4 for the sections, bodies, KRAs and thematic areas, and real
tables whose columns are sized to fit the page (narrow columns as wide as their text, the rest
shared out by each column's ratio) with the header row repeated on every page.

XML cannot hold most control characters (python-docx refuses them), so user text is passed
through `visible_controls` and the few other characters XML forbids are escaped the same way.
The file is reproducible: fixed zip entry times, and document properties taken from the
report's date (or left at the template's fixed values when the date is switched off).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from asean_labour import __version__
from asean_labour.render import Listing
from asean_labour.render.report_layout import (
    Block,
    Chart,
    Document,
    Gantt,
    Heading,
    Paragraph,
    Table,
)
from asean_labour.render.report_markdown import chart_listing, gantt_listing
from asean_labour.text_safety import visible_controls

PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGIN_CM = 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
TABLE_FONT_PT = 9
CHAR_CM = 0.17  # the width of an average character at 9 pt (Calibri, with room for bold)
CELL_PADDING_CM = 0.55
HEADER_FILL = "D9D9D9"
STATUS_FILLS = {
    "completed": "A9D18E", "carried-over": "9DC3E6", "cancelled": "F4B183",
    "ongoing": "8FAADC", "delayed": "FFD966", "postponed": "C9A0DC", "not-started": "D0CECE",
}
NO_STATUS_FILL = "BFBFBF"
GANTT_MARK = "■"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """Text Word can hold: control characters and non-characters shown as `\\x1b`, `\\ufffe`."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", visible_controls(value))


def render(document: Document, generated_on: dt.date | None = None) -> bytes:
    """The document as the bytes of a .docx file."""
    from docx import Document as new_document
    from docx.shared import Cm, Pt

    doc = new_document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(xml_safe(document.title), 0)
    for line in document.meta:
        run = doc.add_paragraph().add_run(xml_safe(line))
        run.italic = True
    for block in document.blocks:
        _block(doc, block)
    properties = doc.core_properties
    properties.title = xml_safe(document.title)[:250]
    properties.author = properties.last_modified_by = f"asean-labour {__version__}"
    properties.revision = 1
    if generated_on is not None:
        stamp = dt.datetime.combine(generated_on, dt.time(), tzinfo=dt.UTC)
        properties.created = properties.modified = stamp
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_times(buffer.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, so equal reports are equal files."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _block(doc: Any, block: Block) -> None:
    if isinstance(block, Heading):
        doc.add_heading(xml_safe(block.text), min(block.level, 4))
    elif isinstance(block, Paragraph):
        run = doc.add_paragraph().add_run(xml_safe(block.text))
        if block.small:
            from docx.shared import Pt

            run.italic = True
            run.font.size = Pt(9)
    elif isinstance(block, Table):
        _table(doc, block.listing)
    elif isinstance(block, Chart):
        doc.add_paragraph().add_run(xml_safe(block.title)).bold = True
        _table(doc, chart_listing(block), bold_last=block.total is not None)
    else:
        _gantt(doc, block)


def column_widths(listing: Listing, total_cm: float = TEXT_WIDTH_CM) -> list[float]:
    """Widths in cm that fill the text width: a column without a ratio gets the width of its
    longest line or header word (within limits); the others share what is left by ratio."""
    natural = []
    for index, column in enumerate(listing.columns):
        # Word wraps a header at its spaces: a narrow column need only hold its longest word.
        lines = [*column.header.split(), *(line for row in listing.rows
                                           for line in row[index].splitlines())]
        natural.append(max((len(line) for line in lines), default=1))
    fixed = {i: min(max(n * CHAR_CM + CELL_PADDING_CM, 1.0), 4.0)
             for i, (n, c) in enumerate(zip(natural, listing.columns, strict=True))
             if not c.ratio}
    flexible = [i for i, c in enumerate(listing.columns) if c.ratio]
    room = total_cm - sum(fixed.values())
    least = 1.5 * len(flexible)
    if room < least:  # too many narrow columns: shrink them all alike
        scale = (total_cm - least) / sum(fixed.values())
        fixed = {i: w * scale for i, w in fixed.items()}
        room = least
    if not flexible:
        scale = total_cm / sum(fixed.values()) if sum(fixed.values()) > total_cm else 1.0
        return [fixed[i] * scale for i in range(len(listing.columns))]
    ratios = sum(listing.columns[i].ratio or 1 for i in flexible)
    widths = dict(fixed)
    for i in flexible:
        widths[i] = room * (listing.columns[i].ratio or 1) / ratios
    return [widths[i] for i in range(len(listing.columns))]


def _table(doc: Any, listing: Listing, bold_last: bool = False,
           fills: Sequence[Sequence[str | None]] | None = None) -> Any:
    from docx.shared import Cm
    from docx.table import _Cell

    table = doc.add_table(rows=1 + len(listing.rows), cols=len(listing.columns))
    table.style = "Table Grid"
    table.autofit = False
    widths = [Cm(w) for w in column_widths(listing)]
    for index, column in enumerate(table.columns):
        column.width = widths[index]
    twips = [str(int(w.twips)) for w in widths]
    # The cells are filled as XML, row by row: python-docx's row.cells and column.cells
    # rebuild the whole grid on every call, and its run API costs ~150 us a cell, which made
    # a report on 10,000 projects take minutes.
    _repeat_header(table.rows[0])
    last = len(listing.rows) - 1
    for number, tr in enumerate(table._tbl.tr_lst):
        for index, (column, tc) in enumerate(zip(listing.columns, tr.tc_lst, strict=True)):
            _set_width(tc, twips[index])
            if number == 0:
                _fill(tc, column.header, bold=True, align=column.justify)
                _shade(_Cell(tc, table), HEADER_FILL)
                continue
            _fill(tc, listing.rows[number - 1][index], bold=bold_last and number - 1 == last,
                  align=column.justify)
            fill = fills[number - 1][index] if fills else None
            if fill:
                _shade(_Cell(tc, table), fill)
    if listing.footer:
        from docx.shared import Pt

        run = doc.add_paragraph().add_run(xml_safe(listing.footer))
        run.italic = True
        run.font.size = Pt(TABLE_FONT_PT)
    else:
        doc.add_paragraph()
    return table


def _gantt(doc: Any, gantt: Gantt) -> None:
    listing = gantt_listing(gantt, GANTT_MARK)
    first_year = 2  # ID, Title, then the years
    fills = [[None] * first_year
             + [STATUS_FILLS.get(row.status or "", NO_STATUS_FILL) if year in row.years
                else None for year in gantt.years] + [None]
             for row in gantt.rows]
    _table(doc, listing, fills=fills)


_ALIGN = {"right": "right", "center": "center"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SIZE = str(TABLE_FONT_PT * 2)  # half-points


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TC_PR, TC_W, P, P_PR, JC, R, R_PR, B, SZ, BR, TAB, T, VAL, W_ATTR, TYPE = (
    _W + name for name in ("tcPr", "tcW", "p", "pPr", "jc", "r", "rPr", "b", "sz", "br",
                           "tab", "t", "val", "w", "type"))


def _set_width(tc: Any, twips: str) -> None:
    properties = tc.find(TC_PR)
    width = properties.find(TC_W) if properties is not None else None
    if width is None:
        tc.width = int(twips) * 635  # EMU per twip: the slow path, for a cell without tcW
        return
    width.set(W_ATTR, twips)
    width.set(TYPE, "dxa")


def _fill(tc: Any, value: str, bold: bool = False, align: str = "left") -> None:
    """The cell's text as one run of TABLE_FONT_PT, line breaks and tabs kept."""
    from lxml.etree import SubElement

    paragraph = tc.find(P)
    if align in _ALIGN:
        SubElement(SubElement(paragraph, P_PR), JC).set(VAL, _ALIGN[align])
    run = SubElement(paragraph, R)
    properties = SubElement(run, R_PR)
    if bold:
        SubElement(properties, B)
    SubElement(properties, SZ).set(VAL, _SIZE)
    for line_number, line in enumerate(xml_safe(value).split("\n")):
        if line_number:
            SubElement(run, BR)
        for tab_number, piece in enumerate(line.split("\t")):
            if tab_number:
                SubElement(run, TAB)
            if piece:
                text = SubElement(run, T)
                text.text = piece
                text.set(_XML_SPACE, "preserve")


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)
