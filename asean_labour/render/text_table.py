"""Tables as lines of text, laid out for a width; no Rich console here (piped output needs none).

The rules, for every table of every command (docs/output.md, "Tables in the terminal"):

* Cells wrap between words only. A word wider than its column is shortened with "…"; no word
  is ever split over two lines.
* A `no_wrap` column (ids, dates, cycles, statuses) is as wide as its longest value. An
  `items` column (country names) wraps between its items, and inside one only when that
  item alone is wider than the column.
* A `hoist` column whose rows all hold the same value (the cycle of a batch) is left out and
  its value said once, in the title.
* Content that fits is shown on one line per row; otherwise the wrapping columns share the
  width by their ratio, and the table uses the whole width when its content needs it.
* When the width is short: the columns with the highest `drop` are hidden first (the footer
  names them); then `shorten` columns (titles) get one line each, ending in "…"; at the very
  last every column gives way (wraps at words, long words shortened).
* `wide` (--wide) hides and shortens nothing: every column wraps between words, at least as
  wide as its longest word; if the terminal is too narrow even for that, the table is wider.
* No width (None: piped with no terminal and no $COLUMNS): nothing hidden, nothing wrapped.

The layout is linear in the rows: each column is measured once, over all its cells joined
(C-speed string operations for plain ASCII text), and each cell is wrapped once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from rich.cells import cell_len

from asean_labour.render import Column, Listing
from asean_labour.text_safety import visible_controls

GAP = 2  # blank cells between two columns
ELLIPSIS = "…"
SHORTENED_LEAST = 12  # a title shortened to one line keeps at least this many cells
SQUEEZED_LEAST = 4  # at the very last, the narrowest a wrapping column gets


def cells(text: str) -> int:
    """The terminal cells a line takes: wide (CJK, emoji) characters count two."""
    return len(text) if text.isascii() else cell_len(text)


def inert(text: str) -> str:
    """User text as a table shows it: control characters visible, tabs as spaces."""
    return visible_controls(text).replace("\t", " ")


# (Plain classes and constants, not an Enum or dataclasses: every table command imports this
# module, and creating those classes cost about 3 ms at each start.)

class Break:
    """How a column's cells are broken into lines."""

    WORDS = "words"  # between words
    ITEMS = "items"  # between the items of a list, between words inside a long item
    LINE = "line"  # one line, ending in "…" when cut


class Fit:
    """A listing laid out for a width: what is shown, how wide, and what gave way."""

    __slots__ = ("breaks", "dropped", "listing", "shortened", "width", "widths")

    def __init__(self, listing: Listing, widths: tuple[int | None, ...],
                 breaks: tuple[str, ...], dropped: tuple[str, ...] = (),
                 shortened: tuple[str, ...] = (), width: int | None = None) -> None:
        self.listing = listing  # hoisted values in the title, hidden columns left out
        self.widths = widths  # per shown column; None: no limit
        self.breaks = breaks  # per shown column, a Break
        self.dropped = dropped  # headers of the hidden columns
        self.shortened = shortened  # headers of the columns cut to one line
        self.width = width  # the width laid out for

    def note(self, hint: bool = True) -> str:
        """The footer line that says what was hidden or shortened, and (`hint`: on a screen,
        where the command can be run again) how to see it all: every command that prints a
        table has --wide and --format json."""
        if not self.dropped and not self.shortened:
            return ""
        parts = []
        if self.dropped:
            parts.append(f"hidden to fit {self.width} columns: {', '.join(self.dropped)}")
        if self.shortened:
            parts.append(f"{', '.join(self.shortened)} shortened to one line"
                         + ("" if self.dropped else f" to fit {self.width} columns"))
        if hint:
            parts.append("--wide shows everything, --format json every field")
        return f"({'; '.join(parts)})"


# --- measuring ---------------------------------------------------------------------------------

