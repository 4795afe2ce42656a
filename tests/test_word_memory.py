"""The Word report in bounded memory: python-docx holds a placeholder where each table goes,
and the table's rows are made into XML and written into word/document.xml a chunk at a time
when the file is saved, never held whole (as lxml elements, or as one string); the XML is
what lxml would have written, so the file is the same as when the tables were elements."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from typing import Any

import docx
import pytest
from lxml import etree

from asean_labour.render import Column, Listing, report_docx
from asean_labour.render.report_layout import Document, Gantt, GanttRow, Heading, Table
from tests.office import W

#: Cells no table of the tool has yet: markup, entities, control characters, a tab and a
#: line break, non-ASCII, a lone surrogate and a non-character, empty.
HOSTILE = ("<b>&amp; \"quoted\" 'x' > y", "\x1b[31mred\x07\x7f\x85", "tab\there\nnext line",
           "Việt Nam – Lao PDR ✓ 漢字", "\ud800 \ufffe", "", "  spaced  ", "\u202eevil")


def listing(count: int, start: int = 0) -> Listing:
    """A table of `count` projects, each title different (as in a real annex)."""
    rows = tuple((f"P-{i}", f"Regional workshop {i} on decent work & productivity <growth> "
                            f"in {i % 97} rural provinces",
                  ("ongoing", "completed", "not started")[i % 3], str(2016 + i % 5))
                 for i in range(start, start + count))
    return Listing(None, (Column("ID", no_wrap=True), Column("Title", ratio=4),
                          Column("Status", keep=("not started",)),
                          Column("Year", justify="right")), rows)


def annex(table: Listing) -> Document:
    return Document("Annex", ("The annex",), (Heading("Annex", 1), Table(table)))


def document_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(report_docx.DOCUMENT_XML)


class Entry:
    """A zip entry that records what is written to it, and when."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.writes.append(bytes(data))
        return len(data)


def test_the_tree_holds_a_placeholder_and_the_rows_go_in_chunks() -> None:
    table = listing(3000)
    doc = docx.Document()
    writer = report_docx._Writer(doc, annex(table))
    writer.write()
    body = doc.element.body
    assert body.findall(f"{W}tbl") == []  # no table as lxml elements
    assert len(body.findall(f"{W}tableStream")) == len(writer.streams) == 1
    buffer = io.BytesIO()
    doc.save(buffer)
    saved = document_xml(buffer.getvalue())
    assert len(saved) < 10_000  # the document without its table is small
    entry = Entry()
    report_docx._write_document(entry, saved, writer.streams)  # type: ignore[arg-type]
    written = b"".join(entry.writes)
    assert len(written) > 30 * report_docx.CHUNK
    assert max(len(w) for w in entry.writes) <= 2 * report_docx.CHUNK
    assert len(entry.writes) > 30
    # What was written is the whole document, the table in its place with every row.
    root = etree.fromstring(written)
    tables = root.findall(f"{W}body/{W}tbl")
    assert len(tables) == 1 and root.find(f".//{W}tableStream") is None
    rows = tables[0].findall(f"{W}tr")
    assert len(rows) == 3001
    assert "".join(rows[1234].itertext()).startswith("P-1233Regional workshop 1233")


def test_the_streamed_table_is_what_lxml_writes() -> None:
    rows = tuple(tuple(HOSTILE[(i + k) % len(HOSTILE)] for k in range(4))
                 for i in range(len(HOSTILE)))
    table = Listing(None, listing(1).columns, rows)
    shades = ["A9D18E", None, "FFD966", None]
    for fills, whole in ((None, False), (lambda n: shades[n % 4:] + shades[:n % 4], True)):
        xml = "".join(report_docx._table_parts(table, [1000, 5000, 2000, 1637], fills,
                                               report_docx.CELL, whole))
        wrapped = f"<w:body {report_docx._NSDECL}>{xml}</w:body>"
        assert etree.tostring(etree.fromstring(wrapped), encoding="unicode") == wrapped


def test_a_report_is_the_same_file_whatever_the_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    years = (2016, 2017, 2018)
    gantt = Gantt(years, tuple(GanttRow(f"G-{i}", f"Gantt {i} {HOSTILE[i % len(HOSTILE)]}",
                                        frozenset(years[:i % 3 + 1]), "delayed", "Delayed")
                               for i in range(40)))
    document = Document("Annex", (), (Heading("Annex", 1), Table(listing(400)), gantt,
                                      Table(Listing(None, listing(1).columns,
                                                    (tuple(HOSTILE[:4]),)), whole=True)))
    first = report_docx.render(document)
    monkeypatch.setattr(report_docx, "CHUNK", 7)
    assert report_docx.render(document) == first
    opened = docx.Document(io.BytesIO(first))
    assert [len(t.rows) for t in opened.tables] == [401, 41, 2]
    assert opened.tables[0].cell(400, 0).text == "P-399"
    fills = opened.tables[1]._tbl.xpath(".//w:shd/@w:fill")
    assert report_docx.STATUS_FILLS["delayed"] in fills


def test_memory_grows_with_the_rows_far_less_than_the_xml() -> None:
    """Each row costs the writer its measures (a height, a cached line count), not its XML:
    the peak grows by less than half what word/document.xml grows by (the tables held
    whole cost four to five times the XML)."""
    report_docx.render(annex(listing(5)))  # python-docx's imports and template, once
    peaks, sizes = [], []
    for count in (1000, 6000):
        document = annex(listing(count, start=count))
        tracemalloc.start()
        try:
            data = report_docx.render(document)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        sizes.append(len(document_xml(data)))
    assert sizes[1] - sizes[0] > 3_000_000
    assert peaks[1] - peaks[0] < (sizes[1] - sizes[0]) / 2


def test_a_document_xml_past_the_zip64_limit_is_written_again_with_zip64_sizes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    document = annex(listing(500))
    plain = report_docx.render(document)
    calls: list[bool] = []
    package = report_docx._package

    def spy(data: bytes, streams: Any, zip64: bool = False) -> bytes:
        calls.append(zip64)
        return package(data, streams, zip64)

    monkeypatch.setattr(report_docx, "_package", spy)
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", len(document_xml(plain)) // 2)
    data = report_docx.render(document)
    assert calls == [False, True]
    assert data != plain and document_xml(data) == document_xml(plain)
    assert len(docx.Document(io.BytesIO(data)).tables[0].rows) == 501
