"""What every chapter notebook does first: choose its meetings, load their segments, decide where to write.

Notebooks call `load_selection` and `output_folders` instead of spelling paths and filters each in
its own way, so the selection rules (a subset by parameter, documents not in English left out of
the text analyses) are the same in every chapter.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from msmeetings import corpus, tables
from msmeetings.corpus import Meeting

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PARAMS = ROOT / "params" / "default.yml"
SCRATCH = ROOT / "build" / "scratch"


@dataclass
class Selection:
    """The meetings a chapter covers and their segments."""

    all_meetings: list[Meeting]  # every row of the manifest
    chosen: list[Meeting]  # the meetings the `meetings` parameter selects, in any language
    raw_dir: Path  # the documents' texts
    segments: pd.DataFrame | None = field(default=None, repr=False)  # of the analysed meetings only

    @property
    def analysed(self) -> list[Meeting]:
        """Chosen meetings whose documents the text analyses read (English)."""
        return corpus.split_by_language(self.chosen)[0]

    @property
    def not_english(self) -> list[Meeting]:
        """Chosen meetings left out of the text analyses."""
        return corpus.split_by_language(self.chosen)[1]

    @property
    def meeting_ids(self) -> list[str]:
        """Ids of the analysed meetings, in date order."""
        return [m.meeting_id for m in self.analysed]

    @property
    def manifest(self) -> pd.DataFrame:
        """The analysed meetings as a manifest frame."""
        return corpus.manifest_frame(self.analysed)


def load_selection(
    data_dir: str | os.PathLike, processed_dir: str | os.PathLike, meetings: str, *, segments: bool = True
) -> Selection:
    """Read the manifest, apply the `meetings` parameter, and load the analysed meetings' segments.

    Args:
        data_dir: the folder holding the manifest and raw texts.
        processed_dir: where chapter 1 wrote `segments.csv`.
        meetings: comma-separated meeting ids; empty selects all.
        segments: False for chapter 1, which makes the segments.
    """
    data_dir = Path(data_dir)
    all_meetings = corpus.load_manifest(tables.input_path("manifest", data_dir), data_dir / "raw")
    selection = Selection(all_meetings, corpus.select_meetings(all_meetings, meetings), data_dir / "raw")
    if segments:
        frame = tables.read_table("segments", processed_dir)
        wanted = set(selection.meeting_ids)
        selection.segments = frame[frame["meeting_id"].isin(wanted)].reset_index(drop=True)
    return selection


def default_parameters() -> dict[str, object]:
    """The analysis parameters' defaults, from their one home, params/default.yml."""
    return yaml.safe_load(DEFAULT_PARAMS.read_text(encoding="utf-8")) or {}


def output_folders(
    processed_dir: str | os.PathLike, figures_dir: str | os.PathLike, notebook: str, params: dict[str, object]
) -> tuple[Path, Path]:
    """Where a chapter writes its tables and charts.

    build.py passes folders of its own and gets them back. A notebook run by hand (Jupyter, papermill)
    with the repository's folders but parameters other than the defaults would overwrite the
    committed tables with a variant's; it writes to build/scratch/NOTEBOOK/ instead, and says so.
    """
    processed, figures = Path(processed_dir), Path(figures_dir)
    in_repository = processed.resolve() == (ROOT / "data" / "processed").resolve()
    defaults = default_parameters()
    differing = sorted(name for name, value in params.items() if name in defaults and defaults[name] != value)
    if not in_repository or not differing:
        return processed, figures
    scratch = SCRATCH / notebook
    (scratch / "processed").mkdir(parents=True, exist_ok=True)
    (scratch / "figures").mkdir(parents=True, exist_ok=True)
    print(
        f"Parameters differ from params/default.yml ({', '.join(differing)}): this run writes its tables to "
        f"{scratch / 'processed'} and its charts to {scratch / 'figures'}; the repository's outputs are unchanged. "
        "Use build.py --set to build a whole variant report."
    )
    return scratch / "processed", scratch / "figures"
