"""Who has answered: each batch records the file it came from and whose return it is (the
change file's `source`, `return_bodies`, `return_countries`); `report` and `list --stale` show,
per body and per Member State, whether its return for the cycle has come in, when, and from
which file, both from `returns.answered`."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from asean_labour.loading import load_catalogue
from asean_labour.progress import ProgressStore
from asean_labour.returns import BODY, COUNTRY, answered, answers_for
from asean_labour.template import HEADER_ROW
from tests.conftest import Invoke
from tests.helpers import run_json


def change_files(plans: Path) -> list[Path]:
    return sorted((plans / "progress").glob("*/*.toml"))


def last_change(plans: Path) -> dict[str, Any]:
    return tomllib.loads(change_files(plans)[-1].read_text("utf-8"))


def workbook(invoke: Invoke, plans: Path, path: Path, *args: str,
             answers: dict[str, str] | None = None) -> Path:
    """A reporting workbook for 2018, filled in as a focal point would."""
    result = invoke("template", "--cycle", "2018", *args, "--output", str(path), "--plans",
                    str(plans))
    assert result.exit_code == EXIT_OK, result
    book = openpyxl.load_workbook(path)
    sheet = book["Updates"]
    columns = {c.value: c.column for c in sheet[HEADER_ROW] if c.value}
    wanted = answers or {}
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        project = sheet.cell(row, columns["Project"]).value
        if (not wanted and row == HEADER_ROW + 1) or project in wanted:
            sheet.cell(row, columns["Status"]).value = wanted.get(project, "ongoing")
            sheet.cell(row, columns["Date"]).value = dt.date(2018, 3, 1)
    book.save(path)
    return path


def update(invoke: Invoke, plans: Path, *args: str) -> Any:
    result = invoke("update", *args, "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    return result


def stale_returns(invoke: Invoke, plans: Path, *args: str) -> dict[str, dict[str, Any]]:
    document = run_json(invoke, plans, "list", "--cycle", "2018", "--stale", *args)
    return {r["name"]: r for r in document["returns"]}


def report_returns(invoke: Invoke, plans: Path, *args: str) -> dict[str, dict[str, Any]]:
    result = invoke("report", "--cycle", "2018", *args, "--format", "json", "--no-timestamp",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    return {r["name"]: r for r in json.loads(result.stdout)["returns"]}


def test_a_template_workbook_is_its_bodys_return(invoke: Invoke, plans: Path,
                                                 tmp_path: Path) -> None:
    path = workbook(invoke, plans, tmp_path / "acmw-2018.xlsx", "--body", "ACMW")
    result = update(invoke, plans, "--file", str(path))
    assert "Recorded as the return of ACMW for cycle 2018 (acmw-2018.xlsx)" in result.stdout
    change = last_change(plans)
    assert change["schema_version"] == 3
    assert (change["source"], change["return_bodies"]) == ("acmw-2018.xlsx", ["ACMW"])
    assert "return_countries" not in change
    received = change["recorded_at"].date().isoformat()

    returns = stale_returns(invoke, plans, "--body", "ACMW")
    assert returns["ACMW"] == {
        "name": "ACMW", "kind": "body", "cycle": 2018, "answered": True,
        "received_on": received, "file": "acmw-2018.xlsx", "change": change["change"],
        "returns": [{"change": change["change"],
                     "recorded_at": change["recorded_at"].isoformat(),
                     "recorded_by": change["recorded_by"], "file": "acmw-2018.xlsx",
                     "bodies": ["ACMW"], "countries": [], "projects": 1}]}
    # The Member States coordinating ACMW's projects due in 2018 are asked too; none answered.
    assert [n for n, r in returns.items() if r["kind"] == "country"] == [
        "Indonesia", "Lao PDR", "Philippines", "Singapore", "Thailand", "Viet Nam"]
    assert not any(r["answered"] for r in returns.values() if r["kind"] == "country")
    # The report asks the same function, for the same selection: the same answers.
    assert report_returns(invoke, plans, "--body", "ACMW") == returns
    every = report_returns(invoke, plans)
    assert [n for n, r in every.items() if r["kind"] == "body"] == [
        "SLOM", "SLOM-WG", "ACMW", "ASEAN-OSHNET"]
    assert [n for n, r in every.items() if r["answered"]] == ["ACMW"]


def test_a_country_workbook_is_that_countrys_return(invoke: Invoke, plans: Path,
                                                    tmp_path: Path) -> None:
    path = workbook(invoke, plans, tmp_path / "vn.xlsx", "--coordinator", "Vietnam")
    update(invoke, plans, "--file", str(path))
    change = last_change(plans)
    assert change["return_countries"] == ["Viet Nam"] and "return_bodies" not in change
    returns = report_returns(invoke, plans)
    assert returns["Viet Nam"]["answered"] and returns["Viet Nam"]["file"] == "vn.xlsx"
    assert not any(returns[b]["answered"] for b in ("SLOM", "SLOM-WG", "ACMW",
                                                    "ASEAN-OSHNET"))


def test_a_csv_is_the_return_of_its_rows_bodies_or_of_what_the_options_say(
        invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    path = tmp_path / "round.csv"
    path.write_text("project,status,cycle\nACMW-2,ongoing,2018\nSLOM-WG-1,ongoing,2018\n"
                    "OSHNET-3,,2018\n", "utf-8")
    update(invoke, plans, "--file", str(path))
    # A body's return names projects that countries coordinate: no country has answered.
    assert last_change(plans)["return_bodies"] == ["ACMW", "SLOM-WG", "ASEAN-OSHNET"]
    assert "return_countries" not in last_change(plans)
    path.write_text("project,status,cycle\nACMW-2,delayed,2018\n", "utf-8")
    update(invoke, plans, "--file", str(path), "--coordinator", "Philippines", "-c", "Laos")
    change = last_change(plans)
    assert change["return_countries"] == ["Philippines", "Lao PDR"]
    assert "return_bodies" not in change
    path.write_text("project,status,cycle\nACMW-2,ongoing,2018\n", "utf-8")
    update(invoke, plans, "--file", str(path), "--body", "slom")
    assert last_change(plans)["return_bodies"] == ["SLOM"]
    returns = report_returns(invoke, plans)
    assert returns["ACMW"]["answered"] and returns["SLOM"]["answered"]
    assert returns["Philippines"]["answered"] and returns["Lao PDR"]["answered"]


def test_a_toml_batch_is_a_return_too(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    path = tmp_path / "oshnet.toml"
    path.write_text('cycle = 2018\n[[updates]]\nproject = "OSHNET-3"\nstatus = "ongoing"\n',
                    "utf-8")
    update(invoke, plans, "--file", str(path))
    assert (last_change(plans)["source"], last_change(plans)["return_bodies"]) == \
        ("oshnet.toml", ["ASEAN-OSHNET"])


@pytest.mark.parametrize(("args", "message"), [
    (["--body", "SLOM-WG"], "acmw.xlsx is the reporting workbook of ACMW, and --body SLOM-WG "
     "names SLOM-WG: drop the option"),
    (["--coordinator", "ACMW Chair"], "--coordinator ACMW Chair: ACMW Chair is a coordinating "
     "role, not a Member State"),
    (["--body", "NOBODY"], "unknown body 'NOBODY'"),
])
def test_whose_return_is_checked(invoke: Invoke, plans: Path, tmp_path: Path,
                                 args: list[str], message: str) -> None:
    path = workbook(invoke, plans, tmp_path / "acmw.xlsx", "--body", "ACMW")
    result = invoke("update", "--file", str(path), *args, "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE, result
    assert message in result.stderr
    assert change_files(plans) == []
    # Repeating the workbook's own body is fine.
    update(invoke, plans, "--file", str(path), "--body", "acmw")
    assert last_change(plans)["return_bodies"] == ["ACMW"]


def test_a_single_update_is_no_return(invoke: Invoke, plans: Path) -> None:
    refused = invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2018", "--body",
                     "ACMW", "--plans", str(plans))
    assert refused.exit_code == EXIT_USAGE
    assert "--body and --coordinator say whose return a batch is: use them with --file" \
        in refused.stderr
    update(invoke, plans, "ACMW-2", "--status", "ongoing", "--cycle", "2018")
    change = last_change(plans)
    assert "return_bodies" not in change and "source" not in change
    assert not stale_returns(invoke, plans, "--body", "ACMW")["ACMW"]["answered"]


def test_an_undone_return_is_no_longer_in_and_the_latest_is_shown(
        invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    first = workbook(invoke, plans, tmp_path / "acmw-v1.xlsx", "--body", "ACMW")
    update(invoke, plans, "--file", str(first))
    second = workbook(invoke, plans, tmp_path / "acmw-v2.xlsx", "--body", "ACMW",
                      answers={"ACMW-3": "delayed"})
    update(invoke, plans, "--file", str(second))
    returns = stale_returns(invoke, plans, "--body", "ACMW")
    assert returns["ACMW"]["file"] == "acmw-v2.xlsx"
    assert [r["file"] for r in returns["ACMW"]["returns"]] == ["acmw-v1.xlsx", "acmw-v2.xlsx"]
    table = invoke("list", "--cycle", "2018", "--stale", "--body", "ACMW", "--plans",
                   str(plans), env={"COLUMNS": "120"})
    assert "acmw-v2.xlsx" in table.stdout and " 2\n" in table.stdout  # two returns
    for _ in range(2):
        assert invoke("undo", "--plans", str(plans)).exit_code == EXIT_OK
    assert not stale_returns(invoke, plans, "--body", "ACMW")["ACMW"]["answered"]


def test_one_function_answers(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    update(invoke, plans, "--file", str(workbook(invoke, plans, tmp_path / "a.xlsx", "--body",
                                                 "ACMW")))
    catalogue = load_catalogue(plans)
    history = ProgressStore(plans).history(catalogue)
    acmw = answered(history, 2018, "acmw", BODY)
    assert acmw.answered and acmw.latest is not None and acmw.latest.file == "a.xlsx"
    assert acmw.words() == f"received {acmw.latest.recorded_at.date().isoformat()} (a.xlsx)"
    assert not answered(history, 2017, "ACMW", BODY).answered  # another cycle
    assert not answered(history, 2018, "ACMW", COUNTRY).answered  # not a country's
    assert answered(history, 2018, "Viet Nam", COUNTRY).words() == "not received"
    every = answers_for(catalogue, catalogue.projects, history, 2018)
    assert [a.name for a in every if a.answered] == ["ACMW"]
    # A cycle with nothing due expects no return (ACMW-7 is planned for 2018 only).
    only = [p for p in catalogue.projects if p.id == "ACMW-7"]
    assert [a.name for a in answers_for(catalogue, only, history, 2017)] == []
    assert [a.name for a in answers_for(catalogue, only, history, 2018)] == ["ACMW",
                                                                             "Thailand"]


def test_the_report_shows_who_has_answered(invoke: Invoke, plans: Path,
                                           tmp_path: Path) -> None:
    update(invoke, plans, "--file", str(workbook(invoke, plans, tmp_path / "acmw.xlsx",
                                                 "--body", "ACMW")))
    day = last_change(plans)["recorded_at"].date()
    spoken = f"{day.day} {day.strftime('%B')} {day.year}"
    terminal = invoke("report", "--cycle", "2018", "--plans", str(plans),
                      env={"COLUMNS": "400"})
    assert terminal.exit_code == EXIT_OK, terminal
    assert (f"Returns for the 2018 cycle received from ACMW ({spoken}, acmw.xlsx); still to "
            "answer: "
            "SLOM, SLOM-WG, ASEAN-OSHNET and all 10 Member States asked.") in terminal.stdout
    one_pager = invoke("report", "--cycle", "2018", "--coordinator", "Thailand", "--plans",
                       str(plans), "--format", "markdown", "--no-timestamp")
    assert "received from ACMW (" in one_pager.stdout
    assert "still to answer: SLOM, SLOM-WG, ASEAN-OSHNET and Thailand." in one_pager.stdout
    docx = tmp_path / "r.docx"
    assert invoke("report", "--cycle", "2018", "-o", str(docx), "--plans",
                  str(plans)).exit_code == EXIT_OK
    from docx import Document

    document = Document(str(docx))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Returns for the 2018 cycle" in headings
    table = next(t for t in document.tables
                 if t.rows[0].cells[0].text == "Body or Member State")
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert ["ACMW", "yes", spoken, "acmw.xlsx", "1"] in cells
    assert ["SLOM", "no", "", "", "0"] in cells
    html = tmp_path / "r.html"
    assert invoke("report", "--cycle", "2018", "-o", str(html), "--plans",
                  str(plans)).exit_code == EXIT_OK
    assert "Returns for the 2018 cycle" in html.read_text("utf-8")
    assert invoke("report", "--cycle", "2018", "-o", str(tmp_path / "r.xlsx"), "--plans",
                  str(plans)).exit_code == EXIT_OK
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    returns = list(book["Returns"].iter_rows(values_only=True))
    assert returns[0][:6] == ("name", "kind", "cycle", "answered", "received_on", "file")
    assert returns[3][:6] == ("ACMW", "body", 2018, True,
                              dt.datetime.combine(day, dt.time()), "acmw.xlsx")


def test_list_stale_shows_returns_in_every_format(invoke: Invoke, plans: Path,
                                                  tmp_path: Path) -> None:
    update(invoke, plans, "--file", str(workbook(invoke, plans, tmp_path / "acmw.xlsx",
                                                 "--body", "ACMW")))
    table = invoke("list", "--cycle", "2018", "--stale", "--body", "ACMW", "--plans",
                   str(plans), env={"COLUMNS": "120"})
    assert "Returns for cycle 2018" in table.stdout
    assert "Still to answer: Indonesia, Lao PDR, Philippines, Singapore, Thailand, Viet " \
        "Nam." in table.stdout
    markdown = invoke("list", "--cycle", "2018", "--stale", "--body", "ACMW", "--format",
                      "markdown", "--plans", str(plans))
    assert "| ACMW | yes |" in markdown.stdout
    path = tmp_path / "stale.xlsx"
    assert invoke("list", "--cycle", "2018", "--stale", "--body", "ACMW", "-o", str(path),
                  "--plans", str(plans)).exit_code == EXIT_OK
    assert openpyxl.load_workbook(path).sheetnames == ["Projects", "Returns"]
    plain = run_json(invoke, plans, "list", "--cycle", "2018", "--body", "ACMW")
    assert "returns" not in plain  # only with --stale


def test_old_change_files_still_read_and_bad_returns_are_named(invoke: Invoke,
                                                               plans: Path) -> None:
    folder = plans / "progress" / "2018"
    folder.mkdir(parents=True)
    head = ('change = "{id}"\nkind = "{kind}"\ncycle = 2018\n'
            'recorded_at = 2018-03-01T09:00:00Z\nrecorded_by = "Ana"\n')
    old = "20180301T090000000000Z-0000abcd"
    (folder / f"{old}.toml").write_text(
        "schema_version = 2\n" + head.format(id=old, kind="update") +
        'source = "acmw.csv"\n\n[[updates]]\nproject = "ACMW-2"\nstatus = "ongoing"\n'
        'date = 2018-03-01\nreported_by = "Ana"\n', "utf-8")
    assert invoke("validate", "--plans", str(plans)).exit_code == EXIT_OK
    # A batch recorded before returns were kept is no return: nobody has answered.
    assert not stale_returns(invoke, plans, "--body", "ACMW")["ACMW"]["answered"]
    bad = "20180301T090000000001Z-0000abce"
    (folder / f"{bad}.toml").write_text(
        "schema_version = 3\n" + head.format(id=bad, kind="update") +
        'return_bodies = "ACMW"\nreturn_countries = ["Viet\\nNam"]\n\n[[updates]]\n'
        'project = "ACMW-3"\nstatus = "ongoing"\ndate = 2018-03-01\nreported_by = "Ana"\n',
        "utf-8")
    undo = "20180301T090000000002Z-0000abcf"
    (folder / f"{undo}.toml").write_text(
        "schema_version = 3\n" + head.format(id=undo, kind="undo") +
        f'reverses = "{old}"\nreturn_bodies = ["ACMW"]\n\n[[restored]]\nproject = "ACMW-2"\n'
        'before = "ongoing"\n', "utf-8")
    check = invoke("validate", "--plans", str(plans))
    assert check.exit_code == EXIT_FAILURE
    assert f'{bad}.toml:7: return_bodies: expected a list of names, e.g. ["ACMW"]' \
        in check.stderr
    assert f"{bad}.toml:8: return_countries: expected a list of names" in check.stderr
    assert f"{undo}.toml:8: return_bodies: only an update records a return" in check.stderr
