"""The monitoring documents as a Word file a ministry can send as it is (python-docx, imported
only here).

A4 portrait, Calibri (Carlito in LibreOffice, with the same metrics), British English
throughout. A document with a cover (the progress report) opens with the cover page, then a
table of contents (a TOC field); every page after the cover has the running title in its
header and "Page X of Y" (PAGE and NUMPAGES fields) in its footer. Headings 1-4, bulleted
lists, charts as PNG images with a numbered caption (a SEQ field) and alt text, and real
tables ("Table Grid", 9 pt, header row repeated on every page, rows never split across pages).

Column widths come from the content, measured with the font's own widths
(`page_estimate.Measure`): every column is at least as wide as its longest word (ids, statuses
and other short values as wide as the whole value), and the rest of the width goes where the
text is longest, so no word is ever broken inside a cell. The same measures follow the pages
(`page_estimate.Pager`), which gives the table of contents its page numbers.

XML cannot hold most control characters (python-docx refuses them), so user text is passed
through `visible_controls` and the few other characters XML forbids are escaped the same way.
The file is reproducible: fixed zip entry times, and document properties taken from the
report's date (or left at fixed values when the date is switched off).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any
from xml.sax.saxutils import escape

from asean_labour import __version__
from asean_labour.render import Listing
from asean_labour.render.page_estimate import Measure, Pager
from asean_labour.render.report_layout import (
    Block,
    Bullets,
    Chart,
    Contents,
    Cover,
    Document,
    Gantt,
    Heading,
    Paragraph,
    Table,
)
from asean_labour.render.report_markdown import GANTT_LEADING, gantt_listing
from asean_labour.text_safety import visible_controls

LANGUAGE = "en-GB"
FONT = "Calibri"
PT_PER_CM = 72 / 2.54
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGIN_CM = 2.0
TEXT_WIDTH = (PAGE_WIDTH_CM - 2 * MARGIN_CM) * PT_PER_CM  # points
TEXT_HEIGHT = (PAGE_HEIGHT_CM - 2 * MARGIN_CM) * PT_PER_CM
TWIPS = 20  # per point
CELL_SIDE = 4.25  # left and right cell margins, points
CELL_TOP = 1.4  # top and bottom cell margins, points
#: Room kept in every cell beyond the measured text: rounding, and a bold that runs wide.
CELL_SLACK = 3.0
BORDER = "A6A6A6"
BORDER_WIDTH = 0.5  # points (w:sz="4": eighths of a point)
HEADER_FILL = "DCE3ED"
STATUS_FILLS = {
    "completed": "A9D18E", "carried-over": "9DC3E6", "cancelled": "F4B183",
    "ongoing": "8FAADC", "delayed": "FFD966", "postponed": "C9A0DC", "not-started": "D0CECE",
}
NO_STATUS_FILL = "BFBFBF"
GANTT_MARK = "■"
FIGURE_WIDTH_CM = 16.0
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# --- the paragraph styles: their sizes, line heights and space before drive the page estimate.
# No style has space after: Word and LibreOffice combine "after" and "before" differently.

class Style:
    """A paragraph style's metrics in points, as its XML in `_style_xml` sets them."""

    def __init__(self, style_id: str, size: float, line: float, before: float,
                 bold: bool = False, indent: float = 0.0) -> None:
        self.id, self.size, self.line, self.before = style_id, size, line, before
        self.bold, self.indent = bold, indent


NORMAL = Style("Normal", 10, 13, 6)
SMALL = Style("Small", 9, 11.5, 5)
META = Style("Meta", 9.5, 12, 3)
TITLE = Style("Title", 22, 28, 0, bold=True)
HEADINGS = {
    1: Style("Heading1", 16, 20, 18, bold=True),
    2: Style("Heading2", 13, 16, 14, bold=True),
    3: Style("Heading3", 11, 14, 10, bold=True),
    4: Style("Heading4", 10, 13, 8, bold=True),
}
BULLET = Style("ListBullet", 10, 13, 3, indent=18)
CAPTION = Style("Caption", 9, 11.5, 4)
FIGURE = Style("Figure", 10, 13, 10)
CELL = Style("TableText", 9, 11, 0)
CELL_SMALL = Style("TableTextSmall", 8.5, 10.4, 0)  # a one-pager's table
CELL_SMALLER = Style("TableTextSmaller", 8, 9.8, 0)  # ... when it must make room (`dense`)
FOOTNOTE = Style("TableNote", 9, 11.5, 2)
SPACER = Style("Spacer", 1, 5, 0)  # an empty line between a heading and a table, or two tables
END = Style("End", 1, 1, 0)  # the paragraph a document must end with, after a last table
TOC_HEADING = Style("TOCHeading", 16, 20, 18, bold=True)
TOC = {1: Style("TOC1", 10.5, 14, 8, bold=True), 2: Style("TOC2", 10, 13, 2, indent=22)}
COVER_MEETING = Style("CoverMeeting", 16, 20, 150, bold=True)
COVER_TITLE = Style("CoverTitle", 26, 32, 8, bold=True)
COVER_LINE = Style("CoverLine", 12, 16, 4)
COVER_GAP = 120.0  # between the programme lines and "Prepared by"


