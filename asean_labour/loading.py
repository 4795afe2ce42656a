"""Finding, reading and validating the plan files into a `Catalogue`.

Every problem in every file is collected (file, line, item, field, what was expected), so one run
of `validate` reports them all; nothing here prints or exits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asean_labour.data_files import checked as checked_fields
from asean_labour.errors import Problem
from asean_labour.files import (
    PLANS_ENV,
    LineFinder,
    display_path,
    parse_toml,
    plan_files,
    read_toml,
)
from asean_labour.involvement import years_text
from asean_labour.model import (
    SCHEMA_VERSION,
    Catalogue,
    CrossCuttingTheme,
    Event,
    KeyResultArea,
    Measure,
    Participant,
    Plan,
    PlanKind,
    ProgrammeContent,
    Project,
    ProjectKind,
    ThematicArea,
)
from asean_labour.vocabulary import Body, Vocabulary, did_you_mean

__all__ = ["PLANS_ENV", "check_plans", "load_catalogue", "plan_files", "summary"]

PROJECT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9.-]{0,63}$")
MEASURE_CODE = re.compile(r"^[A-Z]\.[0-9]+\.[ivxlc]+$")
THEME_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
YEAR_MIN, YEAR_MAX = 1967, 2100
#: A programme numbers its key result areas from 1 (the 2016-2020 programme has four).
MAX_KRA = 20


# --- field checking ----------------------------------------------------------------------------

Check = Callable[[Any], bool]
_KINDS: dict[str, tuple[Check, str]] = {
    "str": (lambda v: isinstance(v, str), "a string"),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "str_list": (
        lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "a list of strings",
    ),
    "int_list": (
        lambda v: isinstance(v, list)
        and all(isinstance(x, int) and not isinstance(x, bool) for x in v),
        "a list of whole numbers",
    ),
    "name_list": (
        lambda v: isinstance(v, list) and all(isinstance(x, str | dict) for x in v),
        "a list of names or of tables { name = ..., years = [...] }",
    ),
    "table_list": (
        lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
        "a list of tables",
    ),
    "table": (lambda v: isinstance(v, dict), "a table"),
    "ids": (
        lambda v: isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str)
                                                                    for x in v)),
        "a project id or a list of project ids",
    ),
}

TOP_FIELDS = {
    "schema_version": "int", "plan": "table", "programme": "table",
    "key_result_areas": "table_list", "cross_cutting_themes": "table_list",
    "measures": "table_list", "thematic_areas": "table_list", "projects": "table_list",
}
PLAN_FIELDS = {
    "id": "str", "kind": "str", "title": "str", "body": "str", "period": "int_list",
    "programme": "str", "source": "str", "note": "str", "monitoring": "str_list",
    "resource_mobilisation": "str_list", "succeeds": "str",
}
PROGRAMME_FIELDS = {
    "ascc_vision": "str", "ascc_objectives": "str_list", "overall_objective": "str",
}
KRA_FIELDS = {"number": "int", "name": "str", "intermediate_targets": "str_list"}
THEME_FIELDS = {"id": "str", "name": "str"}
MEASURE_FIELDS = {"code": "str", "text": "str"}
AREA_FIELDS = {
    "number": "int", "title": "str", "kra": "int", "cross_cutting_theme": "str",
    "bodies": "str_list", "measures": "str_list", "note": "str",
}
PROJECT_FIELDS = {
    "id": "str", "number": "str", "title": "str", "thematic_area": "int", "kra": "int",
    "measures": "str_list", "parent": "str", "timeline": "str", "years": "int_list",
    "dates": "str", "venue": "str", "coordinators": "name_list", "coordinator_note": "str",
    "collaborators": "name_list", "budget": "str", "kind": "str", "carried_over": "bool",
    "note": "str", "placeholder": "bool", "events": "table_list", "carried_over_from": "ids",
}
EVENT_FIELDS = {
    "title": "str", "year": "int", "dates": "str", "venue": "str",
    "coordinators": "str_list", "note": "str", "collaborators": "str_list",
}
#: A coordinator or collaborator given as a table rather than a plain name.
PARTICIPANT_FIELDS = {"name": "str", "years": "int_list", "role": "str"}


@dataclass
class Where:
    """The place of a table in a file, for messages: file, item name, header line."""

    file: str
    item: str | None
    line: int | None
    finder: LineFinder | None
    problems: list[Problem]

    def add(self, message: str, key: str | None = None, line: int | None = None) -> None:
        if line is None:
            line = self.finder.key(self.line, key) if (self.finder and key) else self.line
        self.problems.append(Problem(self.file, message, line=line, item=self.item, field=key))


def checked(table: dict[str, Any], spec: dict[str, str], where: Where,
            required: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of `table` that have the right type; every other field is a problem (the
    one rule of `data_files.checked`, with the plan files' kinds)."""
    return checked_fields(table, spec, where, required, kinds=_KINDS, wrong=_describe_wrong)