class _Measure:
    __slots__ = ("header", "header_word", "item", "values", "word")

    def __init__(self, values: int, header: int, header_word: int, item: int,
                 word: int = 0) -> None:
        self.values = values  # the longest line of any cell
        self.header = header  # the header on one line
        self.header_word = header_word  # the longest word of the header
        self.item = item  # the longest item (of an `items` column; else the longest line)
        self.word = word  # the longest word of any cell (measured for --wide only)

    @property
    def natural(self) -> int:
        return max(self.values, self.header)

    def narrow(self, column: Column) -> int:
        """The width of a column that takes no share of the spare width: its longest value
        (its longest item, for a list), its header wrapped between words."""
        return max(self.item if column.items else self.values, self.header_word)


def _longest(lines: Iterable[str]) -> int:
    return max((cells(line) for line in lines), default=0)


def _survey(column: Column, values: Sequence[str], words: bool) -> tuple[Sequence[str],
                                                                        _Measure]:
    """The column's cells made inert, and its measure: every statistic the widths are chosen
    by (longest line, longest item, and for --wide the longest word), taken from the cells
    joined once (C-speed string operations; each line of a non-ASCII column is measured once,
    by `cells`)."""
    joined = "\n".join(values)  # a line break is kept, and no control is made visible
    if "\t" in joined or visible_controls(joined) != joined:
        values = [inert(v) for v in values]
        joined = "\n".join(values)
    plain = joined.isascii()
    lines = joined.split("\n")
    widest = max(map(len, lines), default=0) if plain else _longest(lines)
    item = widest
    if column.items:  # an item with the comma that follows it when it ends a line
        pieces = joined.replace(", ", ",\n").split("\n")
        item = max(map(len, pieces), default=0) if plain else _longest(pieces)
    word = 0
    if words:
        split = joined.split()
        word = max(map(len, split), default=0) if plain else _longest(split)
    header_words = column.header.split()
    return values, _Measure(widest, cells(column.header), _longest(header_words), item, word)


# --- fitting -----------------------------------------------------------------------------------

def hoisted(listing: Listing) -> Listing:
    """The listing with every `hoist` column that holds one value in all its rows said once,
    in the title: "Would record (cycle 2017)"."""
    said: list[str] = []
    keep: list[int] = []
    for index, column in enumerate(listing.columns):
        values = {row[index] for row in listing.rows} if column.hoist else set()
        if len(values) == 1 and next(iter(values)).strip():
            said.append(f"{column.header[:1].lower()}{column.header[1:]} {values.pop()}")
        else:
            keep.append(index)
    if not said:
        return listing
    title = (f"{listing.title} ({', '.join(said)})" if listing.title else
             ", ".join(said).capitalize())
    return _only(replace(listing, title=title), keep)


def _only(listing: Listing, keep: Sequence[int]) -> Listing:
    if len(keep) == len(listing.columns):
        return listing
    return replace(
        listing, columns=tuple(listing.columns[i] for i in keep),
        rows=tuple(tuple(row[i] for i in keep) for row in listing.rows),
        cell_styles=tuple(tuple(row[i] for i in keep) for row in listing.cell_styles))


def _flexible(column: Column) -> bool:
    return column.ratio is not None and not column.no_wrap