def _style_xml() -> str:
    def para(style: Style, name: str, extra_ppr: str = "", rpr: str = "",
             next_id: str = "Normal", based: str = "Normal") -> str:
        default = ' w:default="1"' if style.id == "Normal" else ""
        # An image's paragraph grows with the image; every other line has an exact height.
        line = ('w:line="240" w:lineRule="auto"' if style is FIGURE else
                f'w:line="{round(style.line * TWIPS)}" w:lineRule="exact"')
        return (
            f'<w:style w:type="paragraph" w:styleId="{style.id}"{default}>'
            f'<w:name w:val="{name}"/>'
            + (f'<w:basedOn w:val="{based}"/>' if style.id != "Normal" else "")
            + f'<w:next w:val="{next_id}"/><w:qFormat/>'
            f'<w:pPr>{extra_ppr}<w:spacing w:before="{round(style.before * TWIPS)}" '
            f'w:after="0" {line}/></w:pPr>'
            f'<w:rPr>{"<w:b/><w:bCs/>" if style.bold else ""}{rpr}'
            f'<w:sz w:val="{round(style.size * 2)}"/><w:szCs w:val="{round(style.size * 2)}"/>'
            f'</w:rPr></w:style>')

    def heading(level: int, colour: str, italic: bool = False) -> str:
        style = HEADINGS[level]
        return para(style, f"heading {level}",
                    f'<w:keepNext/><w:keepLines/><w:outlineLvl w:val="{level - 1}"/>',
                    f'{"<w:i/><w:iCs/>" if italic else ""}<w:color w:val="{colour}"/>')

    right_tab = round(TEXT_WIDTH * TWIPS)
    toc_tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{right_tab}"/></w:tabs>'
    return "".join([
        para(NORMAL, "Normal", '<w:widowControl w:val="0"/>'),
        para(SMALL, "Small", "", '<w:i/><w:iCs/><w:color w:val="404040"/>'),
        para(META, "Meta", "", '<w:color w:val="404040"/>'),
        para(TITLE, "Title", "", '<w:color w:val="1F3864"/>'),
        para(COVER_TITLE, "Cover Title", "", '<w:color w:val="1F3864"/>', based="Title"),
        heading(1, "1F3864"), heading(2, "2E74B5"), heading(3, "1F3864"),
        heading(4, "404040", italic=True),
        para(BULLET, "List Bullet", '<w:numPr><w:numId w:val="90"/></w:numPr>'
             f'<w:ind w:left="{round(BULLET.indent * TWIPS)}" w:hanging="240"/>'),
        para(CAPTION, "caption", "", '<w:i/><w:iCs/><w:color w:val="404040"/>'),
        para(FIGURE, "Figure", '<w:keepNext/><w:jc w:val="center"/>'),
        para(CELL, "Table Text"),
        para(CELL_SMALL, "Table Text Small"),
        para(CELL_SMALLER, "Table Text Smaller"),
        para(FOOTNOTE, "Table Note", "", '<w:i/><w:iCs/><w:color w:val="404040"/>'),
        para(SPACER, "Spacer", "<w:keepNext/>"),
        para(END, "End"),
        para(TOC_HEADING, "TOC Heading", "", '<w:color w:val="1F3864"/>'),
        para(TOC[1], "toc 1", toc_tabs),
        para(TOC[2], "toc 2", toc_tabs + f'<w:ind w:left="{round(TOC[2].indent * TWIPS)}"/>'),
        para(COVER_MEETING, "Cover Meeting", "", '<w:color w:val="2E74B5"/>'),
        para(COVER_LINE, "Cover Line", "", '<w:color w:val="262626"/>'),
        para(Style("Header", 8.5, 11, 0), "header", "", '<w:color w:val="595959"/>'),
        para(Style("Footer", 8.5, 11, 0), "footer", '<w:jc w:val="center"/>',
             '<w:color w:val="595959"/>'),
    ])


_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + _W_NS + "}"
_NSDECL = f'xmlns:w="{_W_NS}"'


