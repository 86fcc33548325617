"""The figures extractor against the gold list: precision, recall, mismatches."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from msmeetings.errors import InputError
from msmeetings.quantities.extract import (
    _check_columns,
)
from msmeetings.quantities.rules import (
    GOLD_COLUMNS,
    QUALIFIERS,
)

# --- validation against the gold list -----------------------------------------------------


def load_quantity_gold(path: str | Path) -> pd.DataFrame:
    """Read the gold list of quantities (one row per quantity a careful reader would list).

    Raises:
        InputError: If the file is missing, a column is missing, or a value, unit or qualifier is invalid.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: the gold list of quantities is missing. Restore it from git.")
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    _check_columns(gold, GOLD_COLUMNS, str(path), f"The header must be {','.join(GOLD_COLUMNS)}.")
    for number, row in enumerate(gold.itertuples(index=False), start=2):
        try:
            float(row.value)
        except ValueError:
            raise InputError(
                f"{path}: line {number}: value '{row.value}' is not a number. Write it in digits, e.g. 12000."
            ) from None
        if row.qualifier not in QUALIFIERS:
            raise InputError(
                f"{path}: line {number}: qualifier '{row.qualifier}' is unknown. Use one of {', '.join(QUALIFIERS)}."
            )
        if not row.unit or not row.meeting_id:
            raise InputError(f"{path}: line {number}: meeting_id and unit must not be empty.")
    gold["value"] = gold["value"].astype(float)
    return gold


def _match_key(df: pd.DataFrame) -> pd.Series:
    return df["meeting_id"] + "|" + df["value"].map(lambda v: f"{float(v):.6g}") + "|" + df["unit"]


def score_quantities(extracted: pd.DataFrame, gold: pd.DataFrame, meeting_ids: list[str] | None = None) -> pd.DataFrame:
    """Return precision and recall of extraction against the gold list, per meeting and overall.

    A quantity matches a gold row with the same meeting, value and unit (each gold row matches
    at most one quantity). Agreement on the qualifier among matched pairs is reported separately.
    Only meetings that have gold are scored: the figures of a meeting nobody listed by reading
    would otherwise all count as errors (``meetings_without_gold`` names the others).

    Args:
        extracted: Quantities (columns meeting_id, value, unit, qualifier at least).
        gold: The gold list (``load_quantity_gold``).
        meeting_ids: The meetings selected; those with gold get a row. By default every
            meeting of the gold list.

    Returns:
        Columns meeting_id ("all" for the total), n_gold, n_extracted, n_matched, precision,
        recall, qualifier_agreement; a ratio with nothing to divide by (no figure extracted,
        none in the gold list) is empty (NaN).
    """
    meetings = sorted(
        set(gold["meeting_id"]) & (set(meeting_ids) if meeting_ids is not None else set(gold["meeting_id"]))
    )
    extracted = extracted[extracted["meeting_id"].isin(meetings)]
    gold = gold[gold["meeting_id"].isin(meetings)]
    rows = []
    for meeting in [*meetings, "all"]:
        e = extracted if meeting == "all" else extracted[extracted["meeting_id"] == meeting]
        g = gold if meeting == "all" else gold[gold["meeting_id"] == meeting]
        e_keys, g_keys = Counter(_match_key(e)), Counter(_match_key(g))
        matched = sum((e_keys & g_keys).values())
        e_qual = Counter(_match_key(e) + "|" + e["qualifier"])
        g_qual = Counter(_match_key(g) + "|" + g["qualifier"])
        agreed = sum((e_qual & g_qual).values())
        rows.append(
            {
                "meeting_id": meeting,
                "n_gold": len(g),
                "n_extracted": len(e),
                "n_matched": matched,
                "precision": matched / len(e) if len(e) else float("nan"),
                "recall": matched / len(g) if len(g) else float("nan"),
                "qualifier_agreement": agreed / matched if matched else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def meetings_without_gold(gold: pd.DataFrame, meeting_ids: list[str]) -> list[str]:
    """Return the selected meetings the gold list has no figure for (not scored), in the given order."""
    listed = set(gold["meeting_id"])
    return [m for m in meeting_ids if m not in listed]


def list_quantity_mismatches(extracted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Return the gold quantities not extracted ("missed") and the extracted ones not in gold ("spurious").

    Only meetings that have gold are compared (see ``score_quantities``).

    Returns:
        Columns error, meeting_id, value, unit, qualifier, text (the gold snippet or the
        extracted sentence), segment_id (empty for missed).
    """
    rows = []
    extracted = extracted[extracted["meeting_id"].isin(set(gold["meeting_id"]))]
    e_keys = _match_key(extracted)
    g_keys = _match_key(gold)
    remaining = Counter(e_keys)
    for key, row in zip(g_keys, gold.itertuples(index=False)):
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            rows.append(
                {
                    "error": "missed",
                    "meeting_id": row.meeting_id,
                    "value": row.value,
                    "unit": row.unit,
                    "qualifier": row.qualifier,
                    "text": row.sentence_snippet,
                    "segment_id": "",
                }
            )
    gold_left = Counter(g_keys)
    for key, row in zip(e_keys, extracted.itertuples(index=False)):
        if gold_left[key] > 0:
            gold_left[key] -= 1
        else:
            rows.append(
                {
                    "error": "spurious",
                    "meeting_id": row.meeting_id,
                    "value": row.value,
                    "unit": row.unit,
                    "qualifier": row.qualifier,
                    "text": row.sentence,
                    "segment_id": row.segment_id,
                }
            )
    columns = ["error", "meeting_id", "value", "unit", "qualifier", "text", "segment_id"]
    return pd.DataFrame(rows, columns=columns)