def _describe_wrong(value: Any, test: Check) -> str:
    """What was given instead: for a list, the first entry of the wrong kind."""
    if isinstance(value, list):
        bad = next((x for x in value if not test([x])), None)
        if bad is not None:
            return f"a list holding {_describe(bad)}"
    return _describe(value)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"
    if isinstance(value, list):
        return "a list" + ("" if not value else f" holding {_describe(value[0])}")
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _text(value: Any) -> str | None:
    """A stripped, non-empty string or None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


# --- one file ----------------------------------------------------------------------------------

@dataclass
class Draft:
    """A plan file after its own checks, before the checks across files."""

    path: Path
    shown: str
    finder: LineFinder
    plan: dict[str, Any]
    plan_line: int | None
    content: ProgrammeContent | None
    projects: list[tuple[dict[str, Any], Where, list[tuple[dict[str, Any], Where]]]]
    area_lines: dict[int, int | None] = field(default_factory=dict)


def _draft(path: Path, data: dict[str, Any], text: str, problems: list[Problem],
           vocabulary: Vocabulary) -> Draft | None:
    shown = display_path(path)
    finder = LineFinder(text)
    top = Where(shown, None, None, None, problems)
    data = checked(data, TOP_FIELDS, top, required=("schema_version", "plan"))
    version = data.get("schema_version")
    if version is not None and version != SCHEMA_VERSION:
        top.add(f"schema version {version} is not supported; this tool reads version "
                f"{SCHEMA_VERSION}", "schema_version")
        return None
    if "plan" not in data:
        return None
    plan_line = finder.table("plan")
    where = Where(shown, "[plan]", plan_line, finder, problems)
    plan = checked(data["plan"], PLAN_FIELDS, where,
                   required=("id", "kind", "title", "body", "period"))
    _check_plan(plan, where, vocabulary)
    kind = plan.get("kind")
    content = None
    area_lines: dict[int, int | None] = {}
    if kind == PlanKind.WORK_PROGRAMME:
        content = _programme(data, shown, finder, problems, area_lines, vocabulary)
    else:
        for key in ("programme", "key_result_areas", "cross_cutting_themes", "measures",
                    "thematic_areas"):
            if key in data:
                top.add("only a work programme defines this; a work plan names its "
                        "programme in [plan] programme", key)
        if kind == PlanKind.WORK_PLAN and "programme" not in plan:
            where.add("missing (required for a work plan)", "programme")
    projects = []
    for index, raw in enumerate(data.get("projects", [])):
        line = finder.table("projects", index)
        pid = raw.get("id") if isinstance(raw.get("id"), str) else f"project #{index + 1}"
        pwhere = Where(shown, pid, line, finder, problems)
        events = []
        next_line = finder.table("projects", index + 1)
        raw_events = raw.get("events")
        if not (isinstance(raw_events, list) and all(isinstance(e, dict) for e in raw_events)):
            raw_events = []  # the project's own check reports the wrong type
        for eindex, eraw in enumerate(raw_events):
            eline = finder.table("projects.events", eindex, after=line or 0)
            if eline is not None and next_line is not None and eline > next_line:
                eline = None
            events.append((eraw, Where(shown, f"{pid} event {eindex + 1}", eline, finder,
                                       problems)))
        projects.append((raw, pwhere, events))
    return Draft(path, shown, finder, plan, plan_line, content, projects, area_lines)


def _check_plan(plan: dict[str, Any], where: Where, vocabulary: Vocabulary) -> None:
    if "kind" in plan and plan["kind"] not in tuple(PlanKind):
        where.add(f"unknown kind {plan['kind']!r}; expected one of: "
                  f"{', '.join(PlanKind)}", "kind")
        del plan["kind"]
    if "body" in plan:
        body = vocabulary.body(plan["body"])
        if body is None:
            where.add(_unknown_body(plan["body"], vocabulary), "body")
            del plan["body"]
        else:
            plan["body"] = body
    if "period" in plan:
        period = plan["period"]
        if (len(period) != 2 or not all(YEAR_MIN <= y <= YEAR_MAX for y in period)
                or period[0] > period[1]):
            where.add(f"expected [first year, last year] with {YEAR_MIN} <= first <= last "
                      f"<= {YEAR_MAX}, got {period}", "period")
            del plan["period"]
    if "id" in plan and not PROJECT_ID.match(plan["id"]):
        where.add(f"{plan['id']!r} is not a valid id: use letters, digits, '-' and '.', "
                  "starting with a letter", "id")
        del plan["id"]
    if "succeeds" in plan and not PROJECT_ID.match(plan["succeeds"].strip()):
        where.add(f"{plan['succeeds']!r} is not a plan id: give the id of the plan of the "
                  "previous period, e.g. ACMW-2016-2020", "succeeds")
        del plan["succeeds"]


def _unknown_body(value: str, vocabulary: Vocabulary) -> str:
    names = vocabulary.body_order
    return f"unknown body {value!r}{did_you_mean(value, names)}; expected one of: " \
           f"{', '.join(names)} (a new body goes in the plans folder's vocabulary.toml)"


def _programme(data: dict[str, Any], shown: str, finder: LineFinder,
               problems: list[Problem], area_lines: dict[int, int | None],
               vocabulary: Vocabulary) -> ProgrammeContent:
    line = finder.table("programme")
    prog = checked(data.get("programme", {}), PROGRAMME_FIELDS,
                   Where(shown, "[programme]", line, finder, problems))
    kras: list[KeyResultArea] = []
    for index, raw in enumerate(data.get("key_result_areas", [])):
        where = Where(shown, f"key result area #{index + 1}",
                      finder.table("key_result_areas", index), finder, problems)
        item = checked(raw, KRA_FIELDS, where, required=("number", "name"))
        number = item.get("number")
        if number is not None and not 1 <= number <= MAX_KRA:
            where.add(f"KRA must be 1-{MAX_KRA}, numbered as the programme prints them, got "
                      f"{number}", "number")
        elif number is not None and any(k.number == number for k in kras):
            where.add(f"KRA {number} is defined twice", "number")
        elif number is not None and "name" in item:
            kras.append(KeyResultArea(number, item["name"].strip(),
                                      tuple(item.get("intermediate_targets", []))))
    themes: list[CrossCuttingTheme] = []
    for index, raw in enumerate(data.get("cross_cutting_themes", [])):
        where = Where(shown, f"cross-cutting theme #{index + 1}",
                      finder.table("cross_cutting_themes", index), finder, problems)
        item = checked(raw, THEME_FIELDS, where, required=("id", "name"))
        if "id" in item and not THEME_ID.match(item["id"]):
            where.add(f"{item['id']!r} is not a valid theme id: use lower-case letters, "
                      "digits and '-'", "id")
        elif "id" in item and "name" in item:
            themes.append(CrossCuttingTheme(item["id"], item["name"].strip()))
    measures: list[Measure] = []
    for index, raw in enumerate(data.get("measures", [])):
        where = Where(shown, f"measure #{index + 1}", finder.table("measures", index), finder,
                      problems)
        item = checked(raw, MEASURE_FIELDS, where, required=("code", "text"))
        code = item.get("code")
        if code is not None and not MEASURE_CODE.match(code):
            where.add(f"{code!r} is not a measure code like 'B.2.v'", "code")
        elif code is not None and any(m.code == code for m in measures):
            where.add(f"measure {code} is defined twice", "code")
        elif code is not None and "text" in item:
            measures.append(Measure(code, item["text"].strip()))
    kra_numbers = {k.number for k in kras}
    theme_ids = {t.id for t in themes}
    measure_codes = {m.code for m in measures}
    areas: list[ThematicArea] = []
    for index, raw in enumerate(data.get("thematic_areas", [])):
        aline = finder.table("thematic_areas", index)
        where = Where(shown, f"thematic area #{index + 1}", aline, finder, problems)
        item = checked(raw, AREA_FIELDS, where, required=("number", "title", "bodies"))
        number = item.get("number")
        if number is not None:
            where.item = f"thematic area {number}"
            if number < 1:
                where.add(f"expected a number from 1, got {number}", "number")
                continue
            if any(a.number == number for a in areas):
                where.add(f"thematic area {number} is defined twice", "number")
                continue
        kra = item.get("kra")
        if kra is not None and kra not in kra_numbers:
            where.add(f"KRA must be one of the programme's KRAs "
                      f"({', '.join(map(str, sorted(kra_numbers))) or 'none defined'}), "
                      f"got {kra}", "kra")
            kra = None
        theme = item.get("cross_cutting_theme")
        if theme is not None and theme not in theme_ids:
            where.add(f"unknown cross-cutting theme {theme!r}{did_you_mean(theme, list(theme_ids))}"
                      f"; expected one of: {', '.join(sorted(theme_ids))}",
                      "cross_cutting_theme")
            theme = None
        bodies = _bodies(item.get("bodies", []), where, vocabulary)
        codes = _measure_codes(item.get("measures", []), measure_codes, where)
        if number is None or "title" not in item:
            continue
        area_lines[number] = aline
        areas.append(ThematicArea(number, item["title"].strip(), kra, theme, bodies, codes,
                                  _text(item.get("note"))))
    return ProgrammeContent(
        ascc_vision=_text(prog.get("ascc_vision")),
        ascc_objectives=tuple(prog.get("ascc_objectives", [])),
        overall_objective=_text(prog.get("overall_objective")),
        key_result_areas=tuple(sorted(kras, key=lambda k: k.number)),
        cross_cutting_themes=tuple(themes),
        measures=tuple(measures),
        thematic_areas=tuple(sorted(areas, key=lambda a: a.number)),
    )


def _bodies(values: list[str], where: Where, vocabulary: Vocabulary) -> tuple[Body, ...]:
    bodies: list[Body] = []
    for value in values:
        body = vocabulary.body(value)
        if body is None:
            where.add(_unknown_body(value, vocabulary), "bodies")
        elif body not in bodies:
            bodies.append(body)
    return tuple(bodies)


def _measure_codes(values: list[str], known: set[str], where: Where) -> tuple[str, ...]:
    codes: list[str] = []
    for code in values:
        if code not in known:
            where.add(f"unknown measure {code!r}{did_you_mean(code, sorted(known))}; the "
                      "programme's [[measures]] define the codes", "measures")
        elif code not in codes:
            codes.append(code)
    return tuple(codes)


# --- across files ------------------------------------------------------------------------------

def _coordinator_name(value: str, where: Where, key: str, vocabulary: Vocabulary,
                      line: int | None = None) -> str | None:
    name = vocabulary.coordinator(value)
    if name is None:
        known = vocabulary.coordinator_names()
        where.add(f"unknown country or coordinator {value!r}{did_you_mean(value, known)}; "
                  f"expected an ASEAN Member State or a coordinating role: {', '.join(known)} "
                  f"(a new one goes in the plans folder's vocabulary.toml)", key, line=line)
    return name


def _coordinators(values: list[str], where: Where, vocabulary: Vocabulary, year: int,
                  plan: Plan) -> tuple[str, ...]:
    """An event's hosts: known names, each once, Member States only from the year they
    joined."""
    names: list[str] = []
    for value in values:
        name = _coordinator_name(value, where, "coordinators", vocabulary)
        if name is not None and name not in names:
            names.append(name)
            problem = before_joining(name, (year,), plan, vocabulary)
            if problem is not None:
                where.add(problem, "coordinators")
    return tuple(names)


def before_joining(name: str, years: Sequence[int], plan: Plan,
                   vocabulary: Vocabulary) -> str | None:
    """What is wrong with a plan naming a Member State to act in `years` (every year of the
    plan when none is given), when some are before the year it joined ASEAN; None when
    nothing is (or `name` is no Member State)."""
    joined = vocabulary.joined(name)
    if joined is None or (since := joined.year) <= plan.start:
        return None  # a member in every year of the plan (nearly always: checked first)
    if not years:
        if plan.end >= since:
            return None
        return (f"{name!r} joined ASEAN on {joined.isoformat()}, after this plan's period "
                f"{plan.period}: a plan may name it only for the years from {since}")
    early = [y for y in years if y < since]
    if not early:
        return None
    later = [y for y in years if y >= since]
    hint = (f"; limit it to the years from {since}: {{ name = \"{name}\", years = "
            f"[{', '.join(map(str, later))}] }}") if later else ""
    return (f"{name!r} joined ASEAN on {joined.isoformat()}: a plan may name it only for the "
            f"years from {since}, not {years_text(early)}{hint}")


def _organisations(values: list[str], vocabulary: Vocabulary) -> tuple[str, ...]:
    """An event's collaborators: one spelling per organisation, each once."""
    return tuple(dict.fromkeys(vocabulary.organisation(v) for v in values if v.strip()))