def xml_safe(value: str) -> str:
    """Text Word can hold: control characters and non-characters shown as `\\x1b`, `\\ufffe`."""
    if value.isascii() and value.isprintable():  # most text: nothing to show
        return value
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", visible_controls(value))


def _runs(text: str, rpr: str = "") -> str:
    """Runs of text (escaped, made XML-safe) with line breaks and tabs kept."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    if text.isascii() and text.isprintable():  # one line, nothing to make safe
        return (f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text
                else "")
    parts = []
    for number, line in enumerate(xml_safe(text).split("\n")):
        if number:
            parts.append("<w:br/>")
        for index, piece in enumerate(line.split("\t")):
            if index:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{props}{''.join(parts)}</w:r>" if parts else ""


def _field(instruction: str, cached: str) -> str:
    """A complex field (PAGE, NUMPAGES, PAGEREF, SEQ) with its result as last computed."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>{escape(cached)}</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def render(document: Document, generated_on: dt.date | None = None) -> bytes:
    """The document as the bytes of a .docx file: the first of its versions (the document,
    then each `shorter` one) that keeps to its `pages`, else the shortest."""
    from docx import Document as new_document

    while True:
        doc = new_document()
        writer = _Writer(doc, document)
        writer.write()
        if document.shorter is None or document.pages is None \
                or writer.pager.page <= document.pages:
            break
        document = document.shorter
    _properties(doc, document, generated_on)
    buffer = io.BytesIO()
    doc.save(buffer)  # the document with a placeholder where each table goes: small
    try:
        return _package(buffer.getvalue(), writer.streams)
    except RuntimeError as exc:  # word/document.xml over 2 GiB: the zip needs ZIP64 sizes
        if "zip64" not in str(exc).lower():
            raise
        return _package(buffer.getvalue(), writer.streams, zip64=True)


#: How much of word/document.xml is put together (characters) before it goes into the zip.
CHUNK = 1 << 16
DOCUMENT_XML = "word/document.xml"
_PLACEHOLDER = re.compile(rb'<w:tableStream w:n="(\d+)"/>')


def _package(data: bytes, streams: Sequence[_Stream], zip64: bool = False) -> bytes:
    """The saved document as the final .docx: every entry dated 1980-01-01 (so equal
    reports are equal files), and word/document.xml written as a stream, each table's rows
    made into XML where its placeholder stands, a chunk at a time, never the whole."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            if info.filename != DOCUMENT_XML:
                target.writestr(fixed, source.read(info.filename))
                continue
            with target.open(fixed, "w", force_zip64=zip64) as entry:
                _write_document(entry, source.read(info.filename), streams)
    return out.getvalue()


def _write_document(entry: IO[bytes], xml: bytes, streams: Sequence[_Stream]) -> None:
    """The document's XML with each placeholder replaced by its table, in chunks of about
    `CHUNK` characters."""
    pieces = _PLACEHOLDER.split(xml)  # text, number, text, number, ..., text
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            entry.write(piece)
            continue
        chunk: list[str] = []
        size = 0
        for part in streams[int(piece)].parts():
            chunk.append(part)
            size += len(part)
            if size >= CHUNK:
                entry.write("".join(chunk).encode("utf-8"))
                chunk, size = [], 0
        entry.write("".join(chunk).encode("utf-8"))


def _properties(doc: Any, document: Document, generated_on: dt.date | None) -> None:
    """Title, subject, author, language; the template's stale thumbnail removed."""
    properties = doc.core_properties
    properties.title = xml_safe(document.title)[:250]
    properties.subject = xml_safe(document.subject)[:250]
    properties.author = properties.last_modified_by = xml_safe(
        document.author or f"asean-labour {__version__}")[:250]
    properties.keywords = f"ASEAN; SLOM; labour; work plans; {document.category.lower()}"
    properties.category = document.category
    properties.comments = f"Prepared with asean-labour {__version__}."
    properties.language = LANGUAGE
    properties.revision = 1
    if generated_on is not None:
        stamp = dt.datetime.combine(generated_on, dt.time(), tzinfo=dt.UTC)
        properties.created = properties.modified = stamp
    package = doc.part.package
    for key, relation in list(package.rels.items()):
        if relation.reltype.endswith("/thumbnail"):
            del package.rels[key]
    # Word 2010's copy of the styles, from the template: stale, and in American English.
    for key, relation in list(doc.part.rels.items()):
        if relation.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[key]


