"""The ratifications file format: every class of problem reported in one run, one line each,
naming file, line, Member State or convention, and field; a failed load prints nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK
from tests.conftest import Invoke

FILE = "plans/ratifications/test.toml"

VALID = """\
schema_version = 1
verified = 2020-01-15
source = "A test source"

[[conventions]]
code = "C155"
title = "Occupational Safety and Health Convention, 1981 (No. 155)"
group = "technical"

[[member_states]]
country = "Viet Nam"
ratified = ["C155"]
ratified_on = { C155 = 1994-10-03 }

[[member_states]]
country = "Laos"
not_ratified = ["C155", "C087"]
"""


def write(plans: Path, text: str, name: str = "test.toml") -> None:
    (plans / "ratifications" / name).write_text(text, "utf-8")


def line_of(text: str, fragment: str, after: str | None = None) -> int:
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) + 1 if after else 0
    return next(n for n, line in enumerate(lines[start:], start + 1) if fragment in line)


def problems(invoke: Invoke, plans: Path, command: str = "validate") -> list[str]:
    result = invoke(command, "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()[:-1]


def test_a_valid_file_adds_a_convention_and_facts(invoke: Invoke, plans: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    write(plans, VALID)
    monkeypatch.chdir(plans.parent)
    check = invoke("validate", "--plans", "plans")
    assert check.exit_code == EXIT_OK, check
    result = invoke("ratifications", "--plans", "plans", "--convention", "technical",
                    "--country", "Viet Nam", "--country", "Lao PDR", "--country", "Thailand")
    assert result.exit_code == EXIT_OK, result
    assert "Ratification of ILO technical conventions" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines()[3:6]]
    assert rows == [["Lao", "PDR", "No"], ["Thailand", "-"], ["Viet", "Nam", "Yes", "(1994)"]]


@pytest.mark.parametrize(("edit", "where", "expected"), [
    (("verified = 2020-01-15", 'verified = "2020-01-15"'), ("verified", None),
     "{f}:{l}: verified: expected a date such as 2017-10-31 (no quotes), got the string "
     "'2020-01-15'"),
    (("verified = 2020-01-15", "verified = 2999-01-15"), ("verified", None),
     "{f}:{l}: verified: 2999-01-15 is in the future"),
    (('source = "A test source"', 'source = "  "'), ("source", None),
     "{f}:{l}: source: is empty: say where the facts come from"),
    (('source = "A test source"', 'sources = "A test source"'), ("sources", None),
     "{f}:{l}: sources: unknown field (did you mean 'source'?); expected one of: "
     "schema_version, title, verified, source, note, conventions, member_states\n"
     "{f}: source: missing (required)"),
    (('code = "C155"', 'code = "C 155"'), ("code =", None),
     "{f}:{l}: convention C 155: code: 'C 155' is not a convention code: write C and three "
     "digits, e.g. C087 for Convention No. 87"),
    (('code = "C155"', 'code = "C087"'), ("code =", None),
     "{f}:{l}: convention C087: code: convention C087 is also defined in "
     "plans/ratifications/annex-1-fundamental-2017-10-31.toml:16"),
    (('group = "technical"', 'group = "core"'), ("group", None),
     "{f}:{l}: convention C155: group: unknown group 'core'; expected one of: fundamental, "
     "governance, technical"),
    (('country = "Viet Nam"', 'country = "Vietnma"'), ("country", None),
     "{f}:{l}: member state #1: country: unknown Member State 'Vietnma' (did you mean 'Viet "
     "Nam'?); expected one of: Brunei Darussalam, Cambodia, Indonesia, Lao PDR, Malaysia, "
     "Myanmar, Philippines, Singapore, Thailand, Timor-Leste, Viet Nam (a new one goes in the "
     "plans folder's vocabulary.toml)"),
    (('ratified = ["C155"]', 'ratified = ["C155", "C999"]'), ("ratified =", None),
     "{f}:{l}: Viet Nam: ratified: convention C999 is not defined in any ratifications file "
     "(defined: C029, C081, C087, C098, C100, C105, C111, C122, C129, C138, C144, C155, "
     "C182)"),
    (('ratified = ["C155"]', 'ratified = ["155"]'), ("ratified =", None),
     "{f}:{l}: Viet Nam: ratified: '155' is not a convention code: write C and three "
     "digits, e.g. C087"),
    (('not_ratified = ["C155", "C087"]', 'not_ratified = ["C155", "C087", "C087"]'),
     ("not_ratified", None),
     "{f}:{l}: Lao PDR: not_ratified: C087 is listed twice; give one standing per "
     "convention"),
    (('ratified = ["C155"]', 'ratified = ["C155"]\ndenounced = ["C155"]'),
     ("denounced", None),
     "{f}:{l}: Viet Nam: denounced: C155 is listed in both ratified and denounced; give one "
     "standing per convention"),
    (("ratified_on = { C155 = 1994-10-03 }", "ratified_on = { C087 = 1994-10-03 }"),
     ("ratified_on", None),
     "{f}:{l}: Viet Nam: ratified_on: C087 has a date but is not listed in ratified or "
     "denounced"),
    (("ratified_on = { C155 = 1994-10-03 }", "ratified_on = { C155 = 2021-10-03 }"),
     ("ratified_on", None),
     "{f}:{l}: Viet Nam: ratified_on: C155: 2021-10-03 is after the verification date "
     "2020-01-15"),
    (("ratified_on = { C155 = 1994-10-03 }", 'ratified_on = { C155 = "1994" }'),
     ("ratified_on", None),
     "{f}:{l}: Viet Nam: ratified_on: expected a table of dates, e.g. {{ C098 = 2019-07-05 }}, "
     "got a table holding the string '1994'"),
    (("ratified_on = { C155 = 1994-10-03 }", "denounced_on = { C155 = 1994-10-03 }"),
     ("denounced_on", None),
     "{f}:{l}: Viet Nam: denounced_on: C155 has a date but is not listed in denounced"),
    (("ratified_on = { C155 = 1994-10-03 }", 'notes = { C098 = "why" }'), ("notes", None),
     "{f}:{l}: Viet Nam: notes: a note for C098, which this entry does not list"),
    (('not_ratified = ["C155", "C087"]', "not_ratified = []"), ("[[member_states]]", "C155 ="),
     "{f}:{l}: Lao PDR: ratified: gives no convention: list codes in ratified, denounced or "
     "not_ratified"),
    (('country = "Laos"', 'country = "Viet Nam"'), ("not_ratified", None),
     "{f}:{l}: Viet Nam: not_ratified: Viet Nam, C155 is also given by {f}:12 for the same "
     "verification date 2020-01-15"),
    (("schema_version = 1", "schema_version = 3"), ("schema_version", None),
     "{f}:{l}: schema_version: schema version 3 is not supported; this tool reads version 1"),
])
def test_each_problem_names_file_line_item_and_field(invoke: Invoke, plans: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     edit: tuple[str, str],
                                                     where: tuple[str, str | None],
                                                     expected: str) -> None:
    text = VALID.replace(*edit, 1)
    assert text != VALID
    write(plans, text)
    monkeypatch.chdir(plans.parent)
    found = problems(invoke, Path("plans"))
    lines = expected.format(f=FILE, l=line_of(text, *where)).split("\n")
    if edit[1].startswith(('code = "C 155"', 'code = "C087"', 'group = "core"',
                           'ratified = ["155"]')):
        # A convention left undefined, or a code no list holds, makes its references
        # problems too: the first line names the cause.
        assert found[0] == lines[0] and len(found) > 1
    else:
        assert found == lines
    assert problems(invoke, Path("plans"), "ratifications") == found


def test_required_fields_and_every_file_in_one_run(invoke: Invoke, plans: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    write(plans, "schema_version = 1\n\n[[member_states]]\nratified = []\n", "a.toml")
    write(plans, "schema_version = 1\nverified = 2020-01-01\nsource = [\n", "b.toml")
    monkeypatch.chdir(plans.parent)
    assert problems(invoke, Path("plans")) == [
        "plans/ratifications/a.toml: verified: missing (required)",
        "plans/ratifications/a.toml: source: missing (required)",
        "plans/ratifications/a.toml:3: member state #1: country: missing (required)",
        "plans/ratifications/a.toml:4: member state #1: ratified: gives no convention: list "
        "codes in ratified, denounced or not_ratified",
        "plans/ratifications/b.toml:3: TOML syntax error: Invalid value at the end of the "
        "file",
    ]


def test_the_ratifications_folder_must_be_a_folder(invoke: Invoke, plans: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    for path in (plans / "ratifications").iterdir():
        path.unlink()
    (plans / "ratifications").rmdir()
    (plans / "ratifications").write_text("", "utf-8")
    monkeypatch.chdir(plans.parent)
    assert problems(invoke, Path("plans"), "ratifications") == [
        "plans/ratifications: is not a folder; the plans folder keeps ratifications/ for its "
        "ratifications files"]


def test_validate_reports_ratification_problems_with_plan_problems(
        invoke: Invoke, plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(plans, VALID.replace("verified = 2020-01-15", "verified = 2999-01-15"))
    plan = plans / "acmw-2016-2020.toml"
    plan.write_text(plan.read_text("utf-8").replace('body = "ACMW"', 'body = "ACMX"', 1),
                    "utf-8")
    monkeypatch.chdir(plans.parent)
    found = problems(invoke, Path("plans"))
    assert found[0].startswith("plans/acmw-2016-2020.toml:")
    assert found[-1] == f"{FILE}:2: verified: 2999-01-15 is in the future"
