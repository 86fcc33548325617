"""Charts of the key-figures chapter."""

from __future__ import annotations

import textwrap

import pandas as pd

from msmeetings import palette
from msmeetings.quantities.rules import (
    REPORTING_BODIES,
)


def enforcement_finding(chart: pd.DataFrame) -> str:
    """The title of the key-figures chart: which body reports most of them, and the largest."""
    if chart.empty:
        return "No key figure of the chosen categories is reported"
    bodies = chart["body"].value_counts()
    top_n = int(bodies.max())
    top = sorted(b for b, n in bodies.items() if n == top_n)
    largest = chart.sort_values(["value", "quantity_id"], ascending=[False, True]).iloc[0]
    who = " and ".join(top)
    return (
        f"{who[:1].upper() + who[1:]} report{'' if len(top) > 1 or who.endswith('s') else 's'} the most key figures "
        f"({top_n} of {len(chart)}); the largest is {largest['label']} ({int(largest['year'])})"
    )


def body_colour(body: str) -> str:
    """Reporting bodies take the colour of their kind of actor: national authorities are countries."""
    if body == "national authorities":
        return palette.actor_colour("country")
    if body in ("Eurojust", "Europol", "Frontex"):
        return palette.actor_colour("organisation")
    return palette.GREY


_MARKERS = {"Eurojust": "o", "Europol": "s", "Frontex": "^", "national authorities": "D", "other": "v"}


def plot_figures_over_time(chart: pd.DataFrame):
    """One row per key figure (year, then size), its value on a log scale, marked by reporting body.

    A row per figure instead of labels next to points: labels can never collide, however many
    figures a year has. Hollow markers: the text states no period, so the meeting's year is used.

    Args:
        chart: The output of ``select_chart_figures``.

    Returns:
        A matplotlib Figure.
    """
    from msmeetings import chartkit

    rows = chart.sort_values(["year", "value", "quantity_id"], ascending=[True, False, True]).reset_index(drop=True)
    # One line per figure keeps thirty figures within a printed page at full size.
    labels = [textwrap.shorten(f"{int(r.year)} · {r.label}", width=46, placeholder="…") for r in rows.itertuples()]
    fig, axes = chartkit.new_figure(0.2 * len(labels) + 1.2)
    ax = axes[0, 0]
    for y, r in enumerate(rows.itertuples(index=False)):
        colour = body_colour(r.body)
        ax.plot([0.5, r.value], [y, y], color=palette.LIGHT_GREY, linewidth=1, zorder=1)
        ax.scatter(
            [r.value],
            [y],
            s=36,
            marker=_MARKERS.get(r.body, "o"),
            linewidths=1.4,
            zorder=3,
            facecolors=colour if r.period_stated else "white",
            edgecolors=colour,
        )
    ax.set_xscale("log")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    if not rows.empty:
        ax.set_xlim(0.8, float(rows["value"].max()) * 2)
    ax.set_xlabel("Number reported (log scale)")
    ax.grid(axis="x", color=palette.GRID, linewidth=0.6)
    chartkit.style_axes(ax)
    present = [b for b in REPORTING_BODIES if b in set(rows["body"])]
    for body in present:
        ax.scatter([], [], s=36, marker=_MARKERS.get(body, "o"), color=body_colour(body), label=body)
    if (~rows["period_stated"].astype(bool)).any() if not rows.empty else False:
        ax.scatter(
            [], [], s=36, marker="o", facecolors="white", edgecolors=palette.GREY, label="hollow: no period stated"
        )
    fig.legend(loc="outside lower center", ncol=2, fontsize=chartkit.FONT_PT, frameon=False)
    return fig


def category_matrix_finding(matrix: pd.DataFrame) -> str:
    """The title of the category matrix: the category most documents state and the document with most figures."""
    if matrix.empty or int(matrix.to_numpy().sum()) == 0:
        return "No document states a figure"
    in_meetings = (matrix > 0).sum(axis=1)
    top_category = sorted(in_meetings.index, key=lambda c: (-int(in_meetings[c]), -int(matrix.loc[c].sum()), c))[0]
    totals = matrix.sum(axis=0)
    top_meeting = sorted(totals.index, key=lambda m: (-int(totals[m]), m))[0]
    k, n = int(in_meetings[top_category]), matrix.shape[1]
    return (
        f"Figures on {top_category} appear in {k} of {n} documents; "
        f"{top_meeting} states the most figures ({int(totals[top_meeting])})"
    )


def plot_category_matrix(matrix: pd.DataFrame):
    """Draw the categories x meetings matrix as a heat table with the count in each cell.

    Up to ten meetings are columns; with more they become rows so the chart grows down the page.
    """
    from msmeetings import chartkit

    values = matrix.to_numpy(dtype=float)
    rows, cols = [str(c) for c in matrix.index], [str(m) for m in matrix.columns]
    if len(cols) > 10:
        values, rows, cols = values.T, cols, rows
    fig, axes = chartkit.new_figure(0.24 * len(rows) + 0.09 * max(len(c) for c in cols) + 0.6 if cols else 2)
    chartkit.draw_count_grid(axes[0, 0], values, rows, cols)
    return fig
