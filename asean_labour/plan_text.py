"""Writing plan files as people write them: TOML whose values tomli-w escapes, laid out like the
shipped plans (short lists on one line, a comment above a table), for `plans new` and
`plans import`. The tool writes a plan file only when it is new: it never rewrites one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: A list longer than this on one line is written one entry per line.
LINE = 100


def value(item: Any) -> str:
    """One TOML value: strings, numbers and booleans as tomli-w writes them; lists on one line
    (`[2026, 2027]`), tables inline (`{ name = "Malaysia", years = [2026] }`)."""
    if isinstance(item, list | tuple):
        return "[" + ", ".join(value(v) for v in item) + "]"
    if isinstance(item, Mapping):
        return "{ " + ", ".join(f"{k} = {value(v)}" for k, v in item.items()) + " }"
    import tomli_w

    return tomli_w.dumps({"v": item}).removeprefix("v = ").rstrip("\n")


def pair(key: str, item: Any) -> str:
    """`key = value`; a list too long for one line gets one entry per line."""
    line = f"{key} = {value(item)}"
    if len(line) <= LINE or not isinstance(item, list | tuple) or len(item) < 2:
        return line
    return f"{key} = [\n" + "".join(f"  {value(v)},\n" for v in item) + "]"


def table(name: str, fields: Mapping[str, Any], array: bool = False,
          comments: Iterable[str] = ()) -> str:
    """A `[name]` (or `[[name]]`) table of `fields` (None values left out), with comment
    lines above it."""
    lines = [f"# {c}" if c else "#" for c in comments]
    lines.append(f"[[{name}]]" if array else f"[{name}]")
    lines += [pair(k, v) for k, v in fields.items() if v is not None]
    return "\n".join(lines) + "\n"


def commented(text: str) -> str:
    """Lines of TOML turned into comments (an example to fill in)."""
    return "".join(f"# {line}\n" if line else "#\n" for line in text.splitlines())
