"""The vocabulary is data (plans/vocabulary.toml): the shipped file and its built-in copy, a
plans folder without one, ISO codes wherever a country is typed, and every problem of the file,
one line each with its file, line, entry and field."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from asean_labour import cache
from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from asean_labour.files import BUILTIN_VOCABULARY, RESERVED_FILES, plan_files
from asean_labour.loading import check_plans, load_catalogue
from asean_labour.vocabulary_file import read_vocabulary, read_vocabulary_file
from tests.conftest import SHIPPED_PLANS, WORK_PLAN, Invoke
from tests.helpers import listed_ids, run_json, shipped_vocabulary

Plans = Callable[..., Path]
SHIPPED = (SHIPPED_PLANS / "vocabulary.toml").read_text("utf-8")
FILE = "plans/vocabulary.toml"


def line_of(text: str, fragment: str, after: str | None = None) -> int:
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n, line in enumerate(lines[start:], start + 1) if fragment in line)


# --- the shipped vocabulary --------------------------------------------------------------------

def test_the_built_in_copy_is_the_shipped_file() -> None:
    """A plans folder without its own vocabulary gets exactly the shipped one."""
    assert BUILTIN_VOCABULARY.read_bytes() == (SHIPPED_PLANS / "vocabulary.toml").read_bytes()
    assert read_vocabulary_file(BUILTIN_VOCABULARY)[1] == []


def test_the_shipped_vocabulary_holds_todays_names_and_timor_leste() -> None:
    vocabulary = shipped_vocabulary()
    assert [(s.name, s.iso2, s.iso3) for s in vocabulary.member_states] == [
        ("Brunei Darussalam", "BN", "BRN"), ("Cambodia", "KH", "KHM"),
        ("Indonesia", "ID", "IDN"), ("Lao PDR", "LA", "LAO"), ("Malaysia", "MY", "MYS"),
        ("Myanmar", "MM", "MMR"), ("Philippines", "PH", "PHL"), ("Singapore", "SG", "SGP"),
        ("Thailand", "TH", "THA"), ("Timor-Leste", "TL", "TLS"), ("Viet Nam", "VN", "VNM")]
    assert vocabulary.joined("Timor-Leste") == dt.date(2025, 10, 26)
    assert vocabulary.joined("Viet Nam") == dt.date(1995, 7, 28)
    assert vocabulary.joined("Indonesia") == dt.date(1967, 8, 8)
    for typed in ("East Timor", "TL", "tls", "Timor Leste", "timor-leste"):
        assert vocabulary.country(typed) == "Timor-Leste", typed
    assert vocabulary.body_order == ("SLOM", "SLOM-WG", "ACMW", "ASEAN-OSHNET")
    info = vocabulary.body_info("oshnet")
    assert info is not None and info.full_name == "ASEAN Occupational Safety and Health Network"
    assert [r.name for r in vocabulary.roles] == [
        "ASEAN Secretariat", "AMS", "ASEAN Chair", "ACMW Chair", "SLOM-WG Chair",
        "ASEAN-OSHNET Secretariat", "Host of CBM", "ASEAN BCA Coordinator"]
    assert vocabulary.organisation("international labour organisation") == "ILO"
    assert vocabulary.organisation("Save the Children") == "Save the Children"


def test_vocabulary_toml_is_no_plan_file() -> None:
    assert "vocabulary.toml" in RESERVED_FILES
    assert SHIPPED_PLANS / "vocabulary.toml" not in plan_files(SHIPPED_PLANS)


def test_a_folder_without_a_vocabulary_uses_the_built_in_one(invoke: Invoke, tiny_plans: Plans
                                                             ) -> None:
    folder = tiny_plans(work_plan=WORK_PLAN.replace('"Philippines", "Viet Nam"', '"PH", "VNM"'))
    assert not (folder / "vocabulary.toml").exists()
    catalogue = load_catalogue(folder)
    shipped = shipped_vocabulary()
    assert catalogue.vocabulary == shipped.replace(source=catalogue.vocabulary.source)
    assert catalogue.vocabulary.source == "the built-in vocabulary (vocabulary.toml of the tool)"
    assert [p.name for p in catalogue.projects[0].coordinators] == ["Philippines", "Viet Nam"]
    assert listed_ids(invoke, folder, "--coordinator", "VN") == ["T-1"]
    assert invoke("validate", "--plans", str(folder)).exit_code == EXIT_OK


# --- ISO codes wherever a country is typed (issue 14, part 5) ----------------------------------

@pytest.mark.parametrize("typed", ["VN", "vnm", "Vietnam", "viet nam"])
def test_iso_codes_and_aliases_filter_as_the_name_does(invoke: Invoke, plans: Path,
                                                       typed: str) -> None:
    expected = listed_ids(invoke, plans, "--coordinator", "Viet Nam")
    assert expected and listed_ids(invoke, plans, "--coordinator", typed) == expected


def test_iso_codes_in_the_other_commands(invoke: Invoke, plans: Path) -> None:
    document = run_json(invoke, plans, "ratifications", "--country", "LAO", "--country", "mm")
    assert [s["country"] for s in document["member_states"]] == ["Lao PDR", "Myanmar"]
    stats = run_json(invoke, plans, "stats", "--coordinator", "PHL")
    assert stats["projects"] == len(listed_ids(invoke, plans, "--coordinator", "Philippines"))
    report = invoke("report", "--cycle", "2018", "--coordinator", "VN", "--plans", str(plans),
                    "--format", "json", "--no-timestamp")
    assert report.exit_code == EXIT_OK, report
    assert json.loads(report.stdout)["title"] == "Viet Nam: Progress report to SLOM, cycle 2018"


def test_an_unknown_code_suggests_the_names(invoke: Invoke, plans: Path) -> None:
    result = invoke("list", "--coordinator", "Narnia", "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "unknown country or coordinator 'Narnia'" in result.stderr
    assert "Timor-Leste" in result.stderr


# --- the file is checked like the plans --------------------------------------------------------

def _validate(invoke: Invoke, plans: Path, text: str) -> list[str]:
    (plans / "vocabulary.toml").write_text(text, "utf-8")
    result = invoke("validate", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE, result
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()[:-1]


def _replace(old: str, new: str) -> str:
    assert SHIPPED.count(old) == 1, old
    return SHIPPED.replace(old, new)


def nth_line(text: str, fragment: str, occurrence: int = 1) -> int:
    """The line of the `occurrence`-th line holding `fragment`."""
    return [n for n, line in enumerate(text.splitlines(), 1) if fragment in line][occurrence - 1]


# (the edit, the fragment on the line reported and which occurrence, the problem)
CASES = [
    (('iso2 = "VN"', 'iso2 = "vn"'), ('iso2 = "vn"', 1),
     "member state 'Viet Nam': iso2: 'vn' is not an ISO 3166-1 code: write its two capital "
     "letters, e.g. VN"),
    (('iso3 = "KHM"', 'iso3 = "KH"'), ('iso3 = "KH"', 1),
     "member state 'Cambodia': iso3: 'KH' is not an ISO 3166-1 code: write its three capital "
     "letters, e.g. VNM"),
    (("joined = 1995-07-28", 'joined = "1995-07-28"'), ('joined = "1995', 1),
     "member state 'Viet Nam': joined: expected a date such as 2017-10-31 (no quotes), got the "
     "string '1995-07-28'"),
    (('aliases = ["Burma"]', 'aliases = ["Burma", "Laos"]'), ('"Burma", "Laos"', 1),
     "member state 'Myanmar': aliases: 'Laos' is already Lao PDR's alias 'Laos'; a spelling "
     "stands for one name only"),
    (('aliases = ["ASEC"]', 'aliases = ["ASEC", "VN"]'), ('"ASEC", "VN"', 1),
     "role 'ASEAN Secretariat': aliases: 'VN' is already Viet Nam's ISO code VN; a spelling "
     "stands for one name only"),
    (('aliases = ["Brunei"]', 'aliases = ["Brunei", "brunei  darussalam"]'),
     ('"Brunei", "', 1),
     "member state 'Brunei Darussalam': aliases: 'brunei  darussalam' is already its own name; "
     "a spelling stands for one name only"),
    (('aliases = ["Burma"]', 'aliases = [""]'), ('aliases = [""]', 1),
     "member state 'Myanmar': aliases: is empty"),
    (('name = "Malaysia"', 'name = " Malaysia"'), ('name = " Malaysia"', 1),
     "member state 'Malaysia': name: ' Malaysia' has spaces around it; write 'Malaysia'"),
    (('name = "Host of CBM"', 'name = "Host of\\tCBM"'), ('name = "Host of', 1),
     "role 'Host of\\tCBM': name: 'Host of\\tCBM' holds a control character"),
    (('full_name = "Senior Labour Officials Meeting"\n', ""), ("[[bodies]]", 1),
     "body 'SLOM': full_name: missing (required)"),
    (('name = "ILO"', 'name = "ILO"\nwebsite = "https://www.ilo.org"'), ("website =", 1),
     "organisation 'ILO': website: unknown field; expected one of: name, aliases"),
    (('name = "IOM"', 'name = "ILO"'), ('name = "ILO"', 2),
     "organisation 'ILO': name: 'ILO' is already its own name; a spelling stands for one name "
     "only"),
    (("schema_version = 1", "schema_version = 2"), ("schema_version = 2", 1),
     "schema_version: schema version 2 is not supported; this tool reads version 1"),
]


@pytest.mark.parametrize(("edit", "where", "expected"), CASES)
def test_each_problem_names_file_line_entry_and_field(invoke: Invoke, plans: Path,
                                                      edit: tuple[str, str],
                                                      where: tuple[str, int],
                                                      expected: str) -> None:
    text = _replace(*edit)
    found = _validate(invoke, plans, text)
    # Only the vocabulary's own problem: the plans are checked with what it gives (a name
    # with spaces stands in as itself, so Malaysia's projects are not reported too).
    assert found == [f"{FILE}:{nth_line(text, *where)}: {expected}"]


def test_an_unknown_list_is_named(invoke: Invoke, plans: Path) -> None:
    found = _validate(invoke, plans, SHIPPED.replace("[[organisations]]", "[[organisation]]"))
    assert found == [f"{FILE}: organisation: unknown field (did you mean 'organisations'?); "
                     "expected one of: schema_version, member_states, bodies, roles, "
                     "organisations"]


def test_a_spelling_claimed_twice_is_reported_where_it_is_repeated(invoke: Invoke,
                                                                   plans: Path) -> None:
    text = _replace('aliases = ["Kingdom of Thailand"]', 'aliases = ["Kingdom of Thailand"]\n'
                    '\n[[member_states]]\nname = "Siam"\niso2 = "TH"\niso3 = "SIA"\n'
                    'joined = 1967-08-08')
    found = _validate(invoke, plans, text)
    assert found == [f"{FILE}:{line_of(text, 'iso2 =', after='Siam')}: member state 'Siam': "
                     "iso2: 'TH' is already Thailand's ISO code TH; a spelling stands for one "
                     "name only"]


def test_every_problem_of_the_file_in_one_run(invoke: Invoke, plans: Path) -> None:
    text = (SHIPPED.replace('iso2 = "VN"', 'iso2 = "V"')
            .replace("joined = 1984-01-07", "")
            .replace('aliases = ["UNESCAP", "ESCAP"]', 'aliases = ["UNESCAP", " "]'))
    found = _validate(invoke, plans, text)
    assert [line.split(": ", 1)[1] for line in found] == [
        "member state 'Brunei Darussalam': joined: missing (required)",
        "member state 'Viet Nam': iso2: 'V' is not an ISO 3166-1 code: write its two capital "
        "letters, e.g. VN",
        "organisation 'UN ESCAP': aliases: is empty",
    ]


@pytest.mark.parametrize("broken", ["syntax", "empty states", "folder", "symlink"])
def test_an_unusable_file_is_one_problem_not_one_per_plan_name(invoke: Invoke, plans: Path,
                                                               broken: str) -> None:
    """The plans are still checked, with the built-in vocabulary standing in: one run
    reports the file's problem, not every coordinator of every plan."""
    path = plans / "vocabulary.toml"
    if broken == "syntax":
        path.write_text(SHIPPED.replace('name = "Cambodia"', 'name = "Cambodia'), "utf-8")
        line, column = nth_line(SHIPPED, 'name = "Cambodia"'), len('name = "Cambodia') + 1
        expected = [f"{FILE}:{line}:{column}: TOML syntax error: Illegal character '\\n'"]
    elif broken == "empty states":
        start = SHIPPED.index("[[member_states]]")
        text = SHIPPED[:start] + "member_states = []\n" + SHIPPED[SHIPPED.index("# --- bodies"):]
        path.write_text(text, "utf-8")
        expected = [f"{FILE}:{nth_line(text, 'member_states = []')}: member_states: is empty: "
                    "list the ASEAN Member States"]
    elif broken == "folder":
        path.unlink()
        path.mkdir()
        expected = [f"{FILE}: is a folder, not a file"]
    else:
        target = plans.parent / "elsewhere.toml"
        target.write_text(SHIPPED, "utf-8")
        path.unlink()
        path.symlink_to(target)
        expected = [f"{FILE}: is a symbolic link, not a regular file; only regular files are "
                    "read"]
    result = invoke("validate", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert result.stderr.splitlines()[:-1] == expected
    listing = invoke("list", "--plans", str(plans))
    assert listing.exit_code == EXIT_FAILURE and listing.stdout == ""
    assert listing.stderr.splitlines()[0] == expected[0]


def test_every_command_refuses_a_broken_vocabulary(invoke: Invoke, plans: Path) -> None:
    (plans / "vocabulary.toml").write_text(_replace('iso2 = "VN"', 'iso2 = "V"'), "utf-8")
    for args in (["list"], ["show", "ACMW-2"], ["stats"], ["ratifications"],
                 ["report", "--cycle", "2018"]):
        result = invoke(*args, "--plans", str(plans))
        assert result.exit_code == EXIT_FAILURE, args
        assert "vocabulary.toml" in result.stderr.splitlines()[0], args
        assert "iso2: 'V' is not an ISO 3166-1 code" in result.stderr, args


def test_check_plans_returns_the_vocabulary_problems_with_the_plans(plans: Path) -> None:
    (plans / "vocabulary.toml").write_text(_replace('iso3 = "VNM"', 'iso3 = "VNMX"'), "utf-8")
    catalogue, problems, files = check_plans(plans)
    assert catalogue is None and files == 4
    assert [(p.item, p.field) for p in problems] == [("member state 'Viet Nam'", "iso3")]
    vocabulary, own = read_vocabulary(plans)
    assert own == problems and vocabulary.country("Vietnam") == "Viet Nam"


# --- the cache ---------------------------------------------------------------------------------

def test_an_edit_to_the_vocabulary_is_seen_at_once(invoke: Invoke, plans: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    assert invoke("list", "--coordinator", "Cambodge", "--plans", str(plans)).exit_code == \
        EXIT_USAGE
    assert len(list(cache.cache_dir().glob("plans-*/index"))) == 1  # the plans are cached
    path = plans / "vocabulary.toml"
    stat = path.stat()
    path.write_text(_replace('aliases = ["Kingdom of Cambodia"]',
                             'aliases = ["Kingdom of Cambodia", "Cambodge"]'), "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old mtime
    assert listed_ids(invoke, plans, "--coordinator", "Cambodge") == \
        listed_ids(invoke, plans, "--coordinator", "Cambodia")


def test_removing_the_vocabulary_falls_back_to_the_built_in_one(invoke: Invoke, plans: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    path = plans / "vocabulary.toml"
    path.write_text(_replace('aliases = ["Kingdom of Cambodia"]',
                             'aliases = ["Kingdom of Cambodia", "Cambodge"]'), "utf-8")
    assert listed_ids(invoke, plans, "--coordinator", "Cambodge")
    path.unlink()
    result = invoke("list", "--coordinator", "Cambodge", "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE, result


# --- a Member State only from the year it joined ---------------------------------------------

JOINED = ("'Timor-Leste' joined ASEAN on 2025-10-26: a plan may name it only for the years "
          "from 2025, not ")


@pytest.mark.parametrize(("edit", "fragment", "expected"), [
    (('"Philippines", "Viet Nam"', '"Philippines", "East Timor"'), '"East Timor"',
     "T-1: coordinators: " + JOINED + "2021-2022"),
    (('"Philippines", "Viet Nam"', '{ name = "TL", years = [2022, 2025] }'), '"TL"',
     "T-1: coordinators: " + JOINED + '2022; limit it to the years from 2025: { name = '
     '"Timor-Leste", years = [2025] }'),
    (('coordinators = ["Laos"]', 'coordinators = ["Timor-Leste"]'), 'coordinators = ["Timor',
     "T-2 event 1: coordinators: " + JOINED + "2023"),
])
def test_a_member_state_acts_only_from_the_year_it_joined(invoke: Invoke, tiny_plans: Plans,
                                                          edit: tuple[str, str], fragment: str,
                                                          expected: str) -> None:
    text = WORK_PLAN.replace(*edit)
    result = invoke("validate", "--plans", str(tiny_plans(work_plan=text)))
    assert result.exit_code == EXIT_FAILURE
    assert result.stderr.splitlines()[:-1] == [
        f"tiny/work-plan.toml:{nth_line(text, fragment)}: {expected}"]


def test_a_member_state_in_the_years_it_is_one(invoke: Invoke, tiny_plans: Plans) -> None:
    text = (WORK_PLAN.replace('"Philippines", "Viet Nam"',
                              '"Philippines", { name = "Timor-Leste", years = [2025] }')
            .replace('years = [2021, 2022]', 'years = [2021, 2022, 2025]')
            .replace("year = 2023", "year = 2025").replace('["Laos"]', '["TLS"]'))
    catalogue = load_catalogue(tiny_plans(work_plan=text))
    first, second = catalogue.projects
    assert [(p.name, p.years) for p in first.coordinators] == [("Philippines", ()),
                                                               ("Timor-Leste", (2025,))]
    assert second.events[0].coordinators == ("Timor-Leste",)
    assert listed_ids(invoke, catalogue.plans[0].path.parent, "--coordinator", "East Timor",
                      "--year", "2025") == ["T-1", "T-2"]


def test_a_project_with_no_years_in_a_plan_before_the_state_joined(invoke: Invoke,
                                                                   plans: Path) -> None:
    """A 2016-2020 project with no timeline (ACMW-1, 'TBC') cannot name Timor-Leste: no year
    of its plan has it as a member."""
    path = plans / "acmw-2016-2020.toml"
    text = path.read_text("utf-8").replace('coordinators = ["ACMW Chair", "Singapore"]',
                                           'coordinators = ["ACMW Chair", "Timor-Leste"]')
    assert text != path.read_text("utf-8")
    path.write_text(text, "utf-8")
    result = invoke("validate", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert result.stderr.splitlines()[:-1] == [
        f"plans/acmw-2016-2020.toml:{nth_line(text, 'Timor-Leste')}: ACMW-1: coordinators: "
        "'Timor-Leste' joined ASEAN on 2025-10-26, after this plan's period 2016-2020: a plan "
        "may name it only for the years from 2025"]


def test_a_vocabulary_is_immutable_and_pickles_whole() -> None:
    import pickle

    vocabulary = shipped_vocabulary()
    with pytest.raises(AttributeError, match="immutable"):
        vocabulary.source = "elsewhere"  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(vocabulary))
    assert again == vocabulary and hash(again) == hash(vocabulary)
    assert again.country("TLS") == "Timor-Leste" and again.body_rank("ACMW") == 2
    moved = vocabulary.replace(source="elsewhere")
    assert moved != vocabulary and moved.source == "elsewhere"
    assert moved.member_states == vocabulary.member_states
    assert repr(vocabulary).startswith("Vocabulary(11 member states, 4 bodies, 8 roles")
