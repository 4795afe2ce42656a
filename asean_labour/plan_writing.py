"""Starting a plan file: the `[plan]` table a new plan needs (checked against the loaded plans
and the vocabulary), the commented skeleton `plans new` writes, and the one way a new plan file
is written: validated with the plans folder first, then written atomically, never over an
existing file. `plans import` (plan_import.py) fills the same head with a table's projects."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asean_labour.errors import InvalidInput, Problem, UsageError
from asean_labour.model import Catalogue, Plan, PlanKind
from asean_labour.vocabulary import Body, did_you_mean, suggest

_PERIOD = re.compile(r"^\s*([0-9]{4})\s*[-–]\s*([0-9]{4})\s*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class PlanHead:
    """What the `[plan]` table of a new plan file says."""

    id: str
    kind: PlanKind
    title: str
    body: Body
    start: int
    end: int
    programme: str | None = None
    succeeds: str | None = None
    succeeds_guessed: bool = False  # `succeeds` was not given: the latest earlier plan

    @property
    def period(self) -> str:
        return f"{self.start}-{self.end}"

    def fields(self) -> dict[str, Any]:
        return {"id": self.id, "kind": str(self.kind), "title": self.title,
                "body": str(self.body), "period": [self.start, self.end],
                "programme": self.programme, "succeeds": self.succeeds}


def plan_head(catalogue: Catalogue, plan_id: str, *, kind: str | None = None,
              body: str | None = None, programme: str | None = None,
              period: str | None = None, title: str | None = None,
              succeeds: str | None = None) -> PlanHead:
    """The head of a new plan from the options of `plans new` and `plans import`; a
    `UsageError` naming the option for anything the plans would refuse."""
    from asean_labour.loading import PROJECT_ID

    vocabulary = catalogue.vocabulary
    plan_id = plan_id.strip()
    if not PROJECT_ID.match(plan_id):
        raise UsageError(f"{plan_id!r} is not a plan id: use letters, digits, '-' and '.', "
                         "starting with a letter, e.g. ACMW-2026-2030")
    taken = next((p for p in catalogue.plans if p.id.casefold() == plan_id.casefold()), None)
    if taken is not None:
        raise UsageError(f"plan id {plan_id!r} is taken by {taken.path.name} ({taken.id}); "
                         "give the new plan its own id")
    plan_kind = _kind(kind)
    if plan_kind is PlanKind.WORK_PROGRAMME:
        if programme is not None:
            raise UsageError("--programme names the programme a work plan implements; a work "
                             "programme has none (leave it out, or give --kind work-plan)")
        if period is None:
            raise UsageError("a work programme needs --period FIRST-LAST, e.g. --period "
                             "2026-2030")
        parent = None
    else:
        if programme is None:
            names = [p.id for p in catalogue.programmes()]
            raise UsageError("a work plan implements a work programme: give --programme "
                             f"PROGRAMME (loaded: {', '.join(names) or 'none'})")
        parent = _programme(catalogue, programme)
    if body is None:
        if plan_kind is PlanKind.WORK_PLAN:
            raise UsageError(f"give --body, the body that owns the plan: "
                             f"{', '.join(vocabulary.body_order)}")
        body_name = vocabulary.body_order[0]  # SLOM first: the programme is SLOM's
    else:
        found = vocabulary.body(body)
        if found is None:
            raise UsageError(f"--body: unknown body {body!r}"
                             f"{did_you_mean(body, vocabulary.body_order)}; expected one of: "
                             f"{', '.join(vocabulary.body_order)} (a new body goes in the "
                             "plans folder's vocabulary.toml)")
        body_name = found
    start, end = _period(period, parent)
    if parent is not None and not (parent.start <= start and end <= parent.end):
        raise UsageError(f"--period {start}-{end} is outside the period of {parent.id} "
                         f"({parent.period})")
    earlier, guessed = _succeeds(catalogue, succeeds, plan_kind, body_name, start)
    if title is not None:
        title = title.strip()
        if not title or _CONTROL.search(title):
            raise UsageError("--title: give the plan's title as printed, on one line")
    else:
        title = _title(catalogue, earlier, plan_kind, body_name, f"{start}-{end}")
    return PlanHead(plan_id, plan_kind, title, body_name, start, end,
                    parent.id if parent else None, earlier.id if earlier else None, guessed)


def _kind(kind: str | None) -> PlanKind:
    if kind is None:
        return PlanKind.WORK_PLAN
    try:
        return PlanKind(kind.strip().casefold())
    except ValueError:
        raise UsageError(f"--kind: unknown kind {kind!r}; expected one of: "
                         f"{', '.join(PlanKind)}") from None


def _programme(catalogue: Catalogue, programme: str) -> Plan:
    names = [p.id for p in catalogue.programmes()]
    found = next((p for p in catalogue.programmes()
                  if p.id.casefold() == programme.strip().casefold()), None)
    if found is None:
        close = suggest(programme, names)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        raise UsageError(f"--programme: {programme!r} is not a loaded work programme.{hint} "
                         f"Loaded: {', '.join(names) or 'none'} (write the programme first: "
                         "plans new ID --kind work-programme --period FIRST-LAST)")
    return found


def _period(period: str | None, programme: Plan | None) -> tuple[int, int]:
    if period is None:
        assert programme is not None
        return programme.start, programme.end
    match = _PERIOD.match(period)
    if match is None or int(match.group(1)) > int(match.group(2)):
        raise UsageError(f"--period {period!r}: give the first and last year, e.g. 2026-2030")
    from asean_labour.loading import YEAR_MAX, YEAR_MIN

    start, end = int(match.group(1)), int(match.group(2))
    if not (start >= YEAR_MIN and end <= YEAR_MAX):
        raise UsageError(f"--period {period!r}: the years go from {YEAR_MIN} to {YEAR_MAX}")
    return start, end


def _succeeds(catalogue: Catalogue, succeeds: str | None, kind: PlanKind, body: Body,
              start: int) -> tuple[Plan | None, bool]:
    """The plan the new one follows: `--succeeds`, else the latest plan of its kind (and, for
    a work plan, of its body) that ends before it starts."""
    if succeeds is not None:
        found = next((p for p in catalogue.plans
                      if p.id.casefold() == succeeds.strip().casefold()), None)
        same = [p.id for p in catalogue.plans if p.kind is kind]
        if found is None:
            raise UsageError(f"--succeeds: {succeeds!r} is not a loaded plan"
                             f"{did_you_mean(succeeds, same)}; loaded: "
                             f"{', '.join(same) or 'none'}")
        from asean_labour.lineage import succeeds_problem

        problem = succeeds_problem(catalogue, Plan(
            "", kind, "", body, start, start, Path(), succeeds=found.id))
        if problem is not None:
            raise UsageError(f"--succeeds: {problem}")
        return found, False
    earlier = [p for p in catalogue.plans if p.kind is kind and p.end < start
               and (kind is PlanKind.WORK_PROGRAMME or p.body == body)]
    latest = max(earlier, key=lambda p: (p.end, p.start), default=None)
    return latest, latest is not None


def _title(catalogue: Catalogue, earlier: Plan | None, kind: PlanKind, body: Body,
           period: str) -> str:
    """The title of the plan it follows, with the new period; else one made of the body."""
    if earlier is not None and earlier.period in earlier.title:
        return earlier.title.replace(earlier.period, period)
    if kind is PlanKind.WORK_PROGRAMME:
        return f"{body} Work Programme {period}"
    info = catalogue.vocabulary.body_info(body)
    return f"{info.full_name} ({body}) Work Plan {period}" if info and info.full_name \
        else f"{body} Work Plan {period}"


# --- the skeleton of `plans new` -----------------------------------------------------------------

def skeleton(catalogue: Catalogue, head: PlanHead, today: dt.date) -> str:
    """A plan file that validates as it is, with every other field written out as comments
    to fill in: the programme's parts for a programme, and an example project."""
    from asean_labour.plan_text import commented, pair, table

    kind = _kind_words(head.kind)
    plan_comments = []
    if head.succeeds_guessed:
        plan_comments = [f"succeeds: the latest earlier {kind} ({head.succeeds}); correct it "
                         "if another", "comes before this one."]
    blocks = [
        commented(f"{head.id}: a new {kind}, started by `asean-labour plans new` on "
                  f"{today.isoformat()}.\nFill it in from the adopted text, then run "
                  "`asean-labour validate`: it reports every\nproblem, one per line. The "
                  "format: docs/plan-format.md (\"The file, top to bottom\").")
        + "\n" + pair("schema_version", 1) + "\n",
        table("plan", head.fields(), comments=plan_comments)
        + commented('source = "ASEAN Secretariat, ... (the publication, with its pages)"\n'
                    'note = "..."\nmonitoring = ["... (the monitoring and evaluation '
                    'mechanism, as printed)"]\nresource_mobilisation = ["... (as printed)"]'),
    ]
    if head.kind is PlanKind.WORK_PROGRAMME:
        blocks.append(_programme_parts(catalogue))
    blocks.append(_example_project(catalogue, head))
    return "\n".join(blocks)


