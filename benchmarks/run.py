"""Time whole `asean-labour` commands as a user runs them, as ratios to the import floor.

    python benchmarks/run.py --quick          # shipped plans, 100, 1,000, 10,000 projects
    python benchmarks/run.py                  # ... and 100,000 projects (over 10 minutes)
    python benchmarks/run.py --rev HEAD       # the committed code, whatever the working tree
    python benchmarks/run.py --sizes 10000 --runs 7 --commands list-filter,show

Every figure is a whole process (start-up, imports, loading, rendering, exit), timed from
spawn to exit with os.wait4, which also gives the child's peak resident memory (ru_maxrss)
and CPU time; a small launcher process spawns the commands (see LAUNCHER for why). The floor
is `python -c "import typer, rich.console, rich.table"`, timed the same way with the same
interpreter: what any Typer + Rich command costs before it does anything.

Data: the shipped plans (copied to a temporary folder, so `update` never touches the
repository), and synthetic plans made by benchmarks/generate.py into benchmarks/data/
(reused while their parameters are unchanged). Commands that write (`update`) delete the change
file they wrote after each run, so every run sees the same history. A command the installed
tool does not have (`report`, while it is being written) is skipped, and the table says so.

The goals of the performance issue live here (evaluate()); the run ends with a met/missed
line for each. Results also go to benchmarks/data/results.json and benchmarks/data/results.md.
At 100,000 projects only the commands in LARGE_COMMANDS run by default (as many runs as the
budget allows), and a command whose smaller-size figure predicts more than --timeout is
skipped (a full run: expect 10-15 minutes on a 2-core machine). docs/performance.md
explains the method and the figures.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _venv import reexec_in_project_venv  # the scripts' own folder is on sys.path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
FULL_SIZES = (100, 1_000, 10_000, 100_000)
QUICK_SIZES = (100, 1_000, 10_000)


# --- measuring --------------------------------------------------------------------------------

@dataclass
class Sample:
    wall: float  # seconds
    rss_kb: int  # peak resident set size of the process
    cpu: float  # user + system seconds


@dataclass
class Result:
    group: str  # "floor", "shipped", "10,000 projects", ...
    name: str
    argv: list[str]
    samples: list[Sample] = field(default_factory=list)
    status: str = "ok"  # ok, failed, skipped, timeout
    message: str = ""
    output_bytes: int = 0
    size: int | None = None  # projects, for the synthetic sets

    @property
    def walls(self) -> list[float]:
        return [s.wall for s in self.samples]

    @property
    def median(self) -> float | None:
        return statistics.median(self.walls) if self.samples else None

    @property
    def peak_mb(self) -> float | None:
        return max(s.rss_kb for s in self.samples) / 1024 if self.samples else None

    def spread(self) -> str:
        if not self.samples:
            return ""
        walls = sorted(self.walls)
        text = f"{fmt_ms(walls[0])}-{fmt_ms(walls[-1])}"
        if len(walls) >= 4:
            q = statistics.quantiles(walls, n=4)
            text += f" (IQR {fmt_ms(q[2] - q[0])})"
        return text

    def record(self) -> dict[str, Any]:
        return {"group": self.group, "name": self.name, "argv": self.argv,
                "status": self.status, "message": self.message, "size": self.size,
                "median_s": self.median, "peak_mb": self.peak_mb,
                "samples": [s.__dict__ for s in self.samples],
                "output_bytes": self.output_bytes}


def fmt_ms(seconds: float) -> str:
    ms = seconds * 1000
    if ms >= 10_000:
        return f"{ms / 1000:.1f}s"
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.1f}"


# Children are spawned by a small launcher process, not by this script: on Linux a child's
# ru_maxrss starts at the peak RSS of the process that spawned it (exec records the spawner's
# memory high-water mark), so spawning from a small process keeps the figure the child's own.
LAUNCHER = r"""
import json, os, signal, sys, time
def kill(*_):
    if child:
        os.kill(child, signal.SIGKILL)
signal.signal(signal.SIGALRM, kill)
child = 0
for line in sys.stdin:
    req = json.loads(line)
    os.chdir(req["cwd"])
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, req["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_OPEN, 2, req["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
    ]
    started = time.perf_counter()
    child = os.posix_spawn(req["argv"][0], req["argv"], req["env"], file_actions=actions)
    signal.setitimer(signal.ITIMER_REAL, req["timeout"])
    _, status, usage = os.wait4(child, 0)
    wall = time.perf_counter() - started
    signal.setitimer(signal.ITIMER_REAL, 0)
    child = 0
    print(json.dumps([wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime,
                      os.waitstatus_to_exitcode(status)]), flush=True)
