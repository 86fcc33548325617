"""Tables and sentences the chapter shows: counts by kind, addressee and theme; the cue wording."""

from __future__ import annotations

import pandas as pd

from msmeetings.recommendations.rules import CUE_DESCRIPTIONS


def count_recommendations(recommendations: pd.DataFrame, by: str, meeting_ids: list[str]) -> pd.DataFrame:
    """Items per meeting broken down by a column ("kind", "addressee", or "theme_ids" split on ";").

    Returns:
        One row per value of `by` (empty shown as "not stated"), one column per meeting in the order
        given, and a total; sorted by total, then value.
    """
    frame = recommendations[["meeting_id", by]].copy()
    if by == "theme_ids":
        frame[by] = frame[by].fillna("").str.split(";")
        frame = frame.explode(by)
        frame = frame[frame[by] != ""]
    frame[by] = frame[by].fillna("").replace("", "not stated")
    table = pd.crosstab(frame[by], frame["meeting_id"]).reindex(columns=meeting_ids, fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.reset_index().rename(columns={by: by.removesuffix("_ids")})
    table.columns.name = None
    first = table.columns[0]
    return table.sort_values(["total", first], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def describe_cues() -> pd.DataFrame:
    """The verdicts and the wording that triggers each, for the methods section."""
    return pd.DataFrame(
        {"verdict": list(CUE_DESCRIPTIONS), "what the later passage says": list(CUE_DESCRIPTIONS.values())}
    )
