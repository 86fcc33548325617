"""Scoring the coding against passages judged by a reader."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from msmeetings.errors import InputError
from msmeetings.themes.codebook import Theme
from msmeetings.themes.compare import _meeting_ids


def load_judgements(path: str | Path, codebook: list[Theme] | None = None) -> pd.DataFrame:
    """Read hand judgements (segment_id, theme_id, is_present 0/1, note) and check them.

    Optional columns kept when present: sample (how the passage was chosen) and passage_snippet
    (the words that located the passage when it was judged, to catch renumbered segments).

    Raises:
        InputError: missing columns, is_present not 0/1, an unknown theme, or a duplicate pair.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: the validation sample is missing. Restore it from git.")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    needed = ["segment_id", "theme_id", "is_present", "note"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}. The header must be {','.join(needed)}.")
    bad = table.index[~table["is_present"].isin(["0", "1"])]
    if len(bad):
        raise InputError(
            f"{path}: line {bad[0] + 2}: is_present must be 0 or 1, not {table.loc[bad[0], 'is_present']!r}."
        )
    if codebook is not None:
        known = {t.id for t in codebook}
        unknown = table.index[~table["theme_id"].isin(known)]
        if len(unknown):
            raise InputError(
                f"{path}: line {unknown[0] + 2}: theme_id {table.loc[unknown[0], 'theme_id']!r} is not in the codebook."
            )
    dup = table.duplicated(["segment_id", "theme_id"])
    if dup.any():
        i = table.index[dup][0]
        pair = f"({table.loc[i, 'segment_id']}, {table.loc[i, 'theme_id']})"
        raise InputError(f"{path}: line {i + 2}: the pair {pair} is judged twice. Keep one judgement per pair.")
    table["is_present"] = table["is_present"].astype(int)
    optional = [c for c in ("sample", "passage_snippet") if c in table.columns]
    return table[needed + optional]


_SENTENCE_ID_RE = re.compile(r"^(?P<block>.+:\d+)\.\d+$")


def _block_id(segment_id: str) -> str:
    match = _SENTENCE_ID_RE.match(segment_id)
    return match.group("block") if match else segment_id


def score_theme_coding(theme_codes: pd.DataFrame, judgements: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of the coding against hand judgements, per theme and overall.

    Judgements are made on passages (text blocks); sentence codes count for their passage when any
    of its sentences is coded. The "all themes" row pools every judgement (micro average).
    Undefined ratios (no predicted or no true positives) are left empty.

    Args:
        theme_codes: output of code_segments.
        judgements: output of load_judgements.
        by: optional judgements column (e.g. "sample"); scores are then given per value of it and
            for all judgements together ("all"), with that column first.
    """
    if by is not None:
        if by not in judgements.columns:
            raise InputError(f"judgements: no column '{by}' to score by. Columns: {', '.join(judgements.columns)}.")
        parts = [("all", judgements)] + [(str(k), g) for k, g in judgements.groupby(by, sort=True)]
        frames = [score_theme_coding(theme_codes, g).assign(**{by: k}) for k, g in parts]
        scored = pd.concat(frames, ignore_index=True)
        return scored[[by] + [c for c in scored.columns if c != by]]
    coded = {(_block_id(s), t) for s, t in zip(theme_codes["segment_id"].astype(str), theme_codes["theme_id"])}
    predicted = [(s, t) in coded for s, t in zip(judgements["segment_id"], judgements["theme_id"])]
    frame = judgements.assign(predicted=np.array(predicted, dtype=int))

    def _scores(group: pd.DataFrame, theme_id: str) -> dict:
        tp = int(((group.predicted == 1) & (group.is_present == 1)).sum())
        fp = int(((group.predicted == 1) & (group.is_present == 0)).sum())
        fn = int(((group.predicted == 0) & (group.is_present == 1)).sum())
        tn = int(((group.predicted == 0) & (group.is_present == 0)).sum())
        precision = tp / (tp + fp) if tp + fp else math.nan
        recall = tp / (tp + fn) if tp + fn else math.nan
        f1 = 2 * precision * recall / (precision + recall) if tp else (0.0 if (tp + fp) and (tp + fn) else math.nan)
        return {
            "theme_id": theme_id,
            "n_judged": len(group),
            "n_present": tp + fn,
            "true_pos": tp,
            "false_pos": fp,
            "false_neg": fn,
            "true_neg": tn,
            "precision": round(precision, 3) if not math.isnan(precision) else math.nan,
            "recall": round(recall, 3) if not math.isnan(recall) else math.nan,
            "f1": round(f1, 3) if not math.isnan(f1) else math.nan,
        }

    rows = [_scores(group, theme_id) for theme_id, group in frame.groupby("theme_id", sort=True)]
    rows.append(_scores(frame, "all themes"))
    return pd.DataFrame(rows)


def list_coding_errors(theme_codes: pd.DataFrame, judgements: pd.DataFrame) -> pd.DataFrame:
    """Judgements the coder got wrong: false positives and false negatives, with the judge's note."""
    codes = zip(theme_codes["segment_id"].astype(str), theme_codes["theme_id"], theme_codes["matched_terms"])
    terms = {(_block_id(s), t): m for s, t, m in codes}
    rows = []
    for row in judgements.itertuples(index=False):
        found = terms.get((row.segment_id, row.theme_id))
        if (found is not None) != bool(row.is_present):
            rows.append(
                {
                    "segment_id": row.segment_id,
                    "theme_id": row.theme_id,
                    "error": "false positive" if found is not None else "false negative",
                    "matched_terms": found or "",
                    "note": row.note,
                }
            )
    return pd.DataFrame(rows, columns=["segment_id", "theme_id", "error", "matched_terms", "note"])


def select_judgements(judgements: pd.DataFrame, meetings) -> pd.DataFrame:
    """Keep the judgements on passages of the given meetings (a run restricted to some meetings)."""
    wanted = set(_meeting_ids(meetings))
    keep = judgements["segment_id"].astype(str).str.split(":").str[0].isin(wanted)
    return judgements.loc[keep].reset_index(drop=True)