def fit(listing: Listing, width: int | None, wide: bool = False) -> Fit:
    """Lay `listing` out for `width` terminal cells (None: no limit); see the module's rules."""
    listing = hoisted(listing)
    columns = listing.columns
    # One pass over the rows, turning them into columns; then each column is surveyed once.
    raw: list[Sequence[str]] = list(zip(*listing.rows, strict=True)) if listing.rows else \
        [() for _ in columns]
    surveyed = [_survey(c, v, wide and width is not None and _flexible(c))
                for c, v in zip(columns, raw, strict=True)]
    values = [v for v, _ in surveyed]
    measures = [m for _, m in surveyed]
    if any(v is not r for v, r in zip(values, raw, strict=True)):
        listing = replace(listing, rows=tuple(zip(*values, strict=True)))
    everything = list(range(len(columns)))
    words = tuple(Break.ITEMS if c.items else Break.WORDS for c in columns)

    if width is None:
        return Fit(listing, tuple(m.natural for m in measures), words, width=None)

    def room(shown: Sequence[int]) -> int:
        return width - GAP * (len(shown) - 1)

    def least(i: int, short: bool) -> int:
        m, column = measures[i], columns[i]
        if not _flexible(column):
            return m.narrow(column)
        if short and column.shorten:
            return min(m.natural, max(m.header_word, SHORTENED_LEAST))
        floor = max(column.min_width or 0, m.header_word,
                    m.item if column.items and column.min_width is None else 0)
        return min(m.natural, floor)

    def result(shown: list[int], sizes: dict[int, int], short: bool,
               dropped: Sequence[int] = ()) -> Fit:
        breaks = tuple(Break.LINE if short and columns[i].shorten and not wide else words[i]
                       for i in shown)
        shortened = tuple(columns[i].header for i, b in zip(shown, breaks, strict=True)
                          if b == Break.LINE and sizes[i] < measures[i].values)
        return Fit(_only(listing, shown), tuple(sizes[i] for i in shown), breaks,
                   tuple(columns[i].header for i in dropped), shortened, width)

    if sum(measures[i].natural for i in everything) <= room(everything):
        return result(everything, {i: measures[i].natural for i in everything}, False)
    if wide:
        return result(everything, _whole(everything, measures, columns, room(everything),
                                         least), False)
    shown = list(everything)
    dropped: list[int] = []
    short = False
    while True:
        lows = {i: least(i, short) for i in shown}
        if sum(lows.values()) <= room(shown):
            return result(shown, _share(shown, lows, measures, columns, room(shown)), short,
                          dropped)
        droppable = [i for i in shown if columns[i].drop]
        if droppable:
            victim = max(droppable, key=lambda i: (columns[i].drop, i))
            shown.remove(victim)
            dropped.append(victim)
        elif not short and any(columns[i].shorten for i in shown):
            short = True
        else:
            break
    return result(shown, _squeeze(shown, measures, columns, room(shown), short), short, dropped)


