"""`validate`'s whole check of a plans folder: every plan file, the progress store, the
instruments and the ratifications, every problem at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from asean_labour.errors import InvalidInput

if TYPE_CHECKING:
    from asean_labour.model import Catalogue


@dataclass(frozen=True)
class Valid:
    """A plans folder that passed: what it holds."""

    folder: Path
    catalogue: Catalogue
    files: int  # plan files read

    @property
    def thematic_areas(self) -> int:
        return sum(len(p.content.thematic_areas) for p in self.catalogue.programmes()
                   if p.content)


def validate(folder: Path) -> Valid:
    """Check everything in the folder; `InvalidInput` listing every problem found."""
    from asean_labour.instruments import read_instruments
    from asean_labour.loading import check_plans
    from asean_labour.ratifications import read_ratifications

    catalogue, problems, files = check_plans(folder)
    if catalogue is not None:
        from asean_labour.progress import ProgressStore

        problems = ProgressStore(folder).check(catalogue)
    # The instruments' links are checked against the plans, so only when the plans load.
    problems += read_ratifications(folder)[1]
    if catalogue is not None:
        problems += read_instruments(folder, catalogue)[1]
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise InvalidInput(problems, f"{len(problems)} {noun} found in {folder}")
    assert catalogue is not None
    return Valid(folder, catalogue, files)