"""


class Launcher:
    """The small process that spawns and times every measured command."""

    def __init__(self, python: str, scratch: Path) -> None:
        self.scratch = scratch
        self.proc = subprocess.Popen([python, "-S", "-c", LAUNCHER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)

    def run(self, argv: Sequence[str], env: dict[str, str], cwd: Path, out_path: Path,
            timeout: float) -> tuple[Sample, int, str]:
        """One run: the sample, the exit code, the tail of standard error."""
        err_path = self.scratch / "stderr"
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"argv": list(argv), "env": env, "cwd": str(cwd),
                                          "out": str(out_path), "err": str(err_path),
                                          "timeout": timeout}) + "\n")
        self.proc.stdin.flush()
        wall, rss_kb, cpu, code = json.loads(self.proc.stdout.readline())
        tail = err_path.read_bytes()[-3000:].decode("utf-8", "replace")
        if code == -9 and wall >= timeout:
            tail = "timeout"
        return Sample(wall, rss_kb, cpu), code, tail

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait()


@dataclass
class Spec:
    group: str
    name: str
    argv: list[str]
    cwd: Path
    after: Callable[[], None] | None = None
    size: int | None = None
    before: Callable[[], None] | None = None
    keep_check: bool = False
    cold_check: bool = False  # the check run is colder than the timed ones: never a sample
    env: dict[str, str] | None = None  # instead of the runner's (Taskwarrior's TASKRC, ...)


@dataclass
class Runner:
    env: dict[str, str]
    runs: int
    budget: float  # seconds of timed runs per command, at most
    timeout: float
    scratch: Path
    launcher: Launcher
    verbose: bool = True
    results: list[Result] = field(default_factory=list)
    audits: dict[tuple[str, str], tuple[int, int] | None] = field(default_factory=dict)

    def measure_many(self, specs: Sequence[Spec], runs: int | None = None) -> list[Result]:
        """A check run of each command (exit code, output; also the warm-up of the page
        cache and of the tool's cache), then timed runs, round-robin across the commands so
        that a change in the machine's load hits them alike, until each has `runs` samples
        or has spent the budget (at least one timed run each)."""
        wanted = runs or self.runs
        out_path = self.scratch / "stdout"
        plan: list[tuple[Spec, Result]] = []
        results = []
        for spec in specs:
            result = Result(spec.group, spec.name, spec.argv, size=spec.size)
            self.results.append(result)
            results.append(result)
            if spec.before:
                spec.before()
            sample, code, tail = self.launcher.run(spec.argv, spec.env or self.env, spec.cwd,
                                                   out_path, self.timeout)
            if spec.after:
                spec.after()
            result.output_bytes = out_path.stat().st_size
            if code != 0:
                result.status = "timeout" if tail == "timeout" else "failed"
                result.message = f"exit {code}: " + (tail.strip().splitlines() or [""])[-1][:300]
                result.samples.append(sample)
                self._say(result)
                continue
            # The check run warms the page cache and the tool's own cache, so it is kept
            # as a sample only where no cache is involved (a cold-cache run; validate, which
            # always reads the files) and the command is slow enough to matter.
            # A run over twice the budget is kept too: its cache saving is small beside it.
            if (sample.wall * 10 > self.budget and spec.keep_check) or \
                    (sample.wall > 2 * self.budget and not spec.cold_check):
                result.samples.append(sample)
            plan.append((spec, result))
        # Round-robin until each command has `wanted` samples or has used its budget
        # (judged on its own timed runs, not on the check run, which may have been cold).
        for _round in range(wanted):
            for spec, result in plan:
                walls = result.walls
                if result.status != "ok" or len(walls) >= wanted or (
                        walls and sum(walls) + statistics.median(walls) > self.budget):
                    continue
                if spec.before:
                    spec.before()
                sample, code, tail = self.launcher.run(spec.argv, spec.env or self.env,
                                                       spec.cwd, out_path, self.timeout)
                if spec.after:
                    spec.after()
                if code != 0:
                    result.status = "failed"
                    result.message = f"exit {code} on a later run: " + tail.strip()[-300:]
                    continue
                result.samples.append(sample)
        for _, result in plan:
            self._say(result)
        return results

    def skip(self, group: str, name: str, argv: list[str], why: str,
             size: int | None = None) -> None:
        result = Result(group, name, argv, status="skipped", message=why, size=size)
        self.results.append(result)
        self._say(result)

    def _say(self, result: Result) -> None:
        if not self.verbose:
            return
        if result.status != "ok":
            print(f"  {result.group:>16}  {result.name:<24} {result.status.upper()}: "
                  f"{result.message}", flush=True)
            return
        median = fmt_ms(result.median or 0)
        print(f"  {result.group:>16}  {result.name:<24} {median:>8}{'' if 's' in median else ' ms'}"
              f" x{len(result.samples)}  {result.peak_mb:6.1f} MB", flush=True)


# What a command reads from the progress store, counted with an audit hook in the child:
# evidence that does not depend on the machine's load.
AUDIT = r"""
import atexit, os, sys
store = os.path.realpath(sys.argv[1])
seen = {"open": 0, "list": 0}
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(
            args[0], (str, bytes, os.PathLike)):
        path = os.path.realpath(os.fsdecode(args[0]))
        if path == store or path.startswith(store + os.sep):
            seen["open" if event == "open" else "list"] += 1
sys.addaudithook(hook)
atexit.register(lambda: sys.stderr.write(f"\nAUDIT {seen['open']} {seen['list']}\n"))
sys.argv = ["asean-labour", *sys.argv[2:]]
from asean_labour.cli import main
main()
"""


def audit(python: str, argv: list[str], plans: Path, env: dict[str, str], cwd: Path,
          after: Callable[[], None] | None) -> tuple[int, int] | None:
    """(files opened, folders listed) under plans/progress by one run of the command."""
    done = subprocess.run([python, "-c", AUDIT, str(plans / "progress"), *argv[1:]],
                          capture_output=True, text=True, env=env, cwd=cwd, check=False)
    if after:
        after()
    for line in reversed(done.stderr.splitlines()):
        if line.startswith("AUDIT "):
            opened, listed = line.split()[1:]
            return int(opened), int(listed)
    return None


# --- the machine ----------------------------------------------------------------------------

def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"platform": platform.platform(), "python": platform.python_version()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")]
        mhz = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
               if line.startswith("cpu MHz")]
        info["cpu"] = models[0] if models else platform.processor()
        info["cpu_mhz"] = mhz[0] if mhz else None
    except OSError:
        info["cpu"] = platform.processor()
    info["cores"] = os.cpu_count()
    if hasattr(os, "sched_getaffinity"):
        info["cores_usable"] = len(os.sched_getaffinity(0))
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    for package in ("typer", "rich", "asean-labour", "tomli-w", "python-docx"):
        try:
            info[package] = version(package)
        except PackageNotFoundError:
            info[package] = None
    # Read-only git queries: which code was measured.
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True,
                                  text=True, check=False, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    info["git_commit"] = git("rev-parse", "--short", "HEAD") or None
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "asean_labour")
    info["git_dirty"] = bool(dirty)
    return info


# --- the commands -----------------------------------------------------------------------------

@dataclass
class Dataset:
    group: str
    plans: Path
    show_id: str
    update_id: str
    cycle: int
    batch: Path
    batch_rows: int
    size: int | None = None
    shipped: bool = False


COMMANDS = ("help", "list", "list-filter", "list-filter-cold", "list-filter-edited",
            "list-status", "list-json", "list-csv", "list-xlsx", "show", "show-after-update",
            "update", "update-batch", "update-workbook", "report-md", "report-docx",
            "report-html", "validate", "taskwarrior")
#: Timed on the synthetic data sets only (their goals are at 10,000 and 100,000 projects).
SYNTHETIC_ONLY = ("list-filter-edited", "show-after-update", "taskwarrior")


def command_lines(script: str, d: Dataset, scratch: Path) -> dict[str, list[str]]:
    p = ["--plans", str(d.plans)]
    return {
        "help": [script, "--help"],
        "list": [script, "list", *p],
        "list-filter": [script, "list", "--coordinator", "Vietnam", "--year", "2018", *p],
        "list-filter-cold": [script, "list", "--coordinator", "Vietnam", "--year", "2018", *p],
        "list-filter-edited": [script, "list", "--coordinator", "Vietnam", "--year", "2018",
                               "--plans", str(edited_folder(d, scratch))],
        "list-status": [script, "list", "--cycle", str(d.cycle), "--status", "completed", *p],
        "list-json": [script, "list", "--format", "json", *p],
        "list-csv": [script, "list", "--format", "csv", *p],
        "list-xlsx": [script, "list", "--format", "xlsx", "--output",
                      str(scratch / "list.xlsx"), *p],
        "show": [script, "show", d.show_id, *p],
        "show-after-update": [script, "show", d.show_id, "--plans",
                              str(edited_folder(d, scratch))],
        "update": [script, "update", d.update_id, "--status", "ongoing", "--cycle",
                   str(d.cycle), "--note", "Benchmark update: workshop held", *p],
        "update-batch": [script, "update", "--file", str(d.batch), *p],
        "update-workbook": [script, "update", "--file", str(workbook_of(d)), *p],
        "report-md": [script, "report", "--cycle", str(d.cycle), "--format", "markdown",
                      "--output", str(scratch / "report.md"), *p],
        "report-docx": [script, "report", "--cycle", str(d.cycle), "--format", "docx",
                        "--output", str(scratch / "report.docx"), *p],
        "report-html": [script, "report", "--cycle", str(d.cycle), "--format", "html",
                        "--output", str(scratch / "report.html"), *p],
        "validate": [script, "validate", *p],
    }


def label(name: str, d: Dataset) -> str:
    if name == "update-batch":
        return f"update --from ({d.batch_rows} rows)"
    if name == "update-workbook":
        return f"update --from ({d.batch_rows}-row .xlsx)"
    return {"help": "--help", "list": "list", "list-filter": "list -c Vietnam -y 2018",
            "list-filter-cold": "list -c Vietnam -y 2018, cold cache",
            "list-filter-edited": "list -c Vietnam -y 2018, a plan file edited",
            "show-after-update": "show ID, after an update",
            "list-status": "list --cycle --status", "list-json": "list --format json",
            "list-csv": "list --format csv", "list-xlsx": "list --format xlsx",
            "show": "show ID", "update": "update ID",
            "report-md": "report (markdown)", "report-docx": "report (docx)",
            "report-html": "report (html)", "validate": "validate",
            "taskwarrior": "Taskwarrior"}[name]


def cleaner(plans: Path) -> Callable[[], None]:
    """Delete the change files a write command adds, so every run sees the same history."""
    progress = plans / "progress"

    def listing() -> set[Path]:
        if not progress.is_dir():
            return set()
        return {f for cycle in progress.iterdir() if cycle.is_dir() for f in cycle.iterdir()}

    before = listing()

    def clean() -> None:
        for path in listing() - before:
            path.unlink()
    return clean


# The batch as a focal point's workbook: the same rows, typed as Excel keeps them (the cycle a
# number, the date a date cell), made in its own process with openpyxl.
WORKBOOK = r"""
import csv, datetime as dt, sys, openpyxl
source, target = sys.argv[1], sys.argv[2]
with open(source, newline="", encoding="utf-8") as handle:
    rows = list(csv.reader(handle))
workbook = openpyxl.Workbook()
sheet = workbook.active
sheet.title = "Updates"
sheet.append(rows[0])
cycle, date = rows[0].index("cycle"), rows[0].index("date")
for row in rows[1:]:
    row[cycle] = int(row[cycle])
    row[date] = dt.datetime.fromisoformat(row[date])
    sheet.append(row)
workbook.save(target)
"""


def workbook_of(d: Dataset) -> Path:
    """The data set's batch as an .xlsx in benchmarks/data/ (made once, remade when the
    batch changes)."""
    target = DATA / f"{d.batch.parent.name}-{d.batch.stem}.xlsx"
    if not target.exists() or target.stat().st_mtime < d.batch.stat().st_mtime:
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-c", WORKBOOK, str(d.batch), str(target)],
                       check=True)
    return target


def remover(path: Path) -> Callable[[], None]:
    def remove() -> None:
        path.unlink(missing_ok=True)
    return remove


def dataset_specs(runner: Runner, script: str, d: Dataset, wanted: Sequence[str],
                  has_report: bool, cwd: Path) -> list[Spec]:
    """The commands to time on one data set; a missing `report` is recorded as skipped."""
    lines = command_lines(script, d, runner.scratch)
    specs = []
    for name in wanted:
        if name == "help" and not d.shipped:
            continue  # start-up only: the same at every size
        if (name in SYNTHETIC_ONLY and d.shipped) or name == "taskwarrior":
            continue  # Taskwarrior: taskwarrior_specs
        if name.startswith("report") and not has_report:
            runner.skip(d.group, label(name, d), lines[name],
                        "`asean-labour report --help` fails: no report command yet",
                        size=d.size)
            continue
        after = None
        if name.startswith("update"):
            after = cleaner(d.plans)
        elif name.startswith("report") or name == "list-xlsx":
            after = remover(Path(lines[name][lines[name].index("--output") + 1]))
        before: Callable[[], None] | None = None
        if name.endswith("-cold"):  # the first run on a fresh clone: no cache at all
            before = functools.partial(shutil.rmtree, runner.env["XDG_CACHE_HOME"],
                                       ignore_errors=True)
        elif name == "list-filter-edited":
            before = plan_editor(make_edited_copy(d, runner.scratch))
        elif name == "show-after-update":
            folder = make_edited_copy(d, runner.scratch)
            before = updater(runner.env, script, d, folder)
            after = cleaner(folder)
        specs.append(Spec(d.group, label(name, d), lines[name], cwd, after, d.size, before,
                          keep_check=name.endswith("-cold") or name == "validate",
                          cold_check=name in ("list-filter-edited", "show-after-update")))
    return specs


# --- after an edit: the runner's own copy of a data set -------------------------------------

def edited_folder(d: Dataset, scratch: Path) -> Path:
    """Where the commands that change the data before each run (a plan file edited, an
    update recorded) find their copy of the data set's plans."""
    return scratch / "edited" / d.plans.parent.name / "plans"