def _participants(values: list[str | dict[str, Any]], key: str, span: tuple[int, ...],
                  plan: Plan, where: Where, vocabulary: Vocabulary) -> tuple[Participant, ...]:
    """A project's coordinators or collaborators: plain names, or tables naming the years the
    source limits one to and the part it plays (`{ name = "Malaysia", years = [2016, 2017,
    2018] }`). A name given twice as a plain string counts once; given twice when either is a
    table, it is a problem (which entry's years would hold?)."""
    found: dict[str, tuple[Participant, bool]] = {}
    for index, value in enumerate(values, start=1):
        line = _entry_line(where, key, value, index, len(values))
        if isinstance(value, str):
            if not value.strip() and key == "collaborators":
                continue  # an empty collaborator cell has always been read as none
            name = _participant_name(value, key, where, line, vocabulary)
            if name is None:
                continue
            participant, table = Participant(name), False
        else:
            entry = _participant_table(value, index, key, span, plan, where, line, vocabulary)
            if entry is None:
                continue
            participant, table = entry, True
        if key == "coordinators":
            problem = before_joining(participant.name, participant.years or span, plan,
                                     vocabulary)
            if problem is not None:
                where.add(problem, key, line=line)
                continue
        # One object per distinct entry: 10,000 projects naming "ILO" share one, which
        # keeps the catalogue cache small and quick to unpickle.
        participant = _SHARED.setdefault(participant, participant)
        if participant.name in found:
            if table or found[participant.name][1]:
                where.add(f"{participant.name!r} is listed twice; give it once, with all its "
                          "years and its role", key, line=line)
            continue
        found[participant.name] = (participant, table)
    return tuple(p for p, _ in found.values())


