"""Comparisons built on the codes: the meeting x theme matrix, emergence over time, co-occurrence."""

from __future__ import annotations

import pandas as pd

from msmeetings import tables
from msmeetings.themes.codebook import Theme
from msmeetings.themes.coding import SEGMENT_INPUT_COLUMNS, _check_segments, count_units


def _meeting_ids(meetings) -> list[str]:
    if isinstance(meetings, pd.DataFrame):
        return meetings["meeting_id"].astype(str).tolist()
    return [getattr(m, "meeting_id", m) for m in meetings]


def build_theme_matrix(
    theme_codes: pd.DataFrame,
    segments: pd.DataFrame,
    meetings,
    codebook: list[Theme],
    unit: str = "paragraph",
) -> pd.DataFrame:
    """Return every meeting x every theme, zeros included, with length-normalised measures.

    n_segments counts coded units; share_pct is coded units per 100 units of the meeting;
    per_1000_words is coded units per 1,000 words of text blocks. Rounded to 2 decimals.
    Sorted by meeting_id, theme_id.
    """
    _check_segments(segments, SEGMENT_INPUT_COLUMNS + ("n_words",))
    meeting_ids = _meeting_ids(meetings)
    denominators = count_units(segments, unit).set_index("meeting_id")
    counts = theme_codes.groupby(["meeting_id", "theme_id"]).size()
    rows = []
    for meeting_id in meeting_ids:
        n_units = int(denominators["n_units"].get(meeting_id, 0))
        n_words = int(denominators["n_words"].get(meeting_id, 0))
        for theme in codebook:
            n = int(counts.get((meeting_id, theme.id), 0))
            rows.append(
                (
                    meeting_id,
                    theme.id,
                    n,
                    round(100.0 * n / n_units, 2) if n_units else float("nan"),
                    round(1000.0 * n / n_words, 2) if n_words else float("nan"),
                )
            )
    matrix = pd.DataFrame(rows, columns=tables.column_names("theme_matrix"))
    return matrix.sort_values(["meeting_id", "theme_id"], kind="mergesort").reset_index(drop=True)


def _ordered_meetings(meetings) -> list[str]:
    if isinstance(meetings, pd.DataFrame):
        frame = meetings.assign(_date=meetings["start_date"].astype(str))
        return frame.sort_values(["_date", "meeting_id"], kind="mergesort")["meeting_id"].astype(str).tolist()
    ordered = sorted(meetings, key=lambda m: (m.start_date, m.meeting_id))
    return [m.meeting_id for m in ordered]


def summarise_theme_emergence(theme_matrix: pd.DataFrame, meetings, codebook: list[Theme]) -> pd.DataFrame:
    """Per theme: where it first appears, where it is present, and whether it is new, persists or fades.

    Meetings are taken in date order. status is "new in latest" (first found in the latest
    meeting), "persistent" (in the latest meeting and an earlier one), "faded" (found earlier,
    not in the latest) or "absent" (in no meeting). Rows in codebook order.
    """
    order = _ordered_meetings(meetings)
    latest = order[-1] if order else ""
    present = theme_matrix[theme_matrix["n_segments"] > 0]
    by_theme = present.groupby("theme_id")["meeting_id"].agg(set)
    rows = []
    for theme in codebook:
        where = by_theme.get(theme.id, set())
        in_order = [m for m in order if m in where]
        in_latest = latest in where
        earlier = [m for m in in_order if m != latest]
        if not in_order:
            status = "absent"
        elif in_latest and not earlier:
            status = "new in latest"
        elif in_latest:
            status = "persistent"
        else:
            status = "faded"
        rows.append(
            {
                "theme_id": theme.id,
                "label": theme.label,
                "first_meeting_id": in_order[0] if in_order else "",
                "last_meeting_id": in_order[-1] if in_order else "",
                "n_meetings_present": len(in_order),
                "n_meetings": len(order),
                "meetings_present": "; ".join(in_order),
                "in_latest": in_latest,
                "status": status,
            }
        )
    return pd.DataFrame(rows)


def count_theme_cooccurrence(theme_codes: pd.DataFrame, codebook: list[Theme]) -> pd.DataFrame:
    """Every pair of themes with the number of units coded with both, and their Jaccard index.

    Columns: theme_a, theme_b (codebook order, a before b), n_both, n_a, n_b, jaccard (n_both
    over units coded with either; 0 when neither occurs), rounded to 3 decimals.
    """
    sets = {t.id: set(theme_codes.loc[theme_codes["theme_id"] == t.id, "segment_id"]) for t in codebook}
    rows = []
    for i, a in enumerate(codebook):
        for b in codebook[i + 1 :]:
            both = len(sets[a.id] & sets[b.id])
            either = len(sets[a.id] | sets[b.id])
            rows.append(
                {
                    "theme_a": a.id,
                    "theme_b": b.id,
                    "n_both": both,
                    "n_a": len(sets[a.id]),
                    "n_b": len(sets[b.id]),
                    "jaccard": round(both / either, 3) if either else 0.0,
                }
            )
    return pd.DataFrame(rows, columns=["theme_a", "theme_b", "n_both", "n_a", "n_b", "jaccard"])


def cooccurrence_matrix(cooccurrence: pd.DataFrame, codebook: list[Theme], value: str = "n_both") -> pd.DataFrame:
    """Square, symmetric theme x theme table of a co-occurrence measure (diagonal: units per theme)."""
    ids = [t.id for t in codebook]
    square = pd.DataFrame(0.0, index=ids, columns=ids)
    for row in cooccurrence.itertuples(index=False):
        square.loc[row.theme_a, row.theme_b] = getattr(row, value)
        square.loc[row.theme_b, row.theme_a] = getattr(row, value)
        if value == "n_both":
            square.loc[row.theme_a, row.theme_a] = row.n_a
            square.loc[row.theme_b, row.theme_b] = row.n_b
    return square