def make_edited_copy(d: Dataset, scratch: Path) -> Path:
    """The copy, made once a run (a copy, not hard links: `update` writes in the progress
    store, and the data set itself must never change)."""
    folder = edited_folder(d, scratch)
    if not folder.exists():
        shutil.copytree(d.plans, folder)
    return folder


def edited_plan(plans: Path) -> Path:
    """The plan file the edit goes to: a work plan in the middle of the folder (not the
    programme, whose edit would touch every plan checked against it; not the vocabulary)."""
    files = sorted(p for p in plans.glob("*.toml")
                   if "programme" not in p.name and p.name != "vocabulary.toml")
    return files[len(files) // 2]


def plan_editor(plans: Path) -> Callable[[], None]:
    """Before each run: one plan file gets a TOML comment line that differs from the last
    run's (its size and modification time change, as after an edit or a `git pull`), written
    whole to a new file renamed over the old one, as an editor or git does."""
    target = edited_plan(plans)
    original = target.read_bytes()
    counter = itertools.count()

    def edit() -> None:
        n = next(counter)
        temporary = target.with_name(target.name + ".edit")
        temporary.write_bytes(original + f"# benchmark edit {n}{'.' * (n % 2)}\n".encode())
        os.replace(temporary, target)
    return edit


def updater(env: dict[str, str], script: str, d: Dataset, plans: Path) -> Callable[[], None]:
    """Before each run: an `update` of one project (not timed), its note different each time."""
    counter = itertools.count()

    def update() -> None:
        n = next(counter)
        done = subprocess.run([script, "update", d.update_id, "--status", "ongoing", "--cycle",
                               str(d.cycle), "--note", f"Benchmark update {n}: workshop held",
                               "--plans", str(plans)], env=env, capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            print(f"  (the update before `show` failed: {done.stderr.strip()[-300:]})",
                  flush=True)
    return update


# --- Taskwarrior: the same projects as tasks ----------------------------------------------------

TASK_NAMES = ("task list", "task export", "task ID modify")
#: The tool's command each of Taskwarrior's compares with.
TASK_PAIRS = {"list": "task list", "list-json": "task export", "update": "task ID modify"}
#: Task UUIDs are made from the project ids, so the task of a project is known in advance.
TASK_NAMESPACE = uuid.UUID("6f1c1f4e-3f7a-4c1e-9a57-2d0b8a2c0f11")
TASK_UDAS = ("uda.slom.type=string\nuda.slom.label=Project id\n"
             "uda.coordinators.type=string\nuda.coordinators.label=Coordinators\n"
             "uda.slomstatus.type=string\nuda.slomstatus.label=Status\n")


def task_rc(data: Path, version: str, columns: int) -> str:
    """Taskwarrior's settings of its own: no confirmation, no hooks, no colour, the same
    width as the tool's table (output goes to a file, so the width is not detected)."""
    return (f"data.location={data}\nconfirmation=off\nhooks=off\ncolor=off\n"
            f"detection=off\ndefaultwidth={columns}\nnews.version={version}\n" + TASK_UDAS)


def task_record(project: dict[str, Any]) -> dict[str, Any]:
    """One project as a task: the title its description, the body its project, the
    coordinators as tags (and as a UDA, spelled as the plans do), due at the end of its last
    year, its id a UDA."""
    task: dict[str, Any] = {
        "uuid": str(uuid.uuid5(TASK_NAMESPACE, project["id"])), "status": "pending",
        "entry": "20160101T000000Z",
        "description": (project["title"] or "").strip() or f"{project['id']} (no title)",
        "project": project["body"], "slom": project["id"]}
    tags = sorted({t for t in (re.sub(r"[^0-9A-Za-z]+", "_", c).strip("_")
                               for c in project.get("coordinators") or []) if t})
    if tags:
        task["tags"] = tags
        task["coordinators"] = "; ".join(project["coordinators"])
    if project.get("years"):
        task["due"] = f"{max(project['years'])}1231T000000Z"
    return task


def taskwarrior_data(task: str, script: str, d: Dataset, env: dict[str, str],
                     scratch: Path, columns: int) -> tuple[Path, str]:
    """Taskwarrior's data made from the data set's projects with one `task import`, kept in
    benchmarks/data/ while the data set and Taskwarrior's version are unchanged; and that
    version."""
    version = subprocess.run([task, "--version"], capture_output=True, text=True,
                             check=False).stdout.strip() or "?"
    folder = DATA / f"taskwarrior-{d.plans.parent.name}"
    manifest = d.plans.parent / "manifest.json"
    key = json.dumps({"format": 1, "task": version, "manifest": hashlib.sha256(
        manifest.read_bytes() if manifest.exists() else b"").hexdigest()})
    stamp = folder / "built-from.json"
    data = folder / "data"
    if stamp.exists() and stamp.read_text() == key:
        return data, version
    shutil.rmtree(folder, ignore_errors=True)
    data.mkdir(parents=True)
    export = scratch / "projects.json"
    with export.open("wb") as handle:
        subprocess.run([script, "list", "--format", "json", "--plans", str(d.plans)],
                       stdout=handle, env=env, check=True)
    projects = json.loads(export.read_text("utf-8"))["projects"]
    export.unlink()
    tasks = folder / "import.json"
    with tasks.open("w", encoding="utf-8") as handle:
        for project in projects:
            handle.write(json.dumps(task_record(project), ensure_ascii=False) + "\n")
    rc = folder / "taskrc"
    rc.write_text(task_rc(data, version, columns))
    started = time.perf_counter()
    done = subprocess.run([task, "import", str(tasks)], env=env | {
        "TASKRC": str(rc), "TASKDATA": str(data)}, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"task import failed: {done.stderr.strip()[-500:]}")
    tasks.unlink()
    print(f"  Taskwarrior {version}: {len(projects):,} tasks imported in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    stamp.write_text(key)
    return data, version


def taskwarrior_specs(runner: Runner, script: str, d: Dataset, wanted: Sequence[str],
                      columns: int) -> list[Spec]:
    """`task list`, `task export` and `task UUID modify` on the data set's projects as tasks,
    each run on a fresh copy of the imported data (modify's change undone after each run)."""
    if "taskwarrior" not in wanted or d.shipped or (d.size or 0) < 1000:
        return []
    task = shutil.which("task")
    if task is None:
        for name in TASK_NAMES:
            runner.skip(d.group, name, ["task", name.split()[-1]], "Taskwarrior is not "
                        "installed (the Debian package taskwarrior)", size=d.size)
        return []
    pristine, version = taskwarrior_data(task, script, d, runner.env, runner.scratch, columns)
    data = runner.scratch / "taskwarrior" / d.plans.parent.name
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(pristine, data)
    rc = data.parent / f"{d.plans.parent.name}.taskrc"
    rc.write_text(task_rc(data, version, columns))
    env = runner.env | {"TASKRC": str(rc), "TASKDATA": str(data)}

    def restore() -> None:  # modify rewrites pending.data and appends to undo and backlog
        for name in ("pending.data", "completed.data", "undo.data", "backlog.data"):
            if (pristine / name).exists():
                shutil.copy2(pristine / name, data / name)

    task_id = str(uuid.uuid5(TASK_NAMESPACE, d.update_id))
    return [Spec(d.group, "task list", [task, "list"], runner.scratch, None, d.size, env=env),
            Spec(d.group, "task export", [task, "export"], runner.scratch, None, d.size,
                 env=env),
            Spec(d.group, "task ID modify", [task, task_id, "modify", "slomstatus:ongoing"],
                 runner.scratch, restore, d.size, env=env)]


LARGE = 100_000
LARGE_COMMANDS = ("list", "list-filter", "list-filter-cold", "list-filter-edited", "list-json",
                  "show", "show-after-update", "update", "update-batch", "update-workbook",
                  "report-md", "report-docx", "validate", "taskwarrior")


def predicted_over(results: list[Result], spec: Spec, timeout: float) -> str | None:
    """Why not to run `spec`: the same command at a smaller size, scaled linearly, would
    take longer than the timeout."""
    if spec.size is None:
        return None
    smaller = [r for r in results if r.name == spec.name and r.size and r.size < spec.size
               and r.samples and not r.group.startswith("history")]
    if not smaller:
        return None
    last = max(smaller, key=lambda r: r.size or 0)
    guess = (last.median or 0) * spec.size / (last.size or 1)
    if last.status == "timeout" or guess > timeout:
        return (f"predicted ~{guess:.0f} s (linear from {last.size:,} projects), over the "
                f"{timeout:.0f} s timeout")
    return None


READS = {"--help", "list", "list -c Vietnam -y 2018", "list --cycle --status",
         "list --format json", "list --format csv", "show ID"}


# --- data sets --------------------------------------------------------------------------------

def shipped_dataset(scratch: Path) -> Dataset:
    import tomllib

    plans = scratch / "shipped" / "plans"
    if plans.exists():
        shutil.rmtree(plans)
    shutil.copytree(ROOT / "plans", plans, ignore=shutil.ignore_patterns("progress"))
    show_id = "ACMW-2"
    for path in sorted(plans.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        hit = next((p["id"] for p in data.get("projects", []) if p.get("events")), None)
        if hit:
            show_id = hit
            break
    batch = ROOT / "examples" / "acmw-2017.csv"
    rows = max(0, len(batch.read_text("utf-8").strip().splitlines()) - 1)
    return Dataset("shipped plans", plans, show_id, "ACMW-2", 2017, batch, rows, shipped=True)


def run_generator(args: list[str], out: Path) -> dict[str, Any]:
    """benchmarks/generate.py in its own process (this one stays small: see LAUNCHER)."""
    subprocess.run([sys.executable, str(HERE / "generate.py"), *args, "--out", str(out),
                    "--no-validate"], check=True, stdout=subprocess.DEVNULL)
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text())
    return manifest


def synthetic_dataset(size: int, seed: int, regenerate: bool) -> Dataset:
    sys.path.insert(0, str(HERE))
    import generate as gen

    args = gen.parser().parse_args(["--projects", str(size), "--seed", str(seed),
                                    "--out", "unused"])
    params = gen.params_from(args)
    out = DATA / f"p{size}-s{seed}"
    manifest_path = out / "manifest.json"
    manifest = None
    if manifest_path.exists() and not regenerate:
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("params") != params.key():
            manifest = None
        else:
            # Leftovers of an interrupted run: change files newer than the manifest.
            stamp = manifest_path.stat().st_mtime
            for f in (out / "plans" / "progress").glob("*/*.toml"):
                if f.stat().st_mtime > stamp + 1:
                    manifest = None
                    break
    if manifest is None:
        print(f"  generating {size:,} projects into {out} ...", flush=True)
        manifest = run_generator(["--projects", str(size), "--seed", str(seed)], out)
        p = manifest["progress"]
        print(f"  ... {manifest['plan_files']} plan files ({manifest['plan_bytes'] / 1e6:.1f} MB),"
              f" {p['updates']:,} updates in {p['change_files']:,} change files "
              f"({p['bytes'] / 1e6:.1f} MB) in {manifest['seconds']} s", flush=True)
    return Dataset(f"{size:,} projects", out / "plans", manifest["ids"]["show"],
                   manifest["ids"]["update"], manifest["batch_cycle"],
                   out / manifest["batch_file"], manifest["batch_rows"], size=size)


def history_datasets(projects: int, seed: int) -> list[tuple[str, Dataset, dict[str, Any]]]:
    """The same plans with growing histories: none, one cycle, five cycles of many files."""
    sys.path.insert(0, str(HERE))
    import generate as gen

    variants = [("no history", ["--cycles", "0"]),
                ("1 cycle", ["--cycles", "1"]),
                ("5 cycles", ["--cycles", "5"]),
                ("5 cycles, 1/2 singles", ["--cycles", "5", "--singles", str(projects // 2)])]
    out = []
    for name, extra in variants:
        args = gen.parser().parse_args(["--projects", str(projects), "--seed", str(seed),
                                        "--out", "unused", *extra])
        params = gen.params_from(args)
        folder = DATA / f"history-p{projects}-c{params.cycles}-s{params.singles}"
        manifest_path = folder / "manifest.json"
        manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else None
        if manifest is None or manifest.get("params") != params.key():
            manifest = run_generator(["--projects", str(projects), "--seed", str(seed),
                                      *extra], folder)
        d = Dataset(f"history: {name}", folder / "plans", manifest["ids"]["show"],
                    manifest["ids"]["update"], 2020, folder / manifest["batch_file"],
                    manifest["batch_rows"], size=projects)
        out.append((name, d, manifest))
    return out


# --- goals ------------------------------------------------------------------------------------

@dataclass
class Goal:
    text: str
    measured: str
    target: str
    met: bool | None  # None: not measured
    by: str = ""


def find(results: list[Result], group: str, name: str) -> Result | None:
    return next((r for r in results if r.group == group and r.name == name
                 and r.status == "ok" and r.samples), None)


def evaluate(results: list[Result], floor: float | None,
             audits: dict[tuple[str, str], tuple[int, int] | None]) -> list[Goal]:
    goals: list[Goal] = []
    floor_run = find(results, "floor", "import typer, rich.console, rich.table")
    floor_min = min(floor_run.walls) if floor_run else None

    def ratio_goal(name: str, limit: float, text: str) -> None:
        r = find(results, "shipped plans", name)
        if r is None or floor is None:
            goals.append(Goal(text, "not measured", f"<= {limit}x floor", None))
            return
        ratio = (r.median or 0) / floor
        # Load from other processes adds roughly the same time to every run, which pulls
        # ratios of medians towards 1; the fastest runs are the nearest to an idle machine.
        # The verdict takes the worse of the two.
        fastest = min(r.walls) / floor_min if floor_min else ratio
        worst = max(ratio, fastest)
        goals.append(Goal(text, f"{ratio:.2f}x ({fmt_ms(r.median or 0)} ms); fastest runs "
                          f"{fastest:.2f}x", f"<= {limit}x ({fmt_ms(limit * floor)} ms)",
                          worst <= limit, _by(worst, limit)))

    ratio_goal("list", 1.15, "shipped: list")  # 1.3x until issue 18
    ratio_goal("show ID", 1.3, "shipped: show")
    ratio_goal("--help", 1.3, "shipped: --help")
    ratio_goal("list --format json", 1.05, "shipped: list --format json")  # 1.1x until 18
    ratio_goal("list --format csv", 1.05, "shipped: list --format csv")  # 1.1x until 18

    def wall_goal(group: str, name: str, limit_s: float, text: str,
                  mem_mb: float | None = None) -> None:
        r = find(results, group, name)
        if r is None:
            skipped = next((x for x in results if x.group == group and x.name == name), None)
            why = skipped.status if skipped else "not measured"
            goals.append(Goal(text, why, f"< {limit_s} s", None))
            return
        median = r.median or 0
        goals.append(Goal(text, f"{median:.2f} s", f"< {limit_s} s", median < limit_s,
                          _by(median, limit_s)))
        if mem_mb is not None and r.peak_mb is not None:
            goals.append(Goal(text + " (peak memory)", f"{r.peak_mb:.0f} MB", f"< {mem_mb} MB",
                              r.peak_mb < mem_mb, _by(r.peak_mb, mem_mb)))

    def memory_goal(group: str, name: str, mem_mb: float, text: str) -> None:
        r = find(results, group, name)
        if r is None or r.peak_mb is None:
            skipped = next((x for x in results if x.group == group and x.name == name), None)
            goals.append(Goal(text + " (peak memory)", skipped.status if skipped else
                              "not measured", f"< {mem_mb} MB", None))
            return
        goals.append(Goal(text + " (peak memory)", f"{r.peak_mb:.0f} MB", f"< {mem_mb} MB",
                          r.peak_mb < mem_mb, _by(r.peak_mb, mem_mb)))

    wall_goal("10,000 projects", "list -c Vietnam -y 2018", 0.5, "10,000 projects: list + filter")
    wall_goal("10,000 projects", "list -c Vietnam -y 2018, cold cache", 0.5,
              "10,000 projects: list + filter, cold cache (first run after an edit)")
    wall_goal("100,000 projects", "list -c Vietnam -y 2018", 3.0,
              "100,000 projects: list + filter", mem_mb=300)
    wall_goal("100,000 projects", "list -c Vietnam -y 2018, cold cache", 3.0,
              "100,000 projects: list + filter, cold cache", mem_mb=300)
    for size in (1_000, 10_000, 100_000):
        group = f"{size:,} projects"
        name = next((r.name for r in results if r.group == group
                     and r.name.startswith("update --from")
                     and not r.name.endswith(".xlsx)")), None)
        if name:
            wall_goal(group, name, 2.0, f"{size:,} projects: 1,000-row batch lands")
        workbook = next((r.name for r in results if r.group == group
                         and r.name.startswith("update --from") and r.name.endswith(".xlsx)")),
                        None)
        if workbook:
            wall_goal(group, workbook, 2.0, f"{size:,} projects: 1,000-row workbook lands")
    for command in ("update ID", "update --from (1000 rows)"):
        history = [r for r in results if r.group.startswith("history:") and r.name == command
                   and r.status == "ok" and r.samples]
        if len(history) < 2:
            continue
        fastest = [min(r.walls) for r in history]
        empty, largest = fastest[0], fastest[-1]  # histories are listed smallest first
        reads = [audits.get((r.group, r.name)) for r in history]
        constant = all(x is not None for x in reads) and len(set(reads)) == 1
        # "The same": it reads nothing more from the store as the history grows (counted by
        # an audit hook, so immune to the machine's load), and with the largest history its
        # fastest run is within 10% (or 10 ms) of its fastest with none. Fastest runs, not
        # medians: on a shared 2-core machine the medians of one command drift by 10-20%
        # from one batch of runs to the next.
        same = constant and largest - empty <= max(0.10 * empty, 0.010)
        goals.append(Goal(f"{command}: same cost whatever the history",
                          "fastest " + " / ".join(fmt_ms(m) for m in fastest) + " ms; medians "
                          + " / ".join(fmt_ms(r.median or 0) for r in history)
                          + " ms; store files opened " + " / ".join(
                              f"{x[0]}" if x else "?" for x in reads),
                          "constant reads; largest history within 10% of none", same,
                          "" if same else f"+{(largest / empty - 1) * 100:.0f}%"))
    wall_goal("10,000 projects", "list --format xlsx", 3.0,
              "10,000 projects: list to an Excel workbook")
    wall_goal("10,000 projects", "report (markdown)", 2.0, "10,000 projects: report to Markdown")
    wall_goal("10,000 projects", "report (docx)", 5.0, "10,000 projects: report to Word")
    wall_goal("10,000 projects", "report (html)", 2.0, "10,000 projects: report to HTML")

    # Issue 18: scale without cliffs.
    def versus(group: str, name: str, reference: str, limit: float, text: str,
               met_here: bool = True) -> None:
        """A command's median against another's in the same set (`limit` times at most);
        `met_here` False: a figure for reference, no goal at this size."""
        r, ref = find(results, group, name), find(results, group, reference)
        target = f"<= {limit}x {reference}" + ("" if met_here else " (goal at 10,000)")
        if r is None or ref is None:
            missing = [x for x in results if x.group == group and x.name in (name, reference)
                       and x.status != "ok"]
            why = (f"{missing[0].name}: {missing[0].status}" + (
                f" ({missing[0].message[:60]})" if missing[0].message else "")) \
                if missing else "not measured"
            goals.append(Goal(text, why, target, None))
            return
        ratio = (r.median or 0) / (ref.median or 1)
        goals.append(Goal(text, f"{ratio:.2f}x ({fmt_ms(r.median or 0)} / "
                          f"{fmt_ms(ref.median or 0)} ms)", target,
                          ratio <= limit if met_here else None,
                          _by(ratio, limit) if met_here else ""))

    for size in (10_000, 100_000):
        group = f"{size:,} projects"
        versus(group, "list -c Vietnam -y 2018, a plan file edited", "list -c Vietnam -y 2018",
               2.0, f"{size:,} projects: list + filter after a plan file is edited")
        versus(group, "show ID, after an update", "show ID", 2.0,
               f"{size:,} projects: show right after an update")

    # Linear growth: every command measured at both sizes.
    small, large = "10,000 projects", "100,000 projects"
    for r in results:
        if r.group != large or r.status != "ok" or not r.samples:
            continue
        before = find(results, small, r.name)
        if before is None:
            continue
        growth = (r.median or 0) / (before.median or 1)
        goals.append(Goal(f"linear: {r.name}, 100,000 / 10,000 projects",
                          f"{growth:.1f}x ({fmt_ms(before.median or 0)} -> "
                          f"{fmt_ms(r.median or 0)} ms)", "<= 11x", growth <= 11,
                          _by(growth, 11)))

    wall_goal("100,000 projects", "report (markdown)", 10.0,
              "100,000 projects: report to Markdown")
    wall_goal("100,000 projects", "report (docx)", 25.0, "100,000 projects: report to Word",
              mem_mb=500)
    memory_goal("10,000 projects", "report (docx)", 200, "10,000 projects: report to Word")

    # Against Taskwarrior, measured in the same run: goals at 10,000 projects; at 1,000 and
    # 100,000 the figures for reference.
    for size in (1_000, 10_000, 100_000):
        group = f"{size:,} projects"
        if size != 10_000 and not any(r.group == group and r.name in TASK_NAMES
                                      for r in results):
            continue
        here = size == 10_000
        versus(group, "list", "task list", 1.5, f"{size:,} projects: list against "
               "Taskwarrior's `task list`", here)
        versus(group, "list --format json", "task export", 1.5, f"{size:,} projects: "
               "list --format json against `task export`", here)
        versus(group, "update ID", "task ID modify", 1.0, f"{size:,} projects: update "
               "against `task ID modify`", here)
    return goals


def _by(value: float, limit: float) -> str:
    if value <= limit:
        return f"{(1 - value / limit) * 100:.0f}% under"
    return f"{value / limit:.1f}x the goal (+{(value / limit - 1) * 100:.0f}%)"


# --- printing ---------------------------------------------------------------------------------

def table(results: list[Result], floor: float | None, markdown: bool = False) -> str:
    head = ("set", "command", "median ms", "spread ms (min-max)", "x floor", "cpu ms",
            "peak MB", "runs")
    rows: list[tuple[str, ...]] = []
    for r in results:
        if r.status != "ok":
            rows.append((r.group, r.name, r.status.upper(), r.message[:70], "", "", "", ""))
            continue
        median = r.median or 0
        ratio = f"{median / floor:.2f}" if floor else ""
        cpu = statistics.median(x.cpu for x in r.samples)
        rows.append((r.group, r.name, fmt_ms(median), r.spread(), ratio, fmt_ms(cpu),
                     f"{r.peak_mb:.0f}", str(len(r.samples))))
    if markdown:
        lines = ["| " + " | ".join(head) + " |",
                 "|" + "|".join("---:" if i in (2, 4, 5, 6, 7) else "---"
                                for i in range(len(head))) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    right = {2, 4, 5, 6, 7}
    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()
    out = [line(head), line(["-" * w for w in widths])]
    previous = None
    for row in rows:
        if previous is not None and row[0] != previous:
            out.append("")
        out.append(line(row))
        previous = row[0]
    return "\n".join(out)


def goals_text(goals: list[Goal], markdown: bool = False) -> str:
    if markdown:
        lines = ["| goal | measured | target | verdict |", "|---|---:|---:|---|"]
        for g in goals:
            verdict = "not measured" if g.met is None else ("met" if g.met else "MISSED")
            lines.append(f"| {g.text} | {g.measured} | {g.target} | {verdict}"
                         + (f" ({g.by})" if g.by else "") + " |")
        return "\n".join(lines)
    width = max(len(g.text) for g in goals)
    lines = []
    for g in goals:
        verdict = "n/a   " if g.met is None else ("met   " if g.met else "MISSED")
        lines.append(f"  {verdict}  {g.text.ljust(width)}  {g.measured:>22}  "
                     f"target {g.target}" + (f"  [{g.by}]" if g.by else ""))
    return "\n".join(lines)


def machine_text(info: dict[str, Any]) -> str:
    return (f"Machine: {info.get('cpu')} ({info.get('cpu_mhz')} MHz), {info.get('cores')} cores"
            f" ({info.get('cores_usable', '?')} usable), {info.get('memory_gb')} GB RAM; "
            f"{info.get('platform')}\n"
            f"Python {info.get('python')}, Typer {info.get('typer')} (pinned <0.29: 0.29 routes "
            f"every command through pydantic), Rich {info.get('rich')}, asean-labour "
            f"{info.get('asean-labour')} at {info.get('git_commit')}"
            + (" + uncommitted changes" if info.get("git_dirty") else "")
            + (" (measured from a `git archive` snapshot)" if info.get("code") else ""))


# --- main -------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=None,
                    help="comma-separated project counts (default 100,1000,10000,100000; "
                         "--quick: 100,1000,10000); 0 or 'none' for the shipped plans only")
    ap.add_argument("--runs", type=int, default=None,
                    help="timed runs per command (default 5; --quick: 3); slow commands get "
                         "fewer, see --budget")
    ap.add_argument("--budget", type=float, default=None,
                    help="seconds of timed runs per command at most (default 15; --quick: 8)")
    ap.add_argument("--quick", action="store_true",
                    help="no 100,000 set, fewer runs (~4 minutes on 2 cores)")
    ap.add_argument("--commands", default=",".join(COMMANDS),
                    help=f"which commands (default all: {','.join(COMMANDS)})")
    ap.add_argument("--all-commands", action="store_true",
                    help=f"at {LARGE:,} projects, run every command, not only "
                         f"{','.join(LARGE_COMMANDS)} (adds ~10 minutes)")
    ap.add_argument("--no-shipped", action="store_true", help="skip the shipped plans")
    ap.add_argument("--no-history", action="store_true",
                    help="skip the update-versus-history-size comparison")
    ap.add_argument("--history-projects", type=int, default=1000,
                    help="projects of the history comparison (default 1000)")
    ap.add_argument("--seed", type=int, default=20161123)
    ap.add_argument("--regenerate", action="store_true", help="regenerate the synthetic data")
    ap.add_argument("--columns", type=int, default=120,
                    help="terminal width the table output is laid out for (COLUMNS; default 120)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds before a run is killed")
    ap.add_argument("--rev", default=None,
                    help="measure the asean_labour package as committed at REV (e.g. HEAD), "
                         "extracted with `git archive` and put first on PYTHONPATH: immune to "
                         "edits made in the working tree while the benchmark runs")
    ap.add_argument("--json", type=Path, default=DATA / "results.json")
    ap.add_argument("--markdown", type=Path, default=DATA / "results.md")
    args = ap.parse_args()

    runs = args.runs or (3 if args.quick else 5)
    budget = args.budget or (8.0 if args.quick else 15.0)
    if args.sizes is None:
        sizes = list(QUICK_SIZES if args.quick else FULL_SIZES)
    elif args.sizes.strip() in ("0", "none", ""):
        sizes = []
    else:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    wanted = [c.strip() for c in args.commands.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in COMMANDS]
    if unknown:
        raise SystemExit(f"unknown command(s) {unknown}; choose from {', '.join(COMMANDS)}")

    DATA.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    script = str(Path(python).with_name("asean-labour"))
    if not Path(script).exists():
        found = shutil.which("asean-labour")
        if found is None:
            raise SystemExit("no asean-labour script beside this python nor on PATH")
        script = found
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="asean-labour-bench-") as tmp:
        scratch = Path(tmp)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("ASEAN_LABOUR_", "PYTHON", "COLUMNS", "LINES"))}
        env |= {
            "COLUMNS": str(args.columns), "LINES": "50",
            "ASEAN_LABOUR_REPORTER": "benchmark",
            # No user settings (commit = true would commit benchmark updates).
            "ASEAN_LABOUR_CONFIG": str(scratch / "no-config.toml"),
            # Any cache the tool keeps goes here, warm after the check run (like a user's).
            "XDG_CACHE_HOME": str(scratch / "cache"),
        }
        info = machine()
        if args.rev:
            code = scratch / "code"
            code.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.rev,
                                      "asean_labour"], capture_output=True, check=True).stdout
            import io
            import tarfile

            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(code, filter="data")
            env["PYTHONPATH"] = str(code)
            commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.rev],
                                    capture_output=True, text=True, check=True).stdout.strip()
            info["git_commit"], info["git_dirty"] = commit, False
            info["code"] = f"git archive {args.rev} ({commit})"
        info["imported_from"] = subprocess.run(
            [python, "-c", "import asean_labour; print(asean_labour.__file__)"], env=env,
            cwd=scratch, capture_output=True, text=True, check=False).stdout.strip()
        runner = Runner(env, runs, budget, args.timeout, scratch, Launcher(python, scratch))
        print(machine_text(info), flush=True)
        print(f"Code: {info['imported_from']}")
        print(f"Runs: up to {runs} timed per command after a check run, at most ~{budget:.0f} s "
              f"of runs per command; COLUMNS={args.columns}; output to a file.\n", flush=True)

        # The floor, and two references below and above it. On the shipped plans the
        # floor's runs are interleaved with the reading commands', so that the ratios the
        # goals are about compare runs made under the same load.
        floor_runs = max(runs, 15)
        floor_specs = [
            Spec("floor", "python -c pass", [python, "-c", "pass"], scratch),
            Spec("floor", "import typer, rich.console, rich.table",
                 [python, "-c", "import typer, rich.console, rich.table"], scratch),
            Spec("floor", "do-nothing Typer app",
                 [python, "-c", "import typer\napp = typer.Typer()\n@app.command()\n"
                  "def main() -> None:\n    pass\napp([], standalone_mode=False)"], scratch),
        ]
        probe = subprocess.run([script, "report", "--help"], capture_output=True, env=env,
                               check=False)
        has_report = probe.returncode == 0
        if not has_report:
            print("  (no `report` command: `asean-labour report --help` exits "
                  f"{probe.returncode}; report timings are skipped)", flush=True)
        print(f"  load average before: {load()}", flush=True)
        if args.no_shipped:
            runner.measure_many(floor_specs, floor_runs)
        else:
            specs = dataset_specs(runner, script, shipped_dataset(scratch), wanted,
                                  has_report, scratch)
            runner.measure_many(floor_specs + [s for s in specs if s.name in READS],
                                floor_runs)
            for spec in specs:
                if spec.name not in READS:
                    runner.measure_many([spec])
        floor_result = find(runner.results, "floor", "import typer, rich.console, rich.table")
        floor = floor_result.median if floor_result is not None else None

        for size in sizes:
            d = synthetic_dataset(size, args.seed, args.regenerate)
            print(f"  load average: {load()}", flush=True)
            specs = dataset_specs(runner, script, d, wanted, has_report, scratch)
            # Taskwarrior's runs alternate with those of the tool's command they compare with.
            tasks = {s.name: s for s in taskwarrior_specs(runner, script, d, wanted,
                                                          args.columns)}
            for spec in specs:
                command = next(c for c in COMMANDS if label(c, d) == spec.name)
                if size >= LARGE and not args.all_commands and command not in LARGE_COMMANDS:
                    runner.skip(d.group, spec.name, spec.argv, "not run at this size by "
                                "default (--all-commands runs it)", size=size)
                    continue
                why = predicted_over(runner.results, spec, args.timeout)
                if why:
                    runner.skip(d.group, spec.name, spec.argv, why, size=size)
                    continue
                paired = tasks.pop(TASK_PAIRS.get(command, ""), None)
                runner.measure_many([spec] if paired is None else [spec, paired])
            for spec in tasks.values():
                runner.measure_many([spec])
        if not args.no_history:
            print(f"  history comparison at {args.history_projects:,} projects "
                  f"(load average {load()}):", flush=True)
            history_specs: dict[str, list[Spec]] = {}
            for _name, d, manifest in history_datasets(args.history_projects, args.seed):
                p = manifest["progress"]
                d.group = f"history: {p['updates']:,} upd/{p['change_files']:,} files"
                lines = command_lines(script, d, scratch)
                for name in ("update", "update-batch", "show"):
                    if name in wanted:
                        after = cleaner(d.plans) if name.startswith("update") else None
                        history_specs.setdefault(name, []).append(
                            Spec(d.group, label(name, d), lines[name], scratch, after, d.size))
            for specs in history_specs.values():  # each command interleaved across histories
                runner.measure_many(specs, max(runs, 10))
                for spec in specs:
                    plans = Path(spec.argv[spec.argv.index("--plans") + 1])
                    reads = audit(python, spec.argv, plans, env, scratch, spec.after)
                    runner.audits[(spec.group, spec.name)] = reads
                    print(f"  {spec.group:>30}  {spec.name:<26} reads from the store: "
                          + (f"{reads[0]} files opened, {reads[1]} folders listed"
                             if reads else "?"), flush=True)
        print(f"  load average after: {load()}", flush=True)

        results = runner.results
        goals = evaluate(results, floor, runner.audits)
        elapsed = time.perf_counter() - started
        print()
        print(f"Floor (python -c \"import typer, rich.console, rich.table\"): "
              f"{fmt_ms(floor) if floor else '?'} ms median. Every 'x floor' is median / floor.")
        print(table(results, floor))
        if runner.audits:
            print("\nReads from the progress store (files opened, folders listed; audit hook):")
            for (group, name), reads in runner.audits.items():
                print(f"  {group:>30}  {name:<26} "
                      + (f"{reads[0]:>6} files, {reads[1]:>4} folders" if reads else "?"))
        print("\nGoals:")
        print(goals_text(goals))
        print(f"\n{len(results)} measurements in {elapsed:.0f} s.")
        payload = {"machine": info, "floor_s": floor, "runs": runs, "budget_s": budget,
                   "columns": args.columns, "elapsed_s": elapsed,
                   "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                   "results": [r.record() for r in results],
                   "goals": [g.__dict__ for g in goals]}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=1) + "\n", "utf-8")
        args.markdown.write_text(
            machine_text(info) + "\n\n" + table(results, floor, markdown=True) + "\n\n"
            + goals_text(goals, markdown=True) + "\n", "utf-8")
        print(f"Results: {args.json} and {args.markdown}")
        runner.launcher.close()


def _terminate(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)  # so the temporary folder and the launcher are cleaned up


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    reexec_in_project_venv()
    main()