def _kind_words(kind: PlanKind) -> str:
    return "work programme" if kind is PlanKind.WORK_PROGRAMME else "work plan"


def _programme_parts(catalogue: Catalogue) -> str:
    from asean_labour.plan_text import commented

    bodies = ", ".join(f'"{b}"' for b in catalogue.vocabulary.body_order[1:2]) or '"SLOM"'
    return "[programme]\n" + commented(
        'ascc_vision = "..."\nascc_objectives = ["...", "..."]\noverall_objective = "..."'
    ) + "\n" + commented(
        "The key result areas, the cross-cutting themes, the strategic measures and the "
        "numbered\nthematic areas, each with the bodies responsible for it:\n\n"
        "[[key_result_areas]]\nnumber = 1\nname = \"...\"\nintermediate_targets = "
        "[\"...\"]\n\n[[cross_cutting_themes]]\nid = \"gender-equality\"\n"
        "name = \"Gender Equality\"\n\n[[measures]]\ncode = \"B.2.v\"\ntext = \"...\"\n\n"
        "[[thematic_areas]]\nnumber = 1\ntitle = \"...\"\nkra = 1\n"
        f"bodies = [{bodies}]\nmeasures = [\"B.2.v\"]")


def _example_project(catalogue: Catalogue, head: PlanHead) -> str:
    from asean_labour.plan_text import commented

    programme = catalogue.plan(head.programme) if head.programme else None
    areas = [a for a in programme.content.thematic_areas if head.body in a.bodies] \
        if programme is not None and programme.content is not None else []
    if programme is None:
        where = "A project names one of the thematic areas above."
    elif areas:
        where = (f"The thematic areas of {programme.id} that {head.body} is responsible "
                 "for:\n" + "\n".join(f"  {a.number}. {a.title}" for a in areas))
    else:
        where = (f"{programme.id} gives {head.body} no thematic area yet; a project names "
                 "one of its areas.")
    number = areas[0].number if areas else 1
    prefix = f"{head.body}-{head.start}"
    second = min(head.start + 1, head.end)
    lines = [
        "One [[projects]] table per project, in the order the plan prints them. Ids are "
        "unique across",
        f"all plans: put the plan's first year in them ({prefix}-1, {prefix}-1a).",
        *where.splitlines(), "",
        "[[projects]]", f'id = "{prefix}-1"', 'number = "1"', 'title = "..."',
        f"thematic_area = {number}",
        f'timeline = "{head.start}-{second}"'.ljust(27) + "# as printed",
        f"years = [{head.start}, {second}]".ljust(27) + "# the years it covers; none when not "
        "given (TBC)",
        'coordinators = ["..."]'.ljust(27) + "# Member States or roles of the vocabulary",
        'collaborators = ["..."]', 'budget = "..."',
    ]
    if head.succeeds:
        lines.append('carried_over_from = "..."'.ljust(27) + f"# the project of "
                     f"{head.succeeds} it continues, if any")
    lines.append('note = "..."')
    return commented("\n".join(lines))


