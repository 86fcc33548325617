"""Tables for the chapter: figures as a reader writes them, key figures, category counts, chart points."""

from __future__ import annotations

import math
import re

import pandas as pd

from msmeetings.outputs import cite
from msmeetings.quantities.meaning import (
    classify_reporting_body,
    is_operational_result,
)
from msmeetings.quantities.rules import (
    CATEGORIES,
    CURRENCY_UNITS,
    TIME_UNITS,
)

# --- tables and charts for the chapter ----------------------------------------------------


def format_quantity(value: float, unit: str, qualifier: str = "exact", value_high: float | None = None) -> str:
    """Return a figure as a reader writes it: "more than 300", "EUR 121,650", "80.6 %", "12-18 months"."""

    def number(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"

    high = value_high is not None and not (isinstance(value_high, float) and math.isnan(value_high))
    core = f"{number(value)}–{number(value_high)}" if high else number(value)
    if unit == "ordinal":
        core = {1: "1st", 2: "2nd", 3: "3rd"}.get(int(value), f"{int(value)}th")
    elif unit in CURRENCY_UNITS:
        core = f"{unit} {core}"
    elif unit == "percent":
        core = f"{core} %"
    elif unit in TIME_UNITS:
        core = f"{core} {unit}"
    words = {
        "approx": "about",
        "at_least": "at least",
        "more_than": "more than",
        "fewer_than": "fewer than",
        "up_to": "up to",
    }
    return f"{words[qualifier]} {core}" if qualifier in words else core


KEY_FIGURE_COLUMNS = ["meeting_id", "category", "figure", "counted", "qualifier", "actor", "period", "source"]


def build_key_figures_table(quantities: pd.DataFrame) -> pd.DataFrame:
    """Return the key figures per meeting, grouped by category, each with its citation.

    Returns:
        Columns meeting_id, category, figure, counted, qualifier, actor, period, source (a
        ``cite`` link), ordered by meeting, category (in ``CATEGORIES`` order) and position.
    """
    if quantities.empty:
        return pd.DataFrame(columns=KEY_FIGURE_COLUMNS)
    q = quantities[quantities["is_key_figure"].astype(bool)] if "is_key_figure" in quantities else quantities.copy()
    q = q.copy()
    q["category_order"] = q["category"].map({c: i for i, c in enumerate(CATEGORIES)})
    q = q.sort_values(["meeting_id", "category_order", "quantity_id"], kind="stable")
    return pd.DataFrame(
        {
            "meeting_id": q["meeting_id"],
            "category": q["category"],
            "figure": [
                format_quantity(*values) for values in zip(q["value"], q["unit"], q["qualifier"], q["value_high"])
            ],
            "counted": q["counted"],
            "qualifier": q["qualifier"].str.replace("_", " "),
            "actor": q["actor"].replace("", "not stated"),
            "period": q["reference_period"].replace("", "not stated"),
            "source": q["segment_id"].map(cite),
        }
    ).reset_index(drop=True)


def count_categories_by_meeting(quantities: pd.DataFrame, meeting_ids: list[str]) -> pd.DataFrame:
    """Return how many figures of each category each meeting states (categories x meetings)."""
    counts = pd.crosstab(quantities["category"], quantities["meeting_id"]) if not quantities.empty else pd.DataFrame()
    matrix = counts.reindex(index=list(CATEGORIES), columns=list(meeting_ids), fill_value=0).fillna(0).astype(int)
    matrix.index.name = "category"
    matrix.columns.name = None
    return matrix


def _period_end_year(period: str) -> int | None:
    years = re.findall(r"[0-9]{4}", period or "")
    return int(years[-1]) if years else None


# One row per figure: beyond this the chart would no longer fit a page; the largest are kept.
CHART_MAX_FIGURES = 40


def select_chart_figures(
    quantities: pd.DataFrame, meeting_years: dict[str, int], categories: list[str], limit: int = CHART_MAX_FIGURES
) -> pd.DataFrame:
    """Return the counted key figures of the given categories placed in time, with their reporting body.

    A figure is placed at the last year of its stated period; a figure without one is placed at
    the year of the meeting that reported it and flagged (``period_stated`` False). At most
    `limit` figures, the largest; ``attrs["n_candidates"]`` says how many there were.
    """
    q = quantities[quantities["category"].isin(categories) & (quantities["unit"] == "count")]
    # Figures of no analytical interest ("15-year-old boy", "2 Focus Groups") never reach the chart.
    q = q[q["is_key_figure"].astype(str).str.lower().isin(["true", "1"])] if "is_key_figure" in q else q
    q = q[[is_operational_result(c, float(v)) for c, v in zip(q["counted"], q["value"])]].copy()
    years = [_period_end_year(p) for p in q["reference_period"]]
    q["period_stated"] = [y is not None for y in years]
    q["year"] = [y if y is not None else meeting_years.get(m) for y, m in zip(years, q["meeting_id"])]
    q["body"] = q["actor"].map(classify_reporting_body)
    q["label"] = [
        f"{format_quantity(v, u, ql, h)} {c}"
        for v, u, ql, h, c in zip(q["value"], q["unit"], q["qualifier"], q["value_high"], q["counted"])
    ]
    n_candidates = len(q)
    if len(q) > limit:
        q = q.sort_values(["value", "quantity_id"], ascending=[False, True], kind="stable").head(limit)
    chosen = q.sort_values(["year", "value", "quantity_id"], kind="stable").reset_index(drop=True)
    chosen.attrs["n_candidates"] = n_candidates
    return chosen
