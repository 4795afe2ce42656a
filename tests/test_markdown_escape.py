"""Markdown escaping: a CommonMark parser (markdown-it-py, with GitHub's tables and
strikethrough) shows any text literally, in a paragraph, a heading, a list item and a table
cell; and only what Markdown would read as markup is escaped."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from asean_labour.text_safety import markdown_escape, visible_controls

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

#: Text made of Markdown's own characters, words and spaces: where escaping bugs live.
MARKUP = st.text(st.sampled_from(list("`*_[]()<>|~&#!\\-+=.:;0123456789 \tab\nxAZ/\"'{}")),
                 max_size=40)


def shown(tokens: list[Any]) -> str:
    """The text a reader sees: text, code and line breaks; any other markup is a failure."""
    out = []
    for token in tokens:
        if token.type != "inline":
            continue
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type == "html_inline" and child.content == "<br>":
                out.append("\n")
            else:
                out.append(f"<{child.type}>")
    return "".join(out)


def blocks(tokens: list[Any]) -> list[str]:
    return [t.type for t in tokens if t.type.endswith("_open")]


def expected(text: str) -> str:
    """What Markdown can keep: the text without white space at either end (line breaks,
    written as <br>, are kept)."""
    return re.sub(r"\A[^\S\n]+|[^\S\n]+\Z", "", visible_controls(text))


def as_paragraph(text: str) -> list[Any]:
    return list(PARSER.parse("Before.\n\n" + markdown_escape(text) + "\n\nAfter.\n"))


@given(MARKUP | st.text(max_size=40))
@example("2016-2020 (ALM) 0.1.0.")
@example("**bold** [link](http://x) <script>alert(1)</script> `code` | pipe ~~gone~~")
@example("# heading")
@example("1. item")
@example("- item")
@example("---")
@example("> quote")
@example("    indented code")
@example("&amp; &#123; &copy;")
@example("trailing backslash\\")
@example("a\\\nb")
@example("snake_case _emphasis_ __strong__")
@example("title ##")
@example("![image](x.png)")
@example("```fence")
@example("[ref]: http://x")
def test_any_text_reads_back_literally_in_a_paragraph(text: str) -> None:
    tokens = as_paragraph(text)
    want = expected(text)
    if not want.replace("\n", "").strip():
        return  # nothing to show (blank text makes no paragraph)
    assert blocks(tokens) == ["paragraph_open"] * 3
    assert shown(tokens[3:6]) == want


@given(MARKUP | st.text(max_size=40))
@example("# heading ##")
@example("1. numbered")
def test_any_text_reads_back_literally_as_a_heading(text: str) -> None:
    tokens = list(PARSER.parse(f"## {markdown_escape(text, inline=True)}\n"))
    want = expected(text).strip(" \t")
    assert blocks(tokens) == ["heading_open"]
    assert shown(tokens).strip(" \t") == want


@given(MARKUP | st.text(max_size=40))
@example("1. numbered")
@example("- dash")
def test_any_text_reads_back_literally_as_a_list_item(text: str) -> None:
    tokens = list(PARSER.parse(f"- {markdown_escape(text)}\n"))
    want = expected(text)
    if not want.strip():
        return
    assert blocks(tokens)[:1] == ["bullet_list_open"]
    assert blocks(tokens).count("bullet_list_open") == 1  # no list inside the item
    assert shown(tokens) == want


@given(MARKUP | st.text(max_size=40))
@example("a | b")
@example("2016-2020")
def test_any_text_reads_back_literally_in_a_table_cell(text: str) -> None:
    cell = markdown_escape(text, inline=True)
    tokens = list(PARSER.parse(f"| ID | Note |\n|---|---|\n| X-1 | {cell} |\n"))
    cells = [shown([t]) for i, t in enumerate(tokens)
             if t.type == "inline" and tokens[i - 1].type == "td_open"]
    assert cells == ["X-1", expected(text).strip(" \t")]


@pytest.mark.parametrize(("text", "escaped"), [
    ("2016-2020 (ALM) 0.1.0.", "2016-2020 (ALM) 0.1.0."),
    ("ASEAN-OSHNET, Viet Nam; 5-6 October 2017.", "ASEAN-OSHNET, Viet Nam; 5-6 October 2017."),
    ("snake_case and 50% & more!", "snake_case and 50% & more!"),
    ("**bold**", "\\*\\*bold\\*\\*"),
    ("[x](y)", "\\[x](y)"),
    ("<b>", "\\<b>"),
    ("a | b", "a \\| b"),
    ("`code`", "\\`code\\`"),
    ("_under_", "\\_under\\_"),
    ("&amp;", "\\&amp;"),
    ("1. first", "1\\. first"),
    ("- item", "\\- item"),
    ("# head", "\\# head"),
    ("> quote", "\\> quote"),
    ("line\nbreak", "line<br>break"),
    ("esc \x1b[31m", "esc \\x1b\\[31m"),
])
def test_only_what_markdown_reads_is_escaped(text: str, escaped: str) -> None:
    assert markdown_escape(text) == escaped


def test_inline_text_needs_no_block_escapes() -> None:
    assert markdown_escape("1. Executive summary", inline=True) == "1. Executive summary"
    assert markdown_escape("# not a heading", inline=True) == "# not a heading"
    assert markdown_escape("closing ##", inline=True) == "closing \\##"