_SHARED: dict[Participant, Participant] = {}


def _participant_name(value: str, key: str, where: Where, line: int | None,
                      vocabulary: Vocabulary) -> str | None:
    if key == "coordinators":
        return _coordinator_name(value, where, key, vocabulary, line)
    name = vocabulary.organisation(value)
    if not name:
        where.add("a collaborator's name is empty", key, line=line)
        return None
    return name


def _participant_table(value: dict[str, Any], index: int, key: str, span: tuple[int, ...],
                       plan: Plan, where: Where, line: int | None,
                       vocabulary: Vocabulary) -> Participant | None:
    raw_name = value.get("name")
    who = repr(raw_name.strip()) if isinstance(raw_name, str) and raw_name.strip() \
        else f"entry {index}"
    before = len(where.problems)
    for field_name, field_value in value.items():
        kind = PARTICIPANT_FIELDS.get(field_name)
        if kind is None:
            where.add(f"{who}: unknown field {field_name!r}"
                      f"{did_you_mean(field_name, list(PARTICIPANT_FIELDS))}; expected one of: "
                      f"{', '.join(PARTICIPANT_FIELDS)}", key, line=line)
            continue
        test, expected = _KINDS[kind]
        if not test(field_value):
            where.add(f"{who}: {field_name}: expected {expected}, got "
                      f"{_describe_wrong(field_value, test)}", key, line=line)
    if "name" not in value:
        where.add(f"{who}: missing name; expected {{ name = \"...\", years = [...] }}", key,
                  line=line)
    if len(where.problems) != before:
        return None
    name = _participant_name(value["name"], key, where, line, vocabulary)
    role = value.get("role")
    if role is not None and not role.strip():
        where.add(f"{who}: role is empty; leave it out, or give the part it plays as printed",
                  key, line=line)
    years: tuple[int, ...] = ()
    if "years" in value:
        years = _participant_years(value["years"], who, key, span, plan, where, line)
    if name is None or len(where.problems) != before:
        return None
    return Participant(name, years, _text(role))