def _setup(doc: Any, document: Document) -> None:
    """A4 with 2 cm margins; Calibri and en-GB by default; the report's own styles."""
    from docx.oxml import parse_xml
    from docx.shared import Cm

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    section.header_distance = section.footer_distance = Cm(1.0)
    styles = doc.styles.element
    defaults = styles.find(f"{_W}docDefaults")
    rpr = defaults.find(f"{_W}rPrDefault/{_W}rPr")
    for child in list(rpr):
        if child.tag in (f"{_W}rFonts", f"{_W}lang"):
            rpr.remove(child)
    rpr.insert(0, parse_xml(f'<w:rFonts {_NSDECL} w:ascii="{FONT}" w:hAnsi="{FONT}" '
                            f'w:eastAsia="{FONT}" w:cs="{FONT}"/>'))
    rpr.append(parse_xml(f'<w:lang {_NSDECL} w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" '
                         f'w:bidi="{LANGUAGE}"/>'))
    ours = parse_xml(f"<w:styles {_NSDECL}>{_style_xml()}</w:styles>")
    replaced = {s.get(f"{_W}styleId") for s in ours}
    for style in styles.findall(f"{_W}style"):
        if style.get(f"{_W}styleId") in replaced:
            styles.remove(style)
    for style in list(ours):
        styles.append(style)
    for lang in styles.iter(f"{_W}lang"):
        for attribute in ("val", "eastAsia", "bidi"):
            lang.set(f"{_W}{attribute}", LANGUAGE)
    settings = doc.settings.element
    for lang in settings.iter(f"{_W}themeFontLang"):
        lang.set(f"{_W}val", LANGUAGE)
        lang.set(f"{_W}eastAsia", LANGUAGE)
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(f"{_W}num")
    bullet = parse_xml(
        f'<w:abstractNum {_NSDECL} w:abstractNumId="90"><w:multiLevelType '
        'w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr>'
        f'<w:ind w:left="{round(BULLET.indent * TWIPS)}" w:hanging="240"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/></w:rPr></w:lvl></w:abstractNum>')
    first_num.addprevious(bullet)
    numbering.append(parse_xml(f'<w:num {_NSDECL} w:numId="90"><w:abstractNumId w:val="90"/>'
                               '</w:num>'))


def _header_footer(doc: Any, document: Document, pages: int) -> None:
    """The running title in the header, "Page X of Y" in the footer; none on a cover."""
    from docx.oxml import parse_xml

    section = doc.sections[0]
    section.different_first_page_header_footer = document.cover is not None
    header = section.header.paragraphs[0]._p
    header.append(parse_xml(f"<w:r {_NSDECL}><w:t xml:space=\"preserve\">"
                            f"{escape(xml_safe(document.running_title))}</w:t></w:r>"))
    header.get_or_add_pPr().append(parse_xml(f'<w:pStyle {_NSDECL} w:val="Header"/>'))
    footer = section.footer.paragraphs[0]._p
    footer.get_or_add_pPr().append(parse_xml(f'<w:pStyle {_NSDECL} w:val="Footer"/>'))
    runs = (_runs("Page ") + _field("PAGE", "1") + _runs(" of ")
            + _field("NUMPAGES", str(pages)))
    for element in parse_xml(f"<w:p {_NSDECL}>{runs}</w:p>"):
        footer.append(element)


@dataclass(frozen=True)
class _Measured:
    listing: Listing
    widths: list[float]  # points
    header_height: float
    heights: list[float]


@dataclass(frozen=True)
class _Stream:
    """A table as it goes into word/document.xml when the file is saved: its XML made a row
    at a time from the listing (the lxml tree holds only a placeholder for it)."""

    listing: Listing
    twips: list[int]
    style: Style
    whole: bool
    fills: Callable[[int], Sequence[str | None]] | None = None  # a row's cell shades

    def parts(self) -> Iterator[str]:
        return _table_parts(self.listing, self.twips, self.fills, self.style, self.whole)


