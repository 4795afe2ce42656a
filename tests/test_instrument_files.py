"""The instrument file format: a valid small instrument, and every class of problem reported
in one run, one line each, naming file, line, instrument or commitment, and field."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK
from tests.conftest import Invoke

Plans = Callable[..., Path]
FILE = "tiny/instruments/test.toml"

VALID = """\
schema_version = 1

[instrument]
id = "TEST-2021"
kind = "declaration"
title = "Test Declaration on Labour Market Information"
short_title = "Test Declaration"
place = "Jakarta, Indonesia"
date = 2021-05-01
note = "A small instrument for the tests."

[[sections]]
title = "PRINCIPLES"
lead_in = "The Member States will:"

[[commitments]]
number = 1
section = "PRINCIPLES"
text = "Share labour market information;"

[[commitments]]
number = 2
section = "PRINCIPLES"
text = "Hold a forum on migrant labour with the International Labour Organization."

[[links]]
projects = ["T-1"]
commitments = [1]
relation = "implements"
basis = "Test SLOM-WG Work Plan, item T-1: 'Stock taking of labour market information'."

[[links]]
plans = ["WG-T"]
relation = "implements"
basis = "The test work plan as a whole."
"""


def write(folder: Path, text: str, name: str = "test.toml") -> Path:
    target = folder / "instruments" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(textwrap.dedent(text), "utf-8")
    return target


def line_of(text: str, fragment: str, after: str | None = None) -> int:
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) + 1 if after else 0
    return next(n for n, line in enumerate(lines[start:], start + 1) if fragment in line)


def problems(invoke: Invoke, folder: Path, command: str = "validate") -> list[str]:
    """Run a command that must fail on the files; its problem lines."""
    result = invoke(command, "--plans", str(folder))
    assert result.exit_code == EXIT_FAILURE, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("error: ")
    return result.stderr.splitlines()[:-1]


def test_a_valid_instrument_loads_and_links(invoke: Invoke, tiny_plans: Plans) -> None:
    folder = tiny_plans()
    write(folder, VALID)
    check = invoke("validate", "--plans", str(folder))
    assert check.exit_code == EXIT_OK, check
    result = invoke("instruments", "TEST-2021", "--plans", str(folder), "--cycle", "2022",
                    "--format", "json")
    assert result.exit_code == EXIT_OK, result
    import json

    document = json.loads(result.stdout)
    assert [p["id"] for p in document["linked_projects"]] == ["T-1", "T-2"]
    assert document["instrument"]["commitments"][0]["projects"] == ["T-1"]
    ilo = invoke("instruments", "--collaborator", "ILO", "--plans", str(folder),
                 "--format", "json")
    record = json.loads(ilo.stdout)["instruments"][0]
    assert record["matching_projects"] == ["T-1"] and record["naming_commitments"] == [2]


@pytest.mark.parametrize(("edit", "where", "expected"), [
    (('kind = "declaration"', 'kind = "treaty"'), ("kind =", None),
     "{f}:{l}: TEST-2021: kind: unknown kind 'treaty'; expected one of: declaration, "
     "statement, consensus, agreement"),
    (("date = 2021-05-01", 'date = "2021-05-01"'), ("date =", None),
     "{f}:{l}: TEST-2021: date: expected a date such as 2017-10-31 (no quotes), got the "
     "string '2021-05-01'"),
    (("date = 2021-05-01", "date = 2999-01-01"), ("date =", None),
     "{f}:{l}: TEST-2021: date: 2999-01-01 is in the future"),
    (('id = "TEST-2021"', 'id = "2021 test"'), ("id =", None),
     "{f}:{l}: [instrument]: id: '2021 test' is not a valid id: use letters, digits, '-' and "
     "'.', starting with a letter (e.g. VIENTIANE-2016)"),
    (('short_title = "Test Declaration"', 'shorttitle = "Test Declaration"'), ("shorttitle", None),
     "{f}:{l}: TEST-2021: shorttitle: unknown field (did you mean 'short_title'?); expected "
     "one of: id, kind, title, short_title, adopted_by, occasion, place, date, "
     "date_as_printed, operative_clause, tasked, source, note"),
    (('place = "Jakarta, Indonesia"', 'place = " "'), ("place =", None),
     "{f}:{l}: TEST-2021: place: is empty"),
    (("number = 2", "number = 3"), ("number = 3", None),
     "{f}:{l}: TEST-2021 commitment 3: number: expected 2: commitments are numbered 1, 2, "
     "3, ... in the order the source prints them"),
    (('section = "PRINCIPLES"\ntext = "Share', 'section = "PRINCIPALS"\ntext = "Share'),
     ("PRINCIPALS", None),
     "{f}:{l}: TEST-2021 commitment 1: section: unknown section 'PRINCIPALS'; defined: "
     "PRINCIPLES"),
    (('projects = ["T-1"]', 'projects = ["T-11"]'), ("projects =", None),
     "{f}:{l}: TEST-2021 link 1: projects: no project 'T-11' in the loaded plans (did you "
     "mean T-1?)"),
    (('plans = ["WG-T"]', 'plans = ["WG-X"]'), ("plans =", None),
     "{f}:{l}: TEST-2021 link 2: plans: no plan 'WG-X' loaded; loaded: WP-T, WG-T"),
    (("commitments = [1]", "commitments = [7]"), ("commitments =", None),
     "{f}:{l}: TEST-2021 link 1: commitments: the instrument has no commitment 7 (it has 1 "
     "to 2)"),
    (('relation = "implements"', 'relation = "inspired"'), ("relation =", "[[links]]"),
     "{f}:{l}: TEST-2021 link 1: relation: unknown relation 'inspired'; expected one of: "
     "implements, adopted-at"),
    (('basis = "The test work plan as a whole."', 'basis = ""'), ('basis = ""', None),
     "{f}:{l}: TEST-2021 link 2: basis: is empty: cite the plan text that makes the link"),
    (('plans = ["WG-T"]', "plans = []"), ("[[links]]", "basis = \"Test"),
     "{f}:{l}: TEST-2021 link 2: projects: a link names at least one project (projects = "
     "[...]) or plan (plans = [...])"),
    (("schema_version = 1", "schema_version = 2"), ("schema_version", None),
     "{f}:{l}: schema_version: schema version 2 is not supported; this tool reads version 1"),
])
def test_each_problem_names_file_line_item_and_field(invoke: Invoke, tiny_plans: Plans,
                                                     edit: tuple[str, str],
                                                     where: tuple[str, str | None],
                                                     expected: str) -> None:
    text = VALID.replace(*edit, 1)
    assert text != VALID
    folder = tiny_plans()
    write(folder, text)
    assert problems(invoke, folder) == [expected.format(f=FILE, l=line_of(text, *where))]


def test_every_problem_of_every_file_in_one_run(invoke: Invoke, tiny_plans: Plans) -> None:
    folder = tiny_plans()
    write(folder, VALID.replace('kind = "declaration"', 'kind = "treaty"')
          .replace('projects = ["T-1"]', 'projects = ["T-9"]'), "a.toml")
    write(folder, VALID.replace("number = 2", "number = 5"), "b.toml")
    write(folder, VALID, "c.toml")  # the same id as a.toml and b.toml
    write(folder, "schema_version = 1\n[instrument\n", "d.toml")
    lines = problems(invoke, folder)
    assert lines == [
        "tiny/instruments/a.toml:5: TEST-2021: kind: unknown kind 'treaty'; expected one of: "
        "declaration, statement, consensus, agreement",
        "tiny/instruments/a.toml:27: TEST-2021 link 1: projects: no project 'T-9' in the "
        "loaded plans (did you mean T-2 or T-1?)",
        "tiny/instruments/b.toml:4: TEST-2021: id: instrument id 'TEST-2021' is also used by "
        "tiny/instruments/a.toml",
        "tiny/instruments/c.toml:4: TEST-2021: id: instrument id 'TEST-2021' is also used by "
        "tiny/instruments/a.toml",
        "tiny/instruments/d.toml:2:12: TOML syntax error: Expected ']' at the end of a table "
        "declaration",
    ]
    listing = problems(invoke, folder, "instruments")
    assert listing == lines


def test_required_fields_are_all_reported(invoke: Invoke, tiny_plans: Plans) -> None:
    folder = tiny_plans()
    write(folder, 'schema_version = 1\n\n[instrument]\nnote = "nothing else"\n\n'
                  "[[commitments]]\nnumber = 1\n")
    assert problems(invoke, folder) == [
        f"{FILE}:3: [instrument]: id: missing (required)",
        f"{FILE}:3: [instrument]: kind: missing (required)",
        f"{FILE}:3: [instrument]: title: missing (required)",
        f"{FILE}:3: [instrument]: place: missing (required)",
        f"{FILE}:3: [instrument]: date: missing (required)",
        f"{FILE}:6: instrument commitment 1: text: missing (required)",
    ]


def test_a_file_without_its_instrument_table(invoke: Invoke, tiny_plans: Plans) -> None:
    folder = tiny_plans()
    write(folder, 'instrument = "OSH"\n')
    assert problems(invoke, folder) == [
        f"{FILE}:1: instrument: expected a table, got the string 'OSH'",
        f"{FILE}: schema_version: missing (required)",
    ]


def test_the_instruments_folder_must_be_a_folder(invoke: Invoke, tiny_plans: Plans) -> None:
    folder = tiny_plans()
    (folder / "instruments").write_text("not a folder", "utf-8")
    assert problems(invoke, folder) == [
        "tiny/instruments: is not a folder; the plans folder keeps instruments/ for its "
        "instruments files"]


def test_a_file_named_toml_that_is_no_regular_file(invoke: Invoke, tiny_plans: Plans) -> None:
    folder = tiny_plans()
    (folder / "instruments").mkdir()
    os.mkfifo(folder / "instruments" / "odd.toml")
    assert problems(invoke, folder) == ["tiny/instruments/odd.toml: is not a regular file"]


def test_hidden_and_underscore_files_are_skipped(invoke: Invoke, tiny_plans: Plans) -> None:
    folder = tiny_plans()
    write(folder, "broken [", "_draft.toml")
    write(folder, "broken [", ".hidden.toml")
    write(folder, VALID, "nested/valid.toml")
    result = invoke("instruments", "--plans", str(folder), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    assert '"id": "TEST-2021"' in result.stdout


def test_instruments_are_not_read_as_plans(invoke: Invoke, tiny_plans: Plans) -> None:
    folder = tiny_plans()
    write(folder, VALID)
    result = invoke("validate", "--plans", str(folder))
    assert result.exit_code == EXIT_OK, result
    assert result.stdout.startswith("2 plan files, 2 plans")
