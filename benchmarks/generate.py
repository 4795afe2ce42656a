"""Generate a synthetic but valid plans folder (and progress store) for the benchmarks.

    python benchmarks/generate.py --projects 10000 --out benchmarks/data/p10000

writes, deterministically for a given --seed:

* ``OUT/plans/alm-work-programme-bench.toml``: one work programme (KRAs 1-4, cross-cutting
  themes, ASCC measures, 23 thematic areas, and SLOM's own projects);
* ``OUT/plans/<body>-bench-NNN.toml``: the other work plans (SLOM-WG, ACMW, ASEAN-OSHNET in
  turn), N projects in all over M plan files, with field sizes modelled on the shipped
  2016-2020 plans (titles ~100 characters, notes ~220, 1-3 coordinators, 0-6 collaborators,
  a few recurring events, placeholders and commitments);
* ``OUT/plans/progress/<cycle>/<change>.toml``: K updates per cycle over C cycles, as many
  single-update change files (what ``update ID`` writes) and as batch change files (what
  ``update --from`` writes), plus a few undos; every file is made by
  ``asean_labour.progress.dump_change``, the function the tool itself writes with, so the
  store is byte-for-byte what the tool would have written (only without the fsyncs);
* ``OUT/batch-1000.csv``: a batch of min(1000, N) rows for ``update --from``;
* ``OUT/manifest.json``: the parameters, the counts and a few ids the runner uses.

The output is checked with ``asean-labour validate --plans OUT/plans`` unless --no-validate.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from _venv import reexec_in_project_venv  # the scripts' own folder is on sys.path

GENERATOR_VERSION = 4
ROOT = Path(__file__).resolve().parent.parent
PERIOD = (2016, 2020)
PROGRAMME_ID = "ALM-WP-BENCH-2016-2020"

# --- the programme: real KRAs, themes, measure codes and thematic areas of the 2016-2020 ALM
# Work Programme (measure texts are shortened paraphrases of the Blueprint's wording) ---------

KRAS = {
    1: ("Skilled and Adaptable Workforce", [
        "Improved workforce competitiveness and productivity",
        "Increased number of skilled workers in ASEAN Member States",
        "Improved labour productivity of ASEAN Member States",
        "Strengthened capacities to promote skills development and recognition (include but "
        "not limited to LMIS, TVET, etc.)"]),
    2: ("Productive Employment", [
        "Improved level of employment and reduced levels of unemployment and under-employment "
        "in ASEAN Member States",
        "Increased support for workers in rural employment and Micro, Small and Medium "
        "Enterprises (MSMEs)"]),
    3: ("Harmonious, Safe and Progressive Workplace", [
        "Promoting sound industrial relation system",
        "Reduced incidence of labour disputes in ASEAN Member States",
        "Increased capacity and strengthened institutionalized mechanisms of social dialogues "
        "and tripartite cooperation in ASEAN",
        "Fostered safe and healthy environment in the workplace",
        "Strengthened capacity for labour inspection",
        "Increased capacities for labour law enforcement"]),
    4: ("Expanded Social Protection", [
        "Strengthened social protection systems",
        "Raised awareness on social protection",
        "Expanded coverage, affordability, availability, quality, equitability and "
        "sustainability of social protection",
        "Reduced incidence of workers in vulnerable situations, including forced labour, in "
        "ASEAN Member States"]),
}
THEMES = [("gender-equality", "Gender Equality"),
          ("sustainable-development", "Labour dimension of Sustainable Development"),
          ("social-dialogue", "Functional Social Dialogue"),
          ("emerging-trends", "Emerging Labour Trends")]
MEASURES = {
    "A.1.i": "Institutionalise ASEAN policies on relevant stakeholders' consultations and "
             "engagement in the work of ASEAN Organs and Bodies including policy making "
             "initiatives, impact assessment, programme development and monitoring.",
    "A.2.iv": "Promote non-discriminatory laws, policies, and practices by developing "
              "effective, responsive, accountable and transparent institutions at all levels.",
    "B.2.ii": "Develop regional strategies and enhance institutional capacity for gender "
              "mainstreaming in ASEAN policies, programmes and budgets across pillars.",
    "B.2.iii": "Enhance effectiveness of the implementation of strategies and programmes under "
               "ASCC and promote their harmonisation with those of APSC and AEC, particularly "
               "in social protection, employment and decent work.",
    "B.2.iv": "Provide mechanisms and enhance institutional capacity to promote greater access "
              "to basic social services for all, including vocational education, skills "
              "training, and promotion of skills recognition.",
    "B.2.v": "Strengthen the collection, analysis and dissemination of labour market "
             "information to support evidence-based policies in ASEAN Member States.",
    "B.2.vi": "Promote decent work and productive employment for all, including youth, women, "
              "persons with disabilities and workers in the informal economy.",
    "B.3.ii": "Strengthen social protection for women, children, youth, older persons, persons "
              "with disabilities, migrant workers and other vulnerable groups.",
    "B.3.iv": "Enhance the coverage, availability, comprehensiveness and sustainability of "
              "social protection, including occupational safety and health.",
    "B.3.v": "Promote and protect the rights of migrant workers in accordance with the ASEAN "
             "Consensus on the Protection and Promotion of the Rights of Migrant Workers.",
    "B.3.vii": "Strengthen regional cooperation to address trafficking in persons, including "
               "its labour dimension, and protect and assist its victims.",
    "B.3.ix": "Improve the governance of labour migration, including recruitment, placement, "
              "return and reintegration of migrant workers.",
    "C.4.iv": "Promote green jobs and a just transition towards environmentally sustainable "
              "economies and societies in the region.",
    "E.2.i": "Enhance skills development and lifelong learning to meet the needs of a "
             "changing labour market and the ASEAN Economic Community.",
    "E.2.ix": "Promote technical and vocational education and training and its responsiveness "
              "to labour market demands in ASEAN Member States.",
}
# number: (title, kra, cross-cutting theme, bodies, measures)
AREAS: dict[int, tuple[str, int | None, str | None, list[str], list[str]]] = {
    1: ("Gender mainstreaming of labour sector", None, "gender-equality", ["SLOM"],
        ["B.2.ii"]),
    2: ("Impact of ASEAN economic integration", None, "sustainable-development", ["SLOM"],
        ["B.2.iii"]),
    3: ("Support the implementation of the ASEAN Declaration on Strengthening Social "
        "Protection", None, "sustainable-development", ["SLOM"], ["B.3.ii", "B.3.iv"]),
    4: ("Promotion of green jobs", None, "sustainable-development", ["SLOM"], ["C.4.iv"]),
    5: ("Engagement of tripartite partners, where appropriate, in the implementation of the "
        "ALM Work Programme", None, "social-dialogue", ["SLOM"], ["A.1.i"]),
    6: ("Strengthening labour laws", None, "social-dialogue", ["SLOM"], ["A.1.i"]),
    7: ("Corporate Social Responsibility (CSR) in labour sector", None, "emerging-trends",
        ["SLOM"], ["A.1.i"]),
    8: ("Response to emerging trends in employment relations (including impact of ICT and "
        "outsourcing in the world of work)", None, "emerging-trends", ["SLOM"], ["B.2.iii"]),
    9: ("Labour market information system", 1, None, ["SLOM-WG"], ["B.2.v"]),
    10: ("Skills development", 1, None, ["SLOM-WG"], ["E.2.i", "E.2.ix"]),
    11: ("Skills recognition (including support to the ASEAN Qualifications Reference "
          "Framework)", 1, None, ["SLOM-WG"], ["B.2.iv"]),
    12: ("Promotion of inclusive employment including for rural employment, unemployed "
          "youth, persons with disabilities, and other vulnerable workers", 2, None,
          ["SLOM-WG"], ["B.2.vi"]),
    13: ("Promoting productivity of workers in informal sector", 2, None, ["SLOM-WG"],
         ["B.2.vi"]),
    14: ("Governing mechanisms of labour mobility (e.g. recruitment, job placement, "
         "reintegration programmes)", 2, None, ["ACMW"], ["B.3.ix"]),
    15: ("Strengthening labour inspection", 3, None, ["SLOM-WG", "ASEAN-OSHNET"], ["A.2.iv"]),
    16: ("OSH standards and capacity", 3, None, ["ASEAN-OSHNET"], ["A.2.iv"]),
    17: ("HIV prevention and control in the workplace", 3, None, ["ASEAN-OSHNET"], ["B.3.iv"]),
    18: ("Capacity building on tripartism (including on wage setting)", 3, None, ["SLOM-WG"],
         ["A.1.i", "A.2.iv"]),
    19: ("Labour dispute and labour justice", 3, None, ["SLOM-WG"], ["A.1.i", "A.2.iv"]),
    20: ("Expansion of coverage of social protection to all workers", 4, None, ["SLOM-WG"],
         ["B.3.iv"]),
    21: ("Social protection of migrant workers in ASEAN", 4, None, ["ACMW"], ["B.3.iv"]),
    22: ("Protection and promotion of the rights of migrant workers", 4, None, ["ACMW"],
         ["B.3.v"]),
    23: ("Labour dimension of trafficking in persons", 4, None, ["ACMW"],
          ["B.3.vii", "B.3.ix"]),
}
WORK_PLAN_BODIES = ["SLOM-WG", "ACMW", "ASEAN-OSHNET"]
BODY_TAG = {"SLOM": "SLOM", "SLOM-WG": "SLOM-WG", "ACMW": "ACMW", "ASEAN-OSHNET": "OSHNET"}
BODY_FILE = {"SLOM-WG": "slom-wg", "ACMW": "acmw", "ASEAN-OSHNET": "asean-oshnet"}
BODY_TITLE = {
    "SLOM-WG": "SLOM Working Group on Progressive Labour Practices to Enhance the "
               "Competitiveness of ASEAN (SLOM-WG) Work Plan",
    "ACMW": "ASEAN Committee on the Implementation of the ASEAN Declaration on the Protection "
            "and Promotion of the Rights of Migrant Workers (ACMW) Work Plan",
    "ASEAN-OSHNET": "ASEAN Occupational Safety and Health Network (ASEAN-OSHNET) Work Plan",
}

# --- word banks -----------------------------------------------------------------------------

COUNTRIES = ["Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Malaysia", "Myanmar",
             "Philippines", "Singapore", "Thailand", "Viet Nam"]
# Spellings a person types; the loader normalises them (Vietnam -> Viet Nam, ...).
COUNTRY_SPELLINGS = {"Viet Nam": ["Viet Nam", "Vietnam"], "Lao PDR": ["Lao PDR", "Laos"],
                     "Brunei Darussalam": ["Brunei Darussalam", "Brunei"]}
ROLES = ["ASEAN Secretariat", "AMS", "ACMW Chair", "SLOM-WG Chair", "ASEAN Chair",
         "ASEAN-OSHNET Secretariat", "Host of CBM"]
CITIES = {"Brunei Darussalam": "Bandar Seri Begawan", "Cambodia": "Phnom Penh",
          "Indonesia": "Jakarta", "Lao PDR": "Vientiane", "Malaysia": "Kuala Lumpur",
          "Myanmar": "Nay Pyi Taw", "Philippines": "Manila", "Singapore": "Singapore",
          "Thailand": "Bangkok", "Viet Nam": "Ha Noi"}
COLLABORATORS = (["ILO"] * 12 + ["IOM"] * 4 + ["IALI"] * 2 + ["E-READI"] * 2 + ["ISSA"] * 2
                 + ["FES", "Tripartite Partners", "UN Women", "UN ESCAP", "SOMHD", "SOMSWD",
                    "Plus Three Countries", "KOSHA", "EU-OSHA", "Japan", "SOM-ED", "SOMY",
                    "SEOM", "TFAMW", "GIZ", "UNODC", "AAPTIP", "Dialogue Partners",
                    "ILO (ASEAN Triangle Project)", "ASEAN Confederation of Employers (ACE)",
                    "ASETUC", "World Bank", "ADB", "OECD", "JILPT", "KOICA", "Australia"])
ACTIVITIES = ["Regional Workshop on", "Regional Seminar on", "Study on", "Comparative Study on",
              "Capacity Building Programme on", "Training of Trainers on", "ASEAN Forum on",
              "Policy Dialogue on", "Compendium of Good Practices on", "Tripartite Seminar on",
              "Technical Meeting on", "Regional Conference on", "Peer Review on",
              "Development of ASEAN Guidelines on", "Mapping Exercise on",
              "Knowledge Sharing Workshop on"]
TOPICS = {
    1: ["gender mainstreaming into labour and employment policies",
        "women's participation in the labour market", "equal pay for work of equal value"],
    2: ["the impact of ASEAN economic integration on employment",
        "labour market adjustment to regional integration"],
    3: ["the ASEAN Declaration on Strengthening Social Protection",
        "social protection floors"],
    4: ["green jobs", "a just transition to environmentally sustainable economies"],
    5: ["the engagement of tripartite partners", "tripartite consultation mechanisms"],
    6: ["labour law reform", "the enforcement of labour laws"],
    7: ["corporate social responsibility in the labour sector", "responsible business conduct"],
    8: ["the future of work", "new forms of employment relations",
         "the impact of ICT and outsourcing on the world of work", "platform work"],
    9: ["labour market information systems", "labour statistics and indicators",
         "harmonised labour force survey definitions"],
    10: ["TVET responsiveness to labour market demands", "skills development for youth",
          "industry involvement in skill standards", "the ASEAN Skills Competition"],
    11: ["the ASEAN Qualifications Reference Framework", "mutual recognition of skills",
         "skills recognition arrangements"],
    12: ["youth employment", "employment services", "inclusive employment of persons with "
         "disabilities", "rural employment"],
    13: ["productivity of workers in the informal sector",
         "transition from informal to formal employment", "productivity in MSMEs"],
    14: ["recruitment and placement of migrant workers", "return and reintegration of "
         "migrant workers", "pre-departure orientation"],
    15: ["labour inspection systems", "the capacity of labour inspectors"],
    16: ["occupational safety and health standards", "OSH in small and medium enterprises",
         "chemical safety in the workplace", "OSH information systems"],
    17: ["HIV prevention and control in the workplace", "stigma and discrimination against "
         "people living with HIV in the workplace"],
    18: ["tripartism and social dialogue", "wage setting mechanisms",
         "productivity-linked wage systems"],
    19: ["labour dispute settlement", "labour justice and labour courts"],
    20: ["extension of social protection to all workers", "unemployment insurance",
         "employment injury schemes"],
    21: ["social protection of migrant workers", "portability of social security benefits"],
    22: ["the rights of migrant workers", "the ASEAN Consensus on the Protection and "
         "Promotion of the Rights of Migrant Workers", "migrant domestic workers"],
    23: ["the labour dimension of trafficking in persons", "forced labour in supply chains"],
}
QUALIFIERS = ["in ASEAN Member States", "for migrant workers", "in the informal economy",
              "for youth, women and other vulnerable groups", "in small and medium enterprises",
              "in the region", "among AMS and Dialogue Partners", "in the ASEAN Community",
              "for persons with disabilities", "in rural areas", "in the garment sector",
              "in the construction sector", "in the fishing sector"]
NOTE_SENTENCES = [
    "The timeline is printed as {tl!r} in the source; years were read from it.",
    "The coordinator column is garbled in the text extraction; the reading follows the "
    "layout of the table.",
    "Potential collaborator printed as 'TBC' (no organisation named), so no collaborators "
    "are listed.",
    "The title is cut off at the end of the cell; the rest of it is not printed.",
    "This item is numbered {num} in the source; the sub-items are listed as events.",
    "Printed under the heading of thematic area {area}; the KRA follows that area.",
    "The budget column is empty for this row.",
    "Carried over from the previous work plan, where it was listed under a different number.",
    "To be implemented back-to-back with the annual meeting of the body.",
    "The venue and dates were confirmed at a later meeting and are not in the printed plan.",
    "Jointly organised with a Dialogue Partner; the partner's share of costs is not given.",
    "The row is printed twice in the text, each copy garbled differently; the reading "
    "combines both.",
]
STATUS_NOTES = [
    "Workshop held with {n} participants from {k} AMS; report circulated to SLOM-WG members.",
    "Concept note endorsed at the {ord} meeting; implementation planned for next year.",
    "Draft study submitted to the ASEAN Secretariat for comments; final version expected.",
    "Postponed at the request of the host country; new dates to be confirmed.",
    "Delayed pending funding from the Dialogue Partner; consultations under way.",
    "Completed; outcome document adopted and published on the ASEAN website.",
    "Terms of reference agreed; consultant recruited through the ASEAN Secretariat.",
    "National consultations held in {k} AMS; regional synthesis under preparation.",
    "Training delivered to {n} officials; follow-up activities proposed for next cycle.",
    "No activity this cycle; the coordinator will report at the next SLOM meeting.",
]
REPORTERS = ["Ana Santos, ACMW focal point", "Nguyen Thi Lan", "Siti Rahmah", "Somchai P.",
             "ASEAN Secretariat (Labour and Civil Service Division)", "Maria Cruz",
             "Khin Myat", "Phan Van Duc", "Ahmad Faisal", "Sok Dara", "Lim Wei Ling",
             "Bounmy Keo"]
STATUS_FLOW = {  # next status given the last one (weights)
    None: (["not-started", "ongoing", "delayed", "postponed", "completed"], [40, 40, 8, 4, 8]),
    "not-started": (["not-started", "ongoing", "delayed", "postponed", "cancelled"],
                    [25, 55, 10, 7, 3]),
    "ongoing": (["ongoing", "completed", "delayed", "postponed"], [45, 40, 10, 5]),
    "delayed": (["delayed", "ongoing", "completed", "postponed", "cancelled"],
                [25, 35, 30, 5, 5]),
    "postponed": (["postponed", "ongoing", "cancelled", "not-started"], [35, 40, 15, 10]),
    "completed": (["completed"], [1]),
    "cancelled": (["cancelled"], [1]),
    "carried-over": (["carried-over"], [1]),
}


# --- TOML writing in the hand-written layout of the shipped plans --------------------------

def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # A JSON string is a valid TOML basic string (same escapes: \" \\ \n \uXXXX).
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(type(value))


def toml_table(lines: list[str], header: str | None, table: dict[str, Any]) -> None:
    if header:
        lines.append(header)
    for key, value in table.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            continue  # sub-tables are written by the caller
        if isinstance(value, list) and len(value) > 3 and all(isinstance(v, str)
                                                              for v in value):
            lines.append(f"{key} = [")
            lines.extend(f"  {toml_value(v)}," for v in value)
            lines.append("]")
        else:
            lines.append(f"{key} = {toml_value(value)}")


# --- generation -----------------------------------------------------------------------------

@dataclass
class Params:
    projects: int
    plans: int
    cycles: int
    updates: int
    singles: int
    batch_rows: int
    undos: int
    batch_size: int
    seed: int

    def key(self) -> dict[str, Any]:
        return {"generator": GENERATOR_VERSION, **self.__dict__}


def default_plans(projects: int) -> int:
    """Plan files for N projects: ~250 projects per file (the shipped plans hold 9-29)."""
    return max(3, math.ceil(projects / 250))


def default_singles(updates: int) -> int:
    """Single-update change files per cycle: 10% of the cycle's updates, at most 2,000."""
    return min(updates, max(1, min(2000, updates // 10)))


class Generator:
    def __init__(self, params: Params) -> None:
        self.p = params
        self.rng = random.Random(params.seed)

    # the text of a project

    def _pick_coordinators(self, body: str) -> list[str]:
        rng = self.rng
        count = rng.choices([1, 1, 1, 2, 2, 3], k=1)[0]
        names: list[str] = []
        for _ in range(count):
            if rng.random() < 0.15:
                role = rng.choice([r for r in ROLES if not (r == "ACMW Chair" and body != "ACMW")])
                names.append(role)
            else:
                country = rng.choice(COUNTRIES)
                names.append(rng.choice(COUNTRY_SPELLINGS.get(country, [country])))
        return list(dict.fromkeys(names))

    def _title(self, area: int) -> str:
        rng = self.rng
        title = f"{rng.choice(ACTIVITIES)} {rng.choice(TOPICS[area])}"
        if rng.random() < 0.7:
            title += f" {rng.choice(QUALIFIERS)}"
        if rng.random() < 0.35:
            activity = rng.choice(ACTIVITIES)
            if not activity.startswith("ASEAN"):
                activity = activity[0].lower() + activity[1:]
            title += f", including {activity} {rng.choice(TOPICS[area])}"
        if rng.random() < 0.1:
            title += f" and follow-up on {rng.choice(TOPICS[rng.randint(1, 23)])} " \
                     f"{rng.choice(QUALIFIERS)}"
        return title

    def _note(self, timeline: str | None, number: str, area: int) -> str:
        rng = self.rng
        count = rng.choices([1, 1, 2, 2, 3, 4], k=1)[0]
        parts = rng.sample(NOTE_SENTENCES, count)
        return " ".join(s.format(tl=timeline or "TBC", num=number, area=area) for s in parts)

    def _years(self) -> list[int]:
        rng = self.rng
        if rng.random() < 0.2:
            return []
        start = rng.randint(PERIOD[0], PERIOD[1])
        length = rng.choices([1, 1, 1, 2, 2, 3, 5], k=1)[0]
        years = list(range(start, min(PERIOD[1], start + length - 1) + 1))
        if length == 5:
            years = list(range(PERIOD[0], PERIOD[1] + 1))
        return years

    @staticmethod
    def _timeline(years: list[int], rng: random.Random) -> str | None:
        if not years:
            return rng.choice([None, "TBC", "with ACMW Meeting, as needed", "Regular"])
        if len(years) == 1:
            return str(years[0])
        if len(years) == 5:
            return rng.choice(["2016-2020 (continuous)", "Annual", "2016-2020 (annually)"])
        return f"{years[0]}-{years[-1]}"

    def project(self, pid: str, number: str, body: str, area: int) -> dict[str, Any]:
        rng = self.rng
        _, kra, _, _, measures = AREAS[area]
        placeholder = rng.random() < 0.01
        years = self._years()
        timeline = self._timeline(years, rng)
        item: dict[str, Any] = {"id": pid, "number": number}
        if not placeholder:
            item["title"] = self._title(area)
        item["thematic_area"] = area
        if kra is not None and rng.random() < 0.9:
            item["kra"] = kra
        if rng.random() < 0.85:
            item["measures"] = rng.sample(measures, rng.randint(1, len(measures)))
        if rng.random() < 0.08:
            item["parent"] = f"{rng.choice(ACTIVITIES)} {rng.choice(TOPICS[area])} " \
                             f"{rng.choice(QUALIFIERS)}"
        if timeline:
            item["timeline"] = timeline
        if years:
            item["years"] = years
        coordinators = self._pick_coordinators(body)
        if rng.random() < 0.15:
            host = next((c for c in coordinators if c in CITIES), rng.choice(COUNTRIES))
            year = years[0] if years else 2017
            item["dates"] = f"{rng.randint(1, 27)}-{rng.randint(2, 3) + 26} " \
                            f"{rng.choice(['March', 'May', 'August', 'October'])} {year}"
            item["venue"] = f"{CITIES[host]}, {host}"
        if rng.random() < 0.92:
            item["coordinators"] = coordinators
        if rng.random() < 0.15:
            item["coordinator_note"] = rng.choice([
                "co-coordinator", "(2016)", "Printed 'AMS' in the coordinator column; the lead "
                "country rotates with the chair of the body.",
                "Lead country to be confirmed at the next meeting of the body."])
        if rng.random() < 0.67:
            item["collaborators"] = list(dict.fromkeys(
                rng.choice(COLLABORATORS) for _ in range(rng.choices([1, 1, 2, 2, 3, 4, 6])[0])))
        if rng.random() < 0.1:
            item["kind"] = "commitment"
        if rng.random() < 0.05:
            item["carried_over"] = True
        if placeholder:
            item["placeholder"] = True
            item["note"] = f"Item {number} is skipped in the source: the numbering jumps " \
                           "over it and no text is printed for it."
        elif rng.random() < 0.7:
            item["note"] = self._note(timeline, number, area)
        if rng.random() < 0.09 and not placeholder:
            events = []
            for k, year in enumerate(sorted(rng.sample(range(PERIOD[0], PERIOD[1] + 1),
                                                        rng.randint(1, 5)))):
                host = rng.choice(COUNTRIES)
                event: dict[str, Any] = {
                    "title": f"{9 + k}th {rng.choice(['AFML', 'ASC', 'RTSD', 'Forum'])}: "
                             f"{rng.choice(TOPICS[area]).capitalize()} "
                             f"{rng.choice(QUALIFIERS)}",
                    "year": year,
                }
                if rng.random() < 0.5:
                    event["dates"] = f"{rng.randint(1, 27)}-{rng.randint(28, 30)} October {year}"
                    event["venue"] = f"{CITIES[host]}, {host}"
                if rng.random() < 0.8:
                    event["coordinators"] = [host]
                if rng.random() < 0.2:
                    event["note"] = "Theme as printed; the dates were set later."
                events.append(event)
            item["events"] = events
        return item

    # the files

    def layout(self) -> list[tuple[str, str, int]]:
        """(plan id, body, number of projects) for the programme and each work plan."""
        n, m = self.p.projects, self.p.plans
        counts = [n // m + (1 if i < n % m else 0) for i in range(m)]
        plans = [(PROGRAMME_ID, "SLOM", counts[0])]
        for i in range(1, m):
            body = WORK_PLAN_BODIES[(i - 1) % len(WORK_PLAN_BODIES)]
            plans.append((f"{BODY_TAG[body]}-B{i:03d}-2016-2020", body, counts[i]))
        return plans

    def programme_text(self, projects: list[dict[str, Any]]) -> str:
        lines = ["# Synthetic ALM Work Programme for the benchmarks (benchmarks/generate.py).",
                 "", "schema_version = 1", ""]
        toml_table(lines, "[plan]", {
            "id": PROGRAMME_ID, "kind": "work-programme",
            "title": "ASEAN Labour Ministers' (ALM) Work Programme 2016-2020 (benchmark copy)",
            "body": "SLOM", "period": list(PERIOD),
            "source": "Generated by benchmarks/generate.py from the structure of the ALM Work "
                      "Programme 2016-2020; every project is synthetic.",
            "monitoring": [
                "Annual progress reporting of the implementation of the ALM Work Programme by "
                "Subsidiary Bodies to the annual meeting of SLOM.",
                "Output-level checklist to monitor progress of the ALM Work Programme.",
                "Outcome-based mid-term and final reviews by SLOM (every 2.5 years).",
                "Capacity building on monitoring and evaluation for SLOM."],
            "resource_mobilisation": ["Cost-sharing among ASEAN Member States; and/or",
                                      "Support from ASEAN Dialogue Partners."],
        })
        lines.append("")
        toml_table(lines, "[programme]", {
            "ascc_vision": "An ASEAN Community that engages and benefits the peoples and is "
                           "inclusive, sustainable, resilient, and dynamic.",
            "ascc_objectives": ["Enhance commitment, participation and social responsibility "
                                "of ASEAN peoples;", "Promote equitable access to opportunity "
                                "for ASEAN people;"],
            "overall_objective": "A better quality of life for ASEAN people through workforce "
                                 "with enhanced competitiveness and engaged in safe and decent "
                                 "work.",
        })
        for number, (name, targets) in KRAS.items():
            lines.append("")
            toml_table(lines, "[[key_result_areas]]",
                       {"number": number, "name": name, "intermediate_targets": targets})
        for theme_id, name in THEMES:
            lines.append("")
            toml_table(lines, "[[cross_cutting_themes]]", {"id": theme_id, "name": name})
        for code, text in MEASURES.items():
            lines.append("")
            toml_table(lines, "[[measures]]", {"code": code, "text": text})
        for number, (title, kra, theme, bodies, measures) in AREAS.items():
            area: dict[str, Any] = {"number": number, "title": title}
            if kra is not None:
                area["kra"] = kra
            if theme is not None:
                area["cross_cutting_theme"] = theme
            area |= {"bodies": bodies, "measures": measures}
            lines.append("")
            toml_table(lines, "[[thematic_areas]]", area)
        self._projects_text(lines, projects)
        return "\n".join(lines) + "\n"

    def work_plan_text(self, plan_id: str, body: str, index: int,
                       projects: list[dict[str, Any]]) -> str:
        lines = [f"# Synthetic {body} work plan for the benchmarks (benchmarks/generate.py).",
                 "", "schema_version = 1", ""]
        toml_table(lines, "[plan]", {
            "id": plan_id, "kind": "work-plan",
            "title": f"{BODY_TITLE[body]} 2016-2020 (benchmark copy {index})",
            "body": body, "period": list(PERIOD), "programme": PROGRAMME_ID,
            "source": "Generated by benchmarks/generate.py; every project is synthetic.",
            "monitoring": [f"{body} Chair to report the annual progress of the implementation "
                           "of the Work Plan to the annual meeting of SLOM."],
            "resource_mobilisation": ["Cost-sharing among ASEAN Member States; and/or"],
        })
        self._projects_text(lines, projects)
        return "\n".join(lines) + "\n"

    @staticmethod
    def _projects_text(lines: list[str], projects: list[dict[str, Any]]) -> None:
        area = None
        for project in projects:
            if project["thematic_area"] != area:
                area = project["thematic_area"]
                lines += ["", f"# --- {area} {AREAS[area][0]} ---"]
            lines.append("")
            toml_table(lines, "[[projects]]", project)
            for event in project.get("events", []):
                lines.append("")
                toml_table(lines, "[[projects.events]]", event)

    def plans(self, folder: Path) -> list[dict[str, Any]]:
        """Write the plan files; every project (as a dict, with its plan id and body)."""
        areas_of = {body: [n for n, a in AREAS.items() if body in a[3]]
                    for body in ["SLOM", *WORK_PLAN_BODIES]}
        everything: list[dict[str, Any]] = []
        for index, (plan_id, body, count) in enumerate(self.layout()):
            tag = BODY_TAG[body] if index == 0 else plan_id.rsplit("-2016", 1)[0]
            areas = sorted(self.rng.choices(areas_of[body], k=count))
            projects = []
            for i, area in enumerate(areas, start=1):
                number = str(i) if self.rng.random() < 0.85 else f"{i}{'abc'[i % 3]}"
                project = self.project(f"{tag}-{number}", number, body, area)
                projects.append(project)
                everything.append(project | {"_plan": plan_id, "_body": body})
            if index == 0:
                text = self.programme_text(projects)
                name = "alm-work-programme-bench-2016-2020.toml"
            else:
                text = self.work_plan_text(plan_id, body, index, projects)
                name = f"{BODY_FILE[body]}-bench-{index:03d}.toml"
            (folder / name).write_text(text, "utf-8")
        return everything

    # progress

    def progress(self, folder: Path, projects: list[dict[str, Any]]) -> dict[str, int]:
        from asean_labour.progress import (
            Change,
            History,
            Update,
            dump_change,
            reverse,
        )
        from asean_labour.status import Output, Status

        rng = self.rng
        p = self.p
        root = folder / "progress"
        counts = {"change_files": 0, "single_files": 0, "batch_files": 0, "undo_files": 0,
                  "updates": 0, "bytes": 0}
        state: dict[str, str | None] = {}
        ids = [pr["id"] for pr in projects]
        plan_of = {pr["id"]: pr["_plan"] for pr in projects}
        written: list[Any] = []

        def write(change: Any) -> None:
            cycle_dir = root / str(change.cycle)
            cycle_dir.mkdir(parents=True, exist_ok=True)
            data = dump_change(change).encode("utf-8")
            (cycle_dir / f"{change.id}.toml").write_bytes(data)
            counts["change_files"] += 1
            counts["bytes"] += len(data)
            written.append(change)

        for cycle in range(PERIOD[0], PERIOD[0] + p.cycles):
            k = min(p.updates, len(ids))
            chosen = ids if k == len(ids) else rng.sample(ids, k)
            chosen = sorted(chosen, key=lambda pid: (plan_of[pid], rng.random()))
            singles = set(rng.sample(chosen, min(p.singles, k)))
            start = dt.datetime(cycle, 1, 10, 8, 0, tzinfo=dt.UTC)
            span = 300 * 24 * 3600  # the year's reporting, January to early November
            events: list[tuple[float, str, list[str]]] = []
            for pid in chosen:  # in a fixed order (a set's order changes with the hash seed)
                if pid in singles:
                    events.append((rng.random() * span, "single", [pid]))
            rest = [pid for pid in chosen if pid not in singles]
            batch: list[str] = []
            for pid in rest:
                if batch and (len(batch) >= p.batch_size or plan_of[batch[0]] != plan_of[pid]):
                    events.append((rng.random() * span, "batch", batch))
                    batch = []
                batch.append(pid)
            if batch:
                events.append((rng.random() * span, "batch", batch))
            events.sort(key=lambda e: e[0])
            undo_at = set(rng.sample(range(len(events)), min(p.undos, len(events))))
            for index, (offset, kind, members) in enumerate(events):
                when = start + dt.timedelta(seconds=offset, microseconds=rng.randrange(10**6))
                change_id = when.strftime("%Y%m%dT%H%M%S%fZ") + f"-{rng.getrandbits(32):08x}"
                who = rng.choice(REPORTERS)
                updates = []
                for pid in members:
                    before = state.get(pid)
                    names, weights = STATUS_FLOW[before]
                    status = rng.choices(names, weights)[0]
                    carried_to = None
                    if cycle == PERIOD[1] and status in ("ongoing", "delayed") and \
                            rng.random() < 0.3:
                        # No successor plan is generated, and carried_to must name a
                        # project of a loaded plan: the carried-over status alone.
                        status = "carried-over"
                    state[pid] = status
                    note = None
                    if rng.random() < 0.6:
                        note = rng.choice(STATUS_NOTES).format(
                            n=rng.randint(12, 180), k=rng.randint(2, 10),
                            ord=f"{rng.randint(10, 14)}th")
                    outputs = tuple(o for o in (Output.DATA, Output.LAWS)
                                    if rng.random() < 0.15)
                    evidence = tuple(f"https://asean.org/document/{cycle}/{pid.lower()}-"
                                     f"{rng.randint(1, 99)}.pdf"
                                     for _ in range(rng.choices([0, 0, 0, 0, 1, 2])[0]))
                    updates.append(Update(
                        project=pid, cycle=cycle, status=Status(status),
                        date=(when - dt.timedelta(days=rng.randint(0, 20))).date(),
                        reported_by=rng.choice(COUNTRIES + REPORTERS[:3]), note=note,
                        outputs=outputs, evidence=evidence, carried_to=carried_to,
                        change=change_id, recorded_at=when))
                source = None if kind == "single" else \
                    f"{plan_of[members[0]].lower()}-{cycle}.csv"
                change = Change(id=change_id, kind="update", cycle=cycle, recorded_at=when,
                                recorded_by=who, updates=tuple(updates), source=source)
                write(change)
                counts["single_files" if kind == "single" else "batch_files"] += 1
                counts["updates"] += len(updates)
                if index in undo_at:
                    # Someone undoes what they just recorded (a wrong file, a typo).
                    history = History([c for c in written if c.cycle == cycle])
                    later = when + dt.timedelta(minutes=rng.randint(2, 90))
                    undo = reverse(history, change, who, later)
                    undo = replace(undo, id=later.strftime("%Y%m%dT%H%M%S%fZ")
                                   + f"-{rng.getrandbits(32):08x}")
                    write(undo)
                    counts["undo_files"] += 1
        return counts

    def batch_csv(self, path: Path, projects: list[dict[str, Any]], cycle: int) -> int:
        rng = self.rng
        rows = rng.sample(projects, min(self.p.batch_rows, len(projects)))
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["project", "status", "cycle", "date", "note", "reported_by",
                             "outputs", "evidence"])
            for pr in rows:
                writer.writerow([
                    pr["id"], rng.choice(["ongoing", "completed", "delayed", "not-started"]),
                    cycle, f"{cycle}-{rng.randint(3, 10):02d}-{rng.randint(1, 28):02d}",
                    rng.choice(STATUS_NOTES).format(n=40, k=5, ord="12th")
                    if rng.random() < 0.6 else "",
                    rng.choice(COUNTRIES), rng.choice(["", "", "data", "laws", "data;laws"]),
                    "" if rng.random() < 0.7 else f"https://asean.org/document/{pr['id']}.pdf"])
        return len(rows)


def sample_ids(projects: list[dict[str, Any]]) -> dict[str, str]:
    """Ids the runner uses: a project with events (for `show`), one for `update`."""
    with_events = next((p["id"] for p in projects if p.get("events")), projects[0]["id"])
    middle = projects[len(projects) // 2]["id"]
    return {"show": with_events, "update": middle}


def generate(params: Params, out: Path, validate: bool = True,
             quiet: bool = False) -> dict[str, Any]:
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    plans_dir = out / "plans"
    plans_dir.mkdir(parents=True)
    gen = Generator(params)
    projects = gen.plans(plans_dir)
    progress = gen.progress(plans_dir, projects) if params.cycles and params.updates else {
        "change_files": 0, "single_files": 0, "batch_files": 0, "undo_files": 0,
        "updates": 0, "bytes": 0}
    # The batch lands in the latest cycle with progress (the one being filled), else 2016.
    batch_cycle = PERIOD[0] + max(0, params.cycles - 1)
    batch_rows = gen.batch_csv(out / "batch-1000.csv", projects, batch_cycle)
    plan_bytes = sum(f.stat().st_size for f in plans_dir.glob("*.toml"))
    manifest = {
        "params": params.key(),
        "projects": len(projects),
        "plan_files": params.plans,
        "plan_bytes": plan_bytes,
        "events": sum(len(p.get("events", [])) for p in projects),
        "progress": progress,
        "cycles": list(range(PERIOD[0], PERIOD[0] + params.cycles)),
        "batch_file": "batch-1000.csv",
        "batch_rows": batch_rows,
        "batch_cycle": batch_cycle,
        "ids": sample_ids(projects),
        "seconds": round(time.perf_counter() - started, 2),
    }
    if validate:
        script = Path(sys.executable).with_name("asean-labour")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "asean_labour"]
        done = subprocess.run([*command, "validate", "--plans", str(plans_dir)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr[-4000:])
            raise SystemExit(f"generated plans in {plans_dir} do not validate")
        manifest["validate"] = done.stdout.strip()
        if not quiet:
            print(done.stdout.strip())
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    if not quiet:
        print(f"{len(projects):,} projects in {params.plans} plan files "
              f"({plan_bytes / 1e6:.1f} MB), {progress['updates']:,} updates in "
              f"{progress['change_files']:,} change files ({progress['bytes'] / 1e6:.1f} MB), "
              f"{batch_rows} batch rows -> {out} in {manifest['seconds']} s")
    return manifest


def params_from(args: argparse.Namespace) -> Params:
    n = args.projects
    updates = n if args.updates is None else args.updates
    return Params(
        projects=n,
        plans=args.plans or default_plans(n),
        cycles=args.cycles,
        updates=updates,
        singles=default_singles(updates) if args.singles is None else args.singles,
        batch_rows=args.batch_rows,
        undos=args.undos,
        batch_size=args.batch_size,
        seed=args.seed,
    )


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", "-n", type=int, default=1000, help="N projects in all")
    ap.add_argument("--plans", "-m", type=int, default=None,
                    help="M plan files, the programme included (default: max(3, N/250))")
    ap.add_argument("--cycles", "-c", type=int, default=3,
                    help="reporting cycles with progress, from 2016 (0-5; default 3)")
    ap.add_argument("--updates", "-k", type=int, default=None,
                    help="K updates per cycle (default: N, a full cycle)")
    ap.add_argument("--singles", type=int, default=None,
                    help="of which single-update change files per cycle (default: K/10, at "
                         "most 2000); the rest go in batch change files")
    ap.add_argument("--batch-size", type=int, default=500,
                    help="rows per batch change file (default 500; a batch never spans plans)")
    ap.add_argument("--undos", type=int, default=3, help="undo changes per cycle (default 3)")
    ap.add_argument("--batch-rows", type=int, default=1000,
                    help="rows of the CSV batch for `update --from` (default 1000, at most N)")
    ap.add_argument("--seed", type=int, default=20161123)
    ap.add_argument("--out", "-o", type=Path, required=True, help="output folder (replaced)")
    ap.add_argument("--no-validate", action="store_true",
                    help="skip `asean-labour validate` of the result")
    return ap


def main() -> None:
    args = parser().parse_args()
    if not 0 <= args.cycles <= PERIOD[1] - PERIOD[0] + 1:
        raise SystemExit("--cycles must be 0-5 (the plans cover 2016-2020)")
    if args.projects < 3:
        raise SystemExit("--projects must be at least 3")
    generate(params_from(args), args.out, validate=not args.no_validate)


if __name__ == "__main__":
    reexec_in_project_venv()
    main()