def _participant_years(values: list[int], who: str, key: str, span: tuple[int, ...],
                       plan: Plan, where: Where, line: int | None) -> tuple[int, ...]:
    """The years one coordinator or collaborator is limited to: inside the plan's period, and
    meeting the project's years (they may reach past them where the source prints so: the
    entry then acts in the years both cover)."""
    if not values:
        where.add(f"{who}: years is empty; leave it out for every year of the project", key,
                  line=line)
        return ()
    outside = [y for y in values if not plan.start <= y <= plan.end]
    if outside:
        where.add(f"{who}: year {outside[0]} is outside the plan's period {plan.period}", key,
                  line=line)
        return ()
    years = tuple(sorted(set(values)))
    if not span:
        where.add(f"{who}: limited to {years_text(years)}, but the project gives no years; "
                  "give the project's years, or leave this entry's out", key, line=line)
    elif not set(years) & set(span):
        where.add(f"{who}: limited to {years_text(years)}, but the project runs in "
                  f"{years_text(span)}: it would never act; check the years", key, line=line)
    return years


def _entry_line(where: Where, key: str, value: str | dict[str, Any], index: int,
                count: int) -> int | None:
    """The line of the `index`-th (from 1) of `count` entries of a list such as
    `coordinators = [...]`: the line quoting its name, else its line in a list written one
    entry per line, else the key's line."""
    start = where.finder.key(where.line, key) if where.finder else where.line
    if where.finder is None or start is None:
        return start
    lines = where.finder.lines
    span = [start]
    for number in range(start + 1, min(len(lines), start + 500) + 1):
        if _NEXT_KEY.match(lines[number - 1]) or _HEADER_LINE.match(lines[number - 1]):
            break
        span.append(number)
    name = value if isinstance(value, str) else value.get("name")
    if isinstance(name, str) and name:
        quoted = (f'"{name}"', f"'{name}'")
        found = next((n for n in span if any(q in lines[n - 1] for q in quoted)), None)
        if found is not None:
            return found
    entries = [n for n in span[1:] if lines[n - 1].strip() not in ("", "]", "],")
               and not lines[n - 1].lstrip().startswith("#")]
    return entries[index - 1] if len(entries) == count else start


_NEXT_KEY = re.compile(r"^\s*[A-Za-z0-9_\"'-]+\s*=")
_HEADER_LINE = re.compile(r"^\s*\[\[?\s*[A-Za-z]")


def _years(values: list[int], plan: Plan, where: Where, key: str) -> tuple[int, ...]:
    good = []
    for year in values:
        if plan.start <= year <= plan.end:
            good.append(year)
        else:
            where.add(f"year {year} is outside the plan's period {plan.period}", key)
    return tuple(sorted(set(good)))