class _Writer:
    """Writes the blocks into the document body, following the pages as it goes."""

    def __init__(self, doc: Any, document: Document) -> None:
        self.doc = doc
        self.document = document
        self.end = doc.element.body.sectPr  # everything goes before the section properties
        self.measure = Measure()
        self.pager = Pager(TEXT_HEIGHT)
        self.figures = 0
        self.entries: list[tuple[int, str, str, int]] = []  # TOC: level, text, bookmark, page
        self.contents: Any = None  # where the table of contents goes
        self.contents_title = ""
        self.tables: dict[int, _Measured] = {}  # measured, not yet written
        self.streams: list[_Stream] = []  # the tables, in the order of their placeholders
        self.break_before = False  # the next paragraph starts a page (after a cover)

    # --- plumbing --------------------------------------------------------------------------

    def _add(self, xml: str) -> Any:
        from docx.oxml import parse_xml

        element = parse_xml(xml)
        self.end.addprevious(element)
        return element

    def _paragraph(self, style: Style, content: str, ppr: str = "") -> Any:
        if self.break_before:
            self.break_before = False
            if "<w:pageBreakBefore/>" not in ppr:
                ppr = "<w:pageBreakBefore/>" + ppr
        return self._add(f'<w:p {_NSDECL}><w:pPr><w:pStyle w:val="{style.id}"/>{ppr}</w:pPr>'
                         f"{content}</w:p>")

    def _lines(self, text: str, style: Style, room: float = TEXT_WIDTH) -> int:
        return self.measure.lines(xml_safe(text), room - style.indent, style.size, style.bold)

    def _text(self, style: Style, text: str, ppr: str = "", before: float | None = None
              ) -> int:
        """A paragraph of text (`before`: its own space before); returns its page."""
        if before is not None:
            ppr += f'<w:spacing w:before="{round(before * TWIPS)}"/>'
        self._paragraph(style, _runs(text), ppr)
        return self.pager.lines(self._lines(text, style), style.line,
                                style.before if before is None else before)

    def _cell_style(self, compact: bool) -> Style:
        if not compact:
            return CELL
        return CELL_SMALLER if self.document.dense else CELL_SMALL

    def _spacer(self) -> None:
        self._paragraph(SPACER, "")
        self.pager.lines(1, SPACER.line)

    # --- the document ----------------------------------------------------------------------

    def write(self) -> None:
        _setup(self.doc, self.document)
        if self.document.cover is not None:
            self._cover(self.document.cover)
            first = self.document.blocks[0] if self.document.blocks else None
            if not isinstance(first, Contents) and not (isinstance(first, Heading)
                                                         and first.new_page):
                # What follows the cover starts a page of its own.
                self.pager.new_page()
                self.break_before = True
                if isinstance(first, Table | Gantt):
                    self._paragraph(END, "")
                    self.pager.lines(1, END.line)
        else:
            self._text(TITLE, self.document.title)
            for line in self.document.meta:
                self._text(META, line)
        blocks = self.document.blocks
        for index, block in enumerate(blocks):
            if isinstance(block, Table) and index and isinstance(blocks[index - 1],
                                                                  Heading | Table):
                self._spacer()
            self._block(block, blocks[index + 1:])
        if not blocks or isinstance(blocks[-1], Table | Gantt):
            self._paragraph(END, "")  # a Word document ends with a paragraph
            self.pager.lines(1, END.line)
        if self.contents is not None:
            self._fill_contents()
        _header_footer(self.doc, self.document, self.pager.page)

    def _cover(self, cover: Cover) -> None:
        self.pager.new_page()  # the space above the meeting's name is kept
        self._text(COVER_MEETING, cover.meeting)
        self._text(COVER_TITLE, cover.title)
        for line in cover.lines:
            self._text(COVER_LINE, line)
        self._text(COVER_LINE, cover.prepared_by, before=COVER_GAP)
        if cover.date:
            self._text(COVER_LINE, cover.date)

    def _block(self, block: Block, after: Sequence[Block]) -> None:
        if isinstance(block, Heading):
            self._heading(block, after)
        elif isinstance(block, Paragraph) and block.keep:
            style = SMALL if block.small else NORMAL
            lines = self._lines(block.text, style)
            self.pager.block(lines * style.line, style.before, keep=self._first_height(after))
            self._paragraph(style, _runs(block.text), "<w:keepNext/><w:keepLines/>")
        elif isinstance(block, Paragraph):
            self._text(SMALL if block.small else NORMAL, block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                self._text(BULLET, item)
        elif isinstance(block, Table):
            self._table(block.listing, block.compact, whole=block.whole)
        elif isinstance(block, Chart):
            self._chart(block)
        elif isinstance(block, Contents):
            self._reserve_contents(block, after)
        else:
            self._gantt(block)

    def _first_height(self, blocks: Sequence[Block]) -> float:
        """What a heading must share its page with: the headings that follow it, and the
        first line (or the header and first row) of the next block."""
        for block in blocks:
            if isinstance(block, Heading):
                style = HEADINGS[min(block.level, 4)]
                return (style.before + style.line * self._lines(block.text, style)
                        + self._first_height(blocks[1:]))
            if isinstance(block, Paragraph):
                style = SMALL if block.small else NORMAL
                if block.keep:  # all of it, and what it is kept with
                    return (style.before + style.line * self._lines(block.text, style)
                            + self._first_height(blocks[1:]))
                return style.before + style.line
            if isinstance(block, Bullets):
                return BULLET.before + BULLET.line
            if isinstance(block, Table):
                table = self._measured(block.listing, self._cell_style(block.compact))
                rows = table.heights if block.whole else table.heights[:1]
                return SPACER.line + table.header_height + sum(rows)
            if isinstance(block, Chart):
                return FIGURE.before + self._chart_height(block)
            return 0.0
        return 0.0

    def _heading(self, heading: Heading, after: Sequence[Block]) -> None:
        level = min(heading.level, 4)
        style = HEADINGS[level]
        if heading.new_page:
            self.pager.new_page()
        page = self.pager.block(style.line * self._lines(heading.text, style), style.before,
                                keep=self._first_height(after))
        ppr = "<w:pageBreakBefore/>" if heading.new_page else ""
        content = _runs(heading.text)
        if level <= 2 and self.contents is not None:
            number = len(self.entries) + 1
            name = f"_Toc{number:04d}"
            content = (f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>{content}'
                       f'<w:bookmarkEnd w:id="{number}"/>')
            self.entries.append((level, heading.text, name, page))
        self._paragraph(style, content, ppr)

    # --- the table of contents --------------------------------------------------------------

    def _reserve_contents(self, contents: Contents, after: Sequence[Block]) -> None:
        """Keep the place of the table of contents, and its height on the page: the
        entries are known (the headings of levels 1 and 2 that follow), their pages not yet."""
        self.pager.new_page()
        self.contents = self._add(f'<w:p {_NSDECL}/>')
        self.contents_title = contents.title
        self.pager.block(TOC_HEADING.line, TOC_HEADING.before)
        for block in after:
            if isinstance(block, Heading) and block.level <= 2:
                style = TOC[block.level]
                lines = self.measure.lines(xml_safe(block.text),
                                           TEXT_WIDTH - style.indent - 30, style.size,
                                           style.bold)
                self.pager.lines(lines, style.line, style.before)

    def _fill_contents(self) -> None:
        """The TOC field, its result written out: each entry a link to its heading, with the
        page number (a PAGEREF field) that Word recomputes when fields are updated."""
        from docx.oxml import parse_xml

        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
                 'xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        paragraphs = [f'<w:p {_NSDECL}><w:pPr><w:pStyle w:val="TOCHeading"/>'
                      f'<w:pageBreakBefore/></w:pPr>{_runs(self.contents_title)}</w:p>']
        last = len(self.entries) - 1
        for index, (level, text, name, page) in enumerate(self.entries):
            reference = _field(f"PAGEREF {name} \\h", str(page))
            link = (f'<w:hyperlink w:anchor="{name}" w:history="1">{_runs(text)}'
                    f"<w:r><w:tab/></w:r>{reference}</w:hyperlink>")
            paragraphs.append(f'<w:p {_NSDECL}><w:pPr><w:pStyle w:val="TOC{level}"/></w:pPr>'
                              f'{begin if index == 0 else ""}{link}'
                              f'{end if index == last else ""}</w:p>')
        for xml in paragraphs:
            self.contents.addprevious(parse_xml(xml))
        self.contents.getparent().remove(self.contents)

    # --- tables -----------------------------------------------------------------------------

    def _measured(self, listing: Listing, style: Style) -> _Measured:
        """The table's text made XML-safe, its column widths and its row heights, worked out
        once (a heading before the table needs its first rows' heights too)."""
        found = self.tables.get(id(listing))
        if found is not None and found.listing is listing:
            return found
        safe = [tuple(xml_safe(cell) for cell in row) for row in listing.rows]
        header = tuple(xml_safe(c.header) for c in listing.columns)
        widths = column_widths(listing, self.measure, style=style, safe=(header, safe))
        measured = _Measured(listing, widths, self._row_height(header, widths, True, style),
                             self._row_heights(safe, widths, style))
        self.tables[id(listing)] = measured
        return measured

    def _row_heights(self, rows: Sequence[Sequence[str]], widths: Sequence[float],
                     style: Style) -> list[float]:
        """`_row_height` of every row, the line counts of short cells (a status, a year,
        which recur) remembered per column."""
        rooms = [width - 2 * CELL_SIDE for width in widths]
        seen: list[dict[str, int]] = [{} for _ in widths]
        count = self.measure.lines
        heights = []
        for row in rows:
            lines = 1
            for text, room, known in zip(row, rooms, seen, strict=True):
                found = known.get(text)
                if found is None:
                    found = count(text, room, style.size)
                    if len(text) <= SHORT_TEXT:
                        known[text] = found
                lines = max(lines, found)
            heights.append(lines * style.line + 2 * CELL_TOP + BORDER_WIDTH)
        return heights

    def _row_height(self, cells: Sequence[str], widths: Sequence[float], bold: bool,
                    style: Style = CELL) -> float:
        lines = max((self.measure.lines(text, width - 2 * CELL_SIDE, style.size, bold)
                     for text, width in zip(cells, widths, strict=True)), default=1)
        return lines * style.line + 2 * CELL_TOP + BORDER_WIDTH

    def _table(self, listing: Listing, compact: bool = False,
               fills: Callable[[int], Sequence[str | None]] | None = None,
               whole: bool = False) -> None:
        """The table's place in the pages, and a placeholder where its XML will go: the
        rows are written straight into the file when it is saved (`_Stream`)."""
        style = self._cell_style(compact)
        table = self._measured(listing, style)
        del self.tables[id(listing)]  # its heights are needed no more
        if whole:  # on one page: its rows kept with the next
            self.pager.block(table.header_height + sum(table.heights) + BORDER_WIDTH)
        else:
            self.pager.table(table.header_height, table.heights, BORDER_WIDTH)
        self._add(f'<w:tableStream {_NSDECL} w:n="{len(self.streams)}"/>')
        self.streams.append(_Stream(listing, [round(w * TWIPS) for w in table.widths], style,
                                    whole, fills))
        if listing.footer:
            self._text(FOOTNOTE, listing.footer)

    def _gantt(self, gantt: Gantt) -> None:
        listing = gantt_listing(gantt, GANTT_MARK)

        def fills(number: int) -> list[str | None]:
            row = gantt.rows[number]
            return ([None] * GANTT_LEADING
                    + [STATUS_FILLS.get(row.status or "", NO_STATUS_FILL) if year in row.years
                       else None for year in gantt.years] + [None])

        self._table(listing, fills=fills)

    # --- charts -----------------------------------------------------------------------------

    def _chart_height(self, chart: Chart) -> float:
        from asean_labour.render.charts import height_cm

        caption = self._lines(f"Figure 99. {chart.title}", CAPTION)
        return height_cm(chart) * PT_PER_CM + CAPTION.before + caption * CAPTION.line

    def _chart(self, chart: Chart) -> None:
        """The chart as a PNG image with alt text, and a numbered caption."""
        from docx.shared import Cm

        from asean_labour.render import charts

        self.figures += 1
        self.pager.block(self._chart_height(chart), FIGURE.before)
        paragraph = self.doc.add_paragraph(style="Figure")
        shape = paragraph.add_run().add_picture(io.BytesIO(charts.png(chart)),
                                                width=Cm(FIGURE_WIDTH_CM))
        properties = shape._inline.docPr
        properties.set("descr", xml_safe(chart.alt_text()))
        properties.set("title", xml_safe(chart.title))
        properties.set("name", f"Figure {self.figures}")
        caption = (_runs("Figure ") + _field("SEQ Figure \\* ARABIC", str(self.figures))
                   + _runs(f". {chart.title}"))
        self._paragraph(CAPTION, caption)