# --- where and how a new plan file is written ----------------------------------------------------

def output_path(folder: Path, head: PlanHead, output: Path | None) -> Path:
    """Where the new plan file goes: --output, else `PLANS/<id>.toml`; refused when a file is
    there already (the tool never replaces a plan file) or when the plans would not read it."""
    from asean_labour.files import RESERVED_DIRS, RESERVED_FILES

    path = output if output is not None else folder / f"{head.id.lower()}.toml"
    shown = str(path)
    if path.suffix != ".toml":
        raise UsageError(f"--output {shown}: a plan file's name ends in .toml")
    if os.path.lexists(path):
        raise UsageError(f"{shown} exists; the tool never replaces a plan file: give another "
                         "--output, or move that file away first")
    if not path.parent.is_dir():
        raise UsageError(f"{shown}: the folder {path.parent} does not exist")
    try:
        inside = Path(os.path.abspath(path)).relative_to(os.path.abspath(folder))
    except ValueError:
        return path  # outside the plans folder: written, and said so
    if inside.name.startswith(("_", ".")) or any(
            part.startswith(("_", ".")) for part in inside.parts[:-1]):
        raise UsageError(f"{shown}: the plans folder ignores names that start with '_' or "
                         "'.'; give another name")
    if (len(inside.parts) == 1 and inside.name in RESERVED_FILES) or (
            len(inside.parts) > 1 and inside.parts[0] in RESERVED_DIRS):
        raise UsageError(f"{shown}: that place in the plans folder is kept for other data "
                         "than plans; give another name")
    return path


def inside(folder: Path, path: Path) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(folder))
    except ValueError:
        return False
    return True


def check(folder: Path, path: Path, text: str) -> Catalogue:
    """The plans with the new file among them, or `InvalidInput` with every problem: nothing
    is written unless the plans validate with it."""
    from asean_labour.loading import check_plans

    catalogue, problems, _ = check_plans(folder, {path: text})
    if catalogue is None:
        noun = "problem" if len(problems) == 1 else "problems"
        raise InvalidInput(problems, f"{len(problems)} {noun}; nothing was written")
    return catalogue


def write(path: Path, text: str) -> None:
    """Write a new plan file atomically; never over an existing one."""
    from asean_labour.atomic import reason, write_atomically

    try:
        write_atomically(path, text.encode("utf-8"), replace=False)
    except FileExistsError:
        raise UsageError(f"{path} exists; the tool never replaces a plan file") from None
    except OSError as exc:
        raise InvalidInput([Problem(str(path), f"cannot write it: {reason(exc)}")],
                           "nothing was written") from None