def _build_project(raw: dict[str, Any], where: Where,
                   events: list[tuple[dict[str, Any], Where]], plan: Plan,
                   programme: Plan | None, vocabulary: Vocabulary) -> Project | None:
    placeholder = raw.get("placeholder") is True
    item = checked(raw, PROJECT_FIELDS, where,
                   required=("id", "thematic_area") if placeholder else
                   ("id", "title", "thematic_area"))
    ok = True
    pid = item.get("id")
    if pid is not None and not PROJECT_ID.match(pid):
        where.add(f"{pid!r} is not a valid project id: use letters, digits, '-' and '.', "
                  "starting with a letter (e.g. SLOM-WG-10b)", "id")
        ok = False
    if "title" in item and not _text(item["title"]):
        where.add("is empty; a project needs a title", "title")
        ok = False
    kind = item.get("kind", ProjectKind.PROJECT)
    if kind not in tuple(ProjectKind):
        where.add(f"unknown kind {kind!r}; expected one of: {', '.join(ProjectKind)}", "kind")
        ok = False
    content = programme.content if programme else None
    area = None
    number = item.get("thematic_area")
    if number is not None and content is not None:
        area = content.area(number)
        if area is None:
            known = ", ".join(str(a.number) for a in content.thematic_areas)
            owner = programme.id if programme else "the programme"
            where.add(f"thematic area {number} is not defined by {owner} (defined: {known})",
                      "thematic_area")
            ok = False
    kra = item.get("kra")
    defined = sorted(k.number for k in content.key_result_areas) if content is not None \
        else list(range(1, MAX_KRA + 1))
    if kra is not None and kra not in defined:
        owner = f"{programme.id}'s" if programme is not None and content is not None else "the"
        where.add(f"KRA must be one of {owner} KRAs "
                  f"({', '.join(map(str, defined)) or 'none defined'}), got {kra}", "kra")
        ok = False
    elif area is not None and area.kra is not None and kra is not None and kra != area.kra:
        where.add(f"KRA {kra} disagrees with thematic area {area.number}, which is under "
                  f"KRA {area.kra}", "kra")
        ok = False
    if kra is None and area is not None:
        kra = area.kra
    measures: tuple[str, ...] = ()
    if content is not None:
        measures = _measure_codes(item.get("measures", []), {m.code for m in content.measures},
                                  where)
    built_events = []
    for eraw, ewhere in events:
        event = checked(eraw, EVENT_FIELDS, ewhere, required=("title", "year"))
        year = event.get("year")
        if year is not None and not plan.start <= year <= plan.end:
            ewhere.add(f"year {year} is outside the plan's period {plan.period}", "year")
            ok = False
            continue
        if "title" not in event or year is None:
            ok = False
            continue
        built_events.append(Event(
            title=event["title"].strip(), year=year, dates=_text(event.get("dates")),
            venue=_text(event.get("venue")),
            coordinators=_coordinators(event.get("coordinators", []), ewhere, vocabulary,
                                       year, plan),
            note=_text(event.get("note")),
            collaborators=_organisations(event.get("collaborators", []), vocabulary),
        ))
    problems_before = len(where.problems)
    years = _years(item.get("years", []), plan, where, "years")
    span = tuple(sorted({*years, *(e.year for e in built_events)}))
    coordinators = _participants(item.get("coordinators", []), "coordinators", span, plan,
                                 where, vocabulary)
    collaborators = _participants(item.get("collaborators", []), "collaborators", span, plan,
                                  where, vocabulary)
    carried_from = _carried_from(item, where)
    if len(where.problems) != problems_before or pid is None or number is None:
        ok = False
    if not ok or pid is None or number is None or ("title" not in item and not placeholder):
        return None
    return Project(
        id=pid, plan_id=plan.id, body=plan.body,
        title=(_text(item.get("title")) or ""), thematic_area=number, kra=kra,
        number=_text(item.get("number")), measures=measures, parent=_text(item.get("parent")),
        timeline=_text(item.get("timeline")), years=years, dates=_text(item.get("dates")),
        venue=_text(item.get("venue")), coordinators=coordinators,
        coordinator_note=_text(item.get("coordinator_note")),
        collaborators=collaborators,
        budget=_text(item.get("budget")), kind=ProjectKind(kind),
        carried_over=item.get("carried_over", bool(carried_from)),
        note=_text(item.get("note")), placeholder=placeholder, events=tuple(built_events),
        carried_over_from=carried_from,
    )


def _carried_from(item: dict[str, Any], where: Where) -> tuple[str, ...]:
    """The ids a project's `carried_over_from` names, each once; whether they name projects
    of earlier plans is checked across the plans (`lineage.carry_problem`)."""
    value = item.get("carried_over_from", [])
    ids: list[str] = []
    for text in [value] if isinstance(value, str) else value:
        pid = text.strip()
        if not PROJECT_ID.match(pid):
            where.add(f"{text!r} is not a project id (a letter, then letters, digits, '-' or "
                      "'.')", "carried_over_from")
        elif pid not in ids:
            ids.append(pid)
    if ids and item.get("carried_over") is False:
        where.add("carried_over = false, but carried_over_from names the projects it "
                  "continues; leave carried_over out", "carried_over")
    return tuple(ids)


#: Told how far loading has come: (files done, files in all). The command line draws a
#: progress bar from it when loading is slow (a fresh clone parses every file once).
Progress = Callable[[int, int], None]


def check_plans(plans_dir: Path, extra: Mapping[Path, str] | None = None,
                progress: Progress | None = None
                ) -> tuple[Catalogue | None, list[Problem], int]:
    """Load every plan file of a folder, with its vocabulary: the catalogue (None if any
    problem), the problems, and the number of files read. `extra` holds plan files not yet
    written (their path and text), checked as if they were in the folder: `plans new` and
    `plans import` validate what they would write before writing it."""
    from asean_labour.vocabulary_file import read_vocabulary

    vocabulary, problems = read_vocabulary(plans_dir)
    files = plan_files(plans_dir)
    drafts: list[Draft] = []
    for done, path in enumerate(files, start=1):
        draft = _read_draft(path, problems, vocabulary)
        if draft is not None:
            drafts.append(draft)
        if progress is not None:
            progress(done, len(files))
    for path, text in (extra or {}).items():
        shown = display_path(path)
        data = parse_toml(text.encode("utf-8"), shown, problems)
        if data is not None:
            draft = _draft(path, data, text, problems, vocabulary)
            if draft is not None:
                drafts.append(draft)
    if not files and not extra:
        problems.append(Problem(display_path(plans_dir), "no plan files (*.toml) in this folder"))
    plans, lineage = _link(drafts, problems, vocabulary)
    count = len(files) + len(extra or {})
    catalogue = Catalogue(tuple(plans), vocabulary)
    if lineage:
        _check_lineage(catalogue, lineage, problems)
    if problems:
        return None, problems, count
    return catalogue, problems, count