def _table_parts(listing: Listing, twips: Sequence[int],
                 fills: Callable[[int], Sequence[str | None]] | None, style: Style = CELL,
                 whole: bool = False) -> Iterator[str]:
    """The table as WordprocessingML, as lxml writes it inside the document (no namespace
    declaration of its own), a row at a time (10,000 rows in well under a second): fixed
    layout, grey borders, the header row shaded and repeated, rows that never split across
    pages (`whole`: each row kept with the next, the table on one page)."""
    border = f'w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"'
    margins = round(CELL_SIDE * TWIPS), round(CELL_TOP * TWIPS)
    yield "".join([
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        f'<w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/>'
        f'<w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders>'
        f'<w:tblCellMar><w:top w:w="{margins[1]}" w:type="dxa"/><w:left w:w="{margins[0]}" '
        f'w:type="dxa"/><w:bottom w:w="{margins[1]}" w:type="dxa"/><w:right '
        f'w:w="{margins[0]}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in twips), "</w:tblGrid>"])
    aligns = [f'<w:jc w:val="{c.justify}"/>' if c.justify in ("right", "center") else ""
              for c in listing.columns]
    widths = [f'<w:tcW w:w="{w}" w:type="dxa"/>' for w in twips]

    last = len(listing.rows) - 1

    def row(cells: Sequence[str], header: bool, bold: bool, shades: Sequence[str | None],
            number: int = -1) -> str:
        properties = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
        # never the header row alone on a page; a whole table's rows each with the next
        keep = "<w:keepNext/>" if header or (whole and number < last) else ""
        out = [f"<w:tr><w:trPr>{properties}</w:trPr>"]
        for index, text in enumerate(cells):
            shade = shades[index] if shades else None
            fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
            out.append(f"<w:tc><w:tcPr>{widths[index]}{fill}</w:tcPr><w:p><w:pPr>"
                       f'<w:pStyle w:val="{style.id}"/>{keep}{aligns[index]}</w:pPr>'
                       f'{_runs(text, "<w:b/>" if bold else "")}</w:p></w:tc>')
        out.append("</w:tr>")
        return "".join(out)

    yield row([c.header for c in listing.columns], True, True, [HEADER_FILL] * len(twips))
    for number, cells in enumerate(listing.rows):
        yield row(cells, False, False, fills(number) if fills else (), number)
    yield "</w:tbl>"


def _extent(measure: Measure, text: str, size: float, keep: Sequence[str]
            ) -> tuple[float, float]:
    """The widest word and line of a cell, a phrase the column keeps whole ("no report
    received") counting as one word, so the column is made as wide as the phrase."""
    word, line = measure.extent(text, size)
    kept = [measure.width(p, size) for p in keep if " " in p and p in text]
    return max([word, *kept]), line


def _two_lines(measure: Measure, header: str, size: float) -> float:
    """The least width that holds a (bold) header on at most two lines, broken between
    words."""
    words = header.split()
    if len(words) < 2:
        return measure.width(header, size, True)
    return min(max(measure.width(" ".join(words[:k]), size, True),
                   measure.width(" ".join(words[k:]), size, True))
               for k in range(1, len(words)))


#: Cells up to this long have their measures remembered while a table's columns are sized.
SHORT_TEXT = 40
#: A column whose lines are mostly this share of the text width or less (a status, a date)
#: gets the width most of its lines need, as long as the columns beside the main one (the
#: titles) take no more than SHORT_COLUMNS of the width together.
NARROW, SHORT_COLUMNS = 0.21, 0.66


def column_widths(listing: Listing, measure: Measure | None = None,
                  total: float = TEXT_WIDTH, style: Style = CELL,
                  safe: tuple[tuple[str, ...], list[tuple[str, ...]]] | None = None
                  ) -> list[float]:
    """Widths in points that fill the text width, from the content: each column at least as
    wide as its widest word (a column that must not wrap, such as the ids, as its widest
    value); then a narrow column (statuses, dates) as wide as most of its lines, so they
    keep to one line; the room left is shared in proportion to how much wider each column's
    longest line is, and what is still left goes to the columns with a ratio (the titles)."""
    measure = measure or Measure()
    pad = 2 * CELL_SIDE + CELL_SLACK
    columns = listing.columns
    words, lines, usual = [], [], []
    headers, rows = safe or (tuple(xml_safe(c.header) for c in columns),
                             [tuple(xml_safe(cell) for cell in row) for row in listing.rows])
    size = style.size
    for index, column in enumerate(columns):
        word, _ = measure.extent(headers[index], size, True)
        widths = []
        seen: dict[str, tuple[float, float]] = {}  # short values recur: a status, a year
        for row in rows:
            text = row[index]
            found = seen.get(text)
            if found is None:
                found = _extent(measure, text, size, column.keep)
                if len(text) <= SHORT_TEXT:
                    seen[text] = found
            word = max(word, found[0])
            widths.append(found[1])
        widths.sort()
        words.append(word + pad)
        # a header of several words may take two lines ("No report / received"): the
        # numbers under it need no more room than that
        lines.append(max([_two_lines(measure, headers[index], size), *widths]) + pad)
        usual.append((widths[len(widths) * 4 // 5] if widths else 0.0) + pad)
    least = [lines[i] if c.no_wrap else words[i] for i, c in enumerate(columns)]
    if sum(least) > total:
        least = list(words)
    if sum(least) > total:  # words wider than the page: shrink them all alike
        scale = total / sum(least)
        return [w * scale for w in least]
    main = max(range(len(columns)), key=lambda i: columns[i].ratio or 0)  # the titles
    for index in sorted(range(len(columns)), key=lambda i: usual[i]):
        others = sum(least) - least[main] - least[index] + max(least[index], usual[index])
        if index != main and usual[index] <= NARROW * total and others <= SHORT_COLUMNS * total:
            least[index] = max(least[index], usual[index])
    room = total - sum(least)
    wants = [max(0.0, line - low) for line, low in zip(lines, least, strict=True)]
    if sum(wants) > room:
        return [low + room * want / sum(wants) for low, want in zip(least, wants, strict=True)]
    widths = [max(line, low) for line, low in zip(lines, least, strict=True)]
    spare = total - sum(widths)
    ratios = [c.ratio or 0 for c in columns]
    if not any(ratios):
        ratios = [1] * len(columns)
    return [w + spare * r / sum(ratios) for w, r in zip(widths, ratios, strict=True)]