def _share(shown: Sequence[int], lows: dict[int, int], measures: Sequence[_Measure],
           columns: Sequence[Column], room: int) -> dict[int, int]:
    """Every column at least its least width; what is left goes first to the narrow columns'
    headers (a header on one line), then to the wrapping columns by ratio, none beyond what
    its content needs: the table takes the whole width if its content needs it."""
    sizes = dict(lows)
    spare = room - sum(sizes.values())
    for i in shown:
        if not _flexible(columns[i]):
            grow = min(spare, measures[i].header - sizes[i])
            if grow > 0:
                sizes[i] += grow
                spare -= grow
    growing = [i for i in shown if _flexible(columns[i]) and sizes[i] < measures[i].natural]
    while spare > 0 and growing:
        total = sum(columns[i].ratio or 1 for i in growing)
        shares = {i: spare * (columns[i].ratio or 1) // total for i in growing}
        if not any(shares.values()):  # less spare than columns: one cell each, widest first
            for i in sorted(growing, key=lambda i: -(columns[i].ratio or 1))[:spare]:
                shares[i] = 1
        for i in growing:
            grow = min(shares[i], measures[i].natural - sizes[i])
            sizes[i] += grow
            spare -= grow
        growing = [i for i in growing if sizes[i] < measures[i].natural]
    return sizes


def _whole(shown: Sequence[int], measures: Sequence[_Measure], columns: Sequence[Column],
           room: int, least: Callable[[int, bool], int]) -> dict[int, int]:
    """--wide: every column, every word whole. The wrapping columns are at least as wide as
    their longest word, and as their minimum if there is room for it; when even the longest
    words do not fit, the table is wider than the terminal (`less -S` scrolls it)."""
    word = {i: max(measures[i].word, measures[i].header_word) for i in shown
            if _flexible(columns[i])}
    lows = {i: least(i, False) for i in shown}
    comfortable = {i: max(lows[i], word.get(i, 0)) for i in shown}
    if sum(comfortable.values()) <= room:
        return _share(shown, comfortable, measures, columns, room)
    bare = {i: word.get(i, lows[i]) for i in shown}
    if sum(bare.values()) <= room:
        return _share(shown, bare, measures, columns, room)
    return bare


def _squeeze(shown: Sequence[int], measures: Sequence[_Measure], columns: Sequence[Column],
             room: int, short: bool) -> dict[int, int]:
    """The last resort, when even the least widths do not fit: the narrow columns (ids,
    counts) keep their width if the others can still have a few cells each; the others
    share what is left, the narrowest first."""
    fixed = [i for i in shown if not _flexible(columns[i])]
    rest = [i for i in shown if i not in fixed]
    kept = sum(measures[i].narrow(columns[i]) for i in fixed)
    sizes: dict[int, int] = {}
    if rest and kept + SQUEEZED_LEAST * len(rest) <= room:
        for i in fixed:
            sizes[i] = measures[i].narrow(columns[i])
        room -= kept
        sharing = rest
    else:
        sharing = list(shown)
    wants = {i: (min(measures[i].natural, max(measures[i].header_word, SHORTENED_LEAST))
                 if short and columns[i].shorten else measures[i].natural) for i in sharing}
    for i, size in zip(sharing, _shared([wants[i] for i in sharing], room), strict=True):
        sizes[i] = size
    return sizes


def _shared(wants: list[int], room: int) -> list[int]:
    """Widths that add up to at most `room` (at least one cell each): narrow columns get what
    they want, the wide ones share the rest equally."""
    widths = list(wants)
    order = sorted(range(len(wants)), key=lambda i: wants[i])
    while order:
        level = max(1, room // len(order))
        if wants[order[0]] <= level:
            room -= wants[order.pop(0)]
            continue
        extra = max(0, room - level * len(order))
        for rank, i in enumerate(order):
            widths[i] = level + (1 if rank < extra else 0)
        break
    return widths


# --- breaking cells into lines -----------------------------------------------------------------

def _cut(text: str, room: int) -> str:
    """The longest start of `text` that takes at most `room` cells."""
    if text.isascii():
        return text[:room]
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > room:
            return text[:index]
    return text


def shorten(text: str, width: int) -> str:
    """`text` on one line of at most `width` cells: its first line, cut where a word ends
    when one ends near enough, with "…" where anything was left out."""
    first, newline, _ = text.partition("\n")
    if cells(first) <= width and not newline:
        return first
    if width <= 1:
        return ELLIPSIS[:width]
    if cells(first) < width:
        return first.rstrip() + ELLIPSIS
    start = _cut(first, width - 1)
    if not first[len(start)].isspace():
        space = start.rfind(" ")
        if space >= (width - 1) * 2 // 3:
            start = start[:space]
    return start.rstrip() + ELLIPSIS


_TOKENS = re.compile(r" +|[^ ]+")


def wrap_words(text: str, width: int) -> list[str]:
    """The lines of a cell wrapped between words at `width` cells; line breaks kept; a word
    wider than the column shortened with "…" (never split over lines)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if cells(paragraph) <= width:
            lines.append(paragraph.rstrip())
            continue
        # Linear in the paragraph: each token is measured once, the line's width is kept as
        # a count (never re-measured) and its pieces joined once, when the line is done.
        measure = len if paragraph.isascii() else cells
        line: list[str] = []
        used, fresh = 0, False  # fresh: after a wrap, spaces are dropped
        for token in _TOKENS.findall(paragraph):
            size = measure(token)
            if token[0] == " ":
                if fresh:
                    continue
                if used + size < width:  # room for the space and part of a word
                    line.append(token)
                    used += size
                else:
                    lines.append("".join(line).rstrip())
                    line, used, fresh = [], 0, True
                continue
            word = token
            if size > width:
                word = shorten(token, width)
                size = cells(word)
            if used + size > width:
                done = "".join(line)
                if done.strip():
                    lines.append(done.rstrip())
                line, used = [], 0  # (an indentation that leaves no room is dropped)
            line.append(word)
            used += size
            fresh = False
        lines.append("".join(line).rstrip())
    return lines


def wrap_items(text: str, width: int) -> list[str]:
    """The lines of a list cell ("Lao PDR, Viet Nam"): broken after an item's comma; an item
    wider than the column wraps between its words."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if cells(paragraph) <= width:
            lines.append(paragraph.rstrip())
            continue
        # Each item measured once; the line's width kept as a count (cells add up).
        items = paragraph.split(", ")
        line, used = "", 0
        for number, item in enumerate(items, start=1):
            piece = item + ("," if number < len(items) else "")
            size = cells(piece)
            if line and used + 1 + size <= width:
                line, used = f"{line} {piece}", used + 1 + size
                continue
            if not line and size <= width:
                line, used = piece, size
                continue
            if line:
                lines.append(line)
            if size <= width:
                line, used = piece, size
            else:
                *full, line = wrap_words(piece, width)
                lines.extend(full)
                used = cells(line)
        lines.append(line)
    return lines


def cell_lines(value: str, width: int | None, how: str = Break.WORDS) -> list[str]:
    """A cell's lines at `width` cells (None: no limit, line breaks only)."""
    if "\n" not in value and (width is None or (len(value) <= width and value.isascii())):
        return [value]
    if width is None:
        return value.split("\n")
    if how == Break.LINE:
        return [shorten(value, width)]
    if how == Break.ITEMS:
        return wrap_items(value, width)
    return wrap_words(value, width)


NO_BREAK = "\u00a0"


def kept_lines(value: str, width: int | None, how: str, keep: Sequence[str]) -> list[str]:
    """A cell's lines with the phrases of `keep` ("not started") never broken over lines."""
    bound = value
    for phrase in sorted(keep, key=len, reverse=True):  # "no report received" first
        if phrase in bound:
            bound = bound.replace(phrase, phrase.replace(" ", NO_BREAK))
    if bound is value:
        return cell_lines(value, width, how)
    return [line.replace(NO_BREAK, " ") for line in cell_lines(bound, width, how)]


def wrap_cell(value: str, width: int | None) -> list[str]:
    """User text wrapped between words at `width` cells, control characters visible."""
    return cell_lines(inert(value), width)


def pad(value: str, width: int, justify: str) -> str:
    space = width - (len(value) if value.isascii() else cell_len(value))
    if space <= 0:
        return value
    if justify == "right":
        return " " * space + value
    if justify == "center":
        return " " * (space // 2) + value + " " * (space - space // 2)
    return value + " " * space


# --- laying out --------------------------------------------------------------------------------

Span = tuple[int, int, int, int, str]  # first line, end line, start, end (characters), style


def layout(fitted: Fit) -> tuple[list[str], list[Span]]:
    """The table's lines (header, rule, rows) and its styled ranges: whole rows (from
    character 0 of the first line to the end, -1, of the last) or one cell of one line.
    Laid out here rather than by Rich's table engine: ten thousand wrapped rows take a
    second instead of minutes. Each cell is broken into lines once (a plain one-line cell
    that fits is not broken at all) and each of its lines measured once more, to pad it."""
    listing = fitted.listing
    columns = listing.columns
    sizes = [w if w is not None else -1 for w in fitted.widths]
    last = len(columns) - 1
    separator = " " * GAP
    lines: list[str] = []
    spans: list[Span] = []
    justs = [c.justify for c in columns]
    keeps = [c.keep for c in columns]
    # padded even when the row has no cell style: all but a last left-justified column
    padded = [size >= 0 and (index < last or column.justify != "left")
              for index, (size, column) in enumerate(zip(sizes, columns, strict=True))]

    def add(row: Sequence[str], breaks: Sequence[str], style: str | None,
            styles: Sequence[str | None] = ()) -> None:
        first = len(lines)
        wrapped: list[list[str]] = []
        depth = 1
        for value, size, how, keep in zip(row, sizes, breaks, keeps, strict=True):
            if not keep and "\n" not in value and (size < 0 or (len(value) <= size
                                                               and value.isascii())):
                wrapped.append([value])  # (what cell_lines gives, without the call)
                continue
            got = kept_lines(value, size if size >= 0 else None, how, keep) if keep else \
                cell_lines(value, size if size >= 0 else None, how)
            wrapped.append(got)
            depth = max(depth, len(got))
        styled = any(styles)
        for level in range(depth):
            parts = []
            for cell, size, justify, pads in zip(wrapped, sizes, justs, padded, strict=True):
                text = cell[level] if level < len(cell) else ""
                if pads or (styled and size >= 0):
                    space = size - (len(text) if text.isascii() else cell_len(text))
                    if space > 0:  # (as `pad` does)
                        if justify == "right":
                            text = " " * space + text
                        elif justify == "center":
                            text = " " * (space // 2) + text + " " * (space - space // 2)
                        else:
                            text += " " * space
                parts.append(text)
            if styled:
                start = 0
                for part, cell_style in zip(parts, styles, strict=True):
                    if cell_style:
                        spans.append((len(lines), len(lines) + 1, start, start + len(part),
                                      cell_style))
                    start += len(part) + GAP
            lines.append(separator.join(parts).rstrip())
        if style:
            spans.append((first, len(lines), 0, -1, style))

    add([c.header for c in columns], [Break.WORDS] * len(columns), "bold")
    natural = [max(cells(c.header), 1) for c in columns]
    rule = sum(w if w >= 0 else n for w, n in zip(sizes, natural, strict=True))
    lines.append("─" * (rule + GAP * last))
    styles: Sequence[str | None] = listing.styles or [None] * len(listing.rows)
    per_cell: Sequence[Sequence[str | None]] = listing.cell_styles or [()] * len(listing.rows)
    for row, style, cell_style in zip(listing.rows, styles, per_cell, strict=True):
        add(row, fitted.breaks, style, cell_style)
    return lines, spans


def title_lines(title: str, width: int | None) -> list[str]:
    return wrap_cell(title, width)


def plain_listing(listing: Listing, width: int | None, wide: bool = False) -> str:
    """The whole listing (title, table, footer) as plain text."""
    fitted = fit(listing, width, wide)
    out = title_lines(fitted.listing.title, width) if fitted.listing.title else []
    out += layout(fitted)[0]
    footer = " ".join(x for x in (listing.footer or "", fitted.note()) if x)
    if footer:
        out += wrap_cell(footer, width)
    return "\n".join(out) + "\n"


def field_lines(fields: Sequence[tuple[str, str]], width: int | None) -> list[tuple[str, str]]:
    """The 'label  value' lines of fields with a value, as (padded label, value) pairs:
    values wrap between words, labels keep their column (a third of the width at most)."""
    shown = [(label, value) for label, value in fields if value]
    if not shown:
        return []
    widest = max(cells(inert(label)) for label, _ in shown)
    label_width = widest if width is None else min(widest, max(6, width // 3))
    value_width = None if width is None else max(1, width - label_width - 2)
    out = []
    for label, value in shown:
        labels, values = wrap_cell(label, label_width), wrap_cell(value, value_width)
        for depth in range(max(len(labels), len(values))):
            left = pad(labels[depth] if depth < len(labels) else "", label_width, "left")
            out.append((left, values[depth] if depth < len(values) else ""))
    return out


def plain_fields(title: str, fields: Sequence[tuple[str, str]], width: int | None) -> str:
    """'label  value' lines under a title, as plain text."""
    lines = title_lines(title, width)
    lines += [f"{label}  {value}".rstrip() for label, value in field_lines(fields, width)]
    return "\n".join(lines) + "\n"


HEAT = ("", "on grey23", "on grey37", "on grey50")


def heat_map(listing: Listing, peak: int) -> Listing:
    """A count table whose cells are shaded by size (on a terminal with colour); the Total
    row and column in bold."""
    styles: list[tuple[str | None, ...]] = []
    for row in listing.rows:
        if row[0] == "Total":
            styles.append(tuple("bold" for _ in row))
            continue
        shades: list[str | None] = [None]
        for value in row[1:-1]:
            count = int(value) if value.isdigit() else 0
            level = 0 if not peak or not count else min(3, 1 + (3 * count - 1) // peak)
            shades.append(HEAT[level] or None)
        styles.append((*shades, "bold"))
    return replace(listing, cell_styles=tuple(styles))