def _read_draft(path: Path, problems: list[Problem], vocabulary: Vocabulary) -> Draft | None:
    """One plan file read, parsed and checked on its own (the costly part of loading)."""
    shown = display_path(path)
    data = read_toml(path, shown, problems)
    if data is None:
        return None
    text = path.read_text("utf-8-sig", errors="replace")
    return _draft(path, data, text, problems, vocabulary)


@dataclass(frozen=True)
class Built:
    """One plan file's plan, with its projects built and checked against `content`, the
    programme content its projects name (its programme's; a programme's own; None): what the
    cache keeps of a plan file, so that an unchanged file is neither parsed nor checked again.
    Only a file without problems is ever built."""

    plan: Plan
    content: ProgrammeContent | None


def load_reusing(plans_dir: Path, files: Sequence[Path], reuse: Callable[[Path], Built | None],
                 progress: Progress | None = None
                 ) -> tuple[Catalogue | None, dict[Path, Built]]:
    """The catalogue of a plans folder, parsing only the files `reuse` has no plan for (it
    gives a file's `Built` from the cache, or None), with the files built here.

    The checks across files (plan ids, programmes and their periods, project ids, lineage)
    run on the built plans, as `check_plans` runs them. This path only ever answers for plans
    without problems: at the first problem it gives up (None), and the caller runs
    `check_plans`, whose problems (every one, in its order) come from the files."""
    from asean_labour.vocabulary_file import read_vocabulary

    vocabulary, problems = read_vocabulary(plans_dir)
    if problems or not files:
        return None, {}
    found: list[tuple[Path, Plan, Draft | None, Built | None]] = []
    for done, path in enumerate(files, start=1):
        hit = reuse(path)
        if hit is not None:
            found.append((path, hit.plan, None, hit))
        else:
            draft = _read_draft(path, problems, vocabulary)
            if draft is None or problems:
                return None, {}
            found.append((path, _head(draft), draft, None))
        if progress is not None:
            progress(done, len(files))
    heads: dict[str, Plan] = {}
    for _, plan, _, _ in found:
        if plan.id in heads:
            return None, {}
        heads[plan.id] = plan
    built: dict[Path, Built] = {}
    plans: list[Plan] = []
    for path, head, read, hit in found:
        plan, draft = head, read
        programme: Plan | None = plan if plan.kind is PlanKind.WORK_PROGRAMME else None
        if plan.kind is PlanKind.WORK_PLAN:
            programme = heads.get(plan.programme_id or "")
            if (programme is None or programme.kind is not PlanKind.WORK_PROGRAMME
                    or not programme.start <= plan.start <= plan.end <= programme.end):
                return None, {}
        content = programme.content if programme is not None else None
        if hit is not None and hit.content == content:
            plans.append(hit.plan)
            continue
        if draft is None:  # built against a programme that has changed since: build again
            draft = _read_draft(path, problems, vocabulary)
            if draft is None or problems:
                return None, {}
            plan = _head(draft)
        projects = []
        for raw, where, events in draft.projects:
            project = _build_project(raw, where, events, plan, programme, vocabulary)
            if project is None or problems:
                return None, {}
            projects.append(project)
        whole = _with_projects(plan, projects)
        built[path] = Built(whole, content)
        plans.append(whole)
    seen: set[str] = set()
    lineage: list[tuple[Plan | Project, Where]] = []
    for plan in plans:
        if plan.succeeds:
            lineage.append((plan, Where("", None, None, None, problems)))
        for project in plan.projects:
            folded = project.id.casefold()
            if folded in seen:
                return None, {}
            seen.add(folded)
    lineage.extend((project, Where("", None, None, None, problems)) for plan in plans
                   for project in plan.projects if project.carried_over_from)
    catalogue = Catalogue(tuple(plans), vocabulary)
    if lineage:
        _check_lineage(catalogue, lineage, problems)
    if problems:
        return None, {}
    return catalogue, built


def _check_lineage(catalogue: Catalogue, lineage: list[tuple[Plan | Project, Where]],
                   problems: list[Problem]) -> None:
    """Each `succeeds` names an earlier plan of its kind; each `carried_over_from` a project
    of a plan the project's own succeeds (`lineage.carry_problem`). With problems elsewhere, a
    name that is not found may be a plan or project those problems kept out: it is not
    reported then."""
    from asean_labour.lineage import carry_problem, succeeds_problem

    clean = not problems
    for item, where in lineage:
        if isinstance(item, Plan):
            plan = catalogue.plan(item.id)
            problem = succeeds_problem(catalogue, plan) if plan is not None else None
            if problem is not None and (clean or catalogue.plan(item.succeeds or "")):
                where.add(problem, "succeeds")
            continue
        later = catalogue.project(item.id)
        for pid in item.carried_over_from:
            earlier = catalogue.project(pid)
            if earlier is None:
                if clean:
                    from asean_labour.query import nearest_ids

                    close = nearest_ids(catalogue, pid)
                    where.add(f"no project {pid!r} in the loaded plans"
                              + (f" (did you mean {', '.join(close)}?)" if close else ""),
                              "carried_over_from")
            elif earlier.id != pid:
                where.add(f"{pid!r}: write the id as its plan does, {earlier.id!r}",
                          "carried_over_from")
            elif later is not None and (problem := carry_problem(catalogue, earlier, later)):
                where.add(f"{pid}: {problem}", "carried_over_from")


