"""The catalogue of processed tables and hand-made inputs: each declared once.

A table's entry names the step (notebook) that writes it, its typed columns with the label and
unit a reader sees in the report, its key and, where rows are kept sorted, its sort order.
`write_table` refuses a frame that breaks its declaration; `read_table` returns typed columns.
The pipeline derives each step's declared outputs from here, and notebooks read and write only
through these names, so a table's shape lives in one place.

Imported by build.py on every run: nothing heavy (pandas) at module level.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from msmeetings.errors import InputError, StepError

DTYPES = ("str", "int", "float", "bool")


@dataclass(frozen=True)
class Column:
    """One column: its name, type, the label a reader sees, the unit of its values, if any."""

    name: str
    dtype: str
    label: str
    unit: str = ""
    nullable: bool = False  # may hold empty cells (str columns may always be empty)


@dataclass(frozen=True)
class Table:
    """One processed table, as written to `data/processed/{name}.csv`."""

    name: str
    step: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    sort: tuple[str, ...] = ()  # rows are sorted by these; empty: the producer's documented order

    @property
    def filename(self) -> str:
        """File name in the processed folder."""
        return f"{self.name}.csv"

    @property
    def ref(self) -> str:
        """The reference the pipeline uses for this table as a step input or output."""
        return f"processed/{self.filename}"

    @property
    def column_names(self) -> list[str]:
        """Column names in file order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """Look a column up; raise naming the table when it is not declared."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table '{self.name}' declares no column '{name}' (columns: {', '.join(self.column_names)})")

    def labels(self) -> dict[str, str]:
        """Column name to the label a reader sees, with its unit."""
        # "Words (words)" says nothing more than "Words": a unit already named by the label is left out.
        return {
            c.name: f"{c.label} ({c.unit})" if c.unit and c.unit.lower() not in c.label.lower() else c.label
            for c in self.columns
        }


def _c(name: str, dtype: str, label: str, unit: str = "", *, nullable: bool = False) -> Column:
    return Column(name, dtype, label, unit, nullable)


MEETING = _c("meeting_id", "str", "Meeting")
SEGMENT = _c("segment_id", "str", "Passage")
THEME = _c("theme_id", "str", "Theme")
CHAR_START = _c("char_start", "int", "Start in raw file", "characters")
CHAR_END = _c("char_end", "int", "End in raw file", "characters")


def _scores(*extra: Column, nullable: bool = True) -> tuple[Column, ...]:
    return (
        *extra,
        _c("precision", "float", "Precision", "0-1", nullable=nullable),
        _c("recall", "float", "Recall", "0-1", nullable=nullable),
    )


TABLES: tuple[Table, ...] = (
    Table(
        "segments",
        "01_corpus",
        "Every heading, paragraph, list item, footnote and sentence of every document, with offsets.",
        (
            SEGMENT,
            MEETING,
            _c("kind", "str", "Kind of passage"),
            _c("section", "str", "Section number"),
            _c("section_title", "str", "Section"),
            _c("paragraph_number", "int", "Paragraph"),
            _c("level", "int", "List level"),
            _c("list_number", "int", "Item number", nullable=True),
            _c("parent_id", "str", "Part of"),
            _c("footnote_number", "int", "Footnote number", nullable=True),
            _c("footnote_refs", "str", "Footnotes cited"),
            _c("text", "str", "Text"),
            _c("n_words", "int", "Words", "words"),
            CHAR_START,
            CHAR_END,
        ),
        key=("segment_id",),
        sort=("segment_id",),
    ),
    Table(
        "corpus_overview",
        "01_corpus",
        "One row per document: dates, place, organiser, kind and length.",
        (
            MEETING,
            _c("language", "str", "Language"),
            _c("dates", "str", "Dates"),
            _c("place", "str", "Place"),
            _c("organiser", "str", "Organiser"),
            _c("document_type", "str", "Kind of document"),
            _c("n_words", "int", "Words", "words"),
            _c("n_text_blocks", "int", "Text blocks", "passages"),
            _c("n_sentences", "int", "Sentences", "sentences"),
        ),
        key=("meeting_id",),
    ),
    Table(
        "theme_codes",
        "02_themes",
        "Each passage coded with a theme, and the terms that matched.",
        (SEGMENT, MEETING, THEME, _c("matched_terms", "str", "Matched terms")),
        key=("segment_id", "theme_id"),
        sort=("segment_id", "theme_id"),
    ),
    Table(
        "theme_matrix",
        "02_themes",
        "Meeting by theme (zeros kept): passages coded, their share and rate.",
        (
            MEETING,
            THEME,
            _c("n_segments", "int", "Passages coded", "passages"),
            _c("share_pct", "float", "Share of passages", "%"),
            _c("per_1000_words", "float", "Passages per 1,000 words", "per 1,000 words"),
        ),
        key=("meeting_id", "theme_id"),
        sort=("meeting_id", "theme_id"),
    ),
    Table(
        "distinctive_terms",
        "02_themes",
        "The terms most distinctive of each meeting (log-odds against the others).",
        (
            MEETING,
            _c("term", "str", "Term"),
            _c("count", "int", "Occurrences", "occurrences"),
            _c("z_score", "float", "Distinctiveness", "z-score"),
            _c("rank", "int", "Rank"),
        ),
        key=("meeting_id", "rank"),
        sort=("meeting_id", "rank"),
    ),
    Table(
        "theme_validation",
        "02_themes",
        "Theme coding against passages judged by a reader, per sample and theme.",
        _scores(
            _c("sample", "str", "Sample"),
            THEME,
            _c("n_judged", "int", "Judged", "passages"),
            _c("n_present", "int", "Theme present", "passages"),
            _c("true_pos", "int", "True positives", "passages"),
            _c("false_pos", "int", "False positives", "passages"),
            _c("false_neg", "int", "False negatives", "passages"),
            _c("true_neg", "int", "True negatives", "passages"),
        )
        + (_c("f1", "float", "F1", "0-1", nullable=True),),
        key=("sample", "theme_id"),
    ),
    Table(
        "quantities",
        "03_key_figures",
        "Every figure the documents state: value, what it counts, who, when, and its sentence.",
        (
            _c("quantity_id", "str", "Figure"),
            MEETING,
            SEGMENT,
            _c("value", "float", "Value"),
            _c("value_text", "str", "As written"),
            _c("unit", "str", "Unit"),
            _c("qualifier", "str", "Qualifier"),
            _c("value_high", "float", "Upper value", nullable=True),
            _c("counted", "str", "What is counted"),
            _c("category", "str", "Category"),
            # False for figures of no analytical interest (an age, "3 different ways"): kept, not shown as key figures.
            _c("is_key_figure", "bool", "Key figure"),
            _c("actor", "str", "Reported by"),
            _c("reference_period", "str", "Period"),
            _c("sentence", "str", "Sentence"),
            CHAR_START,
            CHAR_END,
        ),
        key=("quantity_id",),
        sort=("quantity_id",),
    ),
    Table(
        "quantity_skips",
        "03_key_figures",
        "Number-like text that is not a figure (dates, identifiers, ...), with the reason.",
        (MEETING, SEGMENT, _c("text", "str", "Text"), _c("reason", "str", "Reason"), CHAR_START, CHAR_END),
        key=("segment_id", "char_start", "char_end"),
        sort=("segment_id", "char_start"),
    ),
    Table(
        "quantity_validation",
        "03_key_figures",
        "The figures extractor against the gold list, per meeting and overall.",
        (
            MEETING,
            _c("n_gold", "int", "Gold figures", "figures"),
            _c("n_extracted", "int", "Extracted", "figures"),
            _c("n_matched", "int", "Matched", "figures"),
            *_scores(),
            _c("qualifier_agreement", "float", "Qualifier agreement", "0-1", nullable=True),
        ),
        key=("meeting_id",),
    ),
    Table(
        "actors",
        "04_actors",
        "Each mention of a country, group, organisation or person, with its role.",
        (
            MEETING,
            SEGMENT,
            _c("actor_type", "str", "Kind of actor"),
            _c("actor_id", "str", "Actor"),
            _c("name_as_written", "str", "As written"),
            _c("iso3", "str", "ISO code"),
            _c("region", "str", "Region"),
            _c("org_type", "str", "Kind of organisation"),
            _c("role", "str", "Role (participant, observer, funder or subject)"),
            _c("mention_as", "str", "Written as (name, acronym, defined or speaker label)"),
            _c("text_start", "int", "Start in passage", "characters"),
            _c("text_end", "int", "End in passage", "characters"),
        ),
        key=("segment_id", "actor_type", "actor_id", "text_start"),
    ),
    Table(
        "people",
        "04_actors",
        "People named in the documents, their role as written and what they are quoted saying.",
        (
            MEETING,
            SEGMENT,
            _c("person_id", "str", "Person id"),
            _c("person", "str", "Person"),
            _c("role_as_written", "str", "Role as written"),
            _c("quote_segment_ids", "str", "Quoted passages"),
            _c("attributed_by", "str", "Found by (attribution line, speech verb or named in passing)"),
        ),
        key=("meeting_id", "segment_id", "person_id"),
        sort=("meeting_id", "segment_id"),
    ),
    Table(
        "actor_validation",
        "04_actors",
        "Actor detection and roles against the gold lists.",
        (
            _c("level", "str", "Level"),
            _c("actor_type", "str", "Kind of actor"),
            _c("n_gold", "int", "Gold", "actors"),
            _c("n_extracted", "int", "Extracted", "actors"),
            _c("n_correct", "int", "Correct", "actors"),
            *_scores(),
        ),
        key=("level", "actor_type"),
    ),
    Table(
        "recommendations",
        "05_recommendations",
        "Recommendations, conclusions, proposals and challenges, with addressee and themes.",
        (
            _c("recommendation_id", "str", "Item"),
            MEETING,
            SEGMENT,
            _c("kind", "str", "Kind of item"),
            _c("addressee", "str", "Addressed to"),
            _c("text", "str", "Text"),
            _c("theme_ids", "str", "Themes"),
        ),
        key=("recommendation_id",),
        sort=("recommendation_id",),
    ),
    Table(
        "followthrough",
        "05_recommendations",
        "Each item against each later meeting: best passages, similarity, verdict and evidence.",
        (
            _c("recommendation_id", "str", "Item"),
            _c("later_meeting_id", "str", "Later meeting"),
            _c("rank", "int", "Rank"),
            SEGMENT,
            _c("similarity", "float", "Similarity", "0-1"),
            _c("verdict", "str", "Verdict"),
            _c("confidence", "str", "Confidence of the machine verdict"),
            _c("cue", "str", "Cue"),
            _c("evidence", "str", "Evidence"),
            _c("reviewed", "bool", "Checked by a reader"),
            _c("review_note", "str", "Reader's note"),
            _c("auto_verdict", "str", "Machine verdict"),
            _c("via_segment_id", "str", "Via passage"),
            _c("decides", "bool", "Decides the verdict"),
        ),
        key=("recommendation_id", "later_meeting_id", "rank"),
        sort=("recommendation_id", "later_meeting_id", "rank"),
    ),
    Table(
        "chains",
        "05_recommendations",
        "Chains of follow-through: an item and the later passages that take it up.",
        (
            _c("chain_id", "str", "Chain"),
            _c("step", "int", "Step"),
            MEETING,
            SEGMENT,
            _c("kind", "str", "Kind"),
            _c("verdict", "str", "Verdict"),
            _c("similarity", "float", "Similarity", "0-1", nullable=True),
            _c("linked_from", "str", "Linked from"),
            _c("text", "str", "Text"),
            _c("reviewed", "bool", "Checked by a reader"),
        ),
        key=("chain_id", "step"),
        sort=("chain_id", "step"),
    ),
)

CATALOGUE: dict[str, Table] = {table.name: table for table in TABLES}

# Hand-made inputs under the data folder, by name: steps declare them, notebooks open them by name.
INPUTS: dict[str, str] = {
    "manifest": "meetings.csv",
    "codebook": "codebook.yml",
    "theme_judgements": "validation/theme_judgements.csv",
    "quantities_gold": "validation/quantities_gold.csv",
    "countries": "actors/countries.csv",
    "organisations": "actors/organisations.csv",
    "actors_gold": "validation/actors_gold.csv",
    "followthrough_review": "followthrough_review.csv",
    "findings": "findings.yml",
    "followthrough_judgements": "validation/followthrough_judgements.csv",
    "extractor_scores": "validation/extractor_scores.csv",
    "similarity_modes": "validation/similarity_modes.csv",
}


def table(name: str) -> Table:
    """The declaration of a table; raise naming the known tables when there is none."""
    try:
        return CATALOGUE[name]
    except KeyError:
        raise KeyError(f"no table '{name}' in msmeetings.tables (known: {', '.join(CATALOGUE)})") from None


def input_ref(name: str) -> str:
    """The pipeline reference of a hand-made input (`data/...`)."""
    if name not in INPUTS:
        raise KeyError(f"no input '{name}' in msmeetings.tables.INPUTS (known: {', '.join(INPUTS)})")
    return f"data/{INPUTS[name]}"


def input_path(name: str, data_dir: str | os.PathLike) -> Path:
    """Where a hand-made input lives under a data folder."""
    return Path(data_dir) / input_ref(name).removeprefix("data/")


def tables_written_by(step: str) -> tuple[Table, ...]:
    """The tables a step writes, in catalogue order."""
    return tuple(t for t in TABLES if t.step == step)


def check_frame(name: str, frame) -> None:
    """Raise StepError unless a frame matches its declaration: columns, types, non-empty keys, unique key, order.

    Called before writing, so a table that breaks its declaration stops the build.
    """
    import pandas as pd

    declared = table(name)
    where = f"table '{name}' (declared in msmeetings.tables, written by {declared.step})"
    if list(frame.columns) != declared.column_names:
        missing = [c for c in declared.column_names if c not in frame.columns]
        extra = [c for c in frame.columns if c not in declared.column_names]
        raise StepError(
            f"{where}: columns do not match the declaration"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; undeclared {', '.join(map(str, extra))}" if extra else "")
            + ("; order differs" if not missing and not extra else "")
            + ". Change the producer or the catalogue entry."
        )
    for column in declared.columns:
        values = frame[column.name]
        empty = values.isna() | values.astype(str).eq("")
        if column.dtype == "str":
            continue
        if empty.any() and not column.nullable:
            raise StepError(f"{where}: column '{column.name}' ({column.dtype}) has {int(empty.sum())} empty value(s).")
        present = values[~empty]
        if column.dtype == "bool":
            ok = present.map(lambda v: isinstance(v, bool) or str(v) in ("True", "False")).all()
        else:
            numbers = pd.to_numeric(present, errors="coerce")
            ok = not numbers.isna().any()
            if ok and column.dtype == "int":
                ok = bool((numbers == numbers.round()).all())
        if not ok:
            raise StepError(f"{where}: column '{column.name}' holds values that are not {column.dtype}.")
    key = list(declared.key)
    duplicated = frame.duplicated(key)
    if duplicated.any():
        first = frame.loc[duplicated, key].iloc[0].tolist()
        raise StepError(f"{where}: key ({', '.join(key)}) is not unique, e.g. {first}.")
    if declared.sort and len(frame) > 1:
        ordered = frame.sort_values(list(declared.sort), kind="stable")
        if not ordered.index.equals(frame.index):
            raise StepError(f"{where}: rows are not sorted by {', '.join(declared.sort)}; sort them before writing.")


def write_table(name: str, frame, processed_dir: str | os.PathLike) -> Path:
    """Check a frame against its declaration, then write `{processed_dir}/{name}.csv` deterministically.

    Rows are written in the declared order (a stable sort): producers build them in document or date
    order, which is not the ids' order in every corpus.
    """
    from msmeetings.outputs import write_csv

    declared = table(name)
    if declared.sort and len(frame) > 1 and set(declared.sort) <= set(frame.columns):
        frame = frame.sort_values(list(declared.sort), kind="stable")
    frame = frame.reset_index(drop=True)
    check_frame(name, frame)
    path = Path(processed_dir) / table(name).filename
    write_csv(frame, path)
    return path


def read_table(name: str, processed_dir: str | os.PathLike):
    """Read a processed table with its declared types.

    str columns keep '' for empty cells; int columns are int64 (nullable Int64 where the declaration
    allows empties); float columns are float64 (NaN for empty); bool columns are bool.

    Raises:
        InputError: the file is missing or lacks a declared column (naming the step that writes it).
    """
    import pandas as pd

    declared = table(name)
    path = Path(processed_dir) / declared.filename
    if not path.is_file():
        raise InputError(
            f"{path}: the table '{name}' is missing. It is written by notebooks/{declared.step}.ipynb; "
            "run build.py (it runs the steps in order)."
        )
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in declared.column_names if c not in frame.columns]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)} declared for table '{name}'. "
            f"Rebuild it with build.py --force."
        )
    for column in declared.columns:
        frame[column.name] = _convert(frame[column.name], column, path)
    return frame[declared.column_names]


def read_tables(names, processed_dir: str | os.PathLike) -> dict:
    """Read several processed tables (typed), by name."""
    return {name: read_table(name, processed_dir) for name in names}


class TableShapeError(KeyError):
    """A table lacks a column a computation needs: the tables changed shape, which must not pass silently."""


def require_columns(tables: dict, name: str, columns: tuple[str, ...], *, needed_by: str):
    """The table `name` from a dict of frames, or TableShapeError naming what `needed_by` misses."""
    frame = tables.get(name)
    if frame is None:
        raise TableShapeError(f"table {name} is missing; {needed_by} needs it")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise TableShapeError(f"table {name} lacks column(s) {', '.join(missing)}; {needed_by} needs them")
    return frame


def _convert(values, column: Column, path: Path):
    import pandas as pd

    if column.dtype == "str":
        return values
    if column.dtype == "bool":
        return values.map({"True": True, "False": False, "": False}).astype(bool)
    numbers = pd.to_numeric(values.replace("", None), errors="coerce")
    bad = numbers.isna() & values.ne("")
    if bad.any():
        raise InputError(
            f"{path}: column '{column.name}' should hold {column.dtype} values; found '{values[bad].iloc[0]}'. "
            "Rebuild it with build.py --force."
        )
    if column.dtype == "int":
        return numbers.astype("Int64") if numbers.isna().any() else numbers.astype("int64")
    return numbers.astype("float64")


def column_names(name: str) -> list[str]:
    """Column names of a table, in file order (for producers building their frames)."""
    return table(name).column_names


def labels(name: str) -> dict[str, str]:
    """Column name to the human label (with unit) of a table, for the report."""
    return table(name).labels()