def _link(drafts: list[Draft], problems: list[Problem], vocabulary: Vocabulary
          ) -> tuple[list[Plan], list[tuple[Plan | Project, Where]]]:
    """Checks across files (ids, programmes) and the built plans, with the plans and projects
    that name others of earlier plans (`succeeds`, `carried_over_from`), to check once every
    plan is built."""
    heads: dict[str, tuple[Draft, Plan]] = {}
    lineage: list[tuple[Plan | Project, Where]] = []
    checked_plans: list[tuple[Draft, Plan, bool]] = []
    for draft in drafts:
        p = draft.plan
        where = Where(draft.shown, "[plan]", draft.plan_line, draft.finder, problems)
        complete = all(k in p for k in ("id", "kind", "title", "body", "period"))
        # A plan whose [plan] table has problems (already reported) is stood in for, so that
        # its projects are checked too and one run reports every problem.
        plan = _head(draft) if complete else _stand_in(draft)
        if "id" in p:
            if p["id"] in heads:
                where.add(f"plan id {p['id']!r} is also used by {heads[p['id']][0].shown}",
                          "id")
                continue
            heads[plan.id] = (draft, plan)
        checked_plans.append((draft, plan, complete))
        if complete and plan.succeeds:
            lineage.append((plan, where))
    seen: dict[str, str] = {}
    built: list[Plan] = []
    for draft, plan, complete in checked_plans:
        programme: Plan | None = plan if plan.kind is PlanKind.WORK_PROGRAMME else None
        if plan.kind is PlanKind.WORK_PLAN and plan.programme_id:
            ref = heads.get(plan.programme_id)
            if ref is None or ref[1].kind is not PlanKind.WORK_PROGRAMME:
                names = [pid for pid, (_, pl) in heads.items()
                         if pl.kind is PlanKind.WORK_PROGRAMME]
                Where(draft.shown, "[plan]", draft.plan_line, draft.finder, problems).add(
                    f"programme {plan.programme_id!r} is not a loaded work programme"
                    f"{did_you_mean(plan.programme_id, names)}; loaded: "
                    f"{', '.join(names) or 'none'}", "programme")
            else:
                programme = ref[1]
                if "period" in draft.plan and not (
                        programme.start <= plan.start and plan.end <= programme.end):
                    Where(draft.shown, "[plan]", draft.plan_line, draft.finder, problems).add(
                        f"period {plan.period} is outside its programme's period "
                        f"{programme.period}", "period")
        projects: list[Project] = []
        for raw, where, events in draft.projects:
            # Ids are checked for duplicates even when the project has other problems.
            pid = raw.get("id")
            duplicate = False
            if isinstance(pid, str) and PROJECT_ID.match(pid):
                key = pid.casefold()
                if key in seen:
                    where.add(f"duplicate project id {pid!r}: also in {seen[key]}", "id")
                    duplicate = True
                else:
                    seen[key] = f"{draft.shown} ({plan.id})" if "id" in draft.plan \
                        else draft.shown
            project = _build_project(raw, where, events, plan, programme, vocabulary)
            if project is not None and not duplicate:
                projects.append(project)
                if project.carried_over_from:
                    lineage.append((project, where))
        if complete:
            built.append(_with_projects(plan, projects))
    return built, lineage


def _head(draft: Draft) -> Plan:
    p = draft.plan
    return Plan(
        id=p["id"], kind=PlanKind(p["kind"]), title=p["title"].strip(), body=p["body"],
        start=p["period"][0], end=p["period"][1], path=draft.path,
        programme_id=_text(p.get("programme")), source=_text(p.get("source")),
        note=_text(p.get("note")), monitoring=tuple(p.get("monitoring", [])),
        resource_mobilisation=tuple(p.get("resource_mobilisation", [])),
        content=draft.content, succeeds=_text(p.get("succeeds")),
    )


def _stand_in(draft: Draft) -> Plan:
    """The plan as far as its [plan] table is usable; an unknown period allows every year."""
    p = draft.plan
    start, end = p.get("period", (YEAR_MIN, YEAR_MAX))
    return Plan(
        id=p.get("id", draft.shown), kind=PlanKind(p.get("kind", PlanKind.WORK_PLAN)),
        title=p.get("title", ""), body=p.get("body", Body("")), start=start, end=end,
        path=draft.path, programme_id=_text(p.get("programme")), content=draft.content,
    )


def _with_projects(plan: Plan, projects: list[Project]) -> Plan:
    from dataclasses import replace

    return replace(plan, projects=tuple(projects))


def summary(problems: list[Problem]) -> str:
    files = len({p.file for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    return (f"{len(problems)} {noun} in {files} file{'s' if files != 1 else ''}; "
            "run `asean-labour validate` after fixing them")


def load_catalogue(plans_dir: Path) -> Catalogue:
    """The catalogue of a plans folder, from the cache when no plan file changed."""
    from asean_labour.cache import load_catalogue as cached

    return cached(plans_dir)
